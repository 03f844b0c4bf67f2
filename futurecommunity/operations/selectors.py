"""Every scoped read of the operations app; out of scope is Http404 (house style §8)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from futurecommunity.accounts.access import region_prefix_for
from futurecommunity.accounts.models import User
from futurecommunity.common.time import today_local
from futurecommunity.operations import access, rules
from futurecommunity.operations.models import (
    FundDirection,
    FundingSource,
    FundUse,
    OperatingPlan,
    OperationParameter,
    OperatorProfile,
    QuarterlyReport,
    ReportStatus,
    Selection,
    SourceKind,
    StreetFundEntry,
)
from futurecommunity.projects.models import BuildType, Project, Status
from futurecommunity.projects.selectors import project_list_for as office_projects

_DEFAULTS = {
    "effective_min_services_open": "3",
    "effective_min_satisfaction": "80",
    "effective_min_hours_kept": "90",
    "effective_quarters_required": "2",
    "report_due_days": "15",
}


def parameter_rows() -> QuerySet[OperationParameter]:
    return OperationParameter.objects.order_by("key")


def parameters() -> rules.Parameters:
    """The rows in force (the defaults of data/operations/parameters.csv when not loaded)."""
    values = dict(_DEFAULTS)
    values.update(dict(OperationParameter.objects.values_list("key", "value")))
    return rules.Parameters(
        min_services_open=int(values["effective_min_services_open"]),
        min_satisfaction_percent=Decimal(values["effective_min_satisfaction"]),
        min_hours_kept_percent=Decimal(values["effective_min_hours_kept"]),
        quarters_required=int(values["effective_quarters_required"]),
        report_due_days=int(values["report_due_days"]),
    )


def _official(qs: QuerySet, field: str = "is_demo") -> QuerySet:  # type: ignore[type-arg]
    """Demo rows count only in a demo instance (official figures never include them)."""
    if settings.FC_DEMO_MODE:
        return qs
    return qs.filter(**{field: False})


# --- operators ---------------------------------------------------------------------------------


def operator_list_for(*, viewer: User, search: str = "") -> QuerySet[OperatorProfile]:
    """Offices see the register; an operator sees itself only."""
    qs = OperatorProfile.objects.select_related("organisation").annotate(
        project_count=Count("selections", distinct=True)
    )
    own = access.operator_organisation_id(viewer)
    if own is not None:
        qs = qs.filter(organisation_id=own)
    elif region_prefix_for(viewer) is None:
        return qs.none()
    if search:
        qs = qs.filter(Q(organisation__name__icontains=search) | Q(credit_code__icontains=search))
    return _official(qs).order_by("organisation__name")


def operator_get_for(*, viewer: User, pk: int) -> OperatorProfile:
    found = operator_list_for(viewer=viewer).prefetch_related("members").filter(pk=pk).first()
    if found is None:
        raise Http404("未找到该运营单位。")
    return found


# --- projects --------------------------------------------------------------------------------


def project_list_for(*, viewer: User) -> QuerySet[Project]:
    """Offices: their territory. Operators: the projects whose selection names them."""
    own = access.operator_organisation_id(viewer)
    if own is not None:
        return (
            Project.objects.filter(selection__operator__organisation_id=own)
            .select_related("district", "street")
            .order_by("reference")
        )
    if region_prefix_for(viewer) is None:
        return Project.objects.none()
    return office_projects(viewer=viewer)


def project_get_for(*, viewer: User, reference: str) -> Project:
    project = project_list_for(viewer=viewer).filter(reference=reference).first()
    if project is None:
        raise Http404("未找到该项目。")
    return project


def selection_of(project: Project) -> Selection | None:
    return (
        Selection.objects.select_related("operator__organisation").filter(project=project).first()
    )


def operator_name_public(*, reference: str) -> str:
    """The public page of a named community: the name of the operator whose selection has been
    decided (三(三)); nothing else of the selection (bidders, fees, contact) leaves."""
    selection = (
        _official(Selection.objects.filter(project__reference=reference, decided_on__isnull=False))
        .select_related("operator__organisation")
        .first()
    )
    return selection.operator.organisation.name if selection is not None else ""


def plan_of(project: Project) -> OperatingPlan | None:
    return (
        OperatingPlan.objects.prefetch_related("items__operator__organisation")
        .filter(project=project)
        .first()
    )


def selection_document_for(*, viewer: User, reference: str) -> Selection:
    project = project_get_for(viewer=viewer, reference=reference)
    selection = selection_of(project)
    if selection is None or not selection.document:
        raise Http404("未找到定标文件。")
    return selection


@dataclass(frozen=True)
class PlanGap:
    project: Project
    has_plan: bool
    has_operator: bool


def _renovation_without_plan(viewer: User) -> QuerySet[Project]:
    qs = (
        project_list_for(viewer=viewer)
        .filter(build_type=BuildType.RENOVATION)
        .exclude(status__in=[Status.WITHDRAWN, Status.REJECTED])
        .annotate(items=Count("operating_plan__items"))
        .filter(items=0)
    )
    return _official(qs)


def renovation_without_plan_count(*, viewer: User) -> int:
    """How many (the dashboard panel): one COUNT instead of loading the projects."""
    return _renovation_without_plan(viewer).count()


def renovation_without_plan(*, viewer: User) -> list[Project]:
    """Old-renovation projects in scope whose operating plan is missing or empty (三(三))."""
    return list(_renovation_without_plan(viewer))


# --- quarterly reports -------------------------------------------------------------------------


def report_list_for(
    *, viewer: User, status: str = "", year: int | None = None
) -> QuerySet[QuarterlyReport]:
    qs = QuarterlyReport.objects.select_related(
        "project", "operator__organisation", "submitted_by"
    ).prefetch_related("lines")
    own = access.operator_organisation_id(viewer)
    if own is not None:
        qs = qs.filter(operator__organisation_id=own)
    else:
        prefix = region_prefix_for(viewer)
        if prefix is None:
            return qs.none()
        qs = qs.filter(region_code__startswith=prefix)
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "-quarter", "project__reference")


def report_get_for(*, viewer: User, pk: int) -> QuarterlyReport:
    found = report_list_for(viewer=viewer).filter(pk=pk).first()
    if found is None:
        raise Http404("未找到该季度报告。")
    return found


@dataclass(frozen=True)
class MissingReport:
    project: Project
    operator: OperatorProfile
    year: int
    quarter: int
    due: dt.date


def missing_reports_for(*, viewer: User, today: dt.date | None = None) -> list[MissingReport]:
    """Operated projects whose last completed quarter's report is past due and not in (三(三))."""
    day = today or today_local()
    params = parameters()
    year, quarter = rules.previous_quarter(*rules.quarter_of(day))
    due = rules.report_due(year, quarter, params)
    if day <= due:
        return []
    projects = project_list_for(viewer=viewer).filter(selection__decided_on__isnull=False)
    reported = set(
        QuarterlyReport.objects.filter(year=year, quarter=quarter).values_list(
            "project_id", flat=True
        )
    )
    out = []
    for project in projects.select_related("selection__operator__organisation"):
        if project.pk not in reported:
            out.append(MissingReport(project, project.selection.operator, year, quarter, due))
    return out


def quarter_facts(project: Project) -> list[rules.QuarterFacts]:
    reports = QuarterlyReport.objects.filter(project=project).annotate(
        open_count=Count("lines", filter=Q(lines__is_open=True))
    )
    return [
        rules.QuarterFacts(
            year=r.year,
            quarter=r.quarter,
            confirmed=r.status == ReportStatus.CONFIRMED,
            services_open=r.open_count,  # type: ignore[attr-defined]
            survey_responses=r.survey_responses,
            survey_satisfied=r.survey_satisfied,
            hours_kept_percent=r.hours_kept_percent,
        )
        for r in reports
    ]


def effective_operation(project: Project, *, as_of: dt.date | None = None) -> rules.Verdict:
    """Whether the community operates effectively (三(三), 二(三) W2), from confirmed reports.

    The interface the county/street-wide declarations and the quarterly ranking use.
    """
    selection = selection_of(project)
    if selection is None or not selection.is_decided:
        return rules.Verdict(False, ("尚未确定综合运营商（三(三)）。",))
    return rules.judge_effective(
        quarter_facts(project), as_of=as_of or today_local(), params=parameters()
    )


def effective_operation_in(region_code: str, *, as_of: dt.date | None = None) -> dict[str, int]:
    """Built projects of a territory and how many of them operate effectively (for W2)."""
    built = _official(
        Project.objects.filter(
            region_code__startswith=region_code,
            status__in=[Status.ACCEPTED, Status.PUBLISHED, Status.OPERATING],
        )
    )
    effective = sum(1 for p in built if effective_operation(p, as_of=as_of).effective)
    return {"built": built.count(), "effective": effective}


# --- funding -------------------------------------------------------------------------------


def funding_of(project: Project) -> QuerySet[FundingSource]:
    return FundingSource.objects.filter(project=project).order_by("year", "kind", "investor")


def funding_totals_for(*, prefix: str) -> rules.FundingTotals:
    """Planned, received and social-capital totals of a territory (official rows only)."""
    rows = _official(FundingSource.objects.filter(region_code__startswith=prefix))
    amounts = [
        rules.SourceAmount(kind=k, planned=p or Decimal(0), received=r or Decimal(0))
        for k, p, r in rows.values("kind")
        .annotate(p=Sum("planned"), r=Sum("received"))
        .values_list("kind", "p", "r")
    ]
    return rules.funding_totals(amounts)


def funding_by_district(*, prefix: str) -> list[tuple[str, rules.FundingTotals]]:
    """Totals per district of the territory, from one grouped query."""
    rows = (
        _official(FundingSource.objects.filter(region_code__startswith=prefix))
        .values("project__district_id", "kind")
        .annotate(p=Sum("planned"), r=Sum("received"))
        .values_list("project__district_id", "kind", "p", "r")
    )
    by_district: dict[str, list[rules.SourceAmount]] = {}
    for district, kind, planned, received in rows:
        by_district.setdefault(district, []).append(
            rules.SourceAmount(kind, planned or Decimal(0), received or Decimal(0))
        )
    return [(d, rules.funding_totals(by_district[d])) for d in sorted(by_district)]


def received_total(project: Project) -> Decimal:
    total = FundingSource.objects.filter(project=project).aggregate(s=Sum("received"))["s"]
    return total or Decimal("0.00")


def street_fund_entries_for(*, viewer: User, street_code: str = "") -> QuerySet[StreetFundEntry]:
    prefix = region_prefix_for(viewer)
    if prefix is None:
        return StreetFundEntry.objects.none()
    qs = StreetFundEntry.objects.filter(region_code__startswith=prefix).select_related("project")
    if street_code:
        qs = qs.filter(street_code=street_code)
    return qs.order_by("street_code", "occurred_on", "id")


def street_fund_balance(street_code: str) -> rules.StreetFundBalance:
    qs = StreetFundEntry.objects.filter(street_code=street_code)

    def total(**filters: str) -> Decimal:
        return qs.filter(**filters).aggregate(s=Sum("amount"))["s"] or Decimal("0.00")

    return rules.StreetFundBalance(
        pooled=total(direction=FundDirection.IN),
        used_construction=total(direction=FundDirection.OUT, use=FundUse.CONSTRUCTION),
        used_operation=total(direction=FundDirection.OUT, use=FundUse.OPERATION),
    )


SOURCE_LABELS = dict(SourceKind.choices)
