"""Service-matrix cases of the life-circle analysis: street A's network, residents and
facilities; the city office's configuration."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings

from futurecommunity.accounts.tests.matrix import NOT_CITY, OUT_OF_SCOPE, community_of
from futurecommunity.lifecircle import services
from futurecommunity.lifecircle.models import (
    AnalysisParameter,
    FacilityKind,
    LifeCircleLevel,
)
from futurecommunity.lifecircle.tests.factories import facility, resident
from futurecommunity.lifecircle.tests.route_cases import _catalogue, make_network


def _street(street_code: str) -> dict[str, Any]:
    _catalogue()
    return {"street": street_code, "community": community_of(street_code)}


def _network(street_code: str) -> dict[str, Any]:
    from futurecommunity.accounts.tests.matrix import office_actor
    from futurecommunity.lifecircle.tests.factories import seed_tashan

    network = make_network(street_code)
    seed_tashan(office_actor(street_code[:6]))
    return {"network": network, "street": street_code}


def _upload(street_code: str) -> dict[str, Any]:
    stored = Path("networks/uploads/matrix.geojson")
    path = Path(settings.MEDIA_ROOT) / stored
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},'
        '"geometry":{"type":"LineString","coordinates":[[120.58,30.0],[120.581,30.0]]}}]}',
        encoding="utf-8",
    )
    upload = services.NetworkUpload(
        name="矩阵路网",
        region_code=street_code,
        source_format="geojson",
        source_name="roads.geojson",
        stored_path=stored,
        crs="EPSG:4326",
    )
    return {"upload": upload}


def _run(fn: Any) -> Any:
    return lambda actor, ctx: fn(
        actor=actor,
        network=ctx["network"],
        region_code=ctx["street"],
        name="矩阵分析",
        include_planned=False,
    )


def _config(model: Any) -> Any:
    def setup(_street: str) -> dict[str, Any]:
        _catalogue()
        return {"row": model.objects.order_by("pk").first()}

    return setup


SERVICE_CASES: dict[str, dict[str, Any]] = {
    "futurecommunity.lifecircle.services.facility_create": {
        "setup": _street,
        "call": lambda actor, ctx: services.facility_create(
            actor=actor, data=facility("health_centre", 5, 5, region=ctx["community"])
        ),
        "allowed": "street_a",
        "denied": OUT_OF_SCOPE,
    },
    "futurecommunity.lifecircle.services.facility_import": {
        "setup": _street,
        "call": lambda actor, ctx: services.facility_import(
            actor=actor,
            rows=[facility("kindergarten", 2, 2, region=ctx["community"])],
            source="矩阵",
        ),
        "allowed": "district_a_editor",
        "denied": OUT_OF_SCOPE,
    },
    "futurecommunity.lifecircle.services.residential_point_import": {
        "setup": _street,
        "call": lambda actor, ctx: services.residential_point_import(
            actor=actor, rows=[resident(ctx["community"], 1, 1, 500)], source="矩阵"
        ),
        "allowed": "street_a",
        "denied": OUT_OF_SCOPE,
    },
    "futurecommunity.lifecircle.services.street_network_import_submit": {
        "setup": _upload,
        "call": lambda actor, ctx: services.street_network_import_submit(
            actor=actor, upload=ctx["upload"]
        ),
        "allowed": "street_a",
        "denied": OUT_OF_SCOPE,
    },
    "futurecommunity.lifecircle.services.analysis_run_prepare": {
        "setup": _network,
        "call": _run(services.analysis_run_prepare),
        "allowed": "street_a",
        "denied": OUT_OF_SCOPE,
    },
    "futurecommunity.lifecircle.services.analysis_run_submit": {
        "setup": _network,
        "call": _run(services.analysis_run_submit),
        "allowed": "district_a_editor",
        "denied": OUT_OF_SCOPE,
    },
    "futurecommunity.lifecircle.services.level_update": {
        "setup": _config(LifeCircleLevel),
        "call": lambda actor, ctx: services.level_update(
            actor=actor,
            level=ctx["row"],
            minutes=ctx["row"].minutes,
            max_distance_m=ctx["row"].max_distance_m - 10,
            reason="导则修订。",
        ),
        "allowed": "city_editor",
        "denied": NOT_CITY,
    },
    "futurecommunity.lifecircle.services.parameter_update": {
        "setup": _config(AnalysisParameter),
        "call": lambda actor, ctx: services.parameter_update(
            actor=actor, parameter=ctx["row"], value=ctx["row"].value, reason="导则修订。"
        ),
        "allowed": "city_editor",
        "denied": NOT_CITY,
    },
    "futurecommunity.lifecircle.services.facility_kind_update": {
        "setup": _config(FacilityKind),
        "call": lambda actor, ctx: services.facility_kind_update(
            actor=actor,
            kind=ctx["row"],
            level=ctx["row"].level,
            serves_lower_levels=not ctx["row"].serves_lower_levels,
            reason="导则修订。",
        ),
        "allowed": "city_approver",
        "denied": NOT_CITY,
    },
}
