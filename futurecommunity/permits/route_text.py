"""Plain-text and JSON views of an approval route, shared by the command and the route sheet.

Pure: no Django, no I/O. Display text is Chinese; JSON keys and enum values are the
stable English codes, with Chinese labels beside them.
"""

from __future__ import annotations

from typing import Any

from futurecommunity.permits.route_types import FACT_LABELS, ApprovalRoute, ProjectFacts
from futurecommunity.permits.rules import format_area, format_yuan

_FLAG_NAMES = (
    "converts_to_public_service",
    "municipal_or_environment_works",
    "changes_land_rights",
    "changes_land_use",
    "changes_building_use",
    "adds_floor_area",
    "major_structural_change",
    "special_construction_project",
    "on_published_list",
    "uses_existing_land",
)


def facts_summary(facts: ProjectFacts) -> tuple[tuple[str, str], ...]:
    """The facts as (Chinese label, Chinese value) pairs, in reading order."""
    works = "未提供" if facts.works_investment is None else format_yuan(facts.works_investment)
    rows = [
        (FACT_LABELS["build_type"], facts.build_type.label),
        (FACT_LABELS["funding"], facts.funding.label),
        (FACT_LABELS["total_investment"], format_yuan(facts.total_investment)),
        (FACT_LABELS["works_investment"], works),
        (FACT_LABELS["works_floor_area"], format_area(facts.works_floor_area)),
    ]
    rows.extend((FACT_LABELS[name], "是" if getattr(facts, name) else "否") for name in _FLAG_NAMES)
    return tuple(rows)


def route_as_text(route: ApprovalRoute) -> str:
    """A Chinese plain-text rendering for the terminal."""
    lines = ["未来社区项目审批路径", "", "一、项目基本情况"]
    lines.extend(f"  {label}：{value}" for label, value in facts_summary(route.facts))
    lines.extend(["", "二、审批路径"])
    for number, step in enumerate(route.steps, start=1):
        lines.append(f"{number}. {step.title}【{step.outcome.label}】（{step.clause}）")
        if step.responsible_units:
            lines.append(f"   负责单位：{'、'.join(step.responsible_units)}")
        if step.documents:
            lines.append(f"   需准备材料：{'；'.join(step.documents)}")
        lines.append(f"   说明：{step.explanation}")
    if route.notes:
        lines.extend(["", "三、说明事项"])
        lines.extend(f"{number}. {note}" for number, note in enumerate(route.notes, start=1))
    return "\n".join(lines) + "\n"


def route_as_dict(route: ApprovalRoute) -> dict[str, Any]:
    """A JSON-ready dict: Decimals as strings, enums as their stable values."""
    facts = route.facts
    fact_values: dict[str, Any] = {
        "build_type": facts.build_type.value,
        "funding": facts.funding.value,
        "total_investment": str(facts.total_investment),
        "works_investment": None if facts.works_investment is None else str(facts.works_investment),
        "works_floor_area": str(facts.works_floor_area),
    }
    fact_values.update({name: getattr(facts, name) for name in _FLAG_NAMES})
    steps = [
        {
            "code": step.code.value,
            "title": step.title,
            "outcome": step.outcome.value,
            "outcome_label": step.outcome.label,
            "responsible_units": list(step.responsible_units),
            "clause": step.clause,
            "documents": list(step.documents),
            "explanation": step.explanation,
        }
        for step in route.steps
    ]
    return {"facts": fact_values, "steps": steps, "notes": list(route.notes)}
