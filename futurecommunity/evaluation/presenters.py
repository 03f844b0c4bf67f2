"""Shapes evaluation data for the templates (flags computed here, never in templates)."""

from __future__ import annotations

from typing import Any

from futurecommunity.accounts.access import region_prefix_for
from futurecommunity.accounts.models import User
from futurecommunity.evaluation import access, rules, selectors, services
from futurecommunity.evaluation.models import (
    OPEN_STATUSES,
    ConflictDeclaration,
    Evaluation,
    EvaluationParameter,
    EvaluationStatus,
)
from futurecommunity.evaluation.results import evaluation_result
from futurecommunity.projects.models import Project


def eligible_projects_for(user: User) -> list[Project]:
    """Municipal/county projects in the user's territory that may start an evaluation now."""
    prefix = region_prefix_for(user)
    if prefix is None or not access.can_start_evaluation(user, prefix or "3306"):
        return []
    open_ids = Evaluation.objects.filter(status__in=OPEN_STATUSES).values("project_id")
    return list(
        Project.objects.filter(
            region_code__startswith=prefix,
            level__in=["municipal", "county"],
            status__in=["under_construction", "acceptance_requested"],
        )
        .exclude(pk__in=open_ids)
        .order_by("reference")[:100]
    )


def detail_context(user: User, evaluation: Evaluation) -> dict[str, Any]:
    project = evaluation.project
    members = list(evaluation.panel.select_related("expert__user"))
    declarations = {d.expert_id: d for d in ConflictDeclaration.objects.filter(project=project)}
    result = evaluation_result(evaluation, method=services.parameter("aggregation_method", "mean"))
    sheets = selectors.score_sheets_for(viewer=user, evaluation=evaluation)
    answers = list(
        evaluation.answers.select_related("indicator__dimension").prefetch_related("evidence")
    )
    pool = []
    if access.can_run_panel(user, evaluation) and evaluation.status in (
        EvaluationStatus.SUBMITTED,
        EvaluationStatus.PANEL,
    ):
        seated = {m.expert_id for m in members}
        pool = [(e, declarations.get(e.pk)) for e in selectors.expert_pool() if e.pk not in seated]
    decision = getattr(evaluation, "decision", None)
    return {
        "evaluation": evaluation,
        "project": project,
        "answers": answers,
        "members": [(m, declarations.get(m.expert_id)) for m in members],
        "all_submitted": result.all_submitted,
        "result": result if result.all_submitted else None,
        "sheets": sheets,
        "pool": pool,
        "visits": evaluation.visits.prefetch_related("photos"),
        "decision": decision,
        "conditions": list(decision.conditions.select_related("order")) if decision else [],
        "problems": services.completeness_for(evaluation) if evaluation.status == "draft" else [],
        "clause": rules.clause_for(project.level),
        "can_fill": access.can_fill_self_assessment(user, evaluation),
        "can_submit": access.can_submit(user, evaluation) and evaluation.status == "draft",
        "can_run_panel": access.can_run_panel(user, evaluation),
        "can_visit": access.can_run_panel(user, evaluation) and evaluation.status != "decided",
        "can_decide": access.can_decide(user, evaluation) and evaluation.status == "scored",
        "is_member": access.sits_on_panel(user, evaluation),
        "my_declaration": _my_declaration(user, evaluation),
        "min_panel": services.parameter("panel_min_size", "3"),
        "parameters_reconstructed": EvaluationParameter.objects.filter(
            key__in=["aggregation_method", "panel_min_size"], confidence="reconstructed"
        ).exists(),
        "method": rules.METHODS.get(services.parameter("aggregation_method", "mean"), ""),
    }


def _my_declaration(user: User, evaluation: Evaluation) -> ConflictDeclaration | None:
    profile = getattr(user, "expert_profile", None)
    if profile is None:
        return None
    return ConflictDeclaration.objects.filter(expert=profile, project=evaluation.project).first()
