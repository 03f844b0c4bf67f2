"""Pure policy of neighbourhood centres and their plans (no ORM).

Clauses: 二(四) N1 (seven services, merged with the party-mass centre), N2 (layout plan and
three-year plan, 缺什么补什么), N3 (in principle one centre per community); 三(一) P1 (land after a
7-day public notice and the stakeholders' consent), P2 (idle buildings lent by agreement).
Numbers come in as parameters (``SizeRule`` rows), never as constants here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

SEVEN = ("elderly", "childcare", "assistance", "health", "culture", "education", "fitness")
# "一老一小" functions among the seven modules (spec §2, [N10]: elderly care, infant childcare,
# after-school child care); after-school care is recorded under 教育.
OLD_AND_YOUNG = ("elderly", "childcare", "education")
# Module -> facility kind registered in the life-circle facility register when a centre opens.
MODULE_KIND = {
    "elderly": "elderly_day_care",
    "childcare": "nursery",
    "assistance": "community_service_station",
    "health": "health_station",
    "culture": "culture_station",
    "education": "kindergarten",
    "fitness": "outdoor_fitness",
}
MODULE_MINIMA = {"childcare": "nursery_min_area", "health": "health_min_area",
                 "elderly": "day_care_min_area"}  # fmt: skip
STATUS_ORDER = ("planned", "building", "open")


@dataclass(frozen=True)
class Param:
    value: Decimal
    label: str  # e.g. "国家标准默认值" or "推定（待核实）"
    source: str
    severity: str = "error"


@dataclass(frozen=True)
class Module:
    service: str
    state: str  # provided / external / missing
    area: Decimal


@dataclass(frozen=True)
class CentreFacts:
    total_area: Decimal
    activity_area: Decimal
    households: int
    merged_with_party_centre: bool
    modules: Sequence[Module]
    community_count: int


@dataclass(frozen=True)
class Finding:
    severity: str  # "error" / "warning"
    message: str


def _basis(p: Param) -> str:
    return f"（{p.label}，出处：{p.source}）"


def size_findings(facts: CentreFacts, params: Mapping[str, Param]) -> list[Finding]:
    """The size checks of spec §3 as findings, each citing its basis."""
    out: list[Finding] = []
    floor = params["min_total_area"]
    per100 = params["area_per_100_households"]
    needed = max(floor.value, per100.value * Decimal(facts.households) / 100)
    if facts.total_area < needed:
        out.append(Finding(floor.severity, (
            f"总建筑面积 {facts.total_area} 平方米，低于 {needed:.0f} 平方米"
            f"（不少于 {floor.value:.0f} 平方米且每百户不少于 {per100.value:.0f} 平方米）"
            f"{_basis(floor)}。"
        )))  # fmt: skip
    recommended = params["recommended_total_area"]
    if needed <= facts.total_area < recommended.value:
        out.append(Finding("warning", (
            f"总建筑面积 {facts.total_area} 平方米，未达到建议的 {recommended.value:.0f} 平方米"
            f"{_basis(recommended)}。"
        )))  # fmt: skip
    share = params["min_activity_share"]
    if facts.total_area > 0 and facts.activity_area * 100 < share.value * facts.total_area:
        pct = facts.activity_area * 100 / facts.total_area
        out.append(Finding(share.severity, (
            f"居民活动用房占 {pct:.0f}%，低于 {share.value:.0f}%{_basis(share)}。"
        )))  # fmt: skip
    provided = {m.service for m in facts.modules if m.state == "provided"}
    functions = params["min_functions"]
    if len(provided) < functions.value:
        out.append(Finding(functions.severity, (
            f"中心内设置 {len(provided)} 项功能，少于 {functions.value:.0f} 项{_basis(functions)}。"
        )))  # fmt: skip
    old_young = params["min_old_and_young"]
    if len(provided & set(OLD_AND_YOUNG)) < old_young.value:
        out.append(Finding(old_young.severity, (
            f"“一老一小”功能（养老、托育、教育托管）中心内设置不足 {old_young.value:.0f} 项"
            f"{_basis(old_young)}。"
        )))  # fmt: skip
    names = dict(zip(SEVEN, ("养老", "托育", "帮扶", "卫生", "文化", "教育", "健身"), strict=True))
    for module in facts.modules:
        key = MODULE_MINIMA.get(module.service)
        if key and module.state == "provided" and module.area < params[key].value:
            p = params[key]
            out.append(Finding(p.severity, (
                f"{names[module.service]}模块 {module.area} 平方米，低于 {p.value:.0f} 平方米{_basis(p)}。"
            )))  # fmt: skip
    missing = [names[m.service] for m in facts.modules if m.state == "missing"]
    if missing:
        out.append(Finding("warning", (
            f"缺少{'、'.join(missing)}功能，中心内和5分钟范围内均未设置（方案二(四)：缺什么补什么）。"
        )))  # fmt: skip
    if not facts.merged_with_party_centre:
        out.append(Finding("warning", "未与党群服务中心融合建设（方案二(四)：融合党群服务中心）。"))
    if facts.community_count != 1:
        out.append(Finding("warning", (
            f"服务 {facts.community_count} 个社区；原则上每个社区一个邻里中心（方案二(四)）。"
        )))  # fmt: skip
    return out


def community_flags(centres_per_community: Mapping[str, int]) -> dict[str, str]:
    """Communities with no centre or more than one (二(四): in principle one per community)."""
    flags = {}
    for code, count in centres_per_community.items():
        if count == 0:
            flags[code] = "尚无邻里中心"
        elif count > 1:
            flags[code] = f"有 {count} 个邻里中心"
    return flags


def status_step_allowed(current: str, new: str) -> bool:
    """planned -> building -> open, one step at a time (or staying)."""
    return STATUS_ORDER.index(new) - STATUS_ORDER.index(current) in (0, 1)


def site_refusal(
    *,
    kind: str,
    name: str,
    owner_confirmed: bool,
    land_project: str = "",
    land_missing: str = "",
    period_days: int = 7,
) -> str | None:
    """Why a site cannot enter an adopted plan yet, or None (三(一) P1 / P2). For stock land,
    ``land_project`` names the project whose implementation-plan notice and stakeholder consent
    decide (the notices app's state), ``land_missing`` what that state still lacks."""
    if kind == "building":
        if not owner_confirmed:
            return (
                f"候选点位“{name}”的产权单位尚未确认该闲置用房，不能纳入布点规划"
                "（方案三(一)：闲置用房经产权单位与街道签订协议后借用）。"
            )
        return None
    rule = f"（方案三(一)：实施方案公示{period_days}天后经利害关系人同意方可使用存量土地）"
    if not land_project:
        return (
            f"存量用地“{name}”三(一) 尚不可使用：尚未关联所属未来社区项目，"
            f"无法核对实施方案公示和利害关系人同意{rule}。"
        )
    if land_missing:
        return f"存量用地“{name}”三(一) 尚不可使用：{land_project}{land_missing}{rule}。"
    return None


@dataclass(frozen=True)
class ScheduleInput:
    site_id: int
    gain: float  # population newly covered, in the greedy order of the plan
    cost: Decimal


def schedule(
    items: Sequence[ScheduleInput],
    *,
    first_year: int,
    budget_per_year: Decimal,
    count_per_year: int,
    years: int = 3,
) -> list[tuple[int, int]]:
    """(site id, year) in order: most population newly covered per unit of cost first; each
    site goes into the earliest year whose budget and count still fit it. Sites that fit in no
    year of the three-year plan go to the year after it (二(四) N2: three-year plan)."""

    def ratio(item: ScheduleInput) -> float:
        return item.gain / float(item.cost) if item.cost > 0 else float("inf")

    ordered = sorted(items, key=lambda i: (-ratio(i), -i.gain, i.site_id))
    spent = [Decimal(0)] * years
    count = [0] * years
    out = []
    for item in ordered:
        year = first_year + years
        for k in range(years):
            if count[k] < count_per_year and spent[k] + item.cost <= budget_per_year:
                spent[k] += item.cost
                count[k] += 1
                year = first_year + k
                break
        out.append((item.site_id, year))
    return out
