"""The NBS region loader against the real files in data/regions, and the urban-flag service."""

from __future__ import annotations

import pytest

from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.errors import DomainError, PermissionDenied
from futurecommunity.regions.loaders import LoadResult, load_regions
from futurecommunity.regions.models import Region, RegionLevel
from futurecommunity.regions.selectors import urban_community_counts
from futurecommunity.regions.services import region_set_urban_flag
from futurecommunity.targets.models import PlanTarget

pytestmark = pytest.mark.django_db

TASHAN_VILLAGE = "330602001200"  # 塔山村委会: a villagers' committee, not urban by default
HUAYUAN = "330602001004"  # 花园社区: a residents' committee, urban by default
ALL_REGIONS = 6 + 103 + 2168


def test_loaded_regions_have_six_districts_103_streets_and_2168_communities() -> None:
    counts = {
        level: Region.objects.filter(level=level).count()
        for level in (RegionLevel.DISTRICT, RegionLevel.STREET, RegionLevel.COMMUNITY)
    }
    assert counts == {"district": 6, "street": 103, "community": 2168}


def test_streets_split_into_47_subdistricts_49_towns_and_7_townships() -> None:
    streets = Region.objects.filter(level=RegionLevel.STREET)
    assert {k: streets.filter(nbs_kind=k).count() for k in ("street", "town", "township")} == {
        "street": 47,
        "town": 49,
        "township": 7,
    }


def test_residents_committees_are_the_583_urban_communities_by_default() -> None:
    assert Region.objects.filter(is_urban_community=True).count() == 583
    assert (
        Region.objects.filter(is_urban_community=True)
        .exclude(nbs_kind__in=["residents_committee", "residents_like"])
        .count()
    ) == 0
    assert sum(urban_community_counts().values()) == 583


def test_24_streets_have_ten_or_more_urban_communities() -> None:
    per_street: dict[str, int] = {}
    for parent in Region.objects.filter(is_urban_community=True).values_list(
        "parent_code", flat=True
    ):
        per_street[parent] = per_street.get(parent, 0) + 1
    assert sum(1 for n in per_street.values() if n >= 10) == 24


def test_district_rows_carry_their_boundary_and_label_point() -> None:
    yuecheng = Region.objects.get(code="330602")
    assert (yuecheng.name, yuecheng.parent_code, yuecheng.district_code) == (
        "越城区",
        "3306",
        "330602",
    )
    assert yuecheng.boundary_geojson["type"] in {"Polygon", "MultiPolygon"}
    assert yuecheng.label_lon is not None and yuecheng.label_lat is not None


def test_a_fresh_load_creates_every_region() -> None:
    PlanTarget.objects.all().delete()  # they point at districts (PROTECT)
    Region.objects.all().delete()
    assert load_regions() == LoadResult(created=ALL_REGIONS, updated=0, unchanged=0)
    assert Region.objects.count() == ALL_REGIONS


def test_a_second_load_creates_and_updates_nothing() -> None:
    assert load_regions() == LoadResult(created=0, updated=0, unchanged=ALL_REGIONS)


def test_a_renamed_region_is_restored_by_the_next_load() -> None:
    Region.objects.filter(code="330602001").update(name="错误名称")
    assert load_regions() == LoadResult(created=0, updated=1, unchanged=ALL_REGIONS - 1)
    assert Region.objects.get(code="330602001").name == "塔山街道"


def test_dry_run_reports_without_writing() -> None:
    Region.objects.filter(code="330602001").update(name="错误名称")
    assert load_regions(dry_run=True) == LoadResult(created=0, updated=1, unchanged=ALL_REGIONS - 1)
    assert Region.objects.get(code="330602001").name == "错误名称"


def test_an_office_edit_of_the_urban_flag_survives_a_reload(city_editor) -> None:
    region_set_urban_flag(
        actor=city_editor, code=TASHAN_VILLAGE, is_urban=True, reason="已撤村建居"
    )
    region_set_urban_flag(actor=city_editor, code=HUAYUAN, is_urban=False, reason="已拆迁")
    load_regions()
    assert Region.objects.get(code=TASHAN_VILLAGE).is_urban_community is True
    assert Region.objects.get(code=HUAYUAN).is_urban_community is False
    assert Region.objects.filter(is_urban_community=True).count() == 583


def test_city_office_sets_the_urban_flag_with_an_audit_entry(city_editor) -> None:
    region_set_urban_flag(
        actor=city_editor, code=TASHAN_VILLAGE, is_urban=True, reason="已撤村建居"
    )
    assert Region.objects.get(code=TASHAN_VILLAGE).is_urban_community is True
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor_id, entry.subject_reference, entry.reason) == (
        "region.urban_flag",
        city_editor.pk,
        TASHAN_VILLAGE,
        "已撤村建居",
    )
    assert entry.changes == {"is_urban_community": [False, True]}


def test_setting_the_flag_to_its_current_value_writes_no_audit_entry(city_editor) -> None:
    region_set_urban_flag(actor=city_editor, code=HUAYUAN, is_urban=True, reason="核对")
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize(
    "who",
    ["city_viewer", "yuecheng_approver", "tashan_editor", "department_reviewer", "outsider"],
)
def test_only_the_city_office_may_set_the_urban_flag(request, who: str) -> None:
    with pytest.raises(PermissionDenied) as caught:
        region_set_urban_flag(
            actor=request.getfixturevalue(who), code=TASHAN_VILLAGE, is_urban=True, reason="x"
        )
    assert caught.value.message == "只有市风貌办可以调整城镇社区口径（一、G3）。"
    assert Region.objects.get(code=TASHAN_VILLAGE).is_urban_community is False
    assert AuditEntry.objects.count() == 0


def test_urban_flag_change_needs_a_reason(city_approver) -> None:
    with pytest.raises(DomainError) as caught:
        region_set_urban_flag(actor=city_approver, code=TASHAN_VILLAGE, is_urban=True, reason=" ")
    assert (caught.value.code, caught.value.field) == ("reason_required", "reason")
    assert Region.objects.get(code=TASHAN_VILLAGE).is_urban_community is False


def test_urban_flag_cannot_be_set_on_a_street(city_approver) -> None:
    with pytest.raises(DomainError) as caught:
        region_set_urban_flag(actor=city_approver, code="330602001", is_urban=True, reason="x")
    assert caught.value.message == "社区代码 330602001 不存在。"
