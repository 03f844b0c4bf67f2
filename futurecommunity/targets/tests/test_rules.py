"""Programme arithmetic (G1–G3) on hand-made ProjectFact objects; numbers computed by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from futurecommunity.projects.snapshot import ProjectFact
from futurecommunity.targets import rules
from futurecommunity.targets.rules import BaselineRow, Cell, Coverage, TargetRow

D = dt.date
BUILT_PATH = ("declared", "listed", "under_construction", "acceptance_requested", "accepted")
# Four urban communities in 越城区, two in 柯桥区.
URBAN = frozenset(
    {"330602001004", "330602001008", "330602001010", "330602002001", "330603001008", "330603001030"}
)
VILLAGE = "330602001200"  # a villagers' committee: never in the denominator
BASELINE = (BaselineRow("provincial", 62, D(2022, 12, 31)),)


def fact(
    reference: str,
    communities: tuple[str, ...],
    history: tuple[tuple[dt.date, str], ...] = (),
    *,
    district: str = "330602",
    level: str = "county",
    year: int = 2024,
) -> ProjectFact:
    return ProjectFact(
        reference=reference,
        name=reference,
        district_code=district,
        street_code=communities[0][:9],
        community_codes=communities,
        level=level,
        build_type="renovation",
        creation_year=year,
        is_key_area=False,
        is_linked_renovation=False,
        history=history,
    )


def path(statuses: tuple[str, ...], start: dt.date) -> tuple[tuple[dt.date, str], ...]:
    """One status a month from ``start`` (same day of month)."""
    return tuple(
        (D(start.year + (start.month + i - 1) // 12, (start.month + i - 1) % 12 + 1, start.day), s)
        for i, s in enumerate(statuses)
    )


def built(reference: str, communities: tuple[str, ...], **kwargs: object) -> ProjectFact:
    """Accepted on 2024-05-01 (declared 2024-01-01)."""
    return fact(reference, communities, path(BUILT_PATH, D(2024, 1, 1)), **kwargs)  # type: ignore[arg-type]


# --- coverage (G3) ------------------------------------------------------------------------


def test_community_covered_by_two_built_projects_counts_once() -> None:
    facts = [built("A", ("330602001004",)), built("B", ("330602001004",))]
    assert rules.coverage(facts, URBAN, D(2024, 12, 31)) == Coverage(1, 6)


def test_project_spanning_two_communities_covers_both() -> None:
    facts = [built("A", ("330602001004", "330602001008"))]
    assert rules.coverage(facts, URBAN, D(2024, 12, 31)) == Coverage(2, 6)


def test_non_urban_communities_count_in_neither_covered_nor_total() -> None:
    facts = [built("A", (VILLAGE, "330602001010"))]
    assert rules.coverage(facts, URBAN, D(2024, 12, 31)) == Coverage(1, 6)


def test_only_built_projects_cover_communities() -> None:
    building = fact("A", ("330602001004",), path(BUILT_PATH[:3], D(2024, 1, 1)))
    assert rules.coverage([building], URBAN, D(2030, 1, 1)) == Coverage(0, 6)


def test_coverage_by_district_prefix_counts_that_district_only() -> None:
    facts = [built("A", ("330602001004",)), built("B", ("330603001008",), district="330603")]
    assert rules.coverage(facts, URBAN, D(2024, 12, 31), "330603") == Coverage(1, 2)
    assert rules.coverage(facts, URBAN, D(2024, 12, 31), "330602") == Coverage(1, 4)


def test_replaying_a_date_ignores_later_transitions() -> None:
    facts = [built("A", ("330602001004",))]  # accepted 2024-05-01
    assert rules.coverage(facts, URBAN, D(2024, 4, 30)) == Coverage(0, 6)
    assert rules.coverage(facts, URBAN, D(2024, 5, 1)) == Coverage(1, 6)


def test_coverage_percent_rounds_half_up_to_one_decimal() -> None:
    assert Coverage(1, 6).percent == Decimal("16.7")
    assert Coverage(1, 8).percent == Decimal("12.5")
    assert Coverage(513, 583).percent == Decimal("88.0")
    assert Coverage(0, 0).rate == Decimal(0)


# --- programme status (G1, G2) ------------------------------------------------------------


def _status(facts: list[ProjectFact], as_of: dt.date) -> rules.ProgrammeStatus:
    return rules.programme_status(
        facts=facts,
        targets=[
            TargetRow("330602", 2024, "county", 3),
            TargetRow("330602", 2024, "municipal", 2),
            TargetRow("330603", 2024, "county", 1),
        ],
        baseline=BASELINE,
        urban_codes=URBAN,
        district_codes=["330602", "330603"],
        as_of=as_of,
    )


def _sample() -> list[ProjectFact]:
    return [
        built("C1", ("330602001004",)),  # county 2024, accepted 2024-05-01
        fact("C2", ("330602001008",), path(BUILT_PATH[:3], D(2024, 2, 1))),  # building
        fact("C3", ("330602001010",), path(("declared",), D(2024, 2, 1))),  # declared only
        fact("C4", ("330602002001",), path(("declared", "withdrawn"), D(2024, 2, 1))),
        built("M1", ("330602002001",), level="municipal"),
        # registered before the plan: part of the 62 baseline, must not be added again
        fact(
            "P0",
            ("330602001004",),
            path(BUILT_PATH, D(2022, 1, 1)),  # accepted 2022-05-01
            level="provincial",
            year=2022,
        ),
    ]


def test_cells_count_created_building_and_built_per_district_year_and_level() -> None:
    status = _status(_sample(), D(2024, 12, 31))
    assert status.cells == (
        Cell("330602", 2024, "municipal", 2, created=1, building=0, built=1),
        Cell("330602", 2024, "county", 3, created=2, building=1, built=1),
        Cell("330603", 2024, "county", 1, created=0, building=0, built=0),
    )
    assert [c.gap for c in status.cells] == [1, 1, 1]


def test_baseline_is_added_to_built_totals_without_double_counting_pre_plan_projects() -> None:
    status = _status(_sample(), D(2024, 12, 31))
    assert status.baseline_total == 62
    assert status.built_by_level == {"provincial": 62, "municipal": 1, "county": 1}
    assert status.built_total == 64
    assert status.created_total == 3  # C1, C2, M1 (C3 only declared, C4 withdrawn, P0 baseline)
    assert status.plan_total == 62 + 6


def test_pre_plan_project_still_covers_its_communities() -> None:
    status = _status(_sample(), D(2024, 12, 31))
    # 330602001004 (C1 and P0), 330602002001 (M1)
    assert status.coverage_city == Coverage(2, 6)
    assert status.coverage_by_district == {"330602": Coverage(2, 4), "330603": Coverage(0, 2)}


def test_programme_status_on_an_earlier_date_replays_history() -> None:
    status = _status(_sample(), D(2024, 3, 31))
    # C1 and M1 are under construction (started 2024-03-01), C2 listed (2024-03-01), C3 declared
    assert status.cells[1] == Cell("330602", 2024, "county", 3, created=2, building=1, built=0)
    assert status.built_total == 62
    assert status.coverage_city == Coverage(1, 6)  # P0 was built 2022-05-01


def test_cell_gap_is_never_negative() -> None:
    assert Cell("330602", 2024, "county", 1, created=3, building=0, built=0).gap == 0


# --- curves -------------------------------------------------------------------------------


def test_month_ends_runs_through_year_end_and_stops_at_a_mid_month_end() -> None:
    assert rules.month_ends(D(2023, 11, 15), D(2024, 2, 10)) == [
        D(2023, 11, 30),
        D(2023, 12, 31),
        D(2024, 1, 31),
        D(2024, 2, 10),
    ]


def test_month_ends_handles_leap_february() -> None:
    assert rules.month_ends(D(2024, 2, 1), D(2024, 3, 31)) == [D(2024, 2, 29), D(2024, 3, 31)]


def test_built_curve_adds_the_baseline_and_counts_projects_from_their_acceptance() -> None:
    days = rules.month_ends(D(2024, 3, 1), D(2024, 6, 30))
    curve = rules.built_curve(_sample(), BASELINE, days)
    assert curve == [
        (D(2024, 3, 31), 62),
        (D(2024, 4, 30), 62),
        (D(2024, 5, 31), 64),
        (D(2024, 6, 30), 64),
    ]


# --- property -----------------------------------------------------------------------------

COMMUNITIES = sorted(URBAN | {VILLAGE})
community_sets = st.lists(st.sampled_from(COMMUNITIES), min_size=1, max_size=3, unique=True)
status_paths = st.integers(min_value=0, max_value=len(BUILT_PATH))


@given(
    existing=st.lists(st.tuples(community_sets, status_paths), max_size=8),
    added=community_sets,
)
def test_adding_a_built_project_never_lowers_coverage(existing, added) -> None:
    day = D(2024, 12, 31)
    facts = [
        fact(f"E{i}", tuple(codes), path(BUILT_PATH[:steps], D(2024, 1, 1)))
        for i, (codes, steps) in enumerate(existing)
    ]
    before = rules.coverage(facts, URBAN, day)
    after = rules.coverage([*facts, built("NEW", tuple(added))], URBAN, day)
    assert after.total == before.total == 6
    assert after.covered >= before.covered
    assert after.covered - before.covered <= len(set(added) & URBAN)
