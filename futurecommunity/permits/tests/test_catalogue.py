"""load_permit_catalogue: idempotent upsert; edited rows keep their value; DB feeds the navigator."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.errors import PermissionDenied, ValidationFailed
from futurecommunity.permits import services
from futurecommunity.permits.catalogue import current_configuration, load_permit_catalogue
from futurecommunity.permits.models import ReviewDepartment, RouteThreshold

pytestmark = pytest.mark.django_db


def test_load_is_idempotent():
    first = load_permit_catalogue()
    second = load_permit_catalogue()
    assert (first.created, first.updated) == (23, 0)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 23)
    assert RouteThreshold.objects.count() == 5
    assert ReviewDepartment.objects.count() == 18


def test_dry_run_writes_nothing():
    out = StringIO()
    call_command("load_permit_catalogue", "--dry-run", stdout=out)
    assert "试运行" in out.getvalue()
    assert RouteThreshold.objects.count() == 0


def test_edited_value_survives_a_reload(city_editor):
    load_permit_catalogue()
    row = RouteThreshold.objects.get(key="merged_proposal_limit_inclusive")
    services.route_threshold_update(
        actor=city_editor, threshold=row, value="false", reason="发改部门确认不含本数。"
    )
    report = load_permit_catalogue()
    assert report.kept_edited == 1
    assert RouteThreshold.objects.get(key="merged_proposal_limit_inclusive").value == "false"
    thresholds, _roster = current_configuration()
    assert thresholds.merged_proposal_limit_inclusive is False
    assert AuditEntry.objects.get(action="route_threshold.update").changes["value"] == [
        "true",
        "false",
    ]


def test_threshold_update_is_for_the_city_office_only(yuecheng_editor):
    load_permit_catalogue()
    row = RouteThreshold.objects.get(key="public_notice_days")
    with pytest.raises(PermissionDenied):
        services.route_threshold_update(actor=yuecheng_editor, threshold=row, value="5", reason="x")
    assert RouteThreshold.objects.get(key="public_notice_days").value == "7"


def test_malformed_threshold_is_refused_with_its_clause(city_editor):
    load_permit_catalogue()
    row = RouteThreshold.objects.get(key="public_notice_days")
    with pytest.raises(ValidationFailed) as caught:
        services.route_threshold_update(actor=city_editor, threshold=row, value="7.5", reason="x")
    assert caught.value.errors["value"] == ["配置项public_notice_days的值须为整数天数。（三(一)）"]


def test_approval_route_command_reads_the_db_rows():
    load_permit_catalogue()
    RouteThreshold.objects.filter(key="public_notice_days").update(value="10")
    out = StringIO()
    call_command(
        "approval_route",
        "--build-type=renovation",
        "--funding=government",
        "--investment=1000000",
        "--area=500",
        "--uses-existing-land",
        "--json",
        stdout=out,
    )
    route = json.loads(out.getvalue())
    notice = next(s for s in route["steps"] if s["code"] == "public_notice")
    assert "公示10天" in notice["explanation"]


def test_configuration_values_in_words():
    from futurecommunity.permits.config_words import parse_value, threshold_name, value_words

    assert value_words("20000000", "yuan") == "2,000 万元"
    assert value_words("true", "bool") == "是"
    assert value_words("1000", "m2") == "1,000 平方米"
    assert threshold_name("construction_permit_area_limit") == "可不办施工许可的建筑面积上限"
    assert parse_value("否", "bool") == "false"
    assert parse_value("2,000,000", "yuan") == "2000000"
