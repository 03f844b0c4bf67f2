"""Reporting services refuse actors outside their rule and write nothing (issue 3)."""

from __future__ import annotations

import datetime as dt

import pytest

from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.errors import DomainError, PermissionDenied
from futurecommunity.jobs.models import Job
from futurecommunity.projects.tests.factories import ProjectFactory
from futurecommunity.reporting.bulletins import (
    bulletin_edit,
    bulletin_generate,
    bulletin_issue,
    bulletin_submit,
)
from futurecommunity.reporting.models import (
    Bulletin,
    MonthlyReport,
    MonthSnapshot,
    QuarterlyRanking,
)
from futurecommunity.reporting.rankings import ranking_compute, ranking_publish
from futurecommunity.reporting.services import (
    month_freeze,
    monthly_report_import,
    monthly_report_save,
)

pytestmark = pytest.mark.django_db

JUNE = dt.date(2026, 6, 1)


@pytest.mark.parametrize("who", ["yuecheng_approver", "city_viewer", "tashan_editor"])
def test_only_the_city_office_freezes_a_month(request, who):
    with pytest.raises(PermissionDenied):
        month_freeze(actor=request.getfixturevalue(who), month=JUNE)
    assert MonthSnapshot.objects.count() == 0
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize("who", ["yuecheng_approver", "city_viewer"])
def test_only_the_city_office_generates_or_submits_bulletins(request, who):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        bulletin_generate(actor=actor, month=JUNE)
    with pytest.raises(PermissionDenied):
        bulletin_submit(actor=actor, month=JUNE)
    assert Bulletin.objects.count() == 0
    assert Job.objects.count() == 0
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize("who", ["yuecheng_approver", "city_viewer"])
def test_only_the_city_office_edits_a_bulletin(request, who):
    bulletin = Bulletin(month=JUNE, title="原标题")
    with pytest.raises(PermissionDenied):
        bulletin_edit(actor=request.getfixturevalue(who), bulletin=bulletin, title="改", body={})
    assert bulletin.title == "原标题"
    assert Bulletin.objects.count() == 0
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize("who", ["city_editor", "yuecheng_approver"])
def test_only_the_city_approver_issues_a_bulletin(request, who):
    bulletin = Bulletin(month=JUNE, title="通报")
    with pytest.raises(PermissionDenied):
        bulletin_issue(actor=request.getfixturevalue(who), bulletin=bulletin)
    assert bulletin.document_number == ""
    assert Bulletin.objects.count() == 0
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize("who", ["yuecheng_approver", "city_viewer"])
def test_only_the_city_office_computes_a_ranking(request, who):
    with pytest.raises(PermissionDenied):
        ranking_compute(actor=request.getfixturevalue(who), quarter="2026Q2")
    assert QuarterlyRanking.objects.count() == 0
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize("who", ["city_editor", "yuecheng_approver"])
def test_only_the_city_approver_publishes_a_ranking(request, who):
    ranking = QuarterlyRanking(quarter="2026Q2")
    with pytest.raises(PermissionDenied):
        ranking_publish(actor=request.getfixturevalue(who), ranking=ranking)
    assert QuarterlyRanking.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_a_district_office_cannot_import_reports_for_another_district(
    yuecheng_editor, keqiao_editor
):
    project = ProjectFactory(actor=yuecheng_editor, creation_year=2026)
    before = AuditEntry.objects.count()
    with pytest.raises(DomainError, match="不在本辖区"):
        monthly_report_import(actor=keqiao_editor, month=JUNE, rows=[(2, project.reference, None)])  # type: ignore[list-item]
    assert MonthlyReport.objects.count() == 0
    assert AuditEntry.objects.count() == before


def test_a_district_office_cannot_report_for_another_districts_project(
    yuecheng_editor, keqiao_editor
):
    project = ProjectFactory(actor=yuecheng_editor, creation_year=2026)
    before = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        monthly_report_save(actor=keqiao_editor, project=project, month=JUNE, data=None)  # type: ignore[arg-type]
    assert MonthlyReport.objects.count() == 0
    assert AuditEntry.objects.count() == before
