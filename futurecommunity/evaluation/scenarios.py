"""The scenario picture (read-only): which of the nine scenarios each community has built.

A scenario counts as built for every community a project covers when the project's latest
acceptance decision was a pass (or conditional pass) and the experts' mean scores on that
scenario's indicators reach the configured share of its points (``scenario_built_share``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from futurecommunity.common.demo_filter import counted
from futurecommunity.evaluation import rules
from futurecommunity.evaluation.models import (
    Decision,
    DimensionGroup,
    EvaluationParameter,
    Outcome,
)
from futurecommunity.evaluation.results import evaluation_result

SCENARIOS = (
    ("NEIGHBOURHOOD", "邻里"), ("EDUCATION", "教育"), ("HEALTH", "健康"),
    ("ENTREPRENEURSHIP", "创业"), ("BUILDING", "建筑"), ("TRANSPORT", "交通"),
    ("LOW_CARBON", "低碳"), ("SERVICE", "服务"), ("GOVERNANCE", "治理"),
)  # fmt: skip


@dataclass
class Picture:
    communities: dict[str, set[str]] = field(default_factory=dict)  # community code → scenarios
    names: dict[str, str] = field(default_factory=dict)  # community code → name

    def counts(self, prefix: str = "") -> dict[str, int]:
        return {
            code: sum(
                1 for c, built in self.communities.items() if c.startswith(prefix) and code in built
            )
            for code, _name in SCENARIOS
        }

    def community_count(self, prefix: str = "") -> int:
        return sum(1 for c in self.communities if c.startswith(prefix))


def _parameters() -> tuple[Decimal, str]:
    row = EvaluationParameter.objects.filter(key="scenario_built_share").first()
    method_row = EvaluationParameter.objects.filter(key="aggregation_method").first()
    return Decimal(row.value if row else "0.6"), method_row.value if method_row else "mean"


def _built(decision: Decision, share: Decimal, method: str) -> set[str]:
    """The scenario codes the experts' scores on one decided evaluation show as built."""
    evaluation = decision.evaluation
    result = evaluation_result(evaluation, method=method)
    built = set()
    for dimension in evaluation.system.dimensions.filter(group=DimensionGroup.SCENARIOS):
        indicators = list(dimension.indicators.all())
        means = [result.means.get(i.pk, Decimal(0)) for i in indicators]
        if rules.scenario_built(means, [i.points for i in indicators], share):
            built.add(dimension.code)
    return built


def project_scenarios_public(*, reference: str) -> list[str] | None:
    """For the public page of a named community: the names of the scenarios its latest passing
    acceptance decision found built (None when it has no such decision). Only scenario names
    leave: no score, remark, expert or document number (the self-assessment is the street's own
    claim and is not published)."""
    decision = (
        counted(
            Decision.objects.filter(
                outcome__in=[Outcome.PASS, Outcome.CONDITIONAL],
                evaluation__project__reference=reference,
            ),
            "evaluation__is_demo",
        )
        .select_related("evaluation__system")
        .order_by("-decided_on", "-id")
        .first()
    )
    if decision is None:
        return None
    share, method = _parameters()
    built = _built(decision, share, method)
    return [name for code, name in SCENARIOS if code in built]


def scenario_picture(*, prefix: str, as_of: dt.date | None = None) -> Picture:
    """Built scenarios of every accepted community whose code starts with ``prefix``; with
    ``as_of``, only decisions taken by that day count (the monthly bulletin). Demo projects never
    count in a real instance (``counted``)."""
    share, method = _parameters()
    decisions = Decision.objects.filter(
        outcome__in=[Outcome.PASS, Outcome.CONDITIONAL],
        evaluation__region_code__startswith=prefix,
    )
    if as_of is not None:
        decisions = decisions.filter(decided_on__lte=as_of)
    decisions = (
        counted(counted(decisions, "evaluation__is_demo"), "evaluation__project__is_demo")
        .select_related("evaluation__project", "evaluation__system")
        .order_by("evaluation__project_id", "-decided_on", "-id")
    )
    picture = Picture()
    seen: set[int] = set()
    for decision in decisions:
        evaluation = decision.evaluation
        if evaluation.project_id in seen:
            continue
        seen.add(evaluation.project_id)
        built = _built(decision, share, method)
        for community in evaluation.project.communities.all():
            picture.communities.setdefault(community.code, set()).update(built)
            picture.names[community.code] = community.name
    return picture
