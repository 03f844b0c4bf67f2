"""Route-matrix cases of the life-circle analysis: street A's own street network, residents and
facilities, and a finished analysis run of street A."""

from __future__ import annotations

from typing import Any

from django.test import TestCase

from futurecommunity.accounts.tests.matrix import office_actor
from futurecommunity.lifecircle import services
from futurecommunity.lifecircle.models import AnalysisParameter, FacilityKind, StreetNetwork


def _catalogue() -> None:
    if not FacilityKind.objects.exists():
        from futurecommunity.lifecircle.catalogue import load_lifecircle_catalogue

        load_lifecircle_catalogue()


def make_network(street_code: str) -> StreetNetwork:
    from futurecommunity.lifecircle.tests.factories import make_network as grid

    _catalogue()
    return grid(region_code=street_code, name=f"矩阵测试路网{street_code}")


def make_runs(street_code: str, count: int = 1) -> list[Any]:
    """Finished analyses of street A on its own network (the grid lies in 塔山街道)."""
    from futurecommunity.lifecircle.tests.factories import seed_tashan

    assert street_code == "330602001", "the grid and its residents lie in 塔山街道"
    network = make_network(street_code)
    actor = office_actor(street_code[:6])
    seed_tashan(actor)
    runs = []
    for number in range(count):
        with TestCase.captureOnCommitCallbacks(execute=True):
            run = services.analysis_run_submit(
                actor=actor,
                network=network,
                region_code=street_code,
                name=f"矩阵测试分析{street_code}-{number + 1}",
                include_planned=False,
            )
        run.refresh_from_db()
        assert run.status == "succeeded", run.error
        runs.append(run)
    return runs


def _facility(street_code: str) -> str:
    from futurecommunity.accounts.tests.matrix import community_of
    from futurecommunity.lifecircle.tests.factories import facility

    _catalogue()
    data = facility("health_centre", 5, 5, region=community_of(street_code))
    return services.facility_create(actor=office_actor(street_code[:6]), data=data).name


def _network(street_code: str) -> dict[str, Any]:
    return {"network_id": make_network(street_code).pk}


def _run(street_code: str) -> dict[str, Any]:
    return {"run_id": make_runs(street_code)[0].pk}


def _runs(street_code: str) -> dict[str, Any]:
    before, after = make_runs(street_code, 2)
    return {"run_id": before.pk, "_query": f"other={after.pk}"}


def _kind(_street: str) -> dict[str, Any]:
    _catalogue()
    return {"code": FacilityKind.objects.order_by("pk").first().code}


def _level(_street: str) -> dict[str, Any]:
    from futurecommunity.lifecircle.models import LifeCircleLevel

    _catalogue()
    return {"code": LifeCircleLevel.objects.order_by("pk").first().code}


def _parameter(_street: str) -> dict[str, Any]:
    _catalogue()
    return {"key": AnalysisParameter.objects.order_by("pk").first().key}


def _same_kind(_street: str) -> dict[str, Any]:
    kind = FacilityKind.objects.order_by("pk").first()
    data = {"level": kind.level_id, "reason": "矩阵核对"}
    return data | ({"serves_lower_levels": "on"} if kind.serves_lower_levels else {})


def _same_level(_street: str) -> dict[str, Any]:
    from futurecommunity.lifecircle.models import LifeCircleLevel

    level = LifeCircleLevel.objects.order_by("pk").first()
    return {"minutes": level.minutes, "max_distance_m": level.max_distance_m, "reason": "矩阵核对"}


def _same_parameter(_street: str) -> dict[str, Any]:
    parameter = AnalysisParameter.objects.order_by("pk").first()
    return {"value": parameter.value, "reason": "矩阵核对"}


# Imports and new facilities: editors of any office (a viewer is refused, 403).
_VIEWERS_403 = {"district_a_viewer": 403, "city_viewer": 403}
_IMPORT = {
    "make": lambda _street: {"what": "facilities"},
    "profile": "city_read",
    "expect": _VIEWERS_403,
}
_OFFICES = ("street_a", "street_a2", "district_a_viewer", "district_a_editor",
            "district_a_approver", "district_b_editor", "city_viewer", "city_editor",
            "city_approver")  # fmt: skip
_CONFIG = {"profile": "city_post", "post": True, "post_only": True}

ROUTE_CASES: dict[str, dict[str, Any]] = {
    # The index sends every office on to its first tab.
    "lifecircle:index": {"profile": "city_read", "expect": dict.fromkeys(_OFFICES, 302)},
    "lifecircle:catalogue": {"profile": "city_read"},
    "lifecircle:facility-list": {"profile": "city_read", "shows": _facility},
    "lifecircle:facility-create": {"profile": "city_read", "post": True, "expect": _VIEWERS_403},
    "lifecircle:resident-list": {"profile": "city_read"},
    "lifecircle:network-list": {
        "profile": "city_read",
        "shows": lambda street: make_network(street).name,
    },
    "lifecircle:network-import": {"profile": "city_read", "post": True},
    "lifecircle:run-list": {"profile": "city_read", "shows": lambda s: make_runs(s)[0].name},
    "lifecircle:run-create": {"profile": "city_read", "post": True},
    "lifecircle:table-import": {**_IMPORT, "post": True},
    "lifecircle:table-import-confirm": {
        **_IMPORT,
        "post": True,
        "post_only": True,
        "ok_post": 302,
    },
    "lifecircle:table-import-template": _IMPORT,
    # Each POST sends the row's own values back with a reason: a valid edit, so the city office's
    # editors and approvers succeed and every other office is refused by the service.
    "lifecircle:kind-edit": {"make": _kind, **_CONFIG, "post_data": _same_kind},
    "lifecircle:level-edit": {"make": _level, **_CONFIG, "post_data": _same_level},
    "lifecircle:parameter-edit": {"make": _parameter, **_CONFIG, "post_data": _same_parameter},
    "lifecircle:network-detail": {"make": _network, "profile": "office_read"},
    "lifecircle:run-detail": {"make": _run, "profile": "office_read"},
    "lifecircle:run-compare": {"make": _runs, "profile": "office_read"},
    "lifecircle:run-export": {"make": _run, "profile": "office_read"},
}
