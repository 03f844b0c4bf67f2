"""The community list export (issue 3): exactly the filtered rows, within scope, audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.tests.xlsx import data_rows, sheet_rows
from futurecommunity.projects.tests.factories import KEQIAO, TASHAN, YUECHENG
from futurecommunity.regions.models import Region, RegionLevel

pytestmark = pytest.mark.django_db

LIST = reverse("regions:community-list")
EXPORT = reverse("regions:community-export")


def _listed_codes(client, query: dict[str, str]) -> list[str]:
    page = client.get(LIST, query).context["page"]
    return [c.code for p in page.paginator.page_range for c in page.paginator.page(p)]


def test_export_equals_the_filtered_list_and_is_audited(client, yuecheng_editor):
    client.force_login(yuecheng_editor)
    query = {"only": "urban", "q": "社区"}

    response = client.get(EXPORT, query)

    assert response.status_code == 200
    rows = data_rows(response.content)
    expected = list(
        Region.objects.filter(
            level=RegionLevel.COMMUNITY,
            code__startswith=YUECHENG,
            is_urban_community=True,
            name__icontains="社区",
        ).order_by("code")
    )
    assert len(rows) == len(expected) > 50  # all pages, not just the first
    assert [r[0] for r in rows] == [c.code for c in expected] == _listed_codes(client, query)
    assert {r[3] for r in rows} == {"计入"}
    assert sheet_rows(response.content)[1] == ("区划代码", "名称", "统计类别", "计入城镇社区")
    entry = AuditEntry.objects.get(action="region.export")
    assert entry.actor == yuecheng_editor
    assert entry.changes == {
        "filters": [None, {"district": "", "only": "urban", "q": "社区"}],
        "rows": [None, len(expected)],
    }


def test_district_user_cannot_export_another_district(client, yuecheng_editor):
    client.force_login(yuecheng_editor)
    rows = data_rows(client.get(EXPORT, {"district": KEQIAO}).content)
    assert rows
    assert all(r[0].startswith(YUECHENG) for r in rows)


def test_street_user_cannot_widen_to_the_district(client, tashan_editor):
    client.force_login(tashan_editor)
    rows = data_rows(client.get(EXPORT, {"district": YUECHENG}).content)
    assert rows
    assert all(r[0].startswith(TASHAN) for r in rows)
    assert [r[0] for r in rows] == _listed_codes(client, {"district": YUECHENG})
