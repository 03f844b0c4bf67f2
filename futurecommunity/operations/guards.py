"""Lifecycle preconditions of running a community (三(三)), registered with ``projects.guards``.

- 运营中 only with an integrated operator chosen (定标) and an operating plan.
- An old-renovation project is accepted (验收通过) only with its operating plan: the text asks
  every renovation plan to state "公共服务设施配置和运营方案".
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from futurecommunity.accounts.models import Organisation, OrganisationKind, User
from futurecommunity.audit.services import audit_record
from futurecommunity.operations import rules
from futurecommunity.operations.models import (
    OperatingPlan,
    OperatorKind,
    OperatorProfile,
    PlanItem,
    Selection,
    SelectionMode,
)
from futurecommunity.projects import guards
from futurecommunity.projects.models import BuildType, Project, Status


def _has_plan(project: Project) -> bool:
    return PlanItem.objects.filter(plan__project=project).exists()


def _has_operator(project: Project) -> bool:
    return Selection.objects.filter(project=project, decided_on__isnull=False).exists()


def check(project: Project, target: str, day: dt.date) -> str | None:
    missing = []
    if target == Status.OPERATING:
        if not _has_operator(project):
            missing.append("确定综合集成运营商（登记选择方式、评审与定标）")
        if not _has_plan(project):
            missing.append("编制运营方案（至少一项公共服务的运营安排）")
        if missing:
            return f"转入运营须先{'并'.join(missing)}（三(三)）。"
    if target == Status.ACCEPTED and project.build_type == BuildType.RENOVATION:
        if not _has_plan(project):
            return "旧改类未来社区须在改造提升方案中明确公共服务设施配置和运营方案后方可验收通过（三(三)）。"
    return None


def satisfy(project: Project, target: str, actor: User) -> None:
    """Demo data and tests: a district operator, its selection and a one-service plan."""
    tag = "【演示】" if project.is_demo else "测试"
    # One profile per (district, demo/test) organisation, so the code is derived from those alone.
    credit = rules.credit_code_with_check(
        f"91{project.district_id}MA{'D' if project.is_demo else 'T'}100000"
    )
    with transaction.atomic():
        org, _ = Organisation.objects.get_or_create(
            code=f"op-auto-{project.district_id}-{'demo' if project.is_demo else 'test'}",
            defaults={
                "name": f"{tag}{project.district.name}社区综合运营商",
                "kind": OrganisationKind.OPERATOR,
            },
        )
        profile = OperatorProfile.objects.filter(organisation=org).first()
        if profile is None:
            profile = OperatorProfile.objects.create(
                organisation=org,
                operator_kind=OperatorKind.INTEGRATED,
                services=["integrated"],
                credit_code=credit,
                is_demo=project.is_demo,
            )
        if target == Status.OPERATING and not _has_operator(project):
            Selection.objects.update_or_create(
                project=project,
                defaults={
                    "region_code": project.region_code,
                    "operator": profile,
                    "mode": SelectionMode.OTHER,
                    "decided_by": f"{project.street.name}",
                    "decision_basis": f"{tag}数据：按街道会议纪要确定。",
                    "decided_on": project.status_changed_on or dt.date(project.creation_year, 1, 1),
                    "is_demo": project.is_demo,
                },
            )
        if not _has_plan(project):
            plan, _ = OperatingPlan.objects.get_or_create(
                project=project,
                defaults={
                    "region_code": project.region_code,
                    "is_demo": project.is_demo,
                    "summary": f"{tag}运营方案",
                },
            )
            PlanItem.objects.get_or_create(
                plan=plan,
                service="elderly",
                defaults={
                    "facility": "社区居家养老服务中心",
                    "operator": profile,
                    "opening_hours": "每日 8:00—20:00",
                    "pricing": "基本服务免费，增值服务微利收费",
                    "staff": 4,
                },
            )
        audit_record(
            actor=actor,
            action="operations.prepare",
            subject=project,
            reference=project.reference,
            region_code=project.region_code,
            reason=f"{tag}数据：补齐运营商与运营方案。",
        )


def register() -> None:
    guards.register(guards.Guard(name="operations", check=check, satisfy=satisfy))
