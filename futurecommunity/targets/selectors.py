"""Reads for targets and programme status, scoped to the viewer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from futurecommunity.accounts.access import region_prefix_for, summary_prefix_for
from futurecommunity.accounts.models import User
from futurecommunity.projects.selectors import project_facts
from futurecommunity.projects.snapshot import ProjectFact
from futurecommunity.regions.models import Region
from futurecommunity.regions.selectors import community_list, district_list
from futurecommunity.targets import rules
from futurecommunity.targets.models import Baseline, PlanTarget, RuleParameter


def parameter_value(key: str) -> str:
    """The value in force of a rule parameter; a missing row is a configuration error."""
    row = RuleParameter.objects.filter(key=key).only("value").first()
    if row is None:
        raise LookupError(f"规则参数“{key}”未配置，请执行 manage.py load_targets。")
    return row.value


def parameter_decimal(key: str) -> Decimal:
    return Decimal(parameter_value(key))


def parameter_date(key: str) -> dt.date:
    return dt.date.fromisoformat(parameter_value(key))


def target_rows(*, prefix: str = "") -> list[rules.TargetRow]:
    return [
        rules.TargetRow(t.district_id, t.year, t.level, t.target)
        for t in PlanTarget.objects.filter(district__code__startswith=prefix[:6])
    ]


def baseline_rows() -> list[rules.BaselineRow]:
    return [rules.BaselineRow(b.level, b.count, b.as_of) for b in Baseline.objects.all()]


def urban_codes(*, prefix: str = "") -> frozenset[str]:
    return frozenset(community_list(prefix=prefix, urban_only=True).values_list("code", flat=True))


@dataclass(frozen=True)
class ProgrammeView:
    status: rules.ProgrammeStatus
    districts: list[Region]
    facts: list[ProjectFact]
    prefix: str
    coverage_goal: Decimal
    count_goal: int
    deadline: dt.date
    start: dt.date
    baseline: list[rules.BaselineRow]


def programme_view(*, prefix: str, as_of: dt.date) -> ProgrammeView:
    """Status of the programme under a region prefix ("" = whole city) on a date; cached per
    (scope, date) until a write changes what it is computed from (targets.cache)."""
    from futurecommunity.targets.cache import cached_figures

    return cached_figures(
        "programme", prefix, as_of, lambda: _programme_view(prefix=prefix, as_of=as_of)
    )


def _programme_view(*, prefix: str, as_of: dt.date) -> ProgrammeView:
    districts = list(district_list().filter(code__startswith=prefix[:6]))
    facts = project_facts(prefix=prefix)
    baseline = baseline_rows() if prefix == "" else []
    status = rules.programme_status(
        facts=facts,
        targets=target_rows(prefix=prefix),
        baseline=baseline,
        urban_codes=urban_codes(prefix=prefix),
        district_codes=[d.code for d in districts],
        as_of=as_of,
    )
    return ProgrammeView(
        status=status,
        districts=districts,
        facts=facts,
        prefix=prefix,
        coverage_goal=parameter_decimal("g1_min_coverage_2026"),
        count_goal=int(parameter_value("g1_min_communities_2026")),
        deadline=parameter_date("g1_deadline"),
        start=parameter_date("programme_start"),
        baseline=baseline,
    )


def programme_view_for(*, viewer: User, as_of: dt.date) -> ProgrammeView | None:
    """Offices see their territory; reviewing departments the city-wide summary (access module)."""
    prefix = summary_prefix_for(viewer)
    if prefix is None:
        return None
    return programme_view(prefix=prefix, as_of=as_of)


def plan_target_list_for(*, viewer: User) -> QuerySet[PlanTarget]:
    prefix = region_prefix_for(viewer)
    if prefix is None:
        return PlanTarget.objects.none()
    return (
        PlanTarget.objects.filter(district__code__startswith=prefix[:6])
        .select_related("district")
        .prefetch_related("revisions")
    )


def forecast_for(view: ProgrammeView) -> list[Any]:
    """Pace needed to reach the 2026 plan vs the pace achieved, per district and level (issue 4)."""
    from futurecommunity.targets.compliance.forecast import forecast

    names = {d.code: d.name for d in view.districts}
    return forecast(
        facts=view.facts,
        targets=[t for t in target_rows(prefix=view.prefix) if t.district_code in names],
        district_names=names,
        as_of=view.status.as_of,
        deadline=view.deadline,
        short=int(parameter_value("forecast_recent_short_months")),
        long=int(parameter_value("forecast_recent_long_months")),
        best=int(parameter_value("forecast_best_window_months")),
    )


@dataclass(frozen=True)
class DistrictProjects:
    """Registered projects of one district (demo rows left out) and their total investment."""

    count: int
    investment: Decimal  # 元; shown in 万元


def district_projects(*, prefix: str) -> dict[str, DistrictProjects]:
    """One grouped query: projects and total investment per district under ``prefix``."""
    from django.db.models import Count, Sum

    from futurecommunity.common.demo_filter import counted
    from futurecommunity.projects.models import Project

    rows = (
        counted(Project.objects.filter(region_code__startswith=prefix))
        .values("district_id")
        .annotate(n=Count("pk"), money=Sum("total_investment"))
        .order_by()
    )
    return {
        str(r["district_id"]): DistrictProjects(int(r["n"]), r["money"] or Decimal(0)) for r in rows
    }


def denominator_for(ours: int) -> rules.Denominator:
    """Our G3 denominator (city-wide urban communities in force) beside the plan's implied one."""
    return rules.Denominator(
        ours=ours,
        plan_total=int(parameter_value("g2_plan_total_2026")),
        coverage_goal=parameter_decimal("g1_min_coverage_2026"),
    )
