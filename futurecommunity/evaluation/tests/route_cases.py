"""Route matrix cases (contract in the brief). POSTs that reach a service in scope but are refused
answer with a redirect carrying the Chinese refusal (302); out of scope is 404 everywhere."""

from __future__ import annotations

from futurecommunity.evaluation.tests.cases import evaluation_at, system_pk

_ADMINS = {"system_admin": 404, "security_admin": 404, "audit_admin": 404}


def _ev(stage: str):  # type: ignore[no-untyped-def]
    return lambda street_code: {"pk": evaluation_at(street_code, stage).pk}


ROUTE_CASES = {
    "evaluation:evaluation-list": {"profile": "signed_in", "expect": {"public": 404, **_ADMINS}},
    "evaluation:scenario-overview": {
        "profile": "office_read",
        "expect": {"expert": 404, "operator": 404},
    },
    "evaluation:system-list": {
        "profile": "office_read",
        "expect": {"expert": 200, "department": 404},
    },
    "evaluation:system-detail": {
        "make": system_pk,
        "profile": "office_read",
        "expect": {"expert": 200, "street_a2": 200, "district_b_editor": 200},
        "post": True,
    },  # fmt: skip
    "evaluation:system-export": {
        "make": system_pk,
        "profile": "office_read",
        "expect": {"expert": 200, "street_a2": 200, "district_b_editor": 200},
    },  # fmt: skip
    "evaluation:system-import": {"profile": "district_up_write", "post": True},
    "evaluation:expert-list": {"profile": "city_write", "post": True},
    "evaluation:indicator-update": {
        "make": lambda s: {**system_pk(s), "indicator_pk": _indicator(s)},
        "profile": "city_write",
        "post": True,
    },  # fmt: skip
    "evaluation:evaluation-detail": {
        "make": _ev("draft"),
        "profile": "office_read",
        "expect": {"expert": 404},
    },
    "evaluation:evaluation-assess": {
        "make": _ev("draft"),
        "profile": "office_read",
        "expect": {"expert": 404},
        "post": True,
    },  # fmt: skip
    "evaluation:evaluation-submit": {"make": _ev("draft"), "profile": "office_write", "post": True},
    "evaluation:panel-form": {"make": _ev("submitted"), "profile": "office_write", "post": True},
    "evaluation:conflict-declare": {"make": _ev("panel"), "profile": "office_write", "post": True},
    "evaluation:evaluation-score": {
        "make": _ev("panel"),
        "profile": "office_read",
        "expect": {
            "expert": 200,
            "street_a": 404,
            "district_a_viewer": 404,
            "district_a_editor": 404,
            "district_a_approver": 404,
            "city_viewer": 404,
            "city_editor": 404,
            "city_approver": 404,
        },
        "post": True,
    },  # fmt: skip
    "evaluation:site-visit": {"make": _ev("panel"), "profile": "office_write", "post": True},
    "evaluation:decision-record": {
        "make": _ev("scored"),
        "profile": "approver_write",
        "post": True,
    },
    "evaluation:sheets-export": {
        "make": lambda s: {**_ev("scored")(s), "fmt": "xlsx"},
        "profile": "office_read",
        "expect": {"expert": 200},
    },  # fmt: skip
    "evaluation:evidence-download": {
        "make": lambda s: _evidence(s),
        "profile": "office_read",
        "expect": {"expert": 404},
    },  # fmt: skip
    "evaluation:photo-download": {
        "make": lambda s: _photo(s),
        "profile": "office_read",
        "expect": {"expert": 404},
    },  # fmt: skip
}


def _evidence(street_code: str) -> dict[str, int]:
    evaluation = evaluation_at(street_code, "submitted")
    item = evaluation.answers.first().evidence.first()  # type: ignore[union-attr]
    return {"pk": evaluation.pk, "file_pk": item.pk}  # type: ignore[union-attr]


def _photo(street_code: str) -> dict[str, int]:
    from futurecommunity.common.time import today_local
    from futurecommunity.evaluation.models import SiteVisit, SiteVisitPhoto
    from futurecommunity.evaluation.tests.factories import evidence

    evaluation = evaluation_at(street_code, "submitted")
    visit = SiteVisit.objects.create(evaluation=evaluation, visited_on=today_local(), notes="踏勘",
                                     recorded_by=evaluation.created_by)  # fmt: skip
    photo = SiteVisitPhoto.objects.create(visit=visit, file=evidence(), original_name="照片.jpg")
    return {"pk": evaluation.pk, "file_pk": photo.pk}


def _indicator(_street_code: str) -> int:
    from futurecommunity.evaluation.models import IndexSystem

    return IndexSystem.objects.get(code="sx-municipal-2023-draft").indicators.first().pk  # type: ignore[union-attr]
