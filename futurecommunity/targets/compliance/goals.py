"""Goal rules (一 G1, 附件 G2): pure, typed functions ``(snapshot) -> list[Finding]``.

Every number compared here comes from ``snapshot.parameters`` (``RuleParameter`` rows), and every
explanation is one Chinese sentence citing the clause of 绍政办发〔2023〕21号 and the numbers.
Shared convention for yearly requirements: a year already over and short is a violation, the
current year short is a warning, a later year is not due.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

from futurecommunity.projects.rules import LISTED_OR_LATER
from futurecommunity.projects.snapshot import ProjectFact
from futurecommunity.targets import rules as programme
from futurecommunity.targets.compliance.findings import Finding, ProgrammeSnapshot, Severity

LEVEL_NAMES = {"provincial": "省级", "municipal": "市级", "county": "县级"}
ZERO = Decimal(0)
HUNDRED = Decimal(100)


def pct(rate: Decimal) -> Decimal:
    return (rate * HUNDRED).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def day_text(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def year_severity(year: int, as_of: dt.date, *, met: bool) -> Severity:
    """Yearly requirement: met → ok; else past year → violation, this year → warning."""
    if met:
        return Severity.OK
    if year < as_of.year:
        return Severity.VIOLATION
    if year == as_of.year:
        return Severity.WARNING
    return Severity.NOT_DUE


def first_year_required(
    snapshot: ProgrammeSnapshot, year: int, required: Decimal
) -> tuple[Decimal, str]:
    """A yearly requirement for ``year``, with the plan's first (partial) year treated as the
    configuration row ``first_year_treatment`` says, and the words explaining it.

    The plan took effect on ``programme_start`` (2023-08-01), so 2023 is not a full year:
    ``pro_rata`` scales the requirement by the months in force (5/12), ``full`` judges the whole
    year, ``exempt`` does not judge it.
    """
    start = snapshot.date("programme_start")
    if year != start.year:
        return required, ""
    treatment = snapshot.param("first_year_treatment").strip()
    since = f"方案自{day_text(start)}起施行，"
    if treatment == "full":
        return required, f"（{since}首年按全年考核）"
    if treatment == "exempt":
        return ZERO, f"（{since}首年不考核）"
    months = 12 - start.month + (1 if start.day == 1 else 0)
    scaled = required * months / 12
    return scaled, f"（{since}首年按施行{months}个月折算：{required}×{months}/12）"


def first_year_count(snapshot: ProgrammeSnapshot, year: int, required: int) -> tuple[int, str]:
    """``first_year_required`` for a count: the scaled number rounded half up."""
    scaled, note = first_year_required(snapshot, year, Decimal(required))
    value = int(scaled.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if note and value != required:
        note = note[:-1] + f"≈{value}个）"
    return value, note


def _deadline_severity(
    snapshot: ProgrammeSnapshot, *, met: bool, actual: Decimal, expected: Decimal
) -> Severity:
    """A goal due at ``g1_deadline``: before its year, only a clear lag behind pace warns."""
    deadline = snapshot.date("g1_deadline")
    if met:
        return Severity.OK
    if snapshot.as_of > deadline:
        return Severity.VIOLATION
    if snapshot.as_of.year == deadline.year:
        return Severity.WARNING
    tolerance = snapshot.decimal("g1_pace_tolerance")
    if actual < expected * (1 - tolerance):
        return Severity.WARNING
    return Severity.NOT_DUE


def _pace(snapshot: ProgrammeSnapshot, start_value: Decimal, goal: Decimal) -> Decimal:
    """Value a straight line from programme start to the deadline reaches on ``as_of``."""
    start, deadline = snapshot.date("programme_start"), snapshot.date("g1_deadline")
    span = (deadline - start).days
    elapsed = min(max((snapshot.as_of - start).days, 0), span)
    return start_value + (goal - start_value) * Decimal(elapsed) / Decimal(span)


_G1_TAIL = {
    Severity.OK: "已达到目标",
    Severity.VIOLATION: "目标期限已过仍未达到，不符合要求",
    Severity.WARNING: "进度落后，须加快推进",
    Severity.NOT_DUE: "目标期限未到，进度正常",
}


def g1_built_count(snapshot: ProgrammeSnapshot) -> list[Finding]:
    """G1: at least ``g1_min_communities_2026`` built by ``g1_deadline``, baseline included."""
    goal = snapshot.integer("g1_min_communities_2026")
    base = sum(b.count for b in snapshot.baseline)
    [(_, built)] = programme.built_curve(snapshot.facts, snapshot.baseline, [snapshot.as_of])
    expected = _pace(snapshot, Decimal(base), Decimal(goal))
    severity = _deadline_severity(
        snapshot, met=built >= goal, actual=Decimal(built), expected=expected
    )
    deadline = snapshot.date("g1_deadline")
    return [
        Finding(
            rule_id="G1-count",
            clause="一 G1",
            subject_kind="city",
            subject_code=snapshot.city_code,
            subject_name=snapshot.city_name,
            region_code="",
            severity=severity,
            required=Decimal(goal),
            actual=Decimal(built),
            gap=Decimal(max(goal - built, 0)),
            unit="个",
            explanation=(
                f"截至{day_text(snapshot.as_of)}，全市累计建成未来社区{built}个（含基数{base}个），"
                f"方案一要求到{day_text(deadline)}建成{goal}个以上，尚差{max(goal - built, 0)}个，"
                f"按期线性进度应达{expected.quantize(Decimal(1))}个，{_G1_TAIL[severity]}。"
            ),
        )
    ]


def g1_coverage(snapshot: ProgrammeSnapshot) -> list[Finding]:
    """G1/G3: urban-community coverage of at least ``g1_min_coverage_2026``, city and district."""
    goal = snapshot.decimal("g1_min_coverage_2026")
    start = snapshot.date("programme_start")
    scopes = [("", "city", snapshot.city_code, snapshot.city_name)] + [
        (code, "district", code, name) for code, name in sorted(snapshot.district_names.items())
    ]
    findings = []
    for prefix, kind, code, name in scopes:
        now = programme.coverage(snapshot.facts, snapshot.urban_codes, snapshot.as_of, prefix)
        if now.total == 0:
            continue
        before = programme.coverage(snapshot.facts, snapshot.urban_codes, start, prefix)
        met = Decimal(now.covered) >= goal * Decimal(now.total)
        expected = _pace(snapshot, before.rate, goal)
        severity = _deadline_severity(snapshot, met=met, actual=now.rate, expected=expected)
        required, actual = pct(goal), now.percent
        findings.append(
            Finding(
                rule_id="G1-coverage",
                clause="一 G1",
                subject_kind=kind,
                subject_code=code,
                subject_name=name,
                region_code=prefix,
                severity=severity,
                required=required,
                actual=actual,
                gap=max(required - actual, ZERO),
                unit="%",
                explanation=(
                    f"截至{day_text(snapshot.as_of)}，{name}城镇社区覆盖率为{actual}%"
                    f"（{now.covered}/{now.total}），方案一要求到{snapshot.date('g1_deadline').year}年"
                    f"覆盖{required}%以上，按期线性进度应达{pct(expected)}%，{_G1_TAIL[severity]}。"
                ),
            )
        )
    return findings


def _created(facts: tuple[ProjectFact, ...], day: dt.date) -> Counter[tuple[str, int, str]]:
    """Projects listed or later on ``day`` per (district, creation year, level)."""
    return Counter(
        (f.district_code, f.creation_year, f.level)
        for f in facts
        if f.status_on(day) in LISTED_OR_LATER
    )


def g2_plan_cells(snapshot: ProgrammeSnapshot) -> list[Finding]:
    """G2: per district × year × level, projects created against the attachment's plan."""
    created = _created(snapshot.facts, snapshot.as_of)
    findings = []
    for row in snapshot.targets:
        actual = created[(row.district_code, row.year, row.level)]
        severity = year_severity(row.year, snapshot.as_of, met=actual >= row.target)
        name = snapshot.district_names.get(row.district_code, row.district_code)
        gap = max(row.target - actual, 0)
        findings.append(
            Finding(
                rule_id="G2-cell",
                clause="附件 G2",
                subject_kind="district",
                subject_code=row.district_code,
                subject_name=name,
                region_code=row.district_code,
                severity=severity,
                required=Decimal(row.target),
                actual=Decimal(actual),
                gap=Decimal(gap),
                unit="个",
                explanation=(
                    f"{name}{row.year}年{LEVEL_NAMES[row.level]}未来社区计划创建{row.target}个"
                    f"（附件计划表），截至{day_text(snapshot.as_of)}已列入创建{actual}个，"
                    + (f"尚差{gap}个。" if gap else "已完成计划。")
                ),
            )
        )
    return findings


def _plan_sums(
    rows: list[programme.TargetRow], created: Counter[tuple[str, int, str]], last: int
) -> tuple[int, int]:
    """(planned, created) over the rows of years up to ``last``."""
    due = [t for t in rows if t.year <= last]
    made = sum(created[(t.district_code, t.year, t.level)] for t in due)
    return sum(t.target for t in due), made


def g2_cumulative(snapshot: ProgrammeSnapshot) -> list[Finding]:
    """G2: per district, all levels together, cumulative plan to date (past years, this year)."""
    created = _created(snapshot.facts, snapshot.as_of)
    year = snapshot.as_of.year
    findings = []
    for code in sorted({t.district_code for t in snapshot.targets}):
        rows = [t for t in snapshot.targets if t.district_code == code]
        name = snapshot.district_names.get(code, code)
        past_target, past_made = _plan_sums(rows, created, year - 1)
        now_target, now_made = _plan_sums(rows, created, year)
        if now_target == 0:
            severity = Severity.NOT_DUE
        elif past_made < past_target:
            severity = Severity.VIOLATION
        elif now_made < now_target:
            severity = Severity.WARNING
        else:
            severity = Severity.OK
        target, made = (
            (past_target, past_made) if severity == Severity.VIOLATION else (now_target, now_made)
        )
        findings.append(
            Finding(
                rule_id="G2-cumulative",
                clause="附件 G2",
                subject_kind="district",
                subject_code=code,
                subject_name=name,
                region_code=code,
                severity=severity,
                required=Decimal(target),
                actual=Decimal(made),
                gap=Decimal(max(target - made, 0)),
                unit="个",
                explanation=(
                    f"{name}按附件计划表截至{year - 1 if severity == Severity.VIOLATION else year}"
                    f"年累计应创建{target}个，截至{day_text(snapshot.as_of)}已列入创建{made}个，"
                    + (f"尚差{target - made}个。" if made < target else "累计进度符合计划。")
                ),
            )
        )
    return findings
