"""Audit entries read as Chinese: action phrases, field labels and display values."""

from __future__ import annotations

import pytest
from django.urls import reverse

from futurecommunity.audit.presenters import action_label, change_lines
from futurecommunity.projects import services
from futurecommunity.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_transition_is_a_sentence_with_labels_and_display_values():
    lines = change_lines(
        "projects.project", {"status": ["planned", "declared"], "is_key_area": [False, True]}
    )
    assert [line.sentence for line in lines] == ["状态：计划 → 申报", "位于重点片区：否 → 是"]
    assert action_label("project.transition") == "项目状态变更"
    assert action_label("login.success") == "登录成功"
    assert action_label("facility.create") == "设施新建"
    assert action_label("nobody.knows") == "其他操作"


def test_project_history_shows_no_codes(client, tashan_editor):
    project = ProjectFactory(actor=tashan_editor)
    services.project_transition(actor=tashan_editor, project=project, target="declared")
    client.force_login(tashan_editor)
    page = client.get(reverse("projects:project-detail", args=[project.reference])).content.decode()
    history = page[page.index('id="subject-history"') :]
    assert "状态：计划 → 申报" in history
    for code in ("project.transition", "planned", "declared", "True", "False", "occurred_on"):
        assert code not in history, code


def test_a_reverse_relation_key_uses_the_table_label():
    lines = change_lines("rectification.inspection", {"findings": [None, 3]})
    assert [line.sentence for line in lines] == ["问题数：3"]


def test_checklist_route_reads_in_words():
    lines = change_lines(
        "permits.approvalchecklist",
        {"route": [None, {"planning_permit": "required", "construction_permit": "exempt"}]},
    )
    text = lines[0].sentence
    assert text.startswith("审批路径：")
    assert "planning_permit" not in text and "required" not in text and "exempt" not in text


def test_related_codes_read_as_names():
    lines = change_lines(
        "projects.project",
        {"district": [None, "330602"], "communities": [None, ["330602001004"]]},
    )
    assert [line.sentence for line in lines] == ["所属区、县（市）：越城区", "覆盖社区：花园社区"]
