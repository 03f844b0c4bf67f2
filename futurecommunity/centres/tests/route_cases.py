"""Route x visitor matrix cases (contract in the brief): real objects owned by a street."""

from __future__ import annotations

from futurecommunity.centres.tests import factories as f


def _site(street: str) -> dict:
    return {"site_id": f.site(street).pk}


def _unconfirmed_site(street: str) -> dict:
    return {"site_id": f.site(street, confirmed=False).pk}


def _land(street: str) -> dict:
    return {"site_id": f.site(street, kind="land", consented=False).pk}


def _centre(street: str) -> dict:
    return {"centre_id": f.centre(street).pk}


def _scenario(street: str) -> dict:
    return {"scenario_id": f.done_scenario(street[:6], [f.site(street)]).pk}


def _plan(street: str) -> dict:
    return {"plan_id": f.plan(street).pk}


def _plan_item(street: str) -> dict:
    plan = f.plan(street)
    return {"plan_id": plan.pk, "item_id": plan.items.get().pk}


def _plan_xlsx(street: str) -> dict:
    return _plan(street) | {"fmt": "xlsx"}


def _plan_docx(street: str) -> dict:
    return _plan(street) | {"fmt": "docx"}


# Plans and scenarios belong to the district: the object's street reads them, only the city or
# the district (editor+) changes them.
_STREET_READS_NO_WRITE = {"street_a": 403, "street_a2": 403}


def _shown_site(street: str) -> str:
    return f.site(street, name="矩阵可见点位").name


def _shown_centre(street: str) -> str:
    return f.centre(street, name="矩阵可见中心").name


# Who is refused a write in scope: answered 403 (the service's PermissionDenied).
_IN_SCOPE_REFUSED = dict.fromkeys(
    ("street_a", "district_a_editor", "district_a_approver", "city_editor", "city_approver"), 403
)


def _agreement(street: str) -> dict:
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile

    from futurecommunity.accounts.tests.matrix import office_actor
    from futurecommunity.centres import services

    site = f.site(street)
    services.agreement_attach(
        actor=office_actor(street), site=site,
        data=services.AgreementInput(
            "甲乙", dt.date(2025, 1, 1), dt.date(2030, 1, 1), "邻里中心", dt.date(2025, 1, 1)
        ),
        upload=SimpleUploadedFile("协议.pdf", b"%PDF-1.4 matrix", content_type="application/pdf"),
    )  # fmt: skip
    return {"site_id": site.pk}


# Registering pages: every territorial office's editors (in their own territory); viewers 403.
_EDITORS_ANYWHERE = {"profile": "city_read", "post": True,
                     "expect": {"district_a_viewer": 403, "city_viewer": 403}}  # fmt: skip

ROUTE_CASES = {
    "centres:centre-create": _EDITORS_ANYWHERE,
    "centres:site-create": _EDITORS_ANYWHERE,
    "centres:site-import": _EDITORS_ANYWHERE,
    # Layout scenarios are the district's or the city's (方案二(四)); streets are refused.
    "centres:scenario-create": {
        **_EDITORS_ANYWHERE,
        "expect": {"district_a_viewer": 403, "city_viewer": 403, "street_a": 403, "street_a2": 403},
    },  # fmt: skip
    "centres:agreement-file": {"make": _agreement, "profile": "office_read"},
    # The lists are the territorial offices' pages; each sees its own territory in them.
    "centres:centre-list": {"profile": "city_read", "shows": _shown_centre},
    # The owner organisation (a department) also lists the idle buildings it owns.
    "centres:site-list": {"profile": "summary_read", "shows": _shown_site},
    "centres:scenario-list": {"profile": "city_read"},
    "centres:plan-list": {"profile": "city_read"},
    "centres:rule-list": {"profile": "city_read"},
    "centres:centre-detail": {"make": _centre, "profile": "office_read"},
    "centres:centre-edit": {"make": _centre, "profile": "office_write", "post": True},
    "centres:centre-advance": {
        "make": _centre,
        "profile": "office_write",
        "post": True,
        "post_only": True,
        "ok_post": 302,
    },  # fmt: skip
    "centres:site-detail": {"make": _site, "profile": "office_read"},
    "centres:site-consent": {
        "make": _land,
        "profile": "office_write",
        "post": True,
        "post_only": True,
        "ok_post": 302,
        # a valid form, so that a viewer in scope reaches the service and is refused (403); an
        # editor is told on the page that no project of the street has this number
        "post_data": {"project_reference": "WL-330602-2099-999"},
    },  # fmt: skip
    "centres:site-agreement": {"make": _site, "profile": "office_write", "post": True},
    "centres:site-confirm": {
        # only the owner organisation (a department, not the matrix's) confirms; every office in
        # scope is refused (403), everyone else is told nothing (404)
        "make": _unconfirmed_site,
        "profile": "office_write",
        "post": True,
        "post_only": True,
        "expect_post": _IN_SCOPE_REFUSED,
    },  # fmt: skip
    "centres:scenario-detail": {
        "make": _scenario,
        "profile": "office_read",
        "expect": {"street_a2": 200},
    },  # fmt: skip
    "centres:scenario-adopt": {
        "make": _scenario,
        "profile": "district_up_write",
        "post": True,
        "post_only": True,
        "ok_post": 302,
        "expect": _STREET_READS_NO_WRITE,
    },  # fmt: skip
    "centres:plan-detail": {"make": _plan, "profile": "office_read", "expect": {"street_a2": 200}},
    "centres:plan-item-move": {
        "make": _plan_item,
        "profile": "district_up_write",
        "post": True,
        "post_only": True,
        "ok_post": 302,
        "expect": _STREET_READS_NO_WRITE,
    },  # fmt: skip
    "centres:plan-export": {
        "make": _plan_xlsx,
        "profile": "office_read",
        "expect": {"street_a2": 200},
    },
    "centres:rule-edit": {
        "make": lambda street: {"key": "min_total_area"},
        "profile": "city_write",
        "post": True,
        # departments and units do not enter the centres pages at all
        "expect": {"department": 404, "operator": 404},
    },  # fmt: skip
}
# plan-export also serves docx with the same rules; kept as a helper for the consumer.
EXTRA_MAKERS = {"centres:plan-export:docx": _plan_docx}
