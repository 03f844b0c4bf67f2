"""Monthly-report and bulletin list exports (issue 3): the filtered rows, within scope, audited.

Kept beside the app rather than in ``reporting/tests/`` while that folder is being reworked;
move it there with the next change to the reporting tests.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.tests.xlsx import data_rows
from futurecommunity.projects.tests.factories import (
    GUANSHU,
    KEQIAO,
    KEQIAO_STREET,
    ProjectFactory,
    advance,
)
from futurecommunity.reporting.models import Bulletin, BulletinStatus
from futurecommunity.reporting.services import ReportInput, monthly_report_save

pytestmark = pytest.mark.django_db
JUNE = dt.date(2026, 6, 1)


def _building(approver, editor, **kwargs):  # type: ignore[no-untyped-def]
    project = ProjectFactory(actor=editor, creation_year=2026, **kwargs)
    return advance(
        project, "under_construction", approver=approver, editor=editor, on=dt.date(2026, 3, 1)
    )


def _report(editor, project, month: dt.date) -> None:  # type: ignore[no-untyped-def]
    data = ReportInput(Decimal("40"), Decimal("1000000"), Decimal("5000000"))
    monthly_report_save(actor=editor, project=project, month=month, data=data)


def test_report_export_equals_the_months_list_within_scope(
    client, yuecheng_approver, yuecheng_editor, keqiao_approver, keqiao_editor, city_viewer
):
    mine = _building(yuecheng_approver, yuecheng_editor)
    theirs = _building(
        keqiao_approver, keqiao_editor, district_code=KEQIAO, street_code=KEQIAO_STREET,
        community_codes=(GUANSHU,),
    )  # fmt: skip
    for project, editor in ((mine, yuecheng_editor), (theirs, keqiao_editor)):
        _report(editor, project, JUNE)
        _report(editor, project, dt.date(2026, 5, 1))
    client.force_login(yuecheng_editor)
    query = {"month": "2026-06"}

    rows = data_rows(client.get(reverse("reporting:report-export"), query).content)

    listed = client.get(reverse("reporting:report-list"), query).context["reports"]
    assert [r[0] for r in rows] == [r.project.reference for r in listed] == [mine.reference]
    assert rows[0][2:8] == ("越城区", "塔山街道", "2026-06", 40, 1000000, 5000000)
    entry = AuditEntry.objects.get(action="monthly_report.export")
    assert entry.actor == yuecheng_editor
    assert entry.changes == {"filters": [None, {"month": "2026-06"}], "rows": [None, 1]}
    client.force_login(city_viewer)
    city = data_rows(client.get(reverse("reporting:report-export"), query).content)
    assert sorted(r[0] for r in city) == sorted([mine.reference, theirs.reference])


def test_bulletin_export_hides_drafts_from_districts(client, yuecheng_editor, city_editor):
    Bulletin.objects.create(month=dt.date(2026, 5, 1), title="5月通报", figures={})
    Bulletin.objects.create(
        month=dt.date(2026, 4, 1), title="4月通报", figures={}, status=BulletinStatus.ISSUED,
        document_number="绍风貌通〔2026〕4号", year=2026, serial=4,
    )  # fmt: skip
    client.force_login(yuecheng_editor)

    rows = data_rows(client.get(reverse("reporting:bulletin-export")).content)

    listed = client.get(reverse("reporting:bulletin-list")).context["bulletins"]
    assert [r[1] for r in rows] == [b.title for b in listed] == ["4月通报"]
    assert rows[0][2] == "绍风貌通〔2026〕4号"
    assert AuditEntry.objects.get(action="bulletin.export").changes["rows"] == [None, 1]
    client.force_login(city_editor)
    assert len(data_rows(client.get(reverse("reporting:bulletin-export")).content)) == 2
