"""Monthly report against last month's: drops and broken cumulative figures need a reason."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from futurecommunity.common.time import today_local
from futurecommunity.projects.tests.factories import ProjectFactory, advance
from futurecommunity.reporting import plausibility
from futurecommunity.reporting.models import MonthlyReport
from futurecommunity.reporting.services import ReportInput, monthly_report_save

pytestmark = pytest.mark.django_db


def test_rule_finds_a_drop_and_a_broken_cumulative_figure():
    previous = plausibility.Figures(Decimal("95"), Decimal("100000"), Decimal("5000000"))
    fine = plausibility.Figures(Decimal("96"), Decimal("200000"), Decimal("5200000"))
    assert plausibility.warnings(previous, fine) == []
    bad = plausibility.Figures(Decimal("65"), Decimal("200000"), Decimal("4000000"))
    found = plausibility.warnings(previous, bad)
    assert found[0] == "形象进度由上月 95% 降至 65%。"
    assert "应为 520.00 万元" in found[1]
    assert plausibility.warnings(None, bad) == []


def test_form_shows_last_month_and_asks_a_reason_before_saving(
    client, tashan_editor, yuecheng_approver
):
    month = today_local().replace(day=1)
    last = (month - dt.timedelta(days=1)).replace(day=1)
    project = ProjectFactory(actor=tashan_editor, creation_year=last.year)
    advance(
        project, "under_construction", approver=yuecheng_approver, editor=tashan_editor, on=last
    )
    monthly_report_save(
        actor=tashan_editor,
        project=project,
        month=last,
        data=ReportInput(Decimal("95"), Decimal("100000"), Decimal("5000000")),
    )
    url = reverse("reporting:report-edit", args=[project.reference, f"{month:%Y-%m}"])
    client.force_login(tashan_editor)
    page = client.get(url).content.decode()
    assert "形象进度 95.0%" in page and "累计完成投资 500.00 万元" in page
    assert 'id="report-due"' in page
    values = {
        "percent_complete": "65",
        "investment_month": "200000",
        "investment_to_date": "5200000",
    }
    response = client.post(url, values)
    assert response.status_code == 200
    assert "形象进度由上月 95.0% 降至 65%" in response.content.decode()
    assert not MonthlyReport.objects.filter(project=project, month=month).exists()
    response = client.post(url, {**values, "reason": "重新测量，前期估算偏高。"})
    assert response.status_code == 302
    assert MonthlyReport.objects.get(project=project, month=month).percent_complete == 65
