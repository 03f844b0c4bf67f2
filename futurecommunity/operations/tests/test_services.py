"""Services on real objects of two districts: permission, validation, hand-offs, guards."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.errors import DomainError, PermissionDenied, ValidationFailed
from futurecommunity.notifications.models import Message
from futurecommunity.operations import selectors, services
from futurecommunity.operations.models import (
    FundingSource,
    OperatorProfile,
    QuarterlyReport,
    ReportStatus,
    Selection,
    StreetFundEntry,
)
from futurecommunity.operations.tests import factories as f
from futurecommunity.projects.models import Status
from futurecommunity.projects.services import project_transition
from futurecommunity.projects.tests.factories import (
    GUANSHU,
    KEQIAO,
    KEQIAO_STREET,
    ProjectFactory,
    advance,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tashan_project(tashan_editor):  # type: ignore[no-untyped-def]
    return ProjectFactory(actor=tashan_editor)


@pytest.fixture
def keqiao_project(keqiao_editor):  # type: ignore[no-untyped-def]
    return ProjectFactory(
        actor=keqiao_editor,
        district_code=KEQIAO,
        street_code=KEQIAO_STREET,
        community_codes=(GUANSHU,),
        name="柯桥测试社区",
    )


def _counts() -> tuple[int, int, int]:
    return OperatorProfile.objects.count(), Selection.objects.count(), AuditEntry.objects.count()


def test_only_the_city_office_registers_operators(city_editor, yuecheng_editor) -> None:
    before = _counts()
    with pytest.raises(PermissionDenied):
        f.operator(yuecheng_editor)
    assert _counts() == before
    profile = f.operator(city_editor)
    assert profile.organisation.kind == "operator"
    assert AuditEntry.objects.filter(action="operator.register").count() == 1


def test_operator_validation_lists_every_field(city_editor) -> None:
    with pytest.raises(ValidationFailed) as caught:
        services.operator_register(
            actor=city_editor,
            data=services.OperatorInput(
                name="", operator_kind="specialist", credit_code="123",
                members=(services.MemberInput("", "alien"),),
            ),
        )  # fmt: skip
    assert set(caught.value.errors) == {"name", "credit_code", "services", "members"}
    assert "专业运营商须注明" in caught.value.errors["services"][0]


def test_invited_tender_needs_three_bidders_and_separate_decision(
    city_editor, tashan_editor, tashan_project
) -> None:
    profile = f.operator(city_editor)
    with pytest.raises(ValidationFailed) as caught:
        services.selection_record(
            actor=tashan_editor,
            project=tashan_project,
            data=services.SelectionInput(
                operator_id=profile.pk,
                mode="invited",
                bidders="甲\n乙",
                decided_on=dt.date(2025, 1, 1),
            ),
        )
    assert {"bidders", "decided_by", "decision_basis", "evaluation_result"} <= set(
        caught.value.errors
    )
    assert Selection.objects.count() == 0


def test_a_specialist_cannot_be_the_integrated_operator(
    city_editor, tashan_editor, tashan_project
) -> None:
    specialist = f.operator(city_editor, name="托育中心", kind="specialist")
    with pytest.raises(ValidationFailed) as caught:
        f.choose(tashan_editor, tashan_project, specialist)
    assert "综合运营商" in caught.value.errors["operator_id"][0]


def test_another_district_cannot_record_a_selection(
    city_editor, keqiao_editor, tashan_project
) -> None:
    profile = f.operator(city_editor)
    before = _counts()
    with pytest.raises(PermissionDenied):
        f.choose(keqiao_editor, tashan_project, profile)
    assert _counts() == before


def test_selection_tells_the_operator(
    city_editor, tashan_editor, tashan_project, django_capture_on_commit_callbacks
) -> None:
    profile = f.operator(city_editor)
    member = f.operator_user(profile)
    with django_capture_on_commit_callbacks(execute=True):
        f.choose(tashan_editor, tashan_project, profile)
    assert Message.objects.filter(recipient=member, kind="operations.selected").count() == 1


def test_operator_reports_district_confirms_and_the_community_operates_effectively(
    city_editor,
    tashan_editor,
    yuecheng_editor,
    keqiao_editor,
    tashan_project,
    django_capture_on_commit_callbacks,
) -> None:
    profile = f.operator(city_editor)
    member = f.operator_user(profile)
    f.choose(tashan_editor, tashan_project, profile)
    with django_capture_on_commit_callbacks(execute=True):
        q2 = services.quarterly_report_submit(
            actor=member, project=tashan_project, data=f.quarter(2026, 2)
        )
    assert Message.objects.filter(
        recipient=yuecheng_editor, kind="operations.report_submitted"
    ).exists()
    assert not Message.objects.filter(recipient=keqiao_editor).exists()
    q3 = services.quarterly_report_submit(
        actor=member, project=tashan_project, data=f.quarter(2026, 3)
    )
    with pytest.raises(PermissionDenied):
        services.quarterly_report_review(actor=keqiao_editor, report=q2, confirm=True)
    with pytest.raises(PermissionDenied):  # the city office does not confirm: the district does
        services.quarterly_report_review(actor=city_editor, report=q2, confirm=True)
    for report in (q2, q3):
        services.quarterly_report_review(actor=yuecheng_editor, report=report, confirm=True)
    verdict = selectors.effective_operation(tashan_project, as_of=dt.date(2026, 10, 20))
    assert verdict.effective, verdict.reasons


def test_a_returned_report_can_be_resubmitted_a_confirmed_one_is_final(
    city_editor, tashan_editor, yuecheng_editor, tashan_project
) -> None:
    profile = f.operator(city_editor)
    member = f.operator_user(profile)
    f.choose(tashan_editor, tashan_project, profile)
    report = services.quarterly_report_submit(
        actor=member, project=tashan_project, data=f.quarter(2026, 2)
    )
    with pytest.raises(ValidationFailed):
        services.quarterly_report_review(
            actor=yuecheng_editor, report=report, confirm=False, remark=""
        )
    services.quarterly_report_review(
        actor=yuecheng_editor, report=report, confirm=False, remark="满意度样本不足"
    )
    again = services.quarterly_report_submit(
        actor=member, project=tashan_project, data=f.quarter(2026, 2, satisfied=90)
    )
    assert (
        again.pk == report.pk
        and again.status == ReportStatus.SUBMITTED
        and again.survey_satisfied == 90
    )
    services.quarterly_report_review(actor=yuecheng_editor, report=again, confirm=True)
    with pytest.raises(DomainError, match="退回后才能重新报送"):
        services.quarterly_report_submit(
            actor=member, project=tashan_project, data=f.quarter(2026, 2)
        )


def test_only_the_chosen_operator_reports_and_not_for_an_unfinished_quarter(
    city_editor, tashan_editor, tashan_project
) -> None:
    chosen = f.operator(city_editor, name="甲运营")
    other = f.operator(city_editor, name="乙运营")
    f.choose(tashan_editor, tashan_project, chosen)
    with pytest.raises(PermissionDenied):
        services.quarterly_report_submit(
            actor=f.operator_user(other, "other_op"), project=tashan_project, data=f.quarter()
        )
    with pytest.raises(ValidationFailed) as caught:
        services.quarterly_report_submit(
            actor=f.operator_user(chosen), project=tashan_project, data=f.quarter(2026, 4)
        )
    assert "尚未结束" in caught.value.errors["quarter"][0]
    assert QuarterlyReport.objects.count() == 0


def test_operating_needs_an_operator_and_a_plan(
    city_editor, city_approver, tashan_editor, yuecheng_approver, tashan_project
) -> None:
    advance(tashan_project, "published", approver=yuecheng_approver, editor=tashan_editor)
    Selection.objects.filter(project=tashan_project).delete()
    tashan_project.operating_plan.items.all().delete()
    audit_before = AuditEntry.objects.count()
    with pytest.raises(DomainError) as caught:
        project_transition(actor=tashan_editor, project=tashan_project, target=Status.OPERATING)
    assert (
        "三(三)" in caught.value.message
        and "综合集成运营商" in caught.value.message
        and "运营方案" in caught.value.message
    )
    tashan_project.refresh_from_db()
    assert tashan_project.status == Status.PUBLISHED and AuditEntry.objects.count() == audit_before
    f.choose(tashan_editor, tashan_project, f.operator(city_editor))
    with pytest.raises(DomainError, match="编制运营方案"):
        project_transition(actor=tashan_editor, project=tashan_project, target=Status.OPERATING)
    f.plan(tashan_editor, tashan_project)
    project_transition(actor=tashan_editor, project=tashan_project, target=Status.OPERATING)
    tashan_project.refresh_from_db()
    assert tashan_project.status == Status.OPERATING


def test_a_renovation_project_without_plan_cannot_be_accepted(
    city_approver, tashan_editor, yuecheng_approver, tashan_project
) -> None:
    advance(
        tashan_project, "acceptance_requested", approver=yuecheng_approver, editor=tashan_editor
    )
    assert tashan_project.build_type == "renovation"
    # A county project is accepted by the evaluation's decision (二(一) T2/T3), as there.
    with pytest.raises(DomainError, match="运营方案后方可验收通过"):
        project_transition(
            actor=yuecheng_approver,
            project=tashan_project,
            target=Status.ACCEPTED,
            document_number="越风貌〔2026〕1号",
            by_evaluation=True,
        )
    f.plan(tashan_editor, tashan_project)
    project_transition(
        actor=yuecheng_approver,
        project=tashan_project,
        target=Status.ACCEPTED,
        document_number="越风貌〔2026〕1号",
        by_evaluation=True,
    )


def test_funding_import_is_all_or_nothing_with_every_error(
    tashan_editor, tashan_project, keqiao_project
) -> None:
    good = services.FundingInput(
        kind="district", year=2025, planned=Decimal("100.00"), received=Decimal("50.00")
    )
    rows = [
        services.ImportRow(2, tashan_project.reference, good),
        services.ImportRow(3, "WL-NOPE", good),
        services.ImportRow(4, keqiao_project.reference, good),
        services.ImportRow(
            5,
            tashan_project.reference,
            services.FundingInput(
                kind="social_capital", year=2025, planned=Decimal("1.001"), received=Decimal("-1")
            ),
        ),
    ]
    with pytest.raises(ValidationFailed) as caught:
        services.funding_import(
            actor=tashan_editor, rows=rows, read_errors={"第6行": ["第6行：年度应为四位数字。"]}
        )
    texts = [t for ts in caught.value.errors.values() for t in ts]
    assert any("第3行" in t and "未找到项目编号" in t for t in texts)
    assert any("第4行" in t and "不在您的管辖范围" in t for t in texts)
    assert any("第5行" in t and "出资方" in t for t in texts)
    assert any("第5行" in t and "两位小数" in t for t in texts)
    assert any("第5行" in t and "不能为负数" in t for t in texts)
    assert texts[-1].startswith("第6行")
    assert FundingSource.objects.count() == 0
    assert services.funding_import(actor=tashan_editor, rows=rows[:1]) == 1
    assert selectors.received_total(tashan_project) == Decimal("50.00")


def test_the_street_fund_cannot_be_overdrawn_and_another_street_cannot_write(
    tashan_editor, keqiao_editor
) -> None:
    pooled = services.StreetFundInput(
        occurred_on=dt.date(2025, 3, 1), direction="in", amount=Decimal("100.00"), source="归集"
    )
    services.street_fund_record(actor=tashan_editor, street_code="330602001", data=pooled)
    spend = services.StreetFundInput(
        occurred_on=dt.date(2025, 4, 1),
        direction="out",
        use="operation",
        amount=Decimal("100.01"),
        source="运营补贴",
    )
    with pytest.raises(DomainError, match="不足以支出"):
        services.street_fund_record(actor=tashan_editor, street_code="330602001", data=spend)
    with pytest.raises(PermissionDenied):
        services.street_fund_record(actor=keqiao_editor, street_code="330602001", data=pooled)
    assert StreetFundEntry.objects.count() == 1
    balance = selectors.street_fund_balance("330602001")
    assert balance.balance == Decimal("100.00")


def test_parameters_are_set_by_the_city_with_a_reason(city_editor, yuecheng_editor) -> None:
    from futurecommunity.operations.loaders import load_operations

    load_operations()
    with pytest.raises(PermissionDenied):
        services.parameter_update(
            actor=yuecheng_editor, key="effective_min_satisfaction", value="85", reason="x"
        )
    with pytest.raises(ValidationFailed):
        services.parameter_update(
            actor=city_editor,
            key="effective_min_satisfaction",
            value="101",
            reason="绍风貌〔2026〕3号",
        )
    with pytest.raises(ValidationFailed):
        services.parameter_update(
            actor=city_editor, key="effective_min_satisfaction", value="85", reason=""
        )
    row = services.parameter_update(
        actor=city_editor, key="effective_min_satisfaction", value="85", reason="绍风貌〔2026〕3号"
    )
    assert row.confidence == "local" and selectors.parameters().min_satisfaction_percent == Decimal(
        "85"
    )
    assert load_operations()["kept"] == 1  # reloading keeps the city's value
