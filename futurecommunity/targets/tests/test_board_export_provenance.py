"""The compliance board's Excel export labels a finding whose sentence rests on a reconstructed
configuration row: 推定（待核实） with the row's name and source (issue 10 item 11 leftover)."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from futurecommunity.targets.models import RuleParameter
from futurecommunity.targets.services import configuration_row_update

pytestmark = pytest.mark.django_db

EXPORT = reverse("compliance-board-export")


def _rows(client) -> tuple[list[str], list[tuple]]:
    response = client.get(EXPORT, {"as_of": "2025-06-30"})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    return list(rows[1]), rows[2:]


def _label(headers: list[str], row: tuple) -> str:
    return row[headers.index("推定口径（待核实）")] or ""


def test_findings_resting_on_a_reconstructed_row_are_labelled_with_its_source(
    client, city_viewer, city_editor
) -> None:
    client.force_login(city_viewer)
    headers, rows = _rows(client)
    quota = RuleParameter.objects.get(key="t2_quota_severity")
    assert quota.confidence == "reconstructed"
    street_rows = [r for r in rows if r[0] == "T2-street"]
    assert street_rows
    for row in street_rows:
        label = _label(headers, row)
        assert f"{quota.name}：推定（待核实），出处：{quota.source}" in label
    # The plan table's cells rest on no reconstructed row: no label.
    plan_rows = [r for r in rows if r[0] == "G2-cell"]
    assert plan_rows and all(_label(headers, r) == "" for r in plan_rows)
    # Once the city office has set the row itself, it is no longer our reading.
    configuration_row_update(
        actor=city_editor,
        kind_slug="rule-parameter",
        key="t2_quota_severity",
        value="violation",
        reason="市风貌办2026年第2次专题会议纪要",
    )
    headers, rows = _rows(client)
    for row in (r for r in rows if r[0] == "T2-street"):
        label = _label(headers, row)
        assert quota.name not in label
        assert "推定（待核实）" in label  # the other reconstructed rows it rests on remain
