"""Shape programme figures for the screens (tables, chart and map data). No queries here."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.urls import reverse

from futurecommunity.targets import rules
from futurecommunity.targets.models import PlanTarget
from futurecommunity.targets.selectors import DistrictProjects, ProgrammeView

LEVEL_NAMES = {"provincial": "省级", "municipal": "市级", "county": "县级"}


def _sums(cells: Iterable[Any]) -> dict[str, int]:
    present = [c for c in cells if c is not None]
    return {
        "target": sum(c.target for c in present),
        "created": sum(c.created for c in present),
        "built": sum(c.built for c in present),
    }


def _matrix(view: ProgrammeView, projects: dict[str, DistrictProjects]) -> dict[str, Any]:
    """The plan table by district, with each district's subtotal over every year and level and
    its registered projects and total investment (issue 12 item 5: subtotals by district)."""
    years = sorted({c.year for c in view.status.cells})
    by_key = {(c.district_code, c.year, c.level): c for c in view.status.cells}
    rows: list[dict[str, Any]] = []
    none = DistrictProjects(0, Decimal(0))
    for district in view.districts:
        cells = [by_key.get((district.code, y, lvl)) for y in years for lvl in rules.LEVELS]
        rows.append(
            {
                "district": district,
                "cells": cells,
                "subtotal": _sums(cells),
                "projects": projects.get(district.code, none),
            }
        )
    totals = []
    for y in years:
        for lvl in rules.LEVELS:
            group = [c for c in view.status.cells if c.year == y and c.level == lvl]
            totals.append(
                {
                    "target": sum(c.target for c in group),
                    "created": sum(c.created for c in group),
                    "built": sum(c.built for c in group),
                }
            )
    return {
        "years": years,
        "levels": [LEVEL_NAMES[lvl] for lvl in rules.LEVELS],
        "rows": rows,
        "totals": totals,
        "total": _sums(view.status.cells),
        "projects": DistrictProjects(
            sum(r["projects"].count for r in rows),
            sum((r["projects"].investment for r in rows), Decimal(0)),
        ),
    }


def dashboard_context(
    view: ProgrammeView, projects: dict[str, DistrictProjects] | None = None
) -> dict[str, Any]:
    status = view.status
    names = {d.code: d.name for d in view.districts}
    coverage_rows: list[dict[str, Any]] = [
        {
            "code": code,
            "name": names[code],
            "coverage": cov,
            "meets": cov.rate >= view.coverage_goal,
        }
        for code, cov in status.coverage_by_district.items()
    ]
    start = min(view.start, status.as_of)
    days = rules.month_ends(start, status.as_of)
    curve = rules.built_curve(view.facts, view.baseline, days) if view.prefix == "" else []
    return {
        "view": view,
        "status": status,
        "matrix": _matrix(view, projects or {}),
        "coverage_rows": coverage_rows,
        "coverage_goal_percent": view.coverage_goal * 100,
        "is_city": view.prefix == "",
        "map_data": {
            # Boundaries come from one cacheable file (regions.boundaries), not inline.
            "boundaries_url": reverse("district-boundaries"),
            "codes": [d.code for d in view.districts],
            "values": [
                {"name": r["name"], "value": float(r["coverage"].percent)} for r in coverage_rows
            ],
            "goal": float(view.coverage_goal * 100),
        },
        "curve_data": {
            "days": [d.isoformat() for d, _n in curve],
            "built": [n for _d, n in curve],
            "goal": view.count_goal,
            "plan_total": status.plan_total,
            "deadline": view.deadline.isoformat(),
        },
    }


def target_table(targets: Iterable[PlanTarget]) -> list[dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for t in targets:
        row = rows.setdefault(t.district_id, {"district": t.district, "cells": {}})
        row["cells"][(t.year, t.level)] = t
    years = sorted({y for r in rows.values() for (y, _l) in r["cells"]})
    return [
        {
            "district": r["district"],
            "cells": [r["cells"].get((y, lvl)) for y in years for lvl in rules.LEVELS],
            # the district's subtotal: all years and levels, then per level
            "subtotal": sum(t.target for t in r["cells"].values()),
            "by_level": [
                (LEVEL_NAMES[lvl], sum(t.target for t in r["cells"].values() if t.level == lvl))
                for lvl in rules.LEVELS
            ],
        }
        for r in rows.values()
    ]


def street_drill(
    view: ProgrammeView, streets: Iterable[tuple[str, str, str]], urban: Iterable[str]
) -> list[dict[str, Any]]:
    """The map's drill-down from a district to its streets (issue 12 item 3). The boundaries
    file has districts only, so a street is a row and a bar, not a shape: per street its
    registered projects, those built (accepted or later) on the date, and urban communities
    covered / in force. ``streets``: (code, name, district code)."""
    from futurecommunity.projects.rules import ACCEPTED_OR_LATER
    from futurecommunity.projects.snapshot import covered_urban

    day = view.status.as_of
    urban_codes = list(urban)
    wanted = {d.code: d.name for d in view.districts}
    by_district: dict[str, list[dict[str, Any]]] = {code: [] for code in wanted}
    for code, name, district in streets:
        if district not in wanted:
            continue
        mine = [f for f in view.facts if f.street_code == code]
        covered, total = covered_urban(mine, urban_codes, day, prefix=code)
        by_district[district].append(
            {
                "code": code,
                "name": name,
                "projects": len(mine),
                "built": sum(f.status_on(day) in ACCEPTED_OR_LATER for f in mine),
                "covered": covered,
                "urban": total,
            }
        )
    return [
        {
            "code": code,
            "name": wanted[code],
            "streets": rows,
            "projects": sum(r["projects"] for r in rows),
            "built": sum(r["built"] for r in rows),
        }
        for code, rows in by_district.items()
    ]
