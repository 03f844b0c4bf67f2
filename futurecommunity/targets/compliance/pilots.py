"""County-/street-wide rules (二(三) W1, W2) and the snapshot that carries the pilots' facts.

``PilotSnapshot`` extends ``ProgrammeSnapshot`` with the ancient-city areas and the wide
declarations (read from the pilots app by ``snapshot.py``); a plain ``ProgrammeSnapshot`` has
neither, so these rules and the A rules return no findings for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from futurecommunity.pilots.snapshot import AreaFact, DeclarationFact
from futurecommunity.targets import rules as programme
from futurecommunity.targets.compliance.findings import Finding, ProgrammeSnapshot, Severity
from futurecommunity.targets.compliance.goals import ZERO, day_text, pct, year_severity

KIND_NAMES = {"county": "县域全域", "street": "街道全域"}


@dataclass(frozen=True)
class PilotSnapshot(ProgrammeSnapshot):
    ancient_areas: tuple[AreaFact, ...] = ()
    wide_declarations: tuple[DeclarationFact, ...] = ()


def areas_of(snapshot: ProgrammeSnapshot) -> tuple[AreaFact, ...]:
    return snapshot.ancient_areas if isinstance(snapshot, PilotSnapshot) else ()


def declarations_of(snapshot: ProgrammeSnapshot) -> tuple[DeclarationFact, ...]:
    return snapshot.wide_declarations if isinstance(snapshot, PilotSnapshot) else ()


def _live(declaration: DeclarationFact, snapshot: ProgrammeSnapshot) -> bool:
    status = declaration.status_on(snapshot.as_of)
    return status is not None and status != "rejected"


def _missing_text(pilots: list[DeclarationFact], snapshot: ProgrammeSnapshot) -> str:
    """W1 deliverables of these pilots not yet accepted by the city office (mentioned only)."""
    parts = [
        f"{d.reference}尚未认可：{'、'.join(missing)}"
        for d in pilots
        if (missing := d.deliverables_missing_on(snapshot.as_of))
    ]
    return f"试点成果{'；'.join(parts)}。" if parts else ""


def w1_county_pilot(snapshot: ProgrammeSnapshot) -> list[Finding]:
    """W1: in the pilot year the named district (柯桥区) runs the county-wide pilot."""
    year, code = snapshot.integer("w1_pilot_year"), snapshot.param("w1_county_pilot_district")
    if snapshot.as_of < snapshot.date("programme_start"):
        return []
    found = [
        d
        for d in declarations_of(snapshot)
        if d.kind == "county" and d.is_pilot and d.district_code == code and _live(d, snapshot)
    ]
    severity = year_severity(year, snapshot.as_of, met=bool(found))
    name = snapshot.district_names.get(code, code)
    return [
        Finding(
            rule_id="W1-county",
            clause="二(三) W1",
            subject_kind="district",
            subject_code=code,
            subject_name=name,
            region_code=code,
            severity=severity,
            required=Decimal(1),
            actual=Decimal(len(found)),
            gap=Decimal(0 if found else 1),
            unit="个",
            explanation=(
                f"方案二(三)要求{year}年{name}做好全县域未来社区试点工作，截至"
                f"{day_text(snapshot.as_of)}"
                + (
                    f"已登记县域全域试点（{found[0].reference}）。"
                    if found
                    else "尚未登记县域全域试点。"
                )
                + _missing_text(found, snapshot)
            ),
        )
    ]


def w1_street_pilots(snapshot: ProgrammeSnapshot) -> list[Finding]:
    """W1: in the pilot year every district runs (at least) one street-wide pilot."""
    year, need = (
        snapshot.integer("w1_pilot_year"),
        snapshot.integer("w1_street_pilots_per_district"),
    )
    if snapshot.as_of < snapshot.date("programme_start"):
        return []
    findings = []
    for code, name in sorted(snapshot.district_names.items()):
        pilots = [
            d
            for d in declarations_of(snapshot)
            if d.kind == "street" and d.is_pilot and d.district_code == code and _live(d, snapshot)
        ]
        severity = year_severity(year, snapshot.as_of, met=len(pilots) >= need)
        findings.append(
            Finding(
                rule_id="W1-street",
                clause="二(三) W1",
                subject_kind="district",
                subject_code=code,
                subject_name=name,
                region_code=code,
                severity=severity,
                required=Decimal(need),
                actual=Decimal(len(pilots)),
                gap=Decimal(max(need - len(pilots), 0)),
                unit="个",
                explanation=(
                    f"方案二(三)要求{year}年每个区、县（市）各开展{need}个街道全域试点，"
                    f"截至{day_text(snapshot.as_of)}{name}已登记{len(pilots)}个"
                    + ("" if pilots else "，尚未开展")
                    + "。"
                    + _missing_text(pilots, snapshot)
                ),
            )
        )
    return findings


def _w2_verdict(status: str, met: bool) -> tuple[Severity, str]:
    if status in ("city_accepted", "published"):
        word = "已公布" if status == "published" else "已通过市验收"
        if met:
            return Severity.OK, f"{word}，覆盖率仍达到要求。"
        return Severity.VIOLATION, f"{word}，但覆盖率已低于要求，须整改或撤销公布。"
    if met:
        return Severity.OK, "覆盖率已达到要求，可提请市风貌办验收。"
    return Severity.WARNING, "覆盖率尚未达到要求，市风貌办不予验收。"


def _w2_summary(snapshot: ProgrammeSnapshot) -> Finding:
    """City line: the yearly declaration round (from ``w2_first_year``) and where it stands."""
    first = snapshot.integer("w2_first_year")
    year = snapshot.as_of.year
    mine = [d for d in declarations_of(snapshot) if d.year == year and not d.is_pilot]
    statuses = [d.status_on(snapshot.as_of) for d in mine]
    published = sum(s == "published" for s in statuses)
    return Finding(
        rule_id="W2-coverage",
        clause="二(三) W2",
        subject_kind="city",
        subject_code=snapshot.city_code,
        subject_name=snapshot.city_name,
        region_code="",
        severity=Severity.NOT_DUE if year < first else Severity.OK,
        required=Decimal(0),
        actual=Decimal(len(mine)),
        gap=Decimal(0),
        unit="个",
        explanation=(
            f"方案二(三)要求从{first}年起每年开展县域、街道全域未来社区申报；截至"
            f"{day_text(snapshot.as_of)}，{year}年申报{len(mine)}个，已公布{published}个。"
        ),
    )


def w2_declarations(snapshot: ProgrammeSnapshot) -> list[Finding]:
    """W2: from 2024, declarations are accepted and stay published only with coverage met."""
    findings = [_w2_summary(snapshot)]
    for d in declarations_of(snapshot):
        status = d.status_on(snapshot.as_of)
        if d.is_pilot or d.year < d.requirement_from or status in (None, "rejected"):
            continue
        cov = programme.coverage(
            snapshot.facts, snapshot.urban_codes, snapshot.as_of, d.region_code
        )
        met = cov.total > 0 and Decimal(cov.covered) >= d.required_coverage * Decimal(cov.total)
        severity, tail = _w2_verdict(status, met)
        required, actual = pct(d.required_coverage), cov.percent
        findings.append(
            Finding(
                rule_id="W2-coverage",
                clause="二(三) W2",
                subject_kind="district" if d.kind == "county" else "street",
                subject_code=d.reference,
                subject_name=f"{d.region_name}（{d.year}年{KIND_NAMES[d.kind]}申报）",
                region_code=d.region_code,
                severity=severity,
                required=required,
                actual=actual,
                gap=max(required - actual, ZERO),
                unit="%",
                explanation=(
                    f"按方案二(三)，覆盖率达到要求、社区运营有效的全域未来社区方予公布；"
                    f"{d.region_name}{d.year}年{KIND_NAMES[d.kind]}申报截至{day_text(snapshot.as_of)}"
                    f"城镇社区覆盖率{actual}%（{cov.covered}/{cov.total}），要求{required}%（推定口径），"
                    f"{tail}"
                ),
            )
        )
    return findings
