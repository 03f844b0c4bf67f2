"""The acceptance flow through the real services, on projects of two districts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.errors import DomainError, PermissionDenied
from futurecommunity.common.time import today_local
from futurecommunity.evaluation import selectors, services
from futurecommunity.evaluation.models import (
    Decision,
    Evaluation,
    EvaluationStatus,
    PanelMember,
    Score,
)
from futurecommunity.evaluation.tests.factories import (
    evidence,
    filled,
    make_expert,
    ready_project,
    score_all,
)
from futurecommunity.notifications.models import Message
from futurecommunity.projects import services as project_services
from futurecommunity.projects.models import Project
from futurecommunity.projects.tests.factories import DOCUMENT
from futurecommunity.rectification.models import RectificationOrder

pytestmark = pytest.mark.django_db


@pytest.fixture
def experts():
    return [make_expert(f"expert{n}") for n in range(1, 4)]


@pytest.fixture
def county_project(yuecheng_approver, yuecheng_editor, tashan_editor):
    return ready_project(
        level="county",
        approver=yuecheng_approver,
        editor=tashan_editor,
        street_editor=tashan_editor,
        operator="塔山社区运营公司",
    )


def scored(project, experts, *, street, district, share=Decimal("0.8"), declared="done"):
    """Self-assessment filled and submitted, panel formed, every expert scored ``share``."""
    evaluation = services.evaluation_start(actor=street, project=project)
    filled(evaluation, street, declared=declared)
    services.evaluation_submit(actor=district, evaluation=evaluation)
    services.panel_form(actor=district, evaluation=evaluation, experts=experts, leader=experts[0])
    for expert in experts:
        score_all(evaluation, expert, share=share)
    evaluation.refresh_from_db()
    return evaluation


def test_county_flow_conditional_pass_issues_orders_and_accepts(
    county_project, experts, tashan_editor, yuecheng_editor, yuecheng_approver
):
    evaluation = scored(county_project, experts, street=tashan_editor, district=yuecheng_editor)
    assert evaluation.status == EvaluationStatus.SCORED
    deadline = today_local() + dt.timedelta(days=30)
    decision = services.decision_record(
        actor=yuecheng_approver,
        evaluation=evaluation,
        outcome="conditional",
        document_number="越风貌验〔2026〕3号",
        conditions=[services.ConditionInput("补齐老年食堂助餐记录", deadline)],
    )
    assert decision.score == Decimal("80.00")
    assert Project.objects.get(pk=county_project.pk).status == "accepted"
    order = RectificationOrder.objects.get(pk=decision.conditions.get().order_id)
    assert order.recipient.region_code == county_project.street_id
    assert order.deadline == deadline
    assert order.issuer == yuecheng_approver.organisation
    assert Evaluation.objects.get(pk=evaluation.pk).status == EvaluationStatus.DECIDED
    assert AuditEntry.objects.filter(action="evaluation.decide").count() == 1


def test_municipal_project_is_decided_by_the_city_not_the_district(
    experts, yuecheng_editor, tashan_editor, city_approver, city_editor, yuecheng_approver
):
    project = ready_project(
        level="municipal", approver=city_approver, editor=tashan_editor, street_editor=tashan_editor
    )
    evaluation = services.evaluation_start(actor=tashan_editor, project=project)
    filled(evaluation, tashan_editor)
    services.evaluation_submit(actor=yuecheng_editor, evaluation=evaluation)
    with pytest.raises(PermissionDenied):
        services.panel_form(actor=yuecheng_editor, evaluation=evaluation, experts=experts)
    services.panel_form(actor=city_editor, evaluation=evaluation, experts=experts)
    for expert in experts:
        score_all(evaluation, expert, share=Decimal("0.9"))
    with pytest.raises(PermissionDenied):
        services.decision_record(
            actor=yuecheng_approver, evaluation=evaluation, outcome="pass", document_number="x"
        )
    services.decision_record(
        actor=city_approver,
        evaluation=evaluation,
        outcome="pass",
        document_number="绍风貌验〔2026〕1号",
    )
    assert Project.objects.get(pk=project.pk).status == "accepted"


def test_score_exactly_at_threshold_passes(
    county_project, experts, tashan_editor, yuecheng_editor, yuecheng_approver
):
    evaluation = scored(
        county_project,
        experts,
        street=tashan_editor,
        district=yuecheng_editor,
        share=Decimal("0.7"),
    )
    assert evaluation.system.pass_score == Decimal("70")
    decision = services.decision_record(
        actor=yuecheng_approver, evaluation=evaluation, outcome="pass", document_number=DOCUMENT
    )
    assert decision.score == Decimal("70.00")


def test_score_one_point_below_threshold_is_refused_with_clause(
    county_project, experts, tashan_editor, yuecheng_editor, yuecheng_approver
):
    evaluation = scored(
        county_project,
        experts,
        street=tashan_editor,
        district=yuecheng_editor,
        share=Decimal("0.7"),
    )
    evaluation.system.pass_score = Decimal("71")
    evaluation.system.save(update_fields=["pass_score"])
    for outcome in ("pass", "conditional"):
        with pytest.raises(DomainError) as refused:
            services.decision_record(
                actor=yuecheng_approver,
                evaluation=evaluation,
                outcome=outcome,
                document_number=DOCUMENT,
                conditions=[services.ConditionInput("整改", today_local())],
            )
        assert "70.00 分低于通过分数线 71.00 分" in refused.value.message
        assert "二(一) T3" in refused.value.message
    assert not Decision.objects.exists()
    assert not RectificationOrder.objects.exists()
    assert Project.objects.get(pk=county_project.pk).status == "acceptance_requested"


def test_missing_required_indicator_refuses_pass_but_allows_fail(
    county_project, experts, tashan_editor, yuecheng_editor, yuecheng_approver
):
    evaluation = services.evaluation_start(actor=tashan_editor, project=county_project)
    filled(evaluation, tashan_editor)
    he02 = evaluation.answers.get(indicator__code="HE02")
    services.answers_save(
        actor=tashan_editor,
        evaluation=evaluation,
        answers=[services.AnswerInput(indicator_id=he02.indicator_id, declared="not")],
    )
    services.evaluation_submit(actor=yuecheng_editor, evaluation=evaluation)
    services.panel_form(actor=yuecheng_editor, evaluation=evaluation, experts=experts)
    for expert in experts:
        score_all(evaluation, expert, share=Decimal("0.95"))
    with pytest.raises(DomainError) as refused:
        services.decision_record(
            actor=yuecheng_approver, evaluation=evaluation, outcome="pass", document_number=DOCUMENT
        )
    assert "HE02“居家养老服务照料中心与老年食堂”" in refused.value.message
    assert "约束性指标须全部达到" in refused.value.message
    services.decision_record(
        actor=yuecheng_approver,
        evaluation=evaluation,
        outcome="fail",
        document_number=DOCUMENT,
        remark="必备指标缺项。",
    )
    assert Project.objects.get(pk=county_project.pk).status == "acceptance_failed"


def test_expert_with_declared_conflict_cannot_join_panel(
    county_project, experts, tashan_editor, yuecheng_editor
):
    evaluation = services.evaluation_start(actor=tashan_editor, project=county_project)
    filled(evaluation, tashan_editor)
    services.evaluation_submit(actor=yuecheng_editor, evaluation=evaluation)
    services.conflict_declare(
        actor=experts[1].user,
        project=county_project,
        has_conflict=True,
        statement="曾参与该项目设计",
    )
    with pytest.raises(DomainError) as refused:
        services.panel_form(actor=yuecheng_editor, evaluation=evaluation, experts=experts)
    assert refused.value.code == "conflict_of_interest"
    assert str(experts[1].user) in refused.value.message
    assert not PanelMember.objects.exists()
    assert Evaluation.objects.get(pk=evaluation.pk).status == EvaluationStatus.SUBMITTED


def test_conflict_declared_after_seating_withdraws_the_seat(
    county_project, experts, tashan_editor, yuecheng_editor, django_capture_on_commit_callbacks
):
    evaluation = services.evaluation_start(actor=tashan_editor, project=county_project)
    filled(evaluation, tashan_editor)
    services.evaluation_submit(actor=yuecheng_editor, evaluation=evaluation)
    services.panel_form(actor=yuecheng_editor, evaluation=evaluation, experts=experts)
    with django_capture_on_commit_callbacks(execute=True):
        services.conflict_declare(
            actor=experts[2].user, project=county_project, has_conflict=True, statement="亲属任职"
        )
    assert set(evaluation.panel.values_list("expert_id", flat=True)) == {
        experts[0].pk,
        experts[1].pk,
    }
    assert Message.objects.filter(
        recipient=yuecheng_editor, kind="evaluation.expert_recused"
    ).exists()


def test_nobody_sees_another_experts_scores_before_all_have_scored(
    county_project, experts, tashan_editor, yuecheng_editor, yuecheng_approver
):
    evaluation = services.evaluation_start(actor=tashan_editor, project=county_project)
    filled(evaluation, tashan_editor)
    services.evaluation_submit(actor=yuecheng_editor, evaluation=evaluation)
    services.panel_form(actor=yuecheng_editor, evaluation=evaluation, experts=experts)
    score_all(evaluation, experts[0], share=Decimal("0.8"))
    score_all(evaluation, experts[1], share=Decimal("0.6"))
    mine = selectors.score_sheets_for(viewer=experts[1].user, evaluation=evaluation)
    assert [m.expert_id for m in mine] == [experts[1].pk]
    (own,) = selectors.score_sheets_for(viewer=experts[2].user, evaluation=evaluation)
    assert own.expert_id == experts[2].pk and not own.scores.exists()
    assert selectors.score_sheets_for(viewer=yuecheng_approver, evaluation=evaluation) == []
    score_all(evaluation, experts[2], share=Decimal("0.7"))
    everyone = selectors.score_sheets_for(viewer=experts[2].user, evaluation=evaluation)
    assert len(everyone) == 3
    assert len(selectors.score_sheets_for(viewer=yuecheng_approver, evaluation=evaluation)) == 3


def test_submitted_scores_are_locked(county_project, experts, tashan_editor, yuecheng_editor):
    evaluation = scored(county_project, experts[:3], street=tashan_editor, district=yuecheng_editor)
    indicator = evaluation.system.indicators.first()
    with pytest.raises(DomainError):
        services.scores_save(
            actor=experts[0].user, evaluation=evaluation, scores={indicator.pk: ("0", "")}
        )
    assert Score.objects.get(member__expert=experts[0], indicator=indicator).score > 0


def test_score_above_points_refused(county_project, experts, tashan_editor, yuecheng_editor):
    evaluation = services.evaluation_start(actor=tashan_editor, project=county_project)
    filled(evaluation, tashan_editor)
    services.evaluation_submit(actor=yuecheng_editor, evaluation=evaluation)
    services.panel_form(actor=yuecheng_editor, evaluation=evaluation, experts=experts)
    services.conflict_declare(actor=experts[0].user, project=county_project, has_conflict=False)
    pl01 = evaluation.system.indicators.get(code="PL01")
    with pytest.raises(DomainError) as refused:
        services.scores_save(
            actor=experts[0].user, evaluation=evaluation, scores={pl01.pk: ("6.01", "")}
        )
    assert "0至6.00分之间" in refused.value.message
    assert not Score.objects.exists()


def test_scoring_needs_a_no_conflict_declaration(
    county_project, experts, tashan_editor, yuecheng_editor
):
    evaluation = services.evaluation_start(actor=tashan_editor, project=county_project)
    filled(evaluation, tashan_editor)
    services.evaluation_submit(actor=yuecheng_editor, evaluation=evaluation)
    services.panel_form(actor=yuecheng_editor, evaluation=evaluation, experts=experts)
    with pytest.raises(DomainError) as refused:
        services.scores_save(actor=experts[0].user, evaluation=evaluation, scores={})
    assert refused.value.code == "no_declaration"


def test_incomplete_self_assessment_cannot_be_submitted(
    county_project, tashan_editor, yuecheng_editor
):
    evaluation = services.evaluation_start(actor=tashan_editor, project=county_project)
    first = evaluation.answers.order_by("indicator__order").first()
    services.answers_save(
        actor=tashan_editor,
        evaluation=evaluation,
        answers=[services.AnswerInput(indicator_id=first.indicator_id, declared="done")],
    )
    with pytest.raises(DomainError) as refused:
        services.evaluation_submit(actor=yuecheng_editor, evaluation=evaluation)
    assert "须上传佐证材料" in refused.value.message
    assert "共 30 项待补充" in refused.value.message
    assert Evaluation.objects.get(pk=evaluation.pk).status == EvaluationStatus.DRAFT


def test_street_cannot_submit_and_other_district_cannot_fill(
    county_project, tashan_editor, keqiao_editor
):
    evaluation = services.evaluation_start(actor=tashan_editor, project=county_project)
    filled(evaluation, tashan_editor)
    with pytest.raises(PermissionDenied):
        services.evaluation_submit(actor=tashan_editor, evaluation=evaluation)
    with pytest.raises(PermissionDenied):
        services.answers_save(actor=keqiao_editor, evaluation=evaluation, answers=[])
    with pytest.raises(PermissionDenied):
        services.evaluation_start(actor=keqiao_editor, project=county_project)


def test_computed_values_come_from_project_records(county_project, tashan_editor):
    evaluation = services.evaluation_start(actor=tashan_editor, project=county_project)
    operator = evaluation.answers.get(indicator__code="SV02")
    # Only the text of the project form: named, but no selection recorded (三(三), operations app).
    assert operator.computed == "partly"
    assert (
        "塔山社区运营公司" in operator.computed_note
        and "尚未登记选择与定标" in operator.computed_note
    )
    renovation = evaluation.answers.get(indicator__code="GO02")
    assert renovation.computed == "not"
    coverage = evaluation.answers.get(indicator__code="HE02")
    assert coverage.computed == ""
    assert "尚无生活圈分析结果" in coverage.computed_note


def test_county_project_falls_back_to_municipal_standard_until_district_rules_exist(county_project):
    system, note = services.system_for_project(county_project)
    assert system is not None and system.kind == "municipal"
    assert "二(一) T3" in note


def test_typing_a_document_number_no_longer_accepts_municipal_or_county(
    county_project, yuecheng_approver
):
    with pytest.raises(DomainError) as refused:
        project_services.project_transition(
            actor=yuecheng_approver,
            project=county_project,
            target="accepted",
            document_number=DOCUMENT,
        )
    assert "须经评价验收" in refused.value.message
    assert Project.objects.get(pk=county_project.pk).status == "acceptance_requested"


def test_provincial_outcome_is_still_recorded_with_its_document_number(
    city_approver, tashan_editor
):
    project = ready_project(
        level="provincial",
        approver=city_approver,
        editor=tashan_editor,
        street_editor=tashan_editor,
    )
    project_services.project_transition(
        actor=city_approver, project=project, target="accepted", document_number="浙风貌〔2026〕5号"
    )
    assert Project.objects.get(pk=project.pk).status == "accepted"
    with pytest.raises(DomainError):
        services.evaluation_start(actor=tashan_editor, project=project)


def test_evidence_file_type_checked(county_project, tashan_editor):
    evaluation = services.evaluation_start(actor=tashan_editor, project=county_project)
    first = evaluation.answers.first()
    with pytest.raises(DomainError):
        services.answers_save(
            actor=tashan_editor,
            evaluation=evaluation,
            answers=[
                services.AnswerInput(
                    indicator_id=first.indicator_id, declared="done", files=[evidence("x.exe")]
                )
            ],
        )
    assert not first.evidence.exists()


def test_city_office_keeps_the_expert_pool(city_editor, yuecheng_editor, tashan_editor):
    expert = make_expert("pool_expert")
    profile = services.expert_register(
        actor=city_editor,
        user=expert.user,
        field="社区治理",
        work_unit="绍兴文理学院",
        is_active=False,
    )
    assert (profile.field, profile.is_active) == ("社区治理", False)
    with pytest.raises(PermissionDenied):
        services.expert_register(actor=yuecheng_editor, user=expert.user, field="x", work_unit="y")
    with pytest.raises(DomainError):
        services.expert_register(actor=city_editor, user=tashan_editor, field="x", work_unit="y")
    assert not hasattr(tashan_editor, "expert_profile") or tashan_editor.expert_profile is None


def test_indicator_of_a_version_in_use_cannot_be_edited(county_project, tashan_editor, city_editor):
    from futurecommunity.evaluation import imports
    from futurecommunity.evaluation.models import IndexSystem

    provincial = IndexSystem.objects.get(code="zj-index-2023-draft")
    indicator = provincial.indicators.get(code="EN01")
    imports.indicator_update(actor=city_editor, indicator=indicator, points=Decimal("3"),
                             is_required=False, kind="standard")  # fmt: skip
    indicator.refresh_from_db()
    assert (indicator.points, indicator.kind) == (Decimal("3"), "standard")
    evaluation = services.evaluation_start(actor=tashan_editor, project=county_project)
    used = evaluation.system.indicators.get(code="EN01")
    with pytest.raises(DomainError) as refused:
        imports.indicator_update(actor=city_editor, indicator=used, points=Decimal("9"),
                                 is_required=True, kind="standard")  # fmt: skip
    assert "请导入新版本" in refused.value.message
    used.refresh_from_db()
    assert used.points == Decimal("2")


def test_parameter_change_needs_source_and_bounds_and_switches_method(
    city_editor, yuecheng_editor, county_project, experts, tashan_editor, yuecheng_approver
):
    from futurecommunity.evaluation.models import EvaluationParameter

    row = EvaluationParameter.objects.get(key="aggregation_method")
    with pytest.raises(PermissionDenied):
        services.parameter_update(actor=yuecheng_editor, row=row, value="trimmed_mean", source="x")
    with pytest.raises(DomainError):
        services.parameter_update(
            actor=city_editor, row=row, value="median", source="绍风貌〔2026〕3号"
        )
    with pytest.raises(DomainError):
        services.parameter_update(actor=city_editor, row=row, value="trimmed_mean", source=" ")
    services.parameter_update(
        actor=city_editor, row=row, value="trimmed_mean", source="绍风貌〔2026〕3号"
    )
    evaluation = services.evaluation_start(actor=tashan_editor, project=county_project)
    filled(evaluation, tashan_editor)
    services.evaluation_submit(actor=yuecheng_editor, evaluation=evaluation)
    services.panel_form(actor=yuecheng_editor, evaluation=evaluation, experts=experts)
    for expert, share in zip(experts, ("0.95", "0.75", "0.5"), strict=True):
        score_all(evaluation, expert, share=Decimal(share))
    decision = services.decision_record(
        actor=yuecheng_approver, evaluation=evaluation, outcome="pass", document_number=DOCUMENT
    )
    assert decision.score == Decimal("75.00")  # highest and lowest dropped; the mean would be 73.33


def test_scenario_picture_counts_built_scenarios_per_community(
    county_project, experts, tashan_editor, yuecheng_editor, yuecheng_approver
):
    from futurecommunity.evaluation.scenarios import scenario_picture
    from futurecommunity.projects.tests.factories import HUAYUAN

    evaluation = services.evaluation_start(actor=tashan_editor, project=county_project)
    filled(evaluation, tashan_editor)
    services.evaluation_submit(actor=yuecheng_editor, evaluation=evaluation)
    services.panel_form(actor=yuecheng_editor, evaluation=evaluation, experts=experts)
    for expert in experts:
        services.conflict_declare(actor=expert.user, project=county_project, has_conflict=False)
        scores = {
            i.pk: (str(i.points * Decimal("0.5" if i.dimension.code == "TRANSPORT" else "0.8")), "")
            for i in evaluation.system.indicators.select_related("dimension")
        }
        services.scores_save(actor=expert.user, evaluation=evaluation, scores=scores, submit=True)
    assert scenario_picture(prefix="330602").communities == {}  # nothing decided yet
    services.decision_record(
        actor=yuecheng_approver, evaluation=evaluation, outcome="pass", document_number=DOCUMENT
    )
    picture = scenario_picture(prefix="330602")
    assert picture.communities[HUAYUAN] == {
        "NEIGHBOURHOOD", "EDUCATION", "HEALTH", "ENTREPRENEURSHIP", "BUILDING", "LOW_CARBON",
        "SERVICE", "GOVERNANCE",
    }  # fmt: skip
    assert picture.counts()["TRANSPORT"] == 0 and picture.counts()["HEALTH"] == 1
    assert scenario_picture(prefix="330603").communities == {}


def test_hand_offs_notify_whoever_acts_next(
    county_project, experts, tashan_editor, yuecheng_editor, yuecheng_approver,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        evaluation = services.evaluation_start(actor=tashan_editor, project=county_project)
        filled(evaluation, tashan_editor)
        services.evaluation_submit(actor=yuecheng_editor, evaluation=evaluation)
        services.panel_form(actor=yuecheng_editor, evaluation=evaluation, experts=experts)
        for expert in experts:
            score_all(evaluation, expert, share=Decimal("0.8"))
        services.decision_record(
            actor=yuecheng_approver, evaluation=evaluation, outcome="pass", document_number=DOCUMENT
        )
    kinds = set(Message.objects.filter(recipient=yuecheng_editor).values_list("kind", flat=True))
    assert {"evaluation.started", "evaluation.submitted", "evaluation.scored"} <= kinds
    assert (
        Message.objects.filter(recipient=experts[0].user, kind="evaluation.panel_seat").count() == 1
    )
    assert Message.objects.filter(recipient=tashan_editor, kind="evaluation.decided").count() == 1
