"""The plan's own contradiction and the G3 denominator on the board and dashboard (items 8, 9)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from futurecommunity.audit.models import AuditEntry
from futurecommunity.regions.models import Region
from futurecommunity.targets.models import FindingNote

pytestmark = pytest.mark.django_db

BOARD = reverse("compliance-board")
NOTE = reverse("compliance-finding-note")


def test_city_sees_the_contradiction_once_and_annotates_it(client, city_editor) -> None:
    client.force_login(city_editor)
    response = client.get(BOARD, {"as_of": "2025-06-30"})
    [item] = response.context["plan_findings"]
    finding = item["finding"]
    assert finding.rule_id == "PLAN-T2" and finding.severity == "warning"
    # the attachment's municipal plan for 2024–2026 is 17 + 15 + 6 (附件)
    assert "2024年条款" in finding.explanation and "附件17个" in finding.explanation
    # street quota findings are warnings ("原则上"), never violations
    streets = [f for f in response.context["board"].findings if f.rule_id == "T2-street"]
    assert streets and not [f for f in streets if f.severity == "violation"]
    posted = client.post(
        NOTE,
        {
            "rule_id": "PLAN-T2",
            "subject_code": finding.subject_code,
            "text": "以附件计划表为准，街道年度数作为指导。",
        },
    )
    assert posted.status_code == 302
    note = FindingNote.objects.get(rule_id="PLAN-T2")
    assert note.text == "以附件计划表为准，街道年度数作为指导。"
    assert AuditEntry.objects.filter(action="finding_note.save").count() == 1
    page = client.get(BOARD, {"as_of": "2025-06-30"}).content.decode()
    assert "市风貌办批注：以附件计划表为准" in page


def test_a_district_neither_sees_nor_annotates_the_city_finding(client, yuecheng_editor) -> None:
    client.force_login(yuecheng_editor)
    response = client.get(BOARD, {"as_of": "2025-06-30"})
    assert response.context["plan_findings"] == []
    posted = client.post(NOTE, {"rule_id": "PLAN-T2", "subject_code": "330600", "text": "x"})
    assert posted.status_code == 403
    assert not FindingNote.objects.exists()
    assert not AuditEntry.objects.filter(action="finding_note.save").exists()


def test_only_plan_consistency_findings_take_a_note(client, city_editor) -> None:
    client.force_login(city_editor)
    client.post(NOTE, {"rule_id": "T2-street", "subject_code": "330602001", "text": "x"})
    assert not FindingNote.objects.exists()


def test_dashboard_and_board_show_the_plans_implied_denominator_beside_ours(
    client, city_viewer
) -> None:
    ours = Region.objects.filter(is_urban_community=True).count()
    client.force_login(city_viewer)
    for url in (reverse("dashboard"), BOARD):
        page = client.get(url).content.decode()
        note = page[page.index('id="denominator-note"') :][:600]
        assert f"本平台计入城镇社区 <b>{ours}</b> 个" in note
        # 303 ÷ 88% = 344.3 → about 344 (一、附件)
        assert "约 <b>344</b> 个" in note and "303 个 ÷ 一、工作目标 88.0%" in note
