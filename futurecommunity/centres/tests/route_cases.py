"""Route x visitor matrix cases (contract in the brief): real objects owned by a street."""

from __future__ import annotations

from futurecommunity.centres.tests import factories as f


def _site(street: str) -> dict:
    return {"site_id": f.site(street).pk}


def _unconfirmed_site(street: str) -> dict:
    return {"site_id": f.site(street, confirmed=False).pk}


def _land(street: str) -> dict:
    return {"site_id": f.site(street, kind="land").pk}


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

ROUTE_CASES = {
    "centres:centre-list": {"profile": "signed_in"},
    "centres:site-list": {"profile": "signed_in"},
    "centres:scenario-list": {"profile": "signed_in"},
    "centres:plan-list": {"profile": "signed_in"},
    "centres:rule-list": {"profile": "signed_in"},
    "centres:centre-detail": {"make": _centre, "profile": "office_read"},
    "centres:centre-edit": {"make": _centre, "profile": "office_write", "post": True},
    "centres:centre-advance": {"make": _centre, "profile": "office_write", "post": True},
    "centres:site-detail": {"make": _site, "profile": "office_read"},
    "centres:site-consent": {"make": _land, "profile": "office_write", "post": True},
    "centres:site-agreement": {"make": _site, "profile": "office_write", "post": True},
    "centres:site-confirm": {
        # only the owner organisation (a department) confirms; everyone else in scope is refused
        "make": _unconfirmed_site,
        "profile": "office_write",
        "post": True,
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
        "expect": _STREET_READS_NO_WRITE,
    },  # fmt: skip
    "centres:plan-detail": {"make": _plan, "profile": "office_read", "expect": {"street_a2": 200}},
    "centres:plan-item-move": {
        "make": _plan_item,
        "profile": "district_up_write",
        "post": True,
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
    },  # fmt: skip
}
# plan-export also serves docx with the same rules; kept as a helper for the consumer.
EXTRA_MAKERS = {"centres:plan-export:docx": _plan_docx}
