"""A street office's dashboard: what applies to a street — its T2 quota (二(一) T2), its own
projects by status, and its findings — never the district's plan table (a street has no plan row)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from futurecommunity.accounts.models import User
from futurecommunity.projects.models import Project, Status
from futurecommunity.regions.models import Region
from futurecommunity.targets.compliance.board import in_territory
from futurecommunity.targets.compliance.snapshot import programme_findings


def street_dashboard_context(*, viewer: User, as_of: dt.date) -> dict[str, Any] | None:
    org = viewer.organisation
    if org is None or org.kind != "street_office" or len(org.region_code) != 9:
        return None
    code = org.region_code
    street = Region.objects.filter(code=code).first()
    district = Region.objects.filter(code=code[:6]).first()
    findings = [f for f in programme_findings(as_of=as_of) if in_territory(f, code)]
    quota = [f for f in findings if f.rule_id == "T2-street"]
    quota.sort(key=lambda f: f.explanation)
    others = [
        f for f in findings if f.rule_id != "T2-street" and f.severity not in ("ok", "not_due")
    ]
    projects = list(
        Project.objects.filter(region_code=code).order_by("-creation_year", "reference")
    )
    counts = Counter(p.status for p in projects)
    return {
        "street_name": street.name if street else org.name,
        "district_name": district.name if district else "",
        "quota": quota,
        "other_findings": others[:20],
        "projects": projects[:50],
        "project_total": len(projects),
        "status_counts": [(s.label, counts[s.value]) for s in Status if counts[s.value]],
    }
