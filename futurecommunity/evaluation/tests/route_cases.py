"""Route matrix cases (contract in the brief). POSTs that reach a service in scope but are refused
answer with a redirect carrying the Chinese refusal (302); out of scope is 404 everywhere."""

from __future__ import annotations

from futurecommunity.evaluation.tests.cases import evaluation_at, system_pk

_ADMINS = {"system_admin": 404, "security_admin": 404, "audit_admin": 404}
# Accounts that pass no gate of the manage area (the matrix's expert is in no expert pool there).
_STRANGERS = {"public": 404, "outsider": 404, "expert": 404, **_ADMINS}
_POST_ONLY = {"post": True, "post_only": True, "ok_post": 302}
# The matrix's expert is in the pool once an evaluation or a system exists (cases.py): past the
# manage area's gate, a POST-only route answers its GET with 405.
_EXPERT_GET_405 = {"expert": 405}
# Offices in scope whose role the service refuses (403 with the clause).
_CITY_WRITERS_403 = {"city_editor": 403, "city_approver": 403}


def _ev(stage: str):  # type: ignore[no-untyped-def]
    return lambda street_code: {"pk": evaluation_at(street_code, stage).pk}


def _parameter(_street_code: str) -> dict[str, int]:
    from futurecommunity.evaluation.models import EvaluationParameter

    row = EvaluationParameter.objects.order_by("pk").first()
    assert row is not None
    return {"pk": row.pk}


ROUTE_CASES = {
    "evaluation:evaluation-list": {"profile": "signed_in", "expect": _STRANGERS},
    # POST names no project of the visitor's territory: 404 for everyone (starting an evaluation
    # is covered by the service matrix's evaluation_start).
    "evaluation:evaluation-start": {
        "profile": "signed_in",
        "expect": {
            **_STRANGERS,
            **{
                v: 404
                for v in (
                    "street_a",
                    "street_a2",
                    "district_a_viewer",
                    "district_a_editor",
                    "district_a_approver",
                    "district_b_editor",
                    "city_viewer",
                    "city_editor",
                    "city_approver",
                    "department",
                    "operator",
                )
            },
        },
        "post": True,
        "post_only": True,
    },  # fmt: skip
    # Each office sees its own territory in the scenario picture.
    "evaluation:scenario-overview": {"profile": "city_read"},
    # Index systems are read by every office and by pooled experts (the matrix's is not one).
    "evaluation:system-list": {"profile": "city_read"},
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
    # A district's editors import its own index system (district B too: no object of A here);
    # the page is hidden (404) from anyone who may not import.
    "evaluation:system-import": {
        "profile": "district_up_write",
        "post": True,
        "expect": {
            "district_b_editor": 200,
            "street_a": 404,
            "district_a_viewer": 404,
            "city_viewer": 404,
        },
    },  # fmt: skip
    # The expert pool: the city office's editors; hidden from everyone else. An empty POST
    # names no candidate (404); registering is covered by the service matrix.
    "evaluation:expert-list": {
        "profile": "city_write",
        "post": True,
        "expect": {
            v: 404
            for v in (
                "street_a",
                "street_a2",
                "district_a_viewer",
                "district_a_editor",
                "district_a_approver",
                "district_b_editor",
                "city_viewer",
                "department",
                "operator",
            )
        },
        "expect_post": {"city_editor": 404, "city_approver": 404},
    },  # fmt: skip
    "evaluation:indicator-update": {
        "make": lambda s: {**system_pk(s), "indicator_pk": _indicator(s)},
        "profile": "city_write",
        **_POST_ONLY,
        "expect": {"department": 404, "operator": 404, "expert": 403},
        "expect_get": _EXPERT_GET_405,
    },  # fmt: skip
    "evaluation:parameter-update": {
        "make": _parameter,
        "profile": "city_write",
        **_POST_ONLY,
        "expect": {"department": 404, "operator": 404},
    },  # fmt: skip
    "evaluation:evaluation-detail": {"make": _ev("draft"), "profile": "office_read"},
    # Saving answers: the street's editors; viewers reach the page but the service refuses.
    "evaluation:evaluation-assess": {
        "make": _ev("draft"),
        "profile": "office_read",
        "post": True,
        "ok_post": 302,
        "expect_post": {"district_a_viewer": 403, "city_viewer": 403, **_CITY_WRITERS_403},
    },  # fmt: skip
    # The district office submits the self-evaluation and forms the panel (二(一)).
    "evaluation:evaluation-submit": {
        "make": _ev("draft"),
        "profile": "office_write",
        **_POST_ONLY,
        "expect_get": _EXPERT_GET_405,
        "expect_post": {"street_a": 403, **_CITY_WRITERS_403},
    },  # fmt: skip
    "evaluation:panel-form": {
        "make": _ev("submitted"),
        "profile": "office_write",
        **_POST_ONLY,
        "expect_get": _EXPERT_GET_405,
        "expect_post": {"street_a": 403, **_CITY_WRITERS_403},
    },  # fmt: skip
    # Only the panel's experts declare a conflict of interest.
    "evaluation:conflict-declare": {
        "make": _ev("panel"),
        "profile": "office_write",
        **_POST_ONLY,
        "expect": {
            "expert": 200,
            "street_a": 403,
            "district_a_editor": 403,
            "district_a_approver": 403,
            **_CITY_WRITERS_403,
        },
        "expect_get": _EXPERT_GET_405,
    },  # fmt: skip
    # Only the project's panel scores (the matrix's expert sits on it from the panel stage).
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
        "ok_post": 302,
    },  # fmt: skip
    # A valid form, so that every refusal comes from the service (403), not from the form.
    "evaluation:site-visit": {
        "make": _ev("panel"),
        "profile": "office_write",
        **_POST_ONLY,
        "post_data": {"visited_on": "2026-01-10", "notes": "踏勘"},
        "expect": {"expert": 403},
        "expect_get": _EXPERT_GET_405,
        "expect_post": {"street_a": 403, **_CITY_WRITERS_403},
    },  # fmt: skip
    "evaluation:decision-record": {
        "make": _ev("scored"),
        "profile": "approver_write",
        **_POST_ONLY,
        "post_data": {
            "outcome": "fail",
            "remark": "未达标",
            "document_number": "越风貌验〔2026〕1号",
        },
        # the district's approver decides a county-level project's acceptance (二(一))
        "expect": {"expert": 403},
        "expect_post": {"city_approver": 403},
        "expect_get": _EXPERT_GET_405,
    },  # fmt: skip
    "evaluation:sheets-export": {
        "make": lambda s: {**_ev("scored")(s), "fmt": "xlsx"},
        "profile": "office_read",
        "expect": {"expert": 200},
    },  # fmt: skip
    "evaluation:evidence-download": {
        "make": lambda s: _evidence(s),
        "profile": "office_read",
    },  # fmt: skip
    "evaluation:photo-download": {
        "make": lambda s: _photo(s),
        "profile": "office_read",
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
