"""The plan-table export (issue 3): the rows the page shows, within scope, audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.tests.xlsx import data_rows
from futurecommunity.projects.tests.factories import YUECHENG
from futurecommunity.targets.models import PlanTarget

pytestmark = pytest.mark.django_db

EXPORT = reverse("plan-target-export")


def _page_rows(client) -> list[tuple[str, int, str, int]]:
    rows = client.get(reverse("plan-target-list")).context["rows"]
    return [
        (r["district"].name, t.year, t.get_level_display(), t.target)
        for r in rows
        for t in r["cells"]
        if t is not None
    ]


def test_district_user_exports_only_its_district(client, yuecheng_editor):
    client.force_login(yuecheng_editor)

    rows = data_rows(client.get(EXPORT).content)

    assert len(rows) == PlanTarget.objects.filter(district_id=YUECHENG).count() > 0
    assert {r[0] for r in rows} == {"越城区"}
    assert [r[:4] for r in rows] == _page_rows(client)
    entry = AuditEntry.objects.get(action="plan_target.export")
    assert entry.actor == yuecheng_editor
    assert entry.changes["rows"] == [None, len(rows)]


def test_city_exports_every_district(client, city_viewer):
    client.force_login(city_viewer)
    rows = data_rows(client.get(EXPORT).content)
    assert len(rows) == PlanTarget.objects.count()
    assert [r[:4] for r in rows] == _page_rows(client)
