"""A2 (二(二)) and W1/W2 (二(三)) rules on hand-made snapshots (pure, no database)."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

from futurecommunity.pilots.snapshot import AreaFact, DeclarationFact
from futurecommunity.projects.snapshot import ProjectFact
from futurecommunity.targets.compliance.ancient import a2_complete, a2_linked, a2_yearly
from futurecommunity.targets.compliance.engine import RULES, evaluate
from futurecommunity.targets.compliance.findings import ProgrammeSnapshot, Severity
from futurecommunity.targets.compliance.pilots import (
    PilotSnapshot,
    w1_county_pilot,
    w1_street_pilots,
    w2_declarations,
)

D = dt.date
CSV = Path(__file__).resolve().parents[3] / "data" / "targets" / "rule_parameters.csv"
PARAMS = {row["key"]: row["value"] for row in csv.DictReader(CSV.open(encoding="utf-8"))}
# These tests read A2 as "areas completed", the first year as a full year (configuration rows
# a2_yearly_basis / first_year_treatment; the defaults are tested in test_plan_reading.py).
PARAMS |= {"a2_yearly_basis": "completed", "first_year_treatment": "full"}
DISTRICTS = {"330602": "越城区", "330603": "柯桥区"}


def area(n: int, completed: dt.date | None, *, linked: bool = True) -> AreaFact:
    return AreaFact(
        code=f"GC-{n:02d}",
        name=f"片区{n}",
        schedule_year=2026,
        started_on=D(2023, 1, 1),
        completed_on=completed,
        renovation_references="旧改" if linked else "",
        tourism_references="文旅",
        project_references=(),
    )


def snap(as_of, *, areas=(), declarations=(), facts=(), urban=frozenset()) -> PilotSnapshot:
    return PilotSnapshot(
        as_of=as_of,
        facts=tuple(facts),
        targets=(),
        baseline=(),
        urban_codes=frozenset(urban),
        streets=(),
        district_names=DISTRICTS,
        parameters=PARAMS,
        ancient_areas=tuple(areas),
        wide_declarations=tuple(declarations),
    )


def test_two_areas_in_a_year_meet_a2_and_one_does_not() -> None:
    areas = [area(1, D(2023, 10, 1)), area(2, D(2023, 12, 31)), area(3, D(2024, 5, 1))]
    areas += [area(n, None) for n in range(4, 10)]
    years = {}
    for f in a2_yearly(snap(D(2025, 3, 1), areas=areas)):
        years[len(years) + 2023] = f
    assert years[2023].severity == Severity.OK and years[2023].actual == 2
    assert years[2024].severity == Severity.VIOLATION and years[2024].actual == 1
    assert years[2025].severity == Severity.WARNING  # the current year, none yet
    assert years[2026].severity == Severity.NOT_DUE
    assert "二(二)" in years[2024].clause and "至少建设2个片区" in years[2024].explanation


def test_replay_ignores_completions_after_the_date() -> None:
    areas = [area(1, D(2023, 10, 1)), area(2, D(2023, 12, 31))]
    [first, *_] = a2_yearly(snap(D(2023, 12, 30), areas=areas))
    assert (first.actual, first.severity) == (1, Severity.WARNING)


def test_all_areas_complete_by_the_2026_deadline() -> None:
    done = [area(n, D(2026, 12, 31)) for n in range(1, 10)]
    [ok] = a2_complete(snap(D(2026, 12, 31), areas=done))
    assert ok.severity == Severity.OK and ok.actual == 9
    short = [*done[:8], area(9, None)]
    [warn] = a2_complete(snap(D(2026, 12, 31), areas=short))
    [late] = a2_complete(snap(D(2027, 1, 1), areas=short))
    assert (warn.severity, late.severity) == (Severity.WARNING, Severity.VIOLATION)
    assert late.gap == 1


def test_an_area_without_both_links_warns() -> None:
    findings = a2_linked(snap(D(2024, 1, 1), areas=[area(1, None), area(2, None, linked=False)]))
    assert [f.severity for f in findings] == [Severity.OK, Severity.WARNING]
    assert "老旧小区改造" in findings[1].explanation


def declaration(ref, kind, district, region, year, *, pilot, history=(), required="0.5"):
    return DeclarationFact(
        reference=ref,
        kind=kind,
        district_code=district,
        region_code=region,
        region_name=region,
        year=year,
        is_pilot=pilot,
        declared_on=D(year, 3, 1),
        required_coverage=Decimal(required),
        requirement_from=2024,
        history=tuple(history),
    )


def test_w1_keqiao_county_pilot_and_one_street_pilot_per_district() -> None:
    decls = [
        declaration("X", "county", "330603", "330603", 2023, pilot=True),
        declaration("J1", "street", "330603", "330603001", 2023, pilot=True),
    ]
    [county] = w1_county_pilot(snap(D(2024, 1, 1), declarations=decls))
    assert county.severity == Severity.OK and county.subject_name == "柯桥区"
    streets = {
        f.subject_code: f.severity
        for f in w1_street_pilots(snap(D(2024, 1, 1), declarations=decls))
    }
    assert streets == {"330602": Severity.VIOLATION, "330603": Severity.OK}
    [missing] = w1_county_pilot(snap(D(2023, 9, 1), declarations=[]))
    assert missing.severity == Severity.WARNING


def test_w1_mentions_pilot_deliverables_not_yet_accepted_on_the_date() -> None:
    county = dataclasses.replace(
        declaration("X", "county", "330603", "330603", 2023, pilot=True),
        deliverables=(("县域存量社区建设政策体系", D(2023, 11, 1)), ("县域运营管理机制", None)),
    )
    [early] = w1_county_pilot(snap(D(2023, 10, 31), declarations=[county]))
    assert "试点成果X尚未认可：县域存量社区建设政策体系、县域运营管理机制。" in early.explanation
    [later] = w1_county_pilot(snap(D(2023, 11, 1), declarations=[county]))
    assert later.explanation.endswith("试点成果X尚未认可：县域运营管理机制。")
    assert later.severity == Severity.OK  # mentioned only: the rule's verdict is unchanged
    done = dataclasses.replace(county, deliverables=(("县域运营管理机制", D(2023, 12, 1)),))
    [clean] = w1_county_pilot(snap(D(2024, 1, 1), declarations=[done]))
    assert "试点成果" not in clean.explanation


def built_fact(community: str, built_on: dt.date, withdrawn: dt.date | None = None) -> ProjectFact:
    history = [(built_on, "accepted")] + ([(withdrawn, "withdrawn")] if withdrawn else [])
    return ProjectFact(
        reference=community,
        name=community,
        district_code=community[:6],
        street_code=community[:9],
        community_codes=(community,),
        level="county",
        build_type="renovation",
        creation_year=2024,
        is_key_area=False,
        is_linked_renovation=False,
        history=tuple(history),
    )


def test_w2_published_declaration_flagged_when_coverage_falls() -> None:
    urban = {"330603001001", "330603001002"}
    facts = [built_fact("330603001001", D(2024, 2, 1), withdrawn=D(2025, 1, 10))]
    history = [
        (D(2024, 5, 1), "evidence_submitted"),
        (D(2024, 6, 1), "city_accepted"),
        (D(2024, 7, 1), "published"),
    ]
    decls = [declaration("J", "street", "330603", "330603001", 2024, pilot=False, history=history)]
    [summary, before] = w2_declarations(
        snap(D(2024, 12, 31), declarations=decls, facts=facts, urban=urban)
    )
    [_, after] = w2_declarations(snap(D(2025, 2, 1), declarations=decls, facts=facts, urban=urban))
    assert summary.subject_kind == "city" and "2024年申报1个，已公布1个" in summary.explanation
    assert (before.severity, before.actual, before.required) == (Severity.OK, 50, 50)  # exactly
    assert (after.severity, after.actual) == (Severity.VIOLATION, 0)
    assert "二(三)" in after.clause and "已公布" in after.explanation


def test_w2_pending_declaration_below_requirement_warns() -> None:
    decls = [declaration("J", "street", "330602", "330602001", 2025, pilot=False)]
    [_, f] = w2_declarations(snap(D(2025, 6, 1), declarations=decls, urban={"330602001004"}))
    assert f.severity == Severity.WARNING and f.region_code == "330602001"


def test_without_a_registry_the_a_rules_warn_and_rules_are_registered() -> None:
    plain = ProgrammeSnapshot(D(2024, 1, 1), (), (), (), frozenset(), (), DISTRICTS, PARAMS)
    [missing] = a2_yearly(plain)
    assert missing.severity == Severity.WARNING and "尚未登记古城片区" in missing.explanation
    [summary] = w2_declarations(plain)
    assert summary.severity == Severity.OK and summary.actual == 0
    ids = {r.rule_id for r in RULES}
    assert {"A2-yearly", "A2-complete", "A2-linked", "W1-county", "W1-street", "W2-coverage"} <= ids
    assert isinstance(evaluate(plain), list)
