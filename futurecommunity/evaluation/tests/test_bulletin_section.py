"""The scenario picture in the monthly bulletin (issue 15 item 5): counted per district from
acceptance decisions taken by the month end; demo projects never count; reconstructed rules
are labelled."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from futurecommunity.common.time import today_local
from futurecommunity.evaluation import services
from futurecommunity.evaluation.bulletin import bulletin_section
from futurecommunity.evaluation.loaders import load_evaluation
from futurecommunity.evaluation.tests.factories import (
    filled,
    make_expert,
    ready_project,
    score_all,
)
from futurecommunity.projects.models import Project
from futurecommunity.projects.tests.factories import DOCUMENT

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(yuecheng_approver, yuecheng_editor, tashan_editor):  # type: ignore[no-untyped-def]
    """A 塔山 county project accepted today, experts giving 80 % (transport 50 %)."""
    project = ready_project(
        level="county",
        approver=yuecheng_approver,
        editor=tashan_editor,
        street_editor=tashan_editor,
        operator="塔山社区运营公司",
    )
    experts = [make_expert(f"expert{n}") for n in range(1, 4)]
    evaluation = services.evaluation_start(actor=tashan_editor, project=project)
    filled(evaluation, tashan_editor)
    services.evaluation_submit(actor=yuecheng_editor, evaluation=evaluation)
    services.panel_form(actor=yuecheng_editor, evaluation=evaluation, experts=experts)
    for expert in experts:
        services.conflict_declare(actor=expert.user, project=project, has_conflict=False)
        score_all(evaluation, expert, share=Decimal("0.8"))
    services.decision_record(
        actor=yuecheng_approver, evaluation=evaluation, outcome="pass", document_number=DOCUMENT
    )
    return project


def _rows(section) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    return {r[0]: r[1:] for r in section["tables"][0]["rows"]}


def test_scenarios_per_district_as_of_the_month_end(accepted) -> None:
    today = today_local()
    month = today.replace(day=1)
    section = bulletin_section(month, today).as_json()
    rows = _rows(section)
    assert rows["全市"] == ["1"] + ["1"] * 9
    assert rows["越城区"] == rows["全市"] and rows["柯桥区"] == ["0"] * 10
    assert "经验收通过的社区 1 个" in section["paragraphs"][0]
    # a bulletin for the month before the decision does not count it
    earlier = bulletin_section(dt.date(2025, 1, 1), dt.date(2025, 1, 31)).as_json()
    assert _rows(earlier)["全市"] == ["0"] * 10


def test_a_demo_project_never_counts(accepted) -> None:
    Project.objects.filter(pk=accepted.pk).update(is_demo=True)
    today = today_local()
    section = bulletin_section(today.replace(day=1), today).as_json()
    assert _rows(section)["全市"] == ["0"] * 10
    assert "尚无验收通过的社区" in section["paragraphs"][0]


def test_reconstructed_rules_are_labelled_in_words(db) -> None:
    load_evaluation()
    today = today_local()
    notes = bulletin_section(today.replace(day=1), today).as_json()["notes"]
    assert any(n.startswith("场景“已建成”得分率：60%（推定（待核实），出处：") for n in notes)
    assert any(n.startswith("专家评分汇总方法：算术平均（推定（待核实）") for n in notes)
    assert not any("mean" in n.split("（")[0] for n in notes)  # the value, never the stored code
