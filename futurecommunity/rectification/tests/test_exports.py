"""Order and inspection list exports (issue 3): the filtered rows, within scope, audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.tests.xlsx import data_rows
from futurecommunity.projects.tests.factories import KEQIAO, KEQIAO_STREET, TASHAN, YUECHENG
from futurecommunity.rectification.models import Inspection
from futurecommunity.rectification.tests.factories import freeze, issue, org

pytestmark = pytest.mark.django_db
D = dt.date


def test_order_export_equals_the_filtered_list_within_scope(
    client, city_editor, yuecheng_editor, monkeypatch
):
    freeze(monkeypatch, D(2025, 3, 3))
    late = issue(city_editor, f"sx-{TASHAN}", issued_on=D(2025, 3, 3), deadline=D(2025, 3, 10))
    issue(city_editor, f"sx-{TASHAN}", issued_on=D(2025, 3, 3), deadline=D(2025, 4, 30))
    issue(city_editor, f"sx-{KEQIAO_STREET}", issued_on=D(2025, 3, 3), deadline=D(2025, 3, 10))
    freeze(monkeypatch, D(2025, 3, 12))
    client.force_login(yuecheng_editor)
    query = {"overdue": "1"}

    rows = data_rows(client.get(reverse("rectification:order-export"), query).content)

    listed = client.get(reverse("rectification:order-list"), query).context["orders"]
    assert [r[0] for r in rows] == [o.reference for o in listed] == [late.reference]
    assert rows[0][3] == org(f"sx-{TASHAN}").name
    assert rows[0][7] == "是"
    entry = AuditEntry.objects.get(action="rectification_order.export")
    assert entry.actor == yuecheng_editor
    assert entry.changes == {
        "filters": [None, {"status": "", "overdue": True}],
        "rows": [None, 1],
    }
    client.force_login(city_editor)
    assert len(data_rows(client.get(reverse("rectification:order-export")).content)) == 3


def _inspection(code: str, title: str, user) -> Inspection:  # type: ignore[no-untyped-def]
    office = org(code)
    return Inspection.objects.create(
        title=title,
        inspected_on=D(2025, 3, 1),
        team="市专班第一组",
        organisation=office,
        region_code=office.region_code,
        created_by=user,
    )


def test_inspection_export_is_the_scoped_list(client, city_editor, yuecheng_editor):
    _inspection(f"sx-{YUECHENG}", "越城区季度督查", city_editor)
    _inspection(f"sx-{KEQIAO}", "柯桥区季度督查", city_editor)
    client.force_login(yuecheng_editor)

    rows = data_rows(client.get(reverse("rectification:inspection-export")).content)

    listed = client.get(reverse("rectification:inspection-list")).context["inspections"]
    assert [r[1] for r in rows] == [i.title for i in listed] == ["越城区季度督查"]
    assert rows[0][0] == dt.datetime(2025, 3, 1)
    entry = AuditEntry.objects.get(action="inspection.export")
    assert entry.changes["rows"] == [None, 1]
