"""The plan's text vs our reading (issue 10, items 8 and 10): boundary tests on pure snapshots.

Leap day, the first (partial) year, an upgrade counted once, the street quota as a "原则上"
warning, the plan's own T2/attachment contradiction, A2 started vs completed, and the ranking
indicator measured as the clause measures it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from futurecommunity.common.time import add_years
from futurecommunity.pilots.snapshot import AreaFact
from futurecommunity.reporting.rankings import region_ratios
from futurecommunity.targets import rules as programme
from futurecommunity.targets.compliance import ancient, goals, tiers
from futurecommunity.targets.compliance.engine import evaluate
from futurecommunity.targets.compliance.findings import Severity, StreetInfo
from futurecommunity.targets.compliance.pilots import PilotSnapshot
from futurecommunity.targets.rules import BaselineRow, TargetRow
from futurecommunity.targets.tests.test_compliance_rules import (
    PARAMS,
    YUECHENG,
    fact,
    only,
    snapshot,
)

D = dt.date


# --- "1年内" by the calendar ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (D(2023, 3, 1), D(2024, 3, 1)),  # crosses 29 Feb 2024: 366 days
        (D(2024, 2, 29), D(2025, 2, 28)),  # no 29 Feb in 2025: last day of February
        (D(2024, 3, 1), D(2025, 3, 1)),
    ],
)
def test_add_years_is_the_same_date_next_year(start: dt.date, expected: dt.date) -> None:
    assert add_years(start, 1) == expected


def renovation_started(start: dt.date, requested: dt.date | None) -> tuple:
    steps = [(start - dt.timedelta(days=60), "declared"), (start - dt.timedelta(days=30), "listed")]
    steps.append((start, "under_construction"))
    if requested:
        steps.append((requested, "acceptance_requested"))
    return (fact("R1", creation_year=start.year, history=tuple(steps)),)


@pytest.mark.parametrize(
    ("start", "requested", "severity", "gap"),
    [
        (D(2023, 9, 1), D(2024, 9, 1), Severity.OK, 0),  # 366 days across the leap day: in time
        (D(2023, 9, 1), D(2024, 9, 2), Severity.VIOLATION, 1),
        (D(2024, 2, 29), D(2025, 2, 28), Severity.OK, 0),
        (D(2024, 2, 29), D(2025, 3, 1), Severity.VIOLATION, 1),
    ],
)
def test_renovation_deadline_across_a_leap_day(
    start: dt.date, requested: dt.date, severity: Severity, gap: int
) -> None:
    snap = snapshot(D(2025, 12, 31), renovation_started(start, requested))
    finding = only(tiers.t4_construction_period(snap))
    assert (finding.severity, finding.gap) == (severity, Decimal(gap))
    deadline = add_years(start, 1)
    assert f"{deadline.year}年{deadline.month}月{deadline.day}日" in finding.explanation


def test_ranking_one_year_indicator_counts_acceptance_requested_like_the_clause() -> None:
    # Requested on the last day of the year, accepted much later: in time by 二(一) T4.
    start = D(2023, 9, 1)
    steps = [
        (D(2023, 7, 1), "declared"),
        (D(2023, 8, 1), "listed"),
        (start, "under_construction"),
        (D(2024, 9, 1), "acceptance_requested"),
        (D(2024, 12, 1), "accepted"),
    ]
    late = fact(
        "R2",
        history=(
            (D(2023, 7, 1), "declared"),
            (D(2023, 8, 1), "listed"),
            (start, "under_construction"),
            (D(2024, 9, 2), "acceptance_requested"),
        ),
    )
    facts = [fact("R1", history=tuple(steps)), late]
    ratios = region_ratios(
        prefix=YUECHENG,
        is_district=True,
        facts=facts,
        targets=[],
        snapshots=[],
        rectification=(0, 0, 0, 0),
        year=2024,
        end=D(2024, 12, 31),
    )
    one_year = ratios["renovation_one_year"]
    assert (one_year.numerator, one_year.denominator) == (1, 2)
    # Before the deadline has passed, a project still building is not yet judged.
    early = region_ratios(
        prefix=YUECHENG,
        is_district=True,
        facts=[late],
        targets=[],
        snapshots=[],
        rectification=(0, 0, 0, 0),
        year=2024,
        end=D(2024, 9, 1),
    )["renovation_one_year"]
    assert early.denominator == 0


# --- 梯度创建: one community, counted once at its highest level ------------------------------

BUILT = ("declared", "listed", "under_construction", "acceptance_requested", "accepted")


def test_an_upgraded_community_is_counted_once_at_its_highest_level() -> None:
    county = fact("C1", level="county", creation_year=2023)
    municipal = fact(
        "M1",
        level="municipal",
        creation_year=2024,
        upgraded_from="C1",
        history=tuple((D(2024, 3, 1) + dt.timedelta(days=10 * i), s) for i, s in enumerate(BUILT)),
    )
    baseline = (BaselineRow("provincial", 62, D(2022, 12, 31)),)
    # Before the upgrade is accepted the county community counts; afterwards only the upgrade.
    [(_, before)] = programme.built_curve([county, municipal], baseline, [D(2024, 3, 1)])
    [(_, after)] = programme.built_curve([county, municipal], baseline, [D(2024, 12, 31)])
    assert (before, after) == (63, 63)
    status = programme.programme_status(
        facts=[county, municipal],
        targets=[],
        baseline=baseline,
        urban_codes=frozenset(),
        district_codes=[],
        as_of=D(2024, 12, 31),
    )
    assert status.built_by_level == {"provincial": 62, "municipal": 1, "county": 0}
    g1 = only(goals.g1_built_count(snapshot(D(2024, 12, 31), (county, municipal))))
    assert g1.actual == 63


def test_an_upgrade_chain_counts_once() -> None:
    later = tuple((D(2025, 3, 1) + dt.timedelta(days=10 * i), s) for i, s in enumerate(BUILT))
    chain = [
        fact("C1", level="county", creation_year=2023),
        fact("M1", level="municipal", upgraded_from="C1"),
        fact("P1", level="provincial", creation_year=2025, upgraded_from="M1", history=later),
    ]
    assert [f.reference for f in programme.counted_built(chain, D(2025, 12, 31))] == ["P1"]
    assert [f.reference for f in programme.counted_built(chain, D(2024, 12, 31))] == ["M1"]


# --- T2: first year, "原则上", and the plan against itself -----------------------------------

STREETS = (
    StreetInfo("330602001", "塔山街道", YUECHENG, "street", 12),  # large: 2 a year
    StreetInfo("330602002", "府山街道", YUECHENG, "street", 5),  # 1 a year
)


@pytest.mark.parametrize(
    ("treatment", "large", "small"),
    [("pro_rata", 1, 0), ("full", 2, 1), ("exempt", 0, 0)],
)
def test_first_year_treatment_of_the_street_quota(treatment: str, large: int, small: int) -> None:
    snap = snapshot(D(2024, 6, 30), streets=STREETS, params={"first_year_treatment": treatment})
    found = {
        f.subject_code: f
        for f in tiers.t2_street_municipal(snap)
        if "原则上2023年" in f.explanation
    }
    assert (found["330602001"].required, found["330602002"].required) == (large, small)
    if treatment == "pro_rata":
        assert "5/12" in found["330602001"].explanation
        assert found["330602002"].severity == Severity.OK  # 2×5/12 → 1; 1×5/12 → 0
    # 2024 is a full year whatever the treatment
    later = [f for f in tiers.t2_street_municipal(snap) if "原则上2024年" in f.explanation]
    assert sorted(f.required for f in later) == [1, 2]


@pytest.mark.parametrize(
    ("grading", "severity"), [("warning", Severity.WARNING), ("violation", Severity.VIOLATION)]
)
def test_street_quota_short_in_a_past_year_is_graded_by_the_row(
    grading: str, severity: Severity
) -> None:
    params = {"t2_quota_severity": grading, "t2_first_year": "2024"}
    snap = snapshot(D(2025, 6, 30), streets=STREETS[1:], params=params)
    past, current = tiers.t2_street_municipal(snap)
    assert "原则上2024年" in past.explanation and (past.required, past.actual) == (1, 0)
    assert past.severity == severity
    assert current.severity == Severity.WARNING  # the running year warns either way
    assert ("按预警处理" in past.explanation) == (grading == "warning")


def test_the_plans_own_contradiction_is_shown_once_as_a_city_finding() -> None:
    streets = tuple(
        StreetInfo(f"330602{i:03d}", f"街道{i}", YUECHENG, "street", 12 if i <= 10 else 3)
        for i in range(1, 48)
    )  # 47 streets, 10 of them with 10 or more communities: the clause asks 57 a year
    targets = tuple(
        TargetRow(YUECHENG, year, "municipal", n)
        for year, n in ((2023, 19), (2024, 17), (2025, 15), (2026, 6))
    )
    snap = snapshot(D(2025, 6, 30), streets=streets, targets=targets)
    [finding] = tiers.t2_plan_consistency(snap)
    # 2023 pro rata: 10 large streets × 1 + 37 × 0 = 10 ≤ 19; later years 57 against 17, 15, 6
    assert (finding.required, finding.actual, finding.severity) == (
        Decimal(10 + 57 * 3),
        Decimal(19 + 17 + 15 + 6),
        Severity.WARNING,
    )
    assert finding.region_code == "" and finding.rule_id == "PLAN-T2"
    assert "2023年条款10个、附件19个；2024年条款57个、附件17个" in finding.explanation
    assert "2024、2025、2026年附件计划数少于条款要求" in finding.explanation
    every = evaluate(snap)
    assert len([f for f in every if f.rule_id == "PLAN-T2"]) == 1
    # The street findings of the same snapshot are warnings, not violations.
    assert not [f for f in every if f.rule_id == "T2-street" and f.severity == Severity.VIOLATION]
    # With the quota met by the table, the finding says the two agree.
    agreeing = tuple(TargetRow(YUECHENG, y, "municipal", 60) for y in (2024, 2025, 2026))
    [ok] = tiers.t2_plan_consistency(snapshot(D(2025, 6, 30), streets=streets, targets=agreeing))
    assert ok.severity == Severity.OK and "口径一致" in ok.explanation


# --- A2: "每年至少建设2个片区", started or completed ------------------------------------------


def area(n: int, started: dt.date | None, completed: dt.date | None) -> AreaFact:
    return AreaFact(f"GC-{n:02d}", f"片区{n}", 2026, started, completed, "旧改", "文旅", ())


def a2_snap(basis: str, areas: list[AreaFact]) -> PilotSnapshot:
    params = dict(PARAMS) | {"a2_yearly_basis": basis, "first_year_treatment": "full"}
    return PilotSnapshot(
        as_of=D(2025, 3, 1),
        facts=(),
        targets=(),
        baseline=(),
        urban_codes=frozenset(),
        streets=(),
        district_names={YUECHENG: "越城区"},
        parameters=params,
        ancient_areas=tuple(areas),
        wide_declarations=(),
    )


def test_a2_counts_areas_started_or_completed_by_the_row() -> None:
    areas = [
        area(1, D(2024, 3, 1), D(2025, 1, 10)),
        area(2, D(2024, 5, 1), None),
        *[area(n, None, None) for n in range(3, 10)],
    ]
    # one finding per year from 2023 to 2026, in order
    started = dict(
        zip(range(2023, 2027), ancient.a2_yearly(a2_snap("started", areas)), strict=True)
    )
    completed = dict(
        zip(range(2023, 2027), ancient.a2_yearly(a2_snap("completed", areas)), strict=True)
    )
    assert (started[2024].actual, started[2024].severity) == (2, Severity.OK)
    assert "按开工建设计" in started[2024].explanation
    assert (completed[2024].actual, completed[2024].severity) == (0, Severity.VIOLATION)
    assert "按建成计" in completed[2024].explanation


def test_a_registered_new_build_below_provincial_is_warned_and_declared_one_violates() -> None:
    planned = fact("N1", level="municipal", build_type="new_build", history=())
    declared = fact(
        "N2", level="municipal", build_type="new_build", history=((D(2024, 2, 1), "declared"),)
    )
    findings = tiers.t1_provincial_level(snapshot(D(2024, 6, 30), (planned, declared)))
    by_ref = {f.subject_code: f for f in findings}
    assert by_ref["N1"].severity == Severity.WARNING and "尚未申报" in by_ref["N1"].explanation
    assert by_ref["N2"].severity == Severity.VIOLATION
