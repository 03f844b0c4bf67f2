"""Compliance rules on hand-made snapshots; every expected number is computed by hand.

Parameters are read from data/targets/rule_parameters.csv (no database), so a test fails if a
row the rules need is missing there.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from futurecommunity.projects.snapshot import ProjectFact
from futurecommunity.targets.compliance import goals, tiers
from futurecommunity.targets.compliance.board import build_board
from futurecommunity.targets.compliance.engine import RULES, evaluate
from futurecommunity.targets.compliance.findings import (
    Finding,
    ProgrammeSnapshot,
    Severity,
    StreetInfo,
)
from futurecommunity.targets.rules import BaselineRow, TargetRow

D = dt.date
_CSV = Path(__file__).resolve().parents[3] / "data" / "targets" / "rule_parameters.csv"
with _CSV.open(encoding="utf-8", newline="") as _handle:
    PARAMS = {row["key"]: row["value"] for row in csv.DictReader(_handle)}

YUECHENG, KEQIAO = "330602", "330603"
TASHAN = "330602001"
URBAN = frozenset(f"{TASHAN}{i:03d}" for i in range(1, 26))  # 25 urban communities
URBAN_LIST = sorted(URBAN)
BUILT = ("declared", "listed", "under_construction", "acceptance_requested", "accepted")


def history(statuses: tuple[str, ...], start: dt.date) -> tuple[tuple[dt.date, str], ...]:
    """One status every ten days from ``start``."""
    return tuple((start + dt.timedelta(days=10 * i), s) for i, s in enumerate(statuses))


def fact(ref: str, **kwargs: object) -> ProjectFact:
    values: dict[str, object] = {
        "reference": ref,
        "name": f"测试{ref}",
        "district_code": YUECHENG,
        "street_code": TASHAN,
        "community_codes": (URBAN_LIST[0],),
        "level": "county",
        "build_type": "renovation",
        "creation_year": 2024,
        "is_key_area": False,
        "is_linked_renovation": False,
        "history": history(BUILT, D(2024, 1, 1)),
    }
    values.update(kwargs)
    return ProjectFact(**values)  # type: ignore[arg-type]


def snapshot(
    as_of: dt.date, facts: tuple[ProjectFact, ...] = (), **kwargs: object
) -> ProgrammeSnapshot:
    params = dict(PARAMS)
    params.update(kwargs.pop("params", {}))  # type: ignore[call-overload]
    values: dict[str, object] = {
        "as_of": as_of,
        "facts": facts,
        "targets": (),
        "baseline": (BaselineRow("provincial", 62, D(2022, 12, 31)),),
        "urban_codes": URBAN,
        "streets": (),
        "district_names": {YUECHENG: "越城区"},
        "parameters": params,
    }
    values.update(kwargs)
    return ProgrammeSnapshot(**values)  # type: ignore[arg-type]


def only(findings: list[Finding], **match: object) -> Finding:
    (found,) = [f for f in findings if all(getattr(f, k) == v for k, v in match.items())]
    return found


def covering(count: int) -> tuple[ProjectFact, ...]:
    return tuple(fact(f"P{i}", community_codes=(URBAN_LIST[i],)) for i in range(count))


# --- G1 -------------------------------------------------------------------------------------


def test_exactly_88_percent_coverage_meets_the_goal() -> None:
    # 22 of 25 = 88.0 % exactly.
    finding = only(goals.g1_coverage(snapshot(D(2026, 12, 31), covering(22))), subject_kind="city")
    assert (finding.severity, finding.actual, finding.required, finding.gap) == (
        Severity.OK,
        Decimal("88.0"),
        Decimal("88.0"),
        Decimal("0"),
    )


def test_one_community_short_of_88_percent_warns_in_the_deadline_year_and_fails_after() -> None:
    # 21 of 25 = 84.0 %.
    in_year = only(goals.g1_coverage(snapshot(D(2026, 12, 31), covering(21))), subject_kind="city")
    after = only(goals.g1_coverage(snapshot(D(2027, 1, 1), covering(21))), subject_kind="city")
    assert (in_year.severity, in_year.actual, in_year.gap) == (
        Severity.WARNING,
        Decimal("84.0"),
        Decimal("4.0"),
    )
    assert after.severity == Severity.VIOLATION
    assert "84.0%（21/25）" in after.explanation and after.explanation.endswith("。")


def test_coverage_before_the_deadline_year_is_not_due_on_pace_and_warns_when_clearly_behind() -> (
    None
):
    # 2024-08-01: 366 of 1248 days since 2023-08-01; pace = 0.88 × 366/1248 = 25.8 %.
    # Tolerance 10 %: below 23.2 % warns. 6/25 = 24 % is on pace, 5/25 = 20 % is behind.
    day = D(2024, 8, 1)
    on_pace = only(goals.g1_coverage(snapshot(day, covering(6))), subject_kind="city")
    behind = only(goals.g1_coverage(snapshot(day, covering(5))), subject_kind="city")
    assert on_pace.severity == Severity.NOT_DUE
    assert behind.severity == Severity.WARNING
    assert "按期线性进度应达25.8%" in behind.explanation


def test_built_count_includes_the_baseline_and_fails_after_the_deadline() -> None:
    finding = only(goals.g1_built_count(snapshot(D(2027, 1, 1), covering(3))))
    # 62 baseline + 3 built in 2024 = 65 of 300.
    assert (finding.severity, finding.actual, finding.gap) == (
        Severity.VIOLATION,
        Decimal(65),
        Decimal(235),
    )


# --- G2 -------------------------------------------------------------------------------------

TARGETS = (
    TargetRow(YUECHENG, 2024, "provincial", 2),
    TargetRow(YUECHENG, 2024, "municipal", 1),
    TargetRow(YUECHENG, 2025, "county", 1),
    TargetRow(YUECHENG, 2026, "county", 1),
)


def test_district_meeting_its_year_in_aggregate_but_not_per_level_is_in_violation() -> None:
    # 2024: plan 2 provincial + 1 municipal = 3; created 3 provincial, 0 municipal.
    facts = tuple(fact(f"P{i}", level="provincial") for i in range(3))
    facts += (fact("C1", creation_year=2025),)  # meets 2025's county target
    findings = goals.g2_plan_cells(snapshot(D(2025, 6, 30), facts, targets=TARGETS))
    assert [(f.required, f.actual, f.severity) for f in findings] == [
        (Decimal(2), Decimal(3), Severity.OK),
        (Decimal(1), Decimal(0), Severity.VIOLATION),
        (Decimal(1), Decimal(1), Severity.OK),
        (Decimal(1), Decimal(0), Severity.NOT_DUE),
    ]
    cumulative = only(goals.g2_cumulative(snapshot(D(2025, 6, 30), facts, targets=TARGETS)))
    # Through 2025: plan 4, created 4 (all levels together).
    assert (cumulative.severity, cumulative.required, cumulative.actual) == (
        Severity.OK,
        Decimal(4),
        Decimal(4),
    )


def test_current_year_short_is_a_warning_and_past_year_short_a_cumulative_violation() -> None:
    facts = (fact("P1", level="provincial"),)
    cells = goals.g2_plan_cells(snapshot(D(2024, 6, 30), facts, targets=TARGETS))
    assert [f.severity for f in cells[:2]] == [Severity.WARNING, Severity.WARNING]
    cumulative = only(goals.g2_cumulative(snapshot(D(2025, 1, 1), facts, targets=TARGETS)))
    # 2024 over: plan 3, created 1.
    assert (cumulative.severity, cumulative.required, cumulative.actual, cumulative.gap) == (
        Severity.VIOLATION,
        Decimal(3),
        Decimal(1),
        Decimal(2),
    )


# --- T1 -------------------------------------------------------------------------------------


def test_new_build_and_key_area_projects_must_be_provincial() -> None:
    facts = (
        fact("NB-county", build_type="new_build"),
        fact("KEY-municipal", is_key_area=True, level="municipal"),
        fact("NB-provincial", build_type="new_build", level="provincial"),
        fact("RENO-county"),  # neither new-build nor key area: not judged
        fact("NB-withdrawn", build_type="new_build", history=((D(2024, 1, 1), "withdrawn"),)),
        fact("NB-2022", build_type="new_build", creation_year=2022),  # baseline era
    )
    findings = tiers.t1_provincial_level(snapshot(D(2025, 6, 30), facts))
    assert {(f.subject_code, f.severity) for f in findings} == {
        ("NB-county", Severity.VIOLATION),
        ("KEY-municipal", Severity.VIOLATION),
        ("NB-provincial", Severity.OK),
    }
    bad = only(findings, subject_code="NB-county")
    assert "测试NB-county" in bad.explanation and "二(一)" in bad.explanation


def test_provincial_coverage_rise_per_year() -> None:
    # 2024: 2 of 25 = 8 points (≥ 10 − 2 tolerance: ok); 2025: 1 of 25 = 4 points (short).
    facts = tuple(
        fact(f"P{i}", level="provincial", community_codes=(URBAN_LIST[i],)) for i in range(2)
    ) + (
        fact(
            "P9",
            level="provincial",
            creation_year=2025,
            community_codes=(URBAN_LIST[9],),
            history=history(BUILT, D(2025, 2, 1)),
        ),
    )
    findings = tiers.t1_provincial_rise(snapshot(D(2026, 1, 5), facts))
    assert [(f.subject_code, f.actual, f.severity) for f in findings] == [
        ("330600", Decimal("0.0"), Severity.VIOLATION),  # 2023
        ("330600", Decimal("8.0"), Severity.OK),  # 2024
        ("330600", Decimal("4.0"), Severity.VIOLATION),  # 2025
    ]


# --- T2 -------------------------------------------------------------------------------------


def test_street_with_ten_urban_communities_needs_two_municipal_and_nine_needs_one() -> None:
    streets = (
        StreetInfo("330602001", "塔山街道", YUECHENG, "street", 10),
        StreetInfo("330602002", "府山街道", YUECHENG, "street", 9),
        StreetInfo("330602003", "某镇", YUECHENG, "town", 30),  # towns excluded by default
    )
    facts = (
        fact("M1", level="municipal", street_code="330602001"),
        fact("M2", level="municipal", street_code="330602002"),
    )
    params = {"t2_first_year": "2024", "t2_quota_severity": "violation"}
    snap = snapshot(D(2025, 6, 30), facts, streets=streets, params=params)
    findings = tiers.t2_street_municipal(snap)
    assert [(f.subject_code, f.required, f.actual, f.severity) for f in findings] == [
        ("330602001", Decimal(2), Decimal(1), Severity.VIOLATION),  # 2024 over, one short
        ("330602001", Decimal(2), Decimal(0), Severity.WARNING),  # 2025 running
        ("330602002", Decimal(1), Decimal(1), Severity.OK),
        ("330602002", Decimal(1), Decimal(0), Severity.WARNING),
    ]
    assert "越城区塔山街道" in findings[0].subject_name


def test_street_rules_follow_their_parameters_not_constants_in_code() -> None:
    streets = (
        StreetInfo("330602002", "府山街道", YUECHENG, "street", 9),
        StreetInfo("330602003", "某镇", YUECHENG, "town", 9),
    )
    params = {"t2_first_year": "2024", "t2_large_street_threshold": "9", "t2_include_towns": "true"}
    snap = snapshot(D(2024, 6, 30), streets=streets, params=params)
    assert [(f.subject_code, f.required) for f in tiers.t2_street_municipal(snap)] == [
        ("330602002", Decimal(2)),
        ("330602003", Decimal(2)),
    ]


# --- T4 -------------------------------------------------------------------------------------

START = D(2024, 3, 1)  # under construction from this day; day 365 is 2025-03-01


def renovation(requested: dt.date | None) -> ProjectFact:
    steps = [(D(2024, 1, 1), "declared"), (D(2024, 2, 1), "listed"), (START, "under_construction")]
    if requested:
        steps.append((requested, "acceptance_requested"))
    return fact("R1", history=tuple(steps))


@pytest.mark.parametrize(
    ("requested", "as_of", "severity", "actual", "gap"),
    [
        (START + dt.timedelta(days=365), D(2025, 6, 1), Severity.OK, 365, 0),
        (START + dt.timedelta(days=366), D(2025, 6, 1), Severity.VIOLATION, 366, 1),
        (None, START + dt.timedelta(days=334), Severity.NOT_DUE, 334, 0),  # 31 days left
        (None, START + dt.timedelta(days=335), Severity.WARNING, 335, 0),  # 30 days left
        (None, START + dt.timedelta(days=365), Severity.WARNING, 365, 0),  # last day
        (None, START + dt.timedelta(days=366), Severity.VIOLATION, 366, 1),
    ],
)
def test_renovation_construction_period_boundaries(
    requested: dt.date | None, as_of: dt.date, severity: Severity, actual: int, gap: int
) -> None:
    finding = only(tiers.t4_construction_period(snapshot(as_of, (renovation(requested),))))
    assert (finding.severity, finding.actual, finding.gap) == (
        severity,
        Decimal(actual),
        Decimal(gap),
    )
    assert "2025年3月1日" in finding.explanation


def test_replay_ignores_transitions_after_the_date() -> None:
    project = renovation(D(2025, 6, 1))
    before = only(tiers.t4_construction_period(snapshot(D(2025, 3, 31), (project,))))
    # On 2025-03-31 the request of 2025-06-01 has not happened: 395 days, 30 overdue.
    assert (before.severity, before.actual, before.gap) == (
        Severity.VIOLATION,
        Decimal(395),
        Decimal(30),
    )
    built = fact("B1", history=history(BUILT, D(2025, 1, 1)))  # accepted 2025-02-10
    assert only(goals.g1_built_count(snapshot(D(2025, 2, 9), (built,)))).actual == 62
    assert only(goals.g1_built_count(snapshot(D(2025, 2, 10), (built,)))).actual == 63


def test_linked_renovation_share_exactly_half_meets_and_less_fails_a_past_year() -> None:
    half = (fact("L1", is_linked_renovation=True), fact("L2", is_linked_renovation=True))
    half += (fact("U1"), fact("U2"))
    ok = only(tiers.t4_linked_share(snapshot(D(2025, 6, 30), half)), subject_kind="city")
    assert (ok.severity, ok.actual) == (Severity.OK, Decimal("50.0"))
    short = half[1:]  # 1 linked of 3: needs 2
    bad = only(tiers.t4_linked_share(snapshot(D(2025, 6, 30), short)), subject_kind="district")
    assert (bad.severity, bad.actual, bad.gap) == (Severity.VIOLATION, Decimal("33.3"), Decimal(1))


# --- engine, board ----------------------------------------------------------------------------


def test_evaluate_runs_every_rule_and_every_explanation_is_a_sentence_citing_its_clause() -> None:
    facts = covering(3) + (fact("NB", build_type="new_build"),)
    streets = (StreetInfo("330602001", "塔山街道", YUECHENG, "street", 10),)
    findings = evaluate(snapshot(D(2025, 6, 30), facts, targets=TARGETS, streets=streets))
    assert {f.rule_id for f in findings} == {r.rule_id for r in RULES}
    for f in findings:
        assert f.explanation.endswith("。")
        assert f.clause.split()[0] in f.explanation or "附件" in f.explanation


def test_a_missing_parameter_is_reported_in_chinese() -> None:
    params = dict(PARAMS)
    del params["t4_construction_years"]
    snap = replace(snapshot(D(2025, 6, 30), (renovation(None),)), parameters=params)
    with pytest.raises(LookupError, match="t4_construction_years"):
        tiers.t4_construction_period(snap)


def test_board_for_a_district_holds_only_its_own_rows() -> None:
    facts = (
        fact("NB", build_type="new_build"),
        fact("K", district_code=KEQIAO, street_code="330603001", build_type="new_build"),
    )
    snap = snapshot(D(2025, 6, 30), facts, district_names={YUECHENG: "越城区", KEQIAO: "柯桥区"})
    findings = evaluate(snap)
    city = build_board(
        findings=findings,
        prefix="",
        district_names=snap.district_names,
        city_name="绍兴市",
        as_of=snap.as_of,
    )
    district = build_board(
        findings=findings,
        prefix=KEQIAO,
        district_names=snap.district_names,
        city_name="绍兴市",
        as_of=snap.as_of,
    )
    assert [r.name for r in city.rows] == ["绍兴市", "越城区", "柯桥区"]
    assert [r.name for r in district.rows] == ["柯桥区"]
    assert {f.region_code[:6] for f in district.findings} == {KEQIAO}
    t1 = [c for c in district.rows[0].cells if c.rule.rule_id == "T1-level"][0]
    assert (t1.violations, t1.light) == (1, "red")
    assert [f.subject_code for f in district.selected(row=KEQIAO, rule_id="T1-level")] == ["K"]


# --- properties -------------------------------------------------------------------------------

_facts = st.lists(
    st.builds(
        lambda i, codes, start, steps: fact(
            f"H{i}",
            community_codes=tuple(sorted(codes)),
            history=history(BUILT[:steps], start),
        ),
        st.integers(0, 10_000),
        st.sets(st.sampled_from(URBAN_LIST), min_size=1, max_size=3),
        st.dates(D(2023, 8, 1), D(2026, 12, 31)),
        st.integers(0, len(BUILT)),
    ),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(
    facts=_facts,
    codes=st.sets(st.sampled_from(URBAN_LIST), min_size=1, max_size=3),
    as_of=st.dates(D(2023, 8, 1), D(2027, 6, 30)),
)
def test_adding_an_accepted_project_never_lowers_coverage_nor_adds_a_g1_violation(
    facts: list[ProjectFact], codes: set[str], as_of: dt.date
) -> None:
    extra = fact(
        "NEW", community_codes=tuple(sorted(codes)), history=((D(2023, 8, 1), "accepted"),)
    )
    before = snapshot(as_of, tuple(facts))
    after = snapshot(as_of, (*facts, extra))
    for rule in (goals.g1_coverage, goals.g1_built_count):
        old, new = rule(before), rule(after)
        assert [f.actual <= g.actual for f, g in zip(old, new, strict=True)] == [True] * len(old)
        violations = [f for f in new if f.severity == Severity.VIOLATION]
        assert len(violations) <= sum(f.severity == Severity.VIOLATION for f in old)
