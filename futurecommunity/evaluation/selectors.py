"""Scoped reads of evaluations (out of scope = 404) and the index version in force."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from futurecommunity.accounts.access import region_prefix_for
from futurecommunity.accounts.models import User
from futurecommunity.evaluation import access
from futurecommunity.evaluation.models import (
    Confidence,
    Evaluation,
    ExpertProfile,
    IndexSystem,
    PanelMember,
    SystemKind,
)


def evaluation_list_for(*, viewer: User) -> QuerySet[Evaluation]:
    qs = Evaluation.objects.select_related("project", "system").order_by("-created_at")
    prefix = region_prefix_for(viewer)
    if prefix is not None:
        return qs.filter(region_code__startswith=prefix)
    if access.is_expert(viewer):
        return qs.filter(panel__expert__user=viewer).distinct()
    return qs.none()


def evaluation_get_for(*, viewer: User, pk: int) -> Evaluation:
    evaluation = (
        Evaluation.objects.select_related(
            "project", "system", "project__street", "project__district"
        )
        .filter(pk=pk)
        .first()
    )
    if evaluation is None or not access.can_view_evaluation(viewer, evaluation):
        raise Http404("未找到该评价验收记录。")
    return evaluation


def system_list_for(*, viewer: User) -> QuerySet[IndexSystem]:
    if not access.can_view_systems(viewer):
        return IndexSystem.objects.none()
    return IndexSystem.objects.all()


def system_get_for(*, viewer: User, pk: int) -> IndexSystem:
    system = system_list_for(viewer=viewer).filter(pk=pk).first()
    if system is None:
        raise Http404("未找到该指标体系。")
    return system


def expert_pool() -> QuerySet[ExpertProfile]:
    return ExpertProfile.objects.filter(is_active=True, user__is_active=True).select_related("user")


def system_in_force(
    *, kind: str = SystemKind.PROVINCIAL, district_code: str = "", year: int
) -> IndexSystem | None:
    """The active version of ``kind`` whose creation years include ``year`` (latest first)."""
    return (
        IndexSystem.objects.filter(
            is_active=True, kind=kind, district_code=district_code, year_from__lte=year
        )
        .filter(Q(year_to__isnull=True) | Q(year_to__gte=year))
        .order_by("-year_from", "-issued_on", "-code")
        .first()
    )


def _confidence_label(value: str) -> str:
    return str(Confidence(value).label) if value in Confidence.values else value


def system_as_dict(system: IndexSystem) -> dict[str, Any]:
    """The version as plain data (the ``evaluation_index --json`` interface)."""
    groups: dict[str, list[dict[str, Any]]] = {"一统": [], "三化": [], "九场景": []}
    indicators = list(system.indicators.select_related("dimension"))
    for dimension in system.dimensions.all():
        rows = [i for i in indicators if i.dimension_id == dimension.pk]
        groups[dimension.get_group_display()].append(
            {
                "code": dimension.code,
                "name": dimension.name,
                "points": str(sum(i.points for i in rows)),
                "indicators": [
                    {
                        "code": i.code,
                        "name": i.name,
                        "kind": i.get_kind_display(),
                        "points": str(i.points),
                        "required": i.is_required,
                        "evidence": i.evidence,
                        "proven_by": i.service_code or i.facility_kind_code or i.proof,
                        "source": i.source,
                        "confidence": _confidence_label(i.confidence),
                    }
                    for i in rows
                ],
            }
        )
    return {
        "code": system.code,
        "name": system.name,
        "kind": system.get_kind_display(),
        "version": system.version,
        "document_number": system.document_number,
        "issued_on": system.issued_on.isoformat() if system.issued_on else None,
        "creation_years": system.years_label,
        "confidence": _confidence_label(system.confidence),
        "source": system.source,
        "pass_score": str(system.pass_score),
        "pass_score_confidence": _confidence_label(system.pass_score_confidence),
        "pass_score_source": system.pass_score_source,
        "total_points": str(sum(i.points for i in indicators)),
        "unified": groups["一统"],
        "values": groups["三化"],
        "scenarios": groups["九场景"],
    }


def score_sheets_for(*, viewer: User, evaluation: Evaluation) -> list[PanelMember]:
    """The score sheets a viewer may read: until every member has submitted, an expert sees only
    their own sheet and nobody else sees any; afterwards everyone who sees the evaluation sees all.
    """
    members = list(evaluation.panel.select_related("expert__user").prefetch_related("scores"))
    if members and all(m.submitted_at is not None for m in members):
        return members
    return [m for m in members if m.expert.user_id == viewer.pk]


def expert_candidates() -> QuerySet[User]:
    """Accounts of 评审专家库 organisations (created by the system administrator)."""
    return User.objects.filter(organisation__kind="expert", is_active=True).order_by("username")


def expert_profiles() -> QuerySet[ExpertProfile]:
    return ExpertProfile.objects.select_related("user").order_by(
        "-is_active", "field", "user__username"
    )
