"""Screens: scope of the report list, Excel import all-or-nothing, issuing only by the city."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from futurecommunity.projects.tests.factories import ProjectFactory, advance
from futurecommunity.reporting.models import Bulletin, MonthlyReport, MonthSnapshot
from futurecommunity.reporting.services import month_freeze

pytestmark = pytest.mark.django_db


@pytest.fixture
def building(yuecheng_approver, yuecheng_editor):
    project = ProjectFactory(actor=yuecheng_editor, creation_year=2026, level="county")
    return advance(
        project,
        "under_construction",
        approver=yuecheng_approver,
        editor=yuecheng_editor,
        on=dt.date(2026, 3, 1),
    )


def _upload(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(
        [
            "项目编号",
            "项目名称（仅供核对）",
            "形象进度（%）",
            "当月完成投资（元）",
            "累计完成投资（元）",
            "本月节点完成情况",
            "存在问题",
            "需协调事项",
        ]
    )
    for row in rows:
        ws.append(row)
    buffer = BytesIO()
    wb.save(buffer)
    buffer.name = "m.xlsx"
    buffer.seek(0)
    return buffer


def test_import_is_all_or_nothing_with_row_and_column_errors(client, yuecheng_editor, building):
    client.force_login(yuecheng_editor)
    url = reverse("reporting:report-import") + "?month=2026-06"
    template = client.get(url + "&template=1")
    assert load_workbook(BytesIO(template.content)).active["A2"].value == building.reference
    bad = _upload([[building.reference, "", 50, 100, 200], ["FC-NOPE", "", 120, "abc", 1]])
    page = client.post(url, {"file": bad, "month": "2026-06"})
    text = page.content.decode()
    assert "第3行“当月完成投资（元）”列：“abc”不是数字。" in text
    assert MonthlyReport.objects.count() == 0
    good = _upload([[building.reference, "", 50, 100, 200]])
    client.post(url, {"file": good, "month": "2026-06"})
    assert MonthlyReport.objects.get().percent_complete == 50


def test_district_list_shows_only_its_reports_and_street_cannot_freeze(
    client, yuecheng_editor, keqiao_editor, tashan_editor, building
):
    client.force_login(yuecheng_editor)
    client.post(
        reverse("reporting:report-edit", args=[building.reference, "2026-06"]),
        {"percent_complete": "30", "investment_month": "10", "investment_to_date": "10"},
    )
    assert MonthlyReport.objects.count() == 1
    client.force_login(keqiao_editor)
    assert (
        building.reference
        not in client.get(reverse("reporting:report-list") + "?month=2026-06").content.decode()
    )
    assert (
        client.get(
            reverse("reporting:report-edit", args=[building.reference, "2026-06"])
        ).status_code
        == 404
    )
    client.force_login(tashan_editor)
    client.post(reverse("reporting:month-freeze", args=["2026-06"]))
    assert not MonthSnapshot.objects.exists()


def test_bulletin_generation_job_and_issue_only_by_city_approver(
    client,
    django_capture_on_commit_callbacks,
    city_editor,
    city_approver,
    yuecheng_approver,
    building,
):
    month_freeze(actor=city_editor, month=dt.date(2026, 6, 1))
    client.force_login(city_editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reporting:bulletin-generate"), {"month": "2026-06"})
    assert response.status_code == 302 and "/manage/jobs/" in response["Location"]
    bulletin = Bulletin.objects.get()
    page = client.get(reverse("reporting:bulletin-detail", args=[bulletin.pk]))
    assert "越城区" in page.content.decode()
    client.force_login(yuecheng_approver)
    assert client.get(reverse("reporting:bulletin-detail", args=[bulletin.pk])).status_code == 404
    client.force_login(city_approver)
    client.post(reverse("reporting:bulletin-issue", args=[bulletin.pk]))
    bulletin.refresh_from_db()
    assert bulletin.status == "issued"
    client.force_login(yuecheng_approver)
    listing = client.get(reverse("reporting:bulletin-list")).content.decode()
    assert bulletin.document_number in listing
