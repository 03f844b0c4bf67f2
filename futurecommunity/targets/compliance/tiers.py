"""Three-tier creation rules (二(一) T1, T2, T4): pure, typed ``(snapshot) -> list[Finding]``.

Numbers come only from ``snapshot.parameters``; conventions as in ``goals.py``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from decimal import Decimal

from futurecommunity.common.time import add_years
from futurecommunity.projects.rules import ENDED, LISTED_OR_LATER, REQUESTED_OR_LATER
from futurecommunity.projects.snapshot import ProjectFact
from futurecommunity.targets import rules as programme
from futurecommunity.targets.compliance.findings import (
    Finding,
    ProgrammeSnapshot,
    Severity,
    StreetInfo,
)
from futurecommunity.targets.compliance.goals import (
    LEVEL_NAMES,
    ZERO,
    day_text,
    first_year_count,
    first_year_required,
    pct,
    year_severity,
)

_KIND_NAMES = {"street": "街道", "town": "镇", "township": "乡"}


def _in_programme(fact: ProjectFact, snapshot: ProgrammeSnapshot) -> bool:
    """Created in a plan year: projects from before the plan are the baseline, not judged."""
    return fact.creation_year >= snapshot.date("programme_start").year


def _project_finding(fact: ProjectFact, **kwargs: object) -> Finding:
    return Finding(
        subject_kind="project",
        subject_code=fact.reference,
        subject_name=fact.name,
        region_code=fact.street_code,
        **kwargs,  # type: ignore[arg-type]
    )


def t1_provincial_level(snapshot: ProgrammeSnapshot) -> list[Finding]:
    """T1: every new-build project and every project in a key area must be provincial level.

    A project only registered (not yet declared) is warned, so the level is put right before the
    declaration; from the declaration on a wrong level is a violation.
    """
    findings = []
    for fact in snapshot.facts:
        status = fact.status_on(snapshot.as_of)
        if status in ENDED or not _in_programme(fact, snapshot):
            continue
        registered_only = status == "planned"
        if fact.build_type != "new_build" and not fact.is_key_area:
            continue
        why = "新建类" if fact.build_type == "new_build" else "重点片区内"
        ok = fact.level == "provincial"
        findings.append(
            _project_finding(
                fact,
                rule_id="T1-level",
                clause="二(一) T1",
                severity=(
                    Severity.OK
                    if ok
                    else Severity.WARNING
                    if registered_only
                    else Severity.VIOLATION
                ),
                required=Decimal(1),
                actual=Decimal(ok),
                gap=Decimal(not ok),
                unit="项",
                explanation=(
                    f"“{fact.name}”（{fact.reference}）为{why}社区，按二(一)须开展省级未来社区建设，"
                    f"现为{LEVEL_NAMES[fact.level]}，"
                    + (
                        "符合要求。"
                        if ok
                        else "项目尚未申报，申报前须改为省级。"
                        if registered_only
                        else "不符合要求。"
                    )
                ),
            )
        )
    return findings


def t1_provincial_rise(snapshot: ProgrammeSnapshot) -> list[Finding]:
    """T1: provincial-level coverage rises about ``t1_yearly_increase`` a year up to the end year."""
    increase = snapshot.decimal("t1_yearly_increase")
    floor = increase - snapshot.decimal("t1_increase_tolerance")
    provincial = [f for f in snapshot.facts if f.level == "provincial"]
    findings = []
    first, last = snapshot.date("programme_start").year, snapshot.integer("t1_increase_until")
    for year in range(first, last + 1):
        end = min(dt.date(year, 12, 31), snapshot.as_of)
        before = programme.coverage(provincial, snapshot.urban_codes, dt.date(year - 1, 12, 31))
        if year > snapshot.as_of.year:
            rise = ZERO
            severity = Severity.NOT_DUE
        else:
            after = programme.coverage(provincial, snapshot.urban_codes, end)
            rise = after.rate - before.rate
        year_increase, first_note = first_year_required(snapshot, year, increase)
        year_floor, _ = first_year_required(snapshot, year, floor)
        if year <= snapshot.as_of.year:
            severity = year_severity(year, snapshot.as_of, met=rise >= year_floor)
        required, actual = pct(year_increase), pct(rise)
        findings.append(
            Finding(
                rule_id="T1-rise",
                clause="二(一) T1",
                subject_kind="city",
                subject_code=snapshot.city_code,
                subject_name=snapshot.city_name,
                region_code="",
                severity=severity,
                required=required,
                actual=actual,
                gap=max(required - actual, ZERO),
                unit="个百分点",
                explanation=(
                    f"按二(一)，到{last}年省级未来社区覆盖率每年递增{pct(increase)}个百分点左右"
                    f"{first_note}，"
                    f"{year}年初为{before.percent}%，截至{day_text(end)}增加{actual}个百分点，"
                    + {
                        Severity.OK: "符合要求。",
                        Severity.VIOLATION: "该年度增幅不足，不符合要求。",
                        Severity.WARNING: "本年度增幅尚未达到，须加快推进。",
                        Severity.NOT_DUE: "该年度尚未开始。",
                    }[severity]
                ),
            )
        )
    return findings


def _quota_severity(snapshot: ProgrammeSnapshot, year: int, *, met: bool) -> Severity:
    """T2 says "原则上": by the row ``t2_quota_severity`` a past year short is only a warning."""
    severity = year_severity(year, snapshot.as_of, met=met)
    if severity == Severity.VIOLATION and snapshot.param("t2_quota_severity") == "warning":
        return Severity.WARNING
    return severity


def t2_street_municipal(snapshot: ProgrammeSnapshot) -> list[Finding]:
    """T2: each street creates ≥ min (≥ large-street min at the threshold) municipal a year.

    "原则上" (in principle): graded by ``t2_quota_severity``; the plan's own table plans fewer
    municipal communities than this clause asks (see ``t2_plan_consistency``).
    """
    made = Counter(
        (f.street_code, f.creation_year)
        for f in snapshot.facts
        if f.level == "municipal" and f.status_on(snapshot.as_of) in LISTED_OR_LATER
    )
    as_warning = snapshot.param("t2_quota_severity") == "warning"
    findings = []
    for street, base in _t2_streets(snapshot):
        district = snapshot.district_names.get(street.district_code, "")
        for year in range(snapshot.integer("t2_first_year"), snapshot.as_of.year + 1):
            required, note = first_year_count(snapshot, year, base)
            actual = made[(street.code, year)]
            severity = _quota_severity(snapshot, year, met=actual >= required)
            if actual >= required:
                tail = "符合要求。"
            elif as_warning and year < snapshot.as_of.year:
                tail = f"尚差{required - actual}个（原文为“原则上”，按预警处理）。"
            else:
                tail = f"尚差{required - actual}个。"
            findings.append(
                Finding(
                    rule_id="T2-street",
                    clause="二(一) T2",
                    subject_kind="street",
                    subject_code=street.code,
                    subject_name=f"{district}{street.name}",
                    region_code=street.code,
                    severity=severity,
                    required=Decimal(required),
                    actual=Decimal(actual),
                    gap=Decimal(max(required - actual, 0)),
                    unit="个",
                    explanation=(
                        f"{district}{street.name}（{_KIND_NAMES[street.kind]}，下辖城镇社区"
                        f"{street.urban_communities}个）按二(一)原则上{year}年应创建市级未来社区"
                        f"不少于{required}个{note}，截至{day_text(snapshot.as_of)}已列入创建"
                        f"{actual}个，" + tail
                    ),
                )
            )
    return findings


def _t2_streets(snapshot: ProgrammeSnapshot) -> list[tuple[StreetInfo, int]]:
    """Streets T2 applies to, each with its yearly quota (before first-year treatment)."""
    small, large = (
        snapshot.integer("t2_min_per_street"),
        snapshot.integer("t2_min_per_large_street"),
    )
    threshold = snapshot.integer("t2_large_street_threshold")
    kinds = {"street", "town", "township"} if snapshot.flag("t2_include_towns") else {"street"}
    return [
        (street, large if street.urban_communities >= threshold else small)
        for street in snapshot.streets
        if street.kind in kinds
    ]


def t2_plan_consistency(snapshot: ProgrammeSnapshot) -> list[Finding]:
    """The plan against itself, shown once: T2's street quota summed over the streets, year by
    year, vs the attachment's municipal targets for the same years. One city-level finding (a
    warning where the attachment plans fewer) that the city office can annotate, so the board
    does not turn the plan's own contradiction into one violation per street.
    """
    streets = _t2_streets(snapshot)
    if not streets:
        return []
    planned: Counter[int] = Counter()
    for row in snapshot.targets:
        if row.level == "municipal":
            planned[row.year] += row.target
    first = snapshot.integer("t2_first_year")
    years = sorted(y for y in planned if y >= first)
    if not years:
        return []
    clause = {y: sum(first_year_count(snapshot, y, base)[0] for _, base in streets) for y in years}
    large = sum(base > snapshot.integer("t2_min_per_street") for _, base in streets)
    short = [y for y in years if planned[y] < clause[y]]
    pairs = "；".join(f"{y}年条款{clause[y]}个、附件{planned[y]}个" for y in years)
    required, actual = sum(clause.values()), sum(planned[y] for y in years)
    return [
        Finding(
            rule_id="PLAN-T2",
            clause="二(一) T2；附件",
            subject_kind="city",
            subject_code=snapshot.city_code,
            subject_name=snapshot.city_name,
            region_code="",
            severity=Severity.WARNING if short else Severity.OK,
            required=Decimal(required),
            actual=Decimal(actual),
            gap=Decimal(max(required - actual, 0)),
            unit="个",
            explanation=(
                f"方案自身口径{'不一致' if short else '一致'}：按二(一)“原则上每个街道每年不少于1个，"
                f"下辖社区10个及以上的街道每年不少于2个”，{len(streets)}个街道（其中{large}个下辖"
                f"社区10个及以上）每年合计应创建市级未来社区的数量与附件计划表全市市级计划数对比为："
                f"{pairs}。"
                + (
                    f"{'、'.join(str(y) for y in short)}年附件计划数少于条款要求，街道市级年度数"
                    "按“原则上”作预警，请市风貌办核定口径并批注。"
                    if short
                    else ""
                )
            ),
        )
    ]


def t4_linked_share(snapshot: ProgrammeSnapshot) -> list[Finding]:
    """T4: at least ``t4_min_linked_share`` of renovation projects are linked, per scope × year."""
    share = snapshot.decimal("t4_min_linked_share")
    renovations = [
        f
        for f in snapshot.facts
        if f.build_type == "renovation"
        and _in_programme(f, snapshot)
        and f.status_on(snapshot.as_of) in LISTED_OR_LATER
    ]
    scopes = [("", "city", snapshot.city_code, snapshot.city_name)] + [
        (code, "district", code, name) for code, name in sorted(snapshot.district_names.items())
    ]
    findings = []
    for prefix, kind, code, name in scopes:
        totals: Counter[int] = Counter()
        linked: Counter[int] = Counter()
        for f in renovations:
            if f.district_code.startswith(prefix):
                totals[f.creation_year] += 1
                linked[f.creation_year] += f.is_linked_renovation
        for year in sorted(totals):
            total, done = totals[year], linked[year]
            need = math.ceil(share * total)
            met = done >= need
            if met:
                severity = Severity.OK
            elif year < snapshot.as_of.year:
                severity = Severity.VIOLATION
            else:
                severity = Severity.WARNING
            findings.append(
                Finding(
                    rule_id="T4-linked",
                    clause="二(一) T4",
                    subject_kind=kind,
                    subject_code=code,
                    subject_name=name,
                    region_code=prefix,
                    severity=severity,
                    required=pct(share),
                    actual=pct(Decimal(done) / Decimal(total)),
                    gap=Decimal(max(need - done, 0)),
                    unit="%",
                    explanation=(
                        f"{name}{year}年旧改类未来社区{total}个，其中联动老旧小区改造{done}个"
                        f"（{pct(Decimal(done) / Decimal(total))}%），按二(一)联动比例不少于"
                        f"{pct(share)}%即至少{need}个，"
                        + ("符合要求。" if met else f"尚差{need - done}个，联动比例不足。")
                    ),
                )
            )
    return findings


def t4_construction_period(snapshot: ProgrammeSnapshot) -> list[Finding]:
    """T4: a renovation project requests acceptance within ``t4_construction_years`` of starting.

    "1年内" is calendar arithmetic: the deadline is the same date the next year (29 February →
    28 February), not a count of 365 days, so a period crossing a leap day has 366 days.
    """
    years = snapshot.integer("t4_construction_years")
    warn = snapshot.integer("t4_warning_days")
    findings = []
    for fact in snapshot.facts:
        if fact.build_type != "renovation" or not _in_programme(fact, snapshot):
            continue
        if fact.status_on(snapshot.as_of) in ENDED:
            continue
        start = fact.first_reached(frozenset({"under_construction"}), snapshot.as_of)
        if start is None:
            continue
        done = fact.first_reached(REQUESTED_OR_LATER, snapshot.as_of)
        deadline = add_years(start, years)
        limit = (deadline - start).days
        used = ((done or snapshot.as_of) - start).days
        if used > limit:
            severity, tail = Severity.VIOLATION, f"已超期{used - limit}天，不符合要求。"
        elif done is not None:
            severity, tail = Severity.OK, f"于{day_text(done)}提请验收，用时{used}天，符合要求。"
        elif limit - used <= warn:
            severity, tail = Severity.WARNING, f"距期限仅剩{limit - used}天，须抓紧完成并提请验收。"
        else:
            severity, tail = Severity.NOT_DUE, f"距期限尚有{limit - used}天。"
        findings.append(
            _project_finding(
                fact,
                rule_id="T4-duration",
                clause="二(一) T4",
                severity=severity,
                required=Decimal(limit),
                actual=Decimal(used),
                gap=Decimal(max(used - limit, 0)),
                unit="天",
                explanation=(
                    f"旧改类“{fact.name}”（{fact.reference}）于{day_text(start)}开工，按二(一)原则上"
                    f"应在{years}年内（最迟{day_text(deadline)}）完成建设并提请验收，" + tail
                ),
            )
        )
    return findings
