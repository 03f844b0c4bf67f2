"""The panel's figures for one evaluation (read-only): per-expert totals of submitted sheets,
per-indicator means, the aggregate by the configured method and missing required indicators."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from futurecommunity.evaluation import rules
from futurecommunity.evaluation.models import Evaluation, Indicator, Score


@dataclass(frozen=True)
class EvaluationResult:
    totals: dict[int, Decimal]  # panel member id → total of a submitted sheet
    means: dict[int, Decimal]  # indicator id → mean over submitted sheets
    score: Decimal
    method: str
    missing_required: list[str]
    all_submitted: bool


def evaluation_result(evaluation: Evaluation, *, method: str) -> EvaluationResult:
    members = list(evaluation.panel.all())
    submitted = [m.pk for m in members if m.submitted_at is not None]
    scores = Score.objects.filter(member_id__in=submitted)
    totals: dict[int, Decimal] = {pk: Decimal(0) for pk in submitted}
    by_indicator: dict[int, list[Decimal]] = {}
    for row in scores:
        totals[row.member_id] += row.score
        by_indicator.setdefault(row.indicator_id, []).append(row.score)
    means = {
        pk: (sum(values, Decimal(0)) / len(values)).quantize(rules.TWO_PLACES)
        for pk, values in by_indicator.items()
    }
    declared = dict(evaluation.answers.values_list("indicator_id", "declared"))
    missing = [
        f"{i.code}“{i.name}”"
        for i in Indicator.objects.filter(system=evaluation.system, is_required=True)
        if declared.get(i.pk) != "done" or means.get(i.pk, Decimal(0)) <= 0
    ]
    return EvaluationResult(
        totals=totals,
        means=means,
        score=rules.aggregate(list(totals.values()), method),
        method=rules.METHODS.get(method, method),
        missing_required=missing,
        all_submitted=bool(members) and len(submitted) == len(members),
    )
