"""Domain objects → plain dicts shaped like the output schemas (no queries beyond prefetched)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from futurecommunity.projects.models import Project, Status, Transition
from futurecommunity.projects.rules import Move
from futurecommunity.regions.models import Region
from futurecommunity.targets.compliance.findings import Finding
from futurecommunity.targets.selectors import ProgrammeView


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def region_out(region: Region) -> dict[str, Any]:
    return {
        "code": region.code,
        "name": region.name,
        "level": region.level,
        "district_code": region.district_code,
    }


def project_out(project: Project) -> dict[str, Any]:
    return {
        "reference": project.reference,
        "name": project.name,
        "district_code": project.district_id,
        "district_name": project.district.name,
        "street_code": project.street_id,
        "street_name": project.street.name,
        "level": project.level,
        "build_type": project.build_type,
        "ambition": project.ambition,
        "creation_year": project.creation_year,
        "batch": project.batch,
        "status": project.status,
        "status_label": Status(project.status).label,
        "status_changed_on": project.status_changed_on,
        "is_key_area": project.is_key_area,
        "is_linked_renovation": project.is_linked_renovation,
        "linked_renovation_reference": project.linked_renovation_reference,
        "total_investment": _decimal(project.total_investment),
        "floor_area": _decimal(project.floor_area),
        "funding": project.funding,
        "implementing_body": project.implementing_body,
        "operator": project.operator,
        "longitude": _decimal(project.longitude),
        "latitude": _decimal(project.latitude),
        "notes": project.notes,
    }


def transition_out(transition: Transition) -> dict[str, Any]:
    return {
        "from_status": transition.from_status,
        "to_status": transition.to_status,
        "occurred_on": transition.occurred_on,
        "actor": str(transition.actor),
        "organisation_name": transition.organisation_name,
        "document_number": transition.document_number,
        "remark": transition.remark,
    }


def project_detail_out(project: Project, moves: list[Move]) -> dict[str, Any]:
    return {
        **project_out(project),
        "communities": [region_out(c) for c in project.communities.all()],
        "transitions": [transition_out(t) for t in project.transitions.all()],
        "moves": [
            {
                "target": m.target,
                "label": m.label,
                "needs_document": m.needs_document,
                "needs_remark": m.needs_remark,
            }
            for m in moves
        ],
    }


def programme_status_out(view: ProgrammeView) -> dict[str, Any]:
    status = view.status
    names = {d.code: d.name for d in view.districts}
    return {
        "as_of": status.as_of,
        "scope": view.prefix,
        "baseline_total": status.baseline_total,
        "created_total": status.created_total,
        "built_total": status.built_total,
        "plan_total": status.plan_total,
        "built_by_level": dict(status.built_by_level),
        "coverage_city": _coverage(status.coverage_city),
        "coverage_by_district": [
            {"district_code": code, "district_name": names.get(code, code), **_coverage(cov)}
            for code, cov in sorted(status.coverage_by_district.items())
        ],
        "cells": [
            {
                "district_code": c.district_code,
                "year": c.year,
                "level": c.level,
                "target": c.target,
                "created": c.created,
                "building": c.building,
                "built": c.built,
                "gap": c.gap,
            }
            for c in status.cells
        ],
    }


def _coverage(coverage: Any) -> dict[str, Any]:
    return {"covered": coverage.covered, "total": coverage.total, "percent": str(coverage.percent)}


def finding_out(finding: Finding) -> dict[str, Any]:
    return {
        "rule_id": finding.rule_id,
        "clause": finding.clause,
        "subject_kind": finding.subject_kind,
        "subject_code": finding.subject_code,
        "subject_name": finding.subject_name,
        "region_code": finding.region_code,
        "severity": finding.severity.value,
        "severity_label": finding.severity_label,
        "required": str(finding.required),
        "actual": str(finding.actual),
        "gap": str(finding.gap),
        "unit": finding.unit,
        "explanation": finding.explanation,
    }
