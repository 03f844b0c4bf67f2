"""Life-circle screens through the test client: scope (out of scope is 404), the run pages,
the map data, the comparison, the gap export and configuration edits."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from futurecommunity.audit.models import AuditEntry
from futurecommunity.lifecircle import services
from futurecommunity.lifecircle.models import AnalysisParameter, AnalysisRun
from futurecommunity.lifecircle.tests.factories import facility

pytestmark = pytest.mark.django_db

# Who sees a run of 塔山街道 (330602001): the city office, 越城区's office and the street itself.
SEES_TASHAN = {
    "city_approver", "city_editor", "city_viewer", "yuecheng_approver", "yuecheng_editor",
    "tashan_editor",
}  # fmt: skip
CAST = [
    "city_approver", "city_editor", "city_viewer", "yuecheng_approver", "yuecheng_editor",
    "keqiao_approver", "keqiao_editor", "tashan_editor", "department_reviewer", "resident",
    "outsider",
]  # fmt: skip


@pytest.fixture
def run(tashan_data, city_editor, django_capture_on_commit_callbacks) -> AnalysisRun:
    with django_capture_on_commit_callbacks(execute=True):
        run = services.analysis_run_submit(
            actor=city_editor, network=tashan_data, region_code="330602001", name="塔山现状",
            include_planned=False,
        )  # fmt: skip
    run.refresh_from_db()
    return run


@pytest.mark.parametrize("who", CAST)
def test_run_pages_follow_the_territorial_scope(client, request, run, who):
    client.force_login(request.getfixturevalue(who))
    audits = AuditEntry.objects.count()
    for name in ("lifecircle:run-detail", "lifecircle:run-export"):
        response = client.get(reverse(name, args=[run.pk]))
        assert response.status_code == (200 if who in SEES_TASHAN else 404), name
    network = client.get(reverse("lifecircle:network-detail", args=[run.network_id]))
    assert network.status_code == (200 if who in SEES_TASHAN else 404)
    # A refused export writes no audit entry.
    assert AuditEntry.objects.count() == audits + (1 if who in SEES_TASHAN else 0)


@pytest.mark.parametrize("who", ["keqiao_editor", "department_reviewer", "outsider"])
def test_lists_show_nothing_outside_the_territory(client, request, run, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("lifecircle:run-list"))
    if who == "keqiao_editor":
        assert "塔山现状" not in response.content.decode()
        assert "测试路网" not in client.get(reverse("lifecircle:network-list")).content.decode()
        facilities = client.get(reverse("lifecircle:facility-list"))
        assert facilities.context["page"].paginator.count == 0
        assert client.get(reverse("lifecircle:resident-list")).context["summary"] == []
    else:
        assert response.status_code == 404


def test_run_detail_shows_map_data_table_and_gaps(client, run, tashan_editor):
    client.force_login(tashan_editor)
    response = client.get(reverse("lifecircle:run-detail", args=[run.pk]))
    text = response.content.decode()
    assert 'id="lc-map"' in text and 'id="lc-map-data"' in text
    assert 'id="community-table"' in text and 'id="gap-table"' in text
    data = response.context["map_data"]
    assert [s["name"] for s in data["services"]] == [
        "养老",
        "托育",
        "帮扶",
        "卫生",
        "文化",
        "教育",
        "健身",
    ]
    assert len(data["residents"]) == 4
    assert len(data["facilities"]) == 5  # the planned nursery is not in a run without planned
    assert [f["properties"]["name"] for f in data["boundaries"]["features"]][:1] == ["越城区"]
    assert len(data["streets"]) == 220  # an 11 x 11 lattice has 2 x 11 x 10 edges
    rows = {r.name: r for r in response.context["rows"]}
    assert rows["沈园社区"].population == 1100


def test_gap_export_is_the_district_plan_list(client, run, yuecheng_editor):
    client.force_login(yuecheng_editor)
    response = client.get(reverse("lifecircle:run-export", args=[run.pk]))
    book = load_workbook(BytesIO(response.content))
    sheet = book["缺项清单"]
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    header_at = next(i for i, row in enumerate(values) if row[0] == "区、县（市）")
    gaps = values[header_at + 1 :]
    assert len(gaps) == run.summary["gap_count"]
    first = dict(zip(values[header_at], gaps[0], strict=True))
    assert first["区、县（市）"] == "越城区"
    assert first["街道（镇、乡）"] == "塔山街道"
    assert first["生活圈层级"] in {"5分钟生活圈", "10分钟生活圈", "15分钟生活圈"}
    assert "补齐" in first["建议"]
    assert "导出人：" in " ".join(str(v[0]) for v in values[:header_at])
    entry = AuditEntry.objects.get(action="analysis_run.export_gaps")
    assert entry.changes == {"count": [None, len(gaps)]}


def test_comparison_lists_closed_gaps(
    client, run, tashan_data, city_editor, django_capture_on_commit_callbacks
):
    # A planned nursery 100 m from both of 花园社区's estates closes its 5-minute childcare gap.
    services.facility_import(
        actor=city_editor, rows=[facility("nursery", 1, 2, status="planned")], source="规划"
    )
    with django_capture_on_commit_callbacks(execute=True):
        after = services.analysis_run_submit(
            actor=city_editor, network=tashan_data, region_code="330602001", name="含规划",
            include_planned=True,
        )  # fmt: skip
    client.force_login(city_editor)
    response = client.get(reverse("lifecircle:run-compare", args=[run.pk]) + f"?other={after.pk}")
    rows = {r.name: r for r in response.context["rows"]}
    assert rows["花园社区"].closed == ["5分钟生活圈·托育"]
    assert rows["花园社区"].opened == []
    # 沈园社区 gains the planned nursery at (9,9) for 800 of 1,100 residents: still a gap.
    assert rows["沈园社区"].closed == []
    assert "5分钟生活圈·托育" in response.content.decode()


def test_new_analysis_form_redirects_to_the_job_page(client, tashan_data, yuecheng_editor):
    client.force_login(yuecheng_editor)
    page = client.get(reverse("lifecircle:run-create"))
    assert "塔山街道" in page.content.decode()
    response = client.post(
        reverse("lifecircle:run-create"),
        {"name": "", "network": tashan_data.pk, "region": "330602001"},
    )
    run = AnalysisRun.objects.get()
    assert response["Location"] == f"/manage/jobs/{run.job_id}/"
    assert run.name == "塔山街道生活圈分析"


def test_city_office_edits_a_parameter_on_the_catalogue_page(
    client, catalogue, city_editor, yuecheng_editor
):
    url = reverse("lifecircle:parameter-edit", args=["walking_speed_m_per_min"])
    client.force_login(yuecheng_editor)
    assert "修改依据" not in client.get(reverse("lifecircle:catalogue")).content.decode()
    client.post(url, {"value": "80", "reason": "试"})
    assert AnalysisParameter.objects.get(key="walking_speed_m_per_min").value == "67"
    client.force_login(city_editor)
    client.post(url, {"value": "70", "reason": "市导则"})
    parameter = AnalysisParameter.objects.get(key="walking_speed_m_per_min")
    assert (parameter.value, parameter.is_edited) == ("70", True)


def test_an_unreadable_network_fails_with_a_chinese_reason(
    client, catalogue, media, yuecheng_editor, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from futurecommunity.jobs.models import Job
    from futurecommunity.lifecircle.models import StreetNetwork

    client.force_login(yuecheng_editor)
    upload = SimpleUploadedFile("roads.geojson", b"not json")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("lifecircle:network-import"),
            {"name": "坏文件", "region": "330602", "file": upload, "crs": "EPSG:4549",
             "datum": "wgs84", "source_crs": ""},
        )  # fmt: skip
    network = StreetNetwork.objects.get()
    assert (network.status, network.node_count) == ("failed", 0)
    assert network.error.startswith("路网文件无法导入：")
    assert Job.objects.get(pk=network.job_id).error == network.error
    page = client.get(reverse("lifecircle:network-detail", args=[network.pk]))
    assert network.error in page.content.decode()


def test_network_form_refuses_a_degree_crs_and_an_unknown_file(client, catalogue, yuecheng_editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(yuecheng_editor)
    response = client.post(
        reverse("lifecircle:network-import"),
        {"name": "x", "region": "330602", "file": SimpleUploadedFile("roads.dwg", b"x"),
         "crs": "EPSG:4326", "datum": "wgs84", "source_crs": ""},
    )  # fmt: skip
    errors = response.context["form"].errors
    assert errors["crs"] == ["“EPSG:4326”不是以米为单位的投影坐标系，请填写如 EPSG:4549。"]
    assert errors["file"][0].startswith("不支持的文件类型")
