"""The configuration rows: idempotent loading, the city office's edits kept, and the rules
that turn the rows into engine parameters."""

from __future__ import annotations

import shutil

import pytest
from django.core.management import call_command

from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.errors import PermissionDenied, ValidationFailed
from futurecommunity.lifecircle import rules, services
from futurecommunity.lifecircle.catalogue import (
    DATA_DIR,
    current_catalogue,
    load_lifecircle_catalogue,
)
from futurecommunity.lifecircle.models import (
    AnalysisParameter,
    FacilityKind,
    LifeCircleLevel,
    ServiceType,
)
from futurecommunity.lifecircle.rules import ConfigurationError

pytestmark = pytest.mark.django_db


def test_loader_creates_every_row_once_and_is_idempotent():
    first = load_lifecircle_catalogue()
    second = load_lifecircle_catalogue()
    assert first.created == 7 + 3 + 20 + 4
    assert (second.created, second.updated, second.unchanged) == (0, 0, 34)
    assert list(ServiceType.objects.values_list("name", flat=True)) == [
        "养老", "托育", "帮扶", "卫生", "文化", "教育", "健身",
    ]  # fmt: skip
    assert LifeCircleLevel.objects.get(code="10min").max_distance_m == 500
    assert LifeCircleLevel.objects.get(code="10min").confidence == "sourced"
    assert LifeCircleLevel.objects.get(code="5min").confidence == "reconstructed"
    kindergarten = FacilityKind.objects.get(code="kindergarten")
    assert (kindergarten.service.code, kindergarten.level.code) == ("education", "5min")


def test_loader_keeps_a_row_the_city_office_edited(city_editor):
    load_lifecircle_catalogue()
    level = LifeCircleLevel.objects.get(code="15min")
    services.level_update(
        actor=city_editor, level=level, minutes=15, max_distance_m=800, reason="市导则（2026）"
    )
    report = load_lifecircle_catalogue()
    level.refresh_from_db()
    assert report.kept_edited == 1
    assert (level.max_distance_m, level.is_edited, level.confidence) == (800, True, "local")
    entry = AuditEntry.objects.get(action="lifecirclelevel.update")
    assert entry.changes == {"max_distance_m": ["1000.0", "800"]}
    assert entry.reason == "市导则（2026）"


def test_loader_updates_an_unedited_row_from_the_seed(tmp_path):
    load_lifecircle_catalogue()
    folder = tmp_path / "seed"
    shutil.copytree(DATA_DIR, folder)
    path = folder / "parameters.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",67,", ",70,"), encoding="utf-8")
    report = load_lifecircle_catalogue(data_dir=folder)
    assert report.updated == 1
    assert AnalysisParameter.objects.get(key="walking_speed_m_per_min").value == "70"


def test_dry_run_writes_nothing():
    report = load_lifecircle_catalogue(dry_run=True)
    assert report.created == 34
    assert ServiceType.objects.count() == 0


def test_a_bad_seed_is_refused_before_anything_is_written(tmp_path):
    folder = tmp_path / "seed"
    shutil.copytree(DATA_DIR, folder)
    path = folder / "facility_kinds.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("nursery,托育机构（托儿所）,childcare,5min",
                                                  "nursery,托育机构（托儿所）,childcare,7min"),
        encoding="utf-8",
    )  # fmt: skip
    with pytest.raises(ConfigurationError, match="托育机构（托儿所）.*层级“7min”不存在"):
        load_lifecircle_catalogue(data_dir=folder)
    assert FacilityKind.objects.count() == 0


def test_command_reports_counts(capsys):
    call_command("load_lifecircle_catalogue")
    call_command("load_lifecircle_catalogue")
    assert "新增 0 条，更新 0 条，未变 34 条，保留市风貌办修改值 0 条。" in capsys.readouterr().out


def test_only_the_city_office_edits_configuration(yuecheng_editor, city_editor):
    load_lifecircle_catalogue()
    parameter = AnalysisParameter.objects.get(key="max_snap_distance_m")
    with pytest.raises(PermissionDenied):
        services.parameter_update(
            actor=yuecheng_editor, parameter=parameter, value="300", reason="x"
        )
    with pytest.raises(ValidationFailed, match="须从小到大"):
        services.parameter_update(
            actor=city_editor,
            parameter=AnalysisParameter.objects.get(key="radii_m"),
            value="500,300",
            reason="试",
        )
    parameter.refresh_from_db()
    assert parameter.value == "200"
    assert not AuditEntry.objects.filter(action="analysisparameter.update").exists()


def test_levels_require_the_services_that_have_a_kind_of_that_level():
    load_lifecircle_catalogue()
    catalogue = current_catalogue()
    assert rules.required_slots(catalogue) == {
        "5min": ["elderly", "childcare", "assistance", "health", "culture", "education", "fitness"],
        "10min": ["education", "fitness"],
        "15min": ["elderly", "assistance", "health", "culture", "education", "fitness"],
    }
    parameters = rules.engine_parameters(catalogue)
    assert [(lv.name, lv.max_distance_m) for lv in parameters.levels] == [
        ("5min", 300), ("10min", 500), ("15min", 1000),
    ]  # fmt: skip


def test_a_facility_counts_at_its_level_and_below_only_when_configured():
    load_lifecircle_catalogue()
    catalogue = current_catalogue()
    assert rules.facility_slots(catalogue, "middle_school", []) == {"education@15min"}
    assert rules.facility_slots(catalogue, "health_centre", []) == {
        "health@5min", "health@10min", "health@15min",
    }  # fmt: skip
    assert rules.facility_slots(catalogue, "neighbourhood_centre", ["elderly", "culture"]) == {
        "elderly@5min", "culture@5min",
    }  # fmt: skip


def test_catalogue_snapshot_round_trips_through_json():
    load_lifecircle_catalogue()
    catalogue = current_catalogue()
    assert rules.Catalogue.from_json(catalogue.to_json()) == catalogue


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"walking_speed_m_per_min": "0"}, "步行速度须大于0"),
        ({"radii_m": "300,abc"}, "统计半径须为数字"),
        ({"min_covered_share": "1.5"}, "不大于1"),
    ],
)
def test_parameter_values_are_checked(values, message):
    base = {"walking_speed_m_per_min": "67", "radii_m": "300,500", "max_snap_distance_m": "200",
            "min_covered_share": "1"}  # fmt: skip
    with pytest.raises(ConfigurationError, match=message):
        rules.parse_parameters(base | values)
