"""Pure acceptance policy: which index applies, aggregation, completeness, the decision.

Every number (threshold, method, shares) comes in as a parameter from configuration rows.
Clauses: 二(一) T2 (the city sets the municipal standard and accepts), T3 (each district sets
county rules and accepts), T4 (new-build projects are judged against the provincial index).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

METHODS = {"mean": "算术平均", "trimmed_mean": "去掉一个最高分和一个最低分后平均"}
LEVEL_CLAUSE = {"provincial": "二(一) T1", "municipal": "二(一) T2", "county": "二(一) T3"}
TWO_PLACES = Decimal("0.01")


def clause_for(level: str) -> str:
    return LEVEL_CLAUSE.get(level, "二(一)")


@dataclass(frozen=True)
class SystemChoice:
    """An index version as the chooser sees it."""

    code: str
    kind: str
    district_code: str
    year_from: int
    year_to: int | None
    issued_on_ordinal: int


def system_kind_for(level: str) -> str:
    """Provincial projects use the provincial index, municipal the city's standard, county the
    district's rules (T1/T2/T3)."""
    return {"provincial": "provincial", "municipal": "municipal", "county": "county"}[level]


def choose_system(
    candidates: Sequence[SystemChoice], *, level: str, district_code: str, creation_year: int
) -> tuple[SystemChoice | None, str]:
    """The version in force for a project, and a note when a fallback applies.

    County projects use their district's rules; where a district has issued none, the city's
    municipal standard applies as the city's basic requirements (T3 市定基本要求).
    """

    def in_force(kind: str, district: str) -> list[SystemChoice]:
        return sorted(
            (
                c
                for c in candidates
                if c.kind == kind
                and c.district_code == district
                and c.year_from <= creation_year
                and (c.year_to is None or creation_year <= c.year_to)
            ),
            key=lambda c: (c.year_from, c.issued_on_ordinal, c.code),
        )

    if level == "county":
        own = in_force("county", district_code)
        if own:
            return own[-1], ""
        fallback = in_force("municipal", "")
        note = (
            "本区、县（市）尚未发布县级建设验收细则，暂按市级建设标准（二(一) T3 市定基本要求）。"
        )
        return (fallback[-1], note) if fallback else (None, "")
    found = in_force(system_kind_for(level), "")
    return (found[-1], "") if found else (None, "")


def aggregate(totals: Sequence[Decimal], method: str) -> Decimal:
    """The panel's score from the experts' totals: mean, or mean without one highest and one
    lowest (only when at least three experts scored; fewer fall back to the plain mean)."""
    if not totals:
        return Decimal("0.00")
    values = sorted(totals)
    if method == "trimmed_mean" and len(values) >= 3:
        values = values[1:-1]
    mean = sum(values, Decimal(0)) / Decimal(len(values))
    return mean.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class AnswerLine:
    code: str
    name: str
    declared: str
    has_evidence: bool
    is_required: bool


def completeness_problems(lines: Sequence[AnswerLine]) -> list[str]:
    """What stops a self-assessment from being submitted: every indicator declared, and every
    indicator declared done or partly done backed by at least one evidence file."""
    problems = []
    for line in lines:
        if not line.declared:
            problems.append(f"指标 {line.code}“{line.name}”尚未填报完成情况。")
        elif line.declared in ("done", "partly") and not line.has_evidence:
            problems.append(f"指标 {line.code}“{line.name}”申报已完成或部分完成，须上传佐证材料。")
    return problems


def computed_from_share(share: float | None, done_share: float) -> str:
    """Life-circle coverage share → done / partly / not ("" when no analysis covers it)."""
    if share is None:
        return ""
    if share >= done_share:
        return "done"
    return "partly" if share > 0 else "not"


@dataclass(frozen=True)
class DecisionRequest:
    outcome: str
    score: Decimal
    pass_score: Decimal
    missing_required: tuple[str, ...]
    level: str
    conditions: int
    scored_members: int
    panel_min_size: int


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reason: str = ""


def judge_decision(request: DecisionRequest) -> Verdict:
    """May the office decide this outcome? Pass and conditional pass need the score at or above
    the threshold and every required indicator met; a conditional pass needs conditions."""
    clause = clause_for(request.level)
    if request.scored_members < request.panel_min_size:
        return Verdict(
            False,
            f"专家组须至少 {request.panel_min_size} 名专家完成独立评分后方可作出验收决定（{clause}）。",
        )
    if request.outcome == "fail":
        return Verdict(True)
    if request.score < request.pass_score:
        return Verdict(
            False,
            f"综合得分 {request.score} 分低于通过分数线 {request.pass_score} 分，"
            f"不能作出通过或有条件通过的决定（{clause}）。",
        )
    if request.missing_required:
        return Verdict(
            False,
            f"必备（约束性）指标未达到：{'、'.join(request.missing_required)}，"
            f"不能作出通过或有条件通过的决定（{clause}；约束性指标须全部达到）。",
        )
    if request.outcome == "conditional" and request.conditions == 0:
        return Verdict(False, f"有条件通过须列明整改条件及期限（{clause}、四 S3）。")
    if request.outcome == "pass" and request.conditions:
        return Verdict(False, f"附整改条件的请选择“有条件通过”（{clause}）。")
    return Verdict(True)


def scenario_built(
    mean_scores: Sequence[Decimal], points: Sequence[Decimal], share: Decimal
) -> bool:
    """A scenario is built when the experts' mean scores reach ``share`` of its points."""
    total = sum(points, Decimal(0))
    if total <= 0:
        return False
    return sum(mean_scores, Decimal(0)) >= total * share
