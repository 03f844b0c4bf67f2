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


# --- grouped findings (issue 12 item 5) ------------------------------------------------------


@dataclass(frozen=True)
class BoardItem:
    """One finding as the board lists it: its key (rule, subject, n-th of that pair), and what
    the viewer may do about it (an open order answering it, or the right to issue one)."""

    finding: Finding
    index: int  # position among the findings of the same rule and subject (0, 1, …)
    order: object | None = None  # an open rectification order answering it
    can_issue: bool = False


@dataclass(frozen=True)
class DistrictGroup:
    code: str  # "" for the city row
    name: str
    items: tuple[BoardItem, ...]

    @property
    def violations(self) -> int:
        return sum(i.finding.severity == Severity.VIOLATION for i in self.items)

    @property
    def warnings(self) -> int:
        return sum(i.finding.severity == Severity.WARNING for i in self.items)

    @property
    def total(self) -> int:
        return len(self.items)


@dataclass(frozen=True)
class RuleGroup:
    rule: Rule
    districts: tuple[DistrictGroup, ...]

    @property
    def violations(self) -> int:
        return sum(d.violations for d in self.districts)

    @property
    def warnings(self) -> int:
        return sum(d.warnings for d in self.districts)

    @property
    def total(self) -> int:
        return sum(d.total for d in self.districts)


def indexed(findings: Sequence[Finding]) -> list[tuple[int, Finding]]:
    """Each finding with its position among those of the same rule and subject, so that a
    finding can be named in a link (rule, subject, index) and found again on the same date."""
    seen: dict[tuple[str, str], int] = {}
    out = []
    for f in findings:
        key = (f.rule_id, f.subject_code)
        out.append((seen.get(key, 0), f))
        seen[key] = seen.get(key, 0) + 1
    return out


def find(board: Board, *, rule_id: str, subject_code: str, index: int) -> Finding | None:
    """The finding a link names, among the viewer's findings on the board's date."""
    for n, f in indexed(board.findings):
        if f.rule_id == rule_id and f.subject_code == subject_code and n == index:
            return f
    return None


def group_items(board: Board, items: Sequence[BoardItem]) -> list[RuleGroup]:
    """Items grouped by rule (rule-table order) and, within a rule, by district (board row
    order; the city row first), most severe first inside each group."""
    names = {r.code: r.name for r in board.rows}
    row_order = {r.code: n for n, r in enumerate(board.rows)}
    groups = []
    for rule in board.rules:
        mine = [i for i in items if i.finding.rule_id == rule.rule_id]
        if not mine:
            continue
        codes = sorted({_row_of(i.finding) for i in mine}, key=lambda c: row_order.get(c, 99))
        districts = tuple(
            DistrictGroup(
                code,
                names.get(code, code),
                tuple(
                    sorted(
                        (i for i in mine if _row_of(i.finding) == code),
                        key=lambda i: _severity_order(i.finding),
                    )
                ),
            )
            for code in codes
        )
        groups.append(RuleGroup(rule, districts))
    return groups
