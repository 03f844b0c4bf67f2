"""The board: findings scoped to a viewer's territory, grouped districts × rules (pure)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from futurecommunity.targets.compliance.engine import RULES, Rule
from futurecommunity.targets.compliance.findings import Finding, Severity

CITY_ROW = ""


def in_territory(finding: Finding, prefix: str) -> bool:
    """City-level findings ("" region) only for the city; others by region-code prefix."""
    return finding.region_code.startswith(prefix)


@dataclass(frozen=True)
class BoardCell:
    row_code: str
    rule: Rule
    violations: int
    warnings: int
    total: int

    @property
    def light(self) -> str:
        if self.violations:
            return "red"
        if self.warnings:
            return "amber"
        return "green" if self.total else "none"


@dataclass(frozen=True)
class BoardRow:
    code: str  # "" for the city row, else a district code
    name: str
    cells: tuple[BoardCell, ...]


@dataclass(frozen=True)
class Board:
    as_of: dt.date
    rules: tuple[Rule, ...]
    rows: tuple[BoardRow, ...]
    findings: tuple[Finding, ...]  # every finding in the viewer's territory

    def selected(self, *, row: str | None, rule_id: str | None) -> list[Finding]:
        """Findings of one cell (or of a row / a rule); without either, the ones needing action."""
        chosen = list(self.findings)
        if row is not None:
            chosen = [f for f in chosen if _row_of(f) == row]
        if rule_id:
            chosen = [f for f in chosen if f.rule_id == rule_id]
        if row is None and not rule_id:
            chosen = [f for f in chosen if f.severity in (Severity.VIOLATION, Severity.WARNING)]
        return sorted(chosen, key=_severity_order)


def _row_of(finding: Finding) -> str:
    return finding.district_code if finding.region_code else CITY_ROW


def _severity_order(finding: Finding) -> int:
    order = (Severity.VIOLATION, Severity.WARNING, Severity.NOT_DUE, Severity.OK)
    return order.index(finding.severity)


def build_board(
    *,
    findings: Sequence[Finding],
    prefix: str,
    district_names: dict[str, str],
    city_name: str,
    as_of: dt.date,
) -> Board:
    """Scope ``findings`` to ``prefix`` and count violations/warnings per row × rule."""
    scoped = tuple(f for f in findings if in_territory(f, prefix))
    row_names = {CITY_ROW: city_name} if prefix == "" else {}
    row_names.update(
        (code, name)
        for code, name in sorted(district_names.items())
        if code[:6] == prefix[:6] or prefix == ""
    )
    rows = []
    for code, name in row_names.items():
        mine = [f for f in scoped if _row_of(f) == code]
        cells = tuple(
            BoardCell(
                code,
                rule,
                sum(f.severity == Severity.VIOLATION for f in mine if f.rule_id == rule.rule_id),
                sum(f.severity == Severity.WARNING for f in mine if f.rule_id == rule.rule_id),
                sum(f.rule_id == rule.rule_id for f in mine),
            )
            for rule in RULES
        )
        rows.append(BoardRow(code, name, cells))
    return Board(as_of=as_of, rules=RULES, rows=tuple(rows), findings=scoped)
