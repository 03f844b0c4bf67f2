"""Ancient-city rules (二(二) A2): pure, typed ``(snapshot) -> list[Finding]``.

At least ``a2_min_areas_per_year`` areas built (complete) each year from ``a2_first_year``; all
areas complete by ``a2_deadline``; each area linked with old-residential renovation and
culture-tourism projects (a warning when not). Statuses are replayed from the areas' dates.
"""

from __future__ import annotations

from decimal import Decimal

from futurecommunity.pilots.snapshot import AreaFact
from futurecommunity.targets.compliance.findings import Finding, ProgrammeSnapshot, Severity
from futurecommunity.targets.compliance.goals import day_text, first_year_count, year_severity
from futurecommunity.targets.compliance.pilots import areas_of

ANCIENT_DISTRICT = "330602"  # 二(二): the ancient city lies in 越城区
SUBJECT = "越城区古城"


def _finding(rule_id: str, severity: Severity, required: int, actual: int, text: str) -> Finding:
    return Finding(
        rule_id=rule_id,
        clause="二(二) A2",
        subject_kind="district",
        subject_code=ANCIENT_DISTRICT,
        subject_name=SUBJECT,
        region_code=ANCIENT_DISTRICT,
        severity=severity,
        required=Decimal(required),
        actual=Decimal(actual),
        gap=Decimal(max(required - actual, 0)),
        unit="个",
        explanation=text,
    )


def _no_registry(rule_id: str, snapshot: ProgrammeSnapshot) -> list[Finding]:
    """Without the registry the rule cannot be checked: that itself needs action."""
    return [
        _finding(
            rule_id,
            Severity.WARNING,
            9,
            0,
            f"方案二(二)要求越城区风貌办明确古城9大片区、18个单元的建设时序和建设主体，截至"
            f"{day_text(snapshot.as_of)}尚未登记古城片区，无法检查（请执行 load_pilots 并由越城区核定）。",
        )
    ]


def _complete_by(areas: tuple[AreaFact, ...], snapshot: ProgrammeSnapshot, year: int) -> int:
    """Areas complete on ``as_of`` whose completion fell in or before ``year``."""
    return sum(
        a.status_on(snapshot.as_of) == "complete" and a.completed_on.year <= year  # type: ignore[union-attr]
        for a in areas
    )


def _started_by(areas: tuple[AreaFact, ...], snapshot: ProgrammeSnapshot, year: int) -> int:
    """Areas started on ``as_of`` whose start fell in or before ``year``."""
    return sum(
        a.started_on is not None and a.started_on <= snapshot.as_of and a.started_on.year <= year
        for a in areas
    )


_BASIS = {"started": ("开工建设", _started_by), "completed": ("建成", _complete_by)}


def a2_yearly(snapshot: ProgrammeSnapshot) -> list[Finding]:
    """A2: each year at least N areas built (or every area already so by then).

    "建设" is read by the row ``a2_yearly_basis``: ``started`` counts areas whose construction
    began that year, ``completed`` areas completed that year.
    """
    areas = areas_of(snapshot)
    if not areas:
        return _no_registry("A2-yearly", snapshot)
    need = snapshot.integer("a2_min_areas_per_year")
    verb, count_by = _BASIS.get(snapshot.param("a2_yearly_basis").strip(), _BASIS["completed"])
    first, last = snapshot.integer("a2_first_year"), snapshot.date("a2_deadline").year
    findings = []
    for year in range(first, last + 1):
        year_need, note = first_year_count(snapshot, year, need)
        before = count_by(areas, snapshot, year - 1)
        built = count_by(areas, snapshot, year) - before
        all_done = count_by(areas, snapshot, year) == len(areas)
        required = min(year_need, len(areas) - before)
        met = built >= year_need or all_done
        severity = year_severity(year, snapshot.as_of, met=met)
        findings.append(
            _finding(
                "A2-yearly",
                severity,
                required,
                built,
                f"方案二(二)要求古城原则上每年至少建设{need}个片区{note}（按{verb}计），{SUBJECT}"
                f"{year}年截至{day_text(snapshot.as_of)}{verb}{built}个片区"
                + ("，符合要求。" if met else f"，尚差{max(required - built, 0)}个。"),
            )
        )
    return findings


def a2_complete(snapshot: ProgrammeSnapshot) -> list[Finding]:
    """A2: every area complete by the deadline; before it, areas past their schedule warn."""
    areas = areas_of(snapshot)
    if not areas:
        return _no_registry("A2-complete", snapshot)
    deadline = snapshot.date("a2_deadline")
    done = [a for a in areas if a.status_on(snapshot.as_of) == "complete"]
    late = [a for a in areas if a not in done and a.schedule_year < snapshot.as_of.year]
    if len(done) == len(areas):
        severity, tail = Severity.OK, "已全面建成。"
    elif snapshot.as_of > deadline:
        severity, tail = Severity.VIOLATION, "期限已过仍未全面建成，不符合要求。"
    elif snapshot.as_of.year == deadline.year or late:
        severity = Severity.WARNING
        tail = f"其中{'、'.join(a.name for a in late)}已超过计划年度，" if late else ""
        tail += "须加快推进。"
    else:
        severity, tail = Severity.NOT_DUE, "期限未到。"
    return [
        _finding(
            "A2-complete",
            severity,
            len(areas),
            len(done),
            f"方案二(二)要求古城全域未来社区{deadline.year}年全面建成（{len(areas)}个片区），截至"
            f"{day_text(snapshot.as_of)}已建成{len(done)}个，{tail}",
        )
    ]


def a2_linked(snapshot: ProgrammeSnapshot) -> list[Finding]:
    """A2: each area linked with old-residential renovation and culture-tourism projects."""
    if not areas_of(snapshot):
        return _no_registry("A2-linked", snapshot)
    findings = []
    for area in areas_of(snapshot):
        missing = [
            label
            for label, refs in (
                ("老旧小区改造", area.renovation_references),
                ("文旅项目", area.tourism_references),
            )
            if not refs.strip()
        ]
        findings.append(
            Finding(
                rule_id="A2-linked",
                clause="二(二) A2",
                subject_kind="project",
                subject_code=area.code,
                subject_name=f"古城{area.name}",
                region_code=ANCIENT_DISTRICT,
                severity=Severity.WARNING if missing else Severity.OK,
                required=Decimal(2),
                actual=Decimal(2 - len(missing)),
                gap=Decimal(len(missing)),
                unit="类",
                explanation=(
                    f"方案二(二)要求古城联动老旧小区改造、文旅项目建设，成片打造；古城{area.name}"
                    + (
                        f"尚未登记联动的{'和'.join(missing)}。"
                        if missing
                        else "已登记两类联动项目。"
                    )
                ),
            )
        )
    return findings
