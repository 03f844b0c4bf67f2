"""Life-circle services refuse actors outside their rule and write nothing (issue 3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.errors import PermissionDenied
from futurecommunity.jobs.models import Job
from futurecommunity.lifecircle import services
from futurecommunity.lifecircle.models import (
    AnalysisRun,
    Facility,
    FacilityKind,
    LifeCircleLevel,
    ResidentialPoint,
    StreetNetwork,
)
from futurecommunity.lifecircle.tests.factories import HUAYUAN, facility, resident

pytestmark = pytest.mark.django_db

OUTSIDE_YUECHENG = ["keqiao_editor", "city_viewer", "resident", "outsider"]
NOT_CITY = ["yuecheng_editor", "city_viewer", "tashan_editor"]


@pytest.mark.parametrize("who", OUTSIDE_YUECHENG)
def test_facility_create_outside_scope_is_refused(request, catalogue, who):
    with pytest.raises(PermissionDenied):
        services.facility_create(
            actor=request.getfixturevalue(who), data=facility("kindergarten", 1, 1)
        )
    assert Facility.objects.count() == 0
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize("who", OUTSIDE_YUECHENG)
def test_residential_import_outside_scope_is_refused(request, catalogue, who):
    with pytest.raises(PermissionDenied):
        services.residential_point_import(
            actor=request.getfixturevalue(who), rows=[resident(HUAYUAN, 1, 1, 100)], source="x"
        )
    assert ResidentialPoint.objects.count() == 0
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize("who", OUTSIDE_YUECHENG)
def test_analysis_outside_scope_is_refused(request, network, who):
    actor = request.getfixturevalue(who)
    for service in (services.analysis_run_prepare, services.analysis_run_submit):
        with pytest.raises(PermissionDenied):
            service(
                actor=actor, network=network, region_code="330602", name="x", include_planned=False
            )
    assert AnalysisRun.objects.count() == 0
    assert Job.objects.count() == 0
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize("who", OUTSIDE_YUECHENG)
def test_network_import_outside_scope_is_refused(request, catalogue, media, who):
    upload = services.NetworkUpload(
        name="路网",
        region_code="330602",
        source_format="geojson",
        source_name="roads.geojson",
        stored_path=Path("networks/uploads/roads.geojson"),
        crs="EPSG:32651",
    )
    with pytest.raises(PermissionDenied):
        services.street_network_import_submit(actor=request.getfixturevalue(who), upload=upload)
    assert StreetNetwork.objects.count() == 0
    assert Job.objects.count() == 0
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize("who", NOT_CITY)
def test_only_the_city_office_edits_levels_and_facility_kinds(request, catalogue, who):
    actor = request.getfixturevalue(who)
    level = LifeCircleLevel.objects.order_by("pk").first()
    kind = FacilityKind.objects.order_by("pk").first()
    assert level is not None and kind is not None
    level_before = (level.minutes, level.max_distance_m)
    kind_before = (kind.level_id, kind.serves_lower_levels)
    with pytest.raises(PermissionDenied):
        services.level_update(
            actor=actor, level=level, minutes=level.minutes + 1,
            max_distance_m=level.max_distance_m, reason="x",
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.facility_kind_update(
            actor=actor, kind=kind, level=level,
            serves_lower_levels=not kind.serves_lower_levels, reason="x",
        )  # fmt: skip
    level.refresh_from_db()
    kind.refresh_from_db()
    assert (level.minutes, level.max_distance_m) == level_before
    assert (kind.level_id, kind.serves_lower_levels) == kind_before
    assert AuditEntry.objects.count() == 0
