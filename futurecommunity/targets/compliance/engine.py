"""The rule table and ``evaluate``: run every rule over one snapshot (pure)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from futurecommunity.targets.compliance import ancient, goals, pilots, tiers
from futurecommunity.targets.compliance.findings import Finding, ProgrammeSnapshot


@dataclass(frozen=True)
class Rule:
    rule_id: str
    clause: str
    title: str
    check: Callable[[ProgrammeSnapshot], list[Finding]]


RULES: tuple[Rule, ...] = (
    Rule("G1-count", "一 G1", "建成总数", goals.g1_built_count),
    Rule("G1-coverage", "一 G1", "城镇社区覆盖率", goals.g1_coverage),
    Rule("G2-cell", "附件 G2", "分年分级计划", goals.g2_plan_cells),
    Rule("G2-cumulative", "附件 G2", "累计计划", goals.g2_cumulative),
    Rule("T1-level", "二(一) T1", "新建类/重点片区须省级", tiers.t1_provincial_level),
    Rule("T1-rise", "二(一) T1", "省级覆盖率年增幅", tiers.t1_provincial_rise),
    Rule("T2-street", "二(一) T2", "街道市级年度数", tiers.t2_street_municipal),
    Rule("PLAN-T2", "二(一) T2；附件", "方案口径一致性", tiers.t2_plan_consistency),
    Rule("T4-linked", "二(一) T4", "旧改联动比例", tiers.t4_linked_share),
    Rule("T4-duration", "二(一) T4", "旧改一年建成", tiers.t4_construction_period),
    Rule("A2-yearly", "二(二) A2", "古城每年建成片区", ancient.a2_yearly),
    Rule("A2-complete", "二(二) A2", "古城2026年全面建成", ancient.a2_complete),
    Rule("A2-linked", "二(二) A2", "古城片区联动旧改文旅", ancient.a2_linked),
    Rule("W1-county", "二(三) W1", "柯桥县域全域试点", pilots.w1_county_pilot),
    Rule("W1-street", "二(三) W1", "街道全域试点", pilots.w1_street_pilots),
    Rule("W2-coverage", "二(三) W2", "全域申报覆盖率", pilots.w2_declarations),
)


def evaluate(snapshot: ProgrammeSnapshot) -> list[Finding]:
    """Every finding of every rule, in rule-table order."""
    return [finding for rule in RULES for finding in rule.check(snapshot)]


class _Reading(dict[str, str]):
    """The parameters, remembering which keys a rule read (``ProgrammeSnapshot.param``)."""

    def __init__(self, values: dict[str, str]) -> None:
        super().__init__(values)
        self.read: set[str] = set()

    def __getitem__(self, key: str) -> str:
        self.read.add(key)
        return super().__getitem__(key)


def parameters_read(snapshot: ProgrammeSnapshot) -> dict[str, frozenset[str]]:
    """Per rule, the configuration rows (``RuleParameter`` keys) its findings rest on for this
    snapshot: each rule is run once more over the same facts and its reads are recorded."""
    read: dict[str, frozenset[str]] = {}
    for rule in RULES:
        reading = _Reading(snapshot.parameters)
        rule.check(dataclasses.replace(snapshot, parameters=reading))
        read[rule.rule_id] = frozenset(reading.read)
    return read
