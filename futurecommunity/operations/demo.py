"""Demo data (演示) of running the communities; idempotent, every row flagged ``is_demo``.

An integrated consortium operator (城投、物业企业、国有平台) chosen for one operating 柯桥区 project by
invited tender with separate evaluation and decision, a specialist childcare operator, the
project's operating plan, two confirmed quarters of indicators (so it operates effectively), a
quarter waiting for the district, funding sources with social capital, and a street's pooled
fund ledger. The operator account ``op_demo`` (password as for every demo account) logs in and
sees only its community.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from futurecommunity.accounts.models import Organisation, Role, User
from futurecommunity.audit.services import audit_record
from futurecommunity.common.time import today_local
from futurecommunity.operations import rules, services
from futurecommunity.operations.models import (
    ConsortiumMember,
    FundingSource,
    OperatingPlan,
    OperatorProfile,
    PlanItem,
    QuarterlyReport,
    Selection,
    ServiceLine,
    StreetFundEntry,
    WorksProcurement,
)
from futurecommunity.projects.demo import DEMO_PASSWORD
from futurecommunity.projects.models import Project, Status

KEQIAO = "330603"
OPERATOR_USER = "op_demo"
CONSORTIUM = "【演示】柯桥未来社区综合运营联合体"


def _credit(seed: str) -> str:
    return rules.credit_code_with_check(f"91330603MA{seed}".ljust(17, "0")[:17])


@transaction.atomic
def seed_demo() -> int | str:
    if OperatorProfile.objects.filter(organisation__name=CONSORTIUM).exists():
        return 0
    project = (
        Project.objects.filter(
            is_demo=True, region_code__startswith=KEQIAO, status=Status.OPERATING
        )
        .order_by("reference")
        .first()
    )
    city = User.objects.filter(username="city_clerk").first()
    clerk = User.objects.filter(username=f"d{KEQIAO}_clerk").first()
    lead = User.objects.filter(username=f"d{KEQIAO}_lead").first()
    if project is None or city is None or clerk is None or lead is None:
        return "缺少演示项目或演示账号，跳过"
    consortium = services.operator_register(
        actor=city,
        data=services.OperatorInput(
            name=CONSORTIUM,
            operator_kind="integrated",
            credit_code=_credit("0001"),
            services=("integrated", "elderly", "childcare", "commerce"),
            contact_name="【演示】张经理",
            contact_phone="0575-00000000",
            members=(
                services.MemberInput(
                    "【演示】柯桥城建集团", "state_platform", "牵头方", _credit("0002")
                ),
                services.MemberInput("【演示】某物业服务公司", "property", "成员", _credit("0003")),
                services.MemberInput(
                    "【演示】某房地产开发公司", "developer", "成员", _credit("0004")
                ),
            ),
            is_demo=True,
        ),
    )
    childcare = services.operator_register(
        actor=city,
        data=services.OperatorInput(
            name="【演示】柯桥普惠托育服务中心",
            operator_kind="specialist",
            credit_code=_credit("0005"),
            services=("childcare",),
            is_demo=True,
        ),
    )
    operator_user, _ = User.objects.get_or_create(
        username=OPERATOR_USER,
        defaults={
            "full_name": "运营联合体（演示）报送员",
            "organisation": consortium.organisation,
            "role": Role.EDITOR,
            "is_demo": True,
        },
    )
    operator_user.set_password(DEMO_PASSWORD)
    operator_user.is_active = True
    operator_user.save(update_fields=["password", "is_active"])
    today = today_local()
    decided = min(project.status_changed_on or today, today)
    Selection.objects.filter(project=project).delete()
    services.selection_record(
        actor=clerk,
        project=project,
        data=services.SelectionInput(
            operator_id=consortium.pk,
            mode="invited",
            bidders=f"{CONSORTIUM}\n【演示】绍兴某社区运营公司\n【演示】杭州某综合运营商",
            evaluation_result="【演示】评标委员会推荐3家为定标候选人，排序不作为定标依据。",
            evaluated_on=decided - dt.timedelta(days=10),
            decided_by="【演示】柯桥街道定标委员会",
            decision_basis="【演示】综合考虑运营方案、业绩和信用，择优定标（评定分离）。",
            decided_on=decided,
            contract_start=decided,
            contract_end=decided.replace(year=decided.year + 5),
            contract_services="综合运营：邻里中心、养老、托育、社区商业",
            contract_fees="基本公共服务免费；增值服务微利收费；运营补贴按绩效拨付",
            performance_clauses="居民满意度不低于80%；开放时间履约率不低于90%",
        ),
        is_demo=True,
    )
    WorksProcurement.objects.update_or_create(
        project=project,
        defaults={"mode": "epc", "note": "【演示】", "region_code": project.region_code},
    )
    for service, facility, operator in (
        ("elderly", "邻里中心居家养老服务站", consortium),
        ("childcare", "普惠托育园", childcare),
        ("culture", "文化家园", consortium),
        ("fitness", "百姓健身房", consortium),
    ):
        services.plan_item_save(
            actor=clerk,
            project=project,
            data=services.PlanItemInput(
                service=service,
                facility=f"【演示】{facility}",
                opening_hours="每日 8:00—20:00",
                pricing="基本服务免费，增值服务微利收费",
                staff=3,
                operator_id=operator.pk,
            ),
            summary="【演示】公共服务设施配置和运营方案",
            is_demo=True,
        )
    OperatingPlan.objects.filter(project=project).update(is_demo=True)
    year, quarter = rules.previous_quarter(*rules.quarter_of(today))
    last_three = [
        rules.previous_quarter(*rules.previous_quarter(year, quarter)),
        rules.previous_quarter(year, quarter),
        (year, quarter),
    ]
    for y, q in last_three:  # three confirmed quarters: the community operates effectively
        report = _report(project, consortium, operator_user, y, q)
        services.quarterly_report_review(actor=clerk, report=report, confirm=True)
    second = (
        Project.objects.filter(
            is_demo=True, region_code__startswith=KEQIAO, status=Status.OPERATING
        )
        .exclude(pk=project.pk)
        .order_by("reference")
        .first()
    )
    if second is not None:  # a second community whose last quarter waits for the district
        Selection.objects.filter(project=second).update(operator=consortium)
        _report(second, consortium, operator_user, year, quarter)
    for kind, investor, planned, received in (
        ("municipal", "", "5000000.00", "5000000.00"),
        ("district", "", "12000000.00", "10000000.00"),
        ("street_pooled", "", "2000000.00", "2000000.00"),
        ("social_capital", "【演示】柯桥城建集团", "8000000.00", "6500000.00"),
    ):
        services.funding_source_save(
            actor=clerk,
            project=project,
            data=services.FundingInput(
                kind=kind,
                year=project.creation_year,
                planned=Decimal(planned),
                received=Decimal(received),
                investor=investor,
            ),
            is_demo=True,
        )
    street = project.street_id
    services.street_fund_record(
        actor=clerk,
        street_code=street,
        data=services.StreetFundInput(
            occurred_on=dt.date(project.creation_year, 3, 1), direction="in", amount=Decimal("3000000.00"),
            source="【演示】归集社区工作经费、为民办实事项目资金",
        ),
        is_demo=True,
    )  # fmt: skip
    services.street_fund_record(
        actor=clerk,
        street_code=street,
        data=services.StreetFundInput(
            occurred_on=dt.date(project.creation_year, 6, 1), direction="out", amount=Decimal("2000000.00"),
            use="construction", project_reference=project.reference, source="【演示】邻里中心改造",
        ),
        is_demo=True,
    )  # fmt: skip
    audit_record(actor=city, action="demo.seed", reason="创建运营与资金演示数据。")
    return 2


def _report(project, operator, user, year, quarter):  # type: ignore[no-untyped-def]
    submitted = min(
        dt.datetime.combine(
            rules.quarter_end(year, quarter) + dt.timedelta(days=5), dt.time(2), tzinfo=dt.UTC
        ),
        timezone.now(),
    )
    report = QuarterlyReport.objects.create(
        project=project,
        operator=operator,
        region_code=project.region_code,
        year=year,
        quarter=quarter,
        hours_kept_percent=Decimal("96.5"),
        survey_responses=200,
        survey_satisfied=178,
        revenue=Decimal("386000.00"),
        subsidy=Decimal("120000.00"),
        status="submitted",
        submitted_at=submitted,
        submitted_by=user,
        is_demo=True,
    )
    for service in ("elderly", "childcare", "culture", "fitness"):
        ServiceLine.objects.create(report=report, service=service, is_open=True, people_served=1200)
    return report


@transaction.atomic
def remove_demo() -> int:
    """Delete the demo rows of this app (projects are removed by the projects app afterwards)."""
    count = 0
    for model in (StreetFundEntry, FundingSource, QuarterlyReport, Selection, WorksProcurement):
        count += (
            model.objects.filter(project__is_demo=True).delete()[0]
            if model is not StreetFundEntry
            else model.objects.filter(is_demo=True).delete()[0]
        )
    PlanItem.objects.filter(plan__project__is_demo=True).delete()
    OperatingPlan.objects.filter(project__is_demo=True).delete()
    profiles = OperatorProfile.objects.filter(is_demo=True)
    orgs = list(profiles.values_list("organisation_id", flat=True))
    ConsortiumMember.objects.filter(operator__in=profiles).delete()
    User.objects.filter(organisation_id__in=orgs, is_demo=True).update(is_active=False)
    count += profiles.count()
    profiles.delete()
    Organisation.objects.filter(pk__in=orgs, members__isnull=True).delete()
    return count
