"""Approval navigator: which approval steps a future community project goes through.

Pure and typed: no Django, no database. The rules come from 绍政办发〔2023〕21号
clause 三(四) (优化项目审批), with 三(一) (public notice before using existing land) and
三(三) (operator selection) as context. Every policy number is a configuration row
(`data/permits/route_thresholds.csv`, later the Django config table) parsed by
`thresholds_from_rows`; the joint review roster is `data/permits/departments.csv`
parsed by `roster_from_rows`. Where the text leaves a case open the step says so and
routes to the normal procedure, never silently.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path

from futurecommunity.permits import rules
from futurecommunity.permits.route_types import (
    ApprovalRoute,
    BuildType,
    ConfigurationError,
    Department,
    DepartmentRoster,
    Funding,
    InvalidFactsError,
    Outcome,
    ProjectFacts,
    RouteStep,
    RouteThresholds,
    StepCode,
    ThresholdRow,
)

__all__ = [
    "ApprovalRoute",
    "BuildType",
    "ConfigurationError",
    "Department",
    "DepartmentRoster",
    "Funding",
    "InvalidFactsError",
    "Outcome",
    "ProjectFacts",
    "RouteStep",
    "RouteThresholds",
    "StepCode",
    "ThresholdRow",
    "approval_route",
    "load_roster_csv",
    "load_thresholds_csv",
    "roster_from_rows",
    "thresholds_from_rows",
]


# --- configuration rows -------------------------------------------------------------

_THRESHOLD_UNITS = {
    "merged_proposal_total_investment_limit": "yuan",
    "merged_proposal_limit_inclusive": "bool",
    "construction_permit_investment_limit": "yuan",
    "construction_permit_area_limit": "m2",
    "public_notice_days": "day",
}
_ROW_FIELDS = ("key", "value", "unit", "clause", "source", "confidence")
_DEPARTMENT_ROLES = ("convener", "joint_review", "joint_consultation")


def _parse_value(row: ThresholdRow) -> Decimal | bool | int:
    """Parse one row's value by its unit; a malformed value is a configuration error."""
    text = row.value.strip()
    if row.unit == "bool":
        if text.lower() not in ("true", "false"):
            raise ConfigurationError(f"配置项{row.key}的值须为true或false。")
        return text.lower() == "true"
    try:
        number = Decimal(text)
    except InvalidOperation as error:
        raise ConfigurationError(f"配置项{row.key}的值“{text}”不是数字。") from error
    if not number.is_finite() or number <= 0:
        raise ConfigurationError(f"配置项{row.key}的值须为正数。")
    if row.unit == "day":
        if number != number.to_integral_value():
            raise ConfigurationError(f"配置项{row.key}的值须为整数天数。")
        return int(number)
    return number


def _threshold_row(raw: Mapping[str, str]) -> ThresholdRow:
    missing = [name for name in _ROW_FIELDS if not (raw.get(name) or "").strip()]
    if missing:
        raise ConfigurationError(f"配置行缺少字段：{'、'.join(missing)}。")
    row = ThresholdRow(**{name: (raw.get(name) or "").strip() for name in (*_ROW_FIELDS, "note")})
    if row.key not in _THRESHOLD_UNITS:
        raise ConfigurationError(f"未知的配置项{row.key}。")
    if row.unit != _THRESHOLD_UNITS[row.key]:
        raise ConfigurationError(
            f"配置项{row.key}的单位应为{_THRESHOLD_UNITS[row.key]}，实际为{row.unit}。"
        )
    return row


def thresholds_from_rows(rows: Iterable[Mapping[str, str]]) -> RouteThresholds:
    """Parse configuration rows (CSV dicts or DB rows as dicts) into `RouteThresholds`.

    Invariant: every key appears exactly once with its expected unit and a valid value.
    """
    parsed: dict[str, ThresholdRow] = {}
    for raw in rows:
        row = _threshold_row(raw)
        if row.key in parsed:
            raise ConfigurationError(f"配置项{row.key}重复。")
        parsed[row.key] = row
    absent = [key for key in _THRESHOLD_UNITS if key not in parsed]
    if absent:
        raise ConfigurationError(f"缺少配置项：{'、'.join(absent)}。")
    values = {key: _parse_value(row) for key, row in parsed.items()}
    return RouteThresholds(**values, rows=tuple(parsed.values()))  # type: ignore[arg-type]


def roster_from_rows(rows: Iterable[Mapping[str, str]]) -> DepartmentRoster:
    """Parse department rows into the 三(四)1 roster; exactly one convener is required."""
    departments = []
    for raw in rows:
        values = {
            name: (raw.get(name) or "").strip() for name in ("code", "name", "role", "clause")
        }
        if not all(values.values()) or values["role"] not in _DEPARTMENT_ROLES:
            raise ConfigurationError(f"部门配置行无效：{values['code'] or '（无编码）'}。")
        departments.append(Department(**values, note=(raw.get("note") or "").strip()))
    conveners = [d for d in departments if d.role == "convener"]
    if len(conveners) != 1:
        raise ConfigurationError("部门配置须有且只有一个召集部门。")
    reviewers = tuple(d for d in departments if d.role == "joint_review")
    consultees = tuple(d for d in departments if d.role == "joint_consultation")
    if not reviewers or not consultees:
        raise ConfigurationError("部门配置须包含联合审查部门和联合会商单位。")
    return DepartmentRoster(convener=conveners[0], reviewers=reviewers, consultees=consultees)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_thresholds_csv(path: Path) -> RouteThresholds:
    """Read `route_thresholds.csv` (the seed of the config table) into thresholds."""
    return thresholds_from_rows(_read_csv(path))


def load_roster_csv(path: Path) -> DepartmentRoster:
    """Read `departments.csv` into the joint review roster."""
    return roster_from_rows(_read_csv(path))


# --- the route ----------------------------------------------------------------------


def approval_route(
    facts: ProjectFacts, thresholds: RouteThresholds, *, roster: DepartmentRoster
) -> ApprovalRoute:
    """Return the ordered approval steps for a project under 三(四) (and 三(一)).

    Invariant: every `StepCode` appears exactly once, in `StepCode` order, so route
    sheets always have the same rows; steps that do not apply say why.
    """
    steps = (
        rules.plan_filing(facts),
        rules.public_notice(facts, thresholds),
        rules.joint_review(facts, roster),
        rules.joint_consultation(facts, roster),
        rules.project_establishment(facts),
        rules.proposal_feasibility(facts, thresholds),
        rules.approval_or_filing(facts),
        rules.planning_permit(facts),
        rules.construction_permit(facts, thresholds),
        rules.procurement(facts),
    )
    return ApprovalRoute(facts=facts, steps=steps, notes=rules.route_notes(facts, thresholds))
