"""Build the ``ProgrammeSnapshot`` for a date: the only module of the package that queries.

The snapshot is always city-wide (G1 and T1 are city goals); scoping a viewer to a district
happens on the findings (``board.py``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from futurecommunity.pilots.selectors import area_facts, declaration_facts
from futurecommunity.projects.selectors import project_facts
from futurecommunity.regions.selectors import community_list, district_list, street_list
from futurecommunity.targets.compliance.findings import Finding, ProgrammeSnapshot, StreetInfo
from futurecommunity.targets.compliance.pilots import PilotSnapshot
from futurecommunity.targets.models import RuleParameter
from futurecommunity.targets.selectors import baseline_rows, target_rows


def _streets() -> tuple[StreetInfo, ...]:
    urban = Counter(community_list(urban_only=True).values_list("parent_code", flat=True))
    return tuple(
        StreetInfo(code, name, district, kind, urban[code])
        for code, name, district, kind in street_list().values_list(
            "code", "name", "district_code", "nbs_kind"
        )
    )


def programme_snapshot(*, as_of: dt.date) -> ProgrammeSnapshot:
    """The whole programme as frozen facts for ``as_of`` (a handful of queries, none per row),
    with the ancient-city areas and wide declarations (二(二), 二(三)); cached per date until a
    relevant write (targets.cache)."""
    from futurecommunity.targets.cache import cached_figures

    return cached_figures("snapshot", "", as_of, lambda: _programme_snapshot(as_of=as_of))


def programme_findings(*, as_of: dt.date) -> list[Finding]:
    """``evaluate(programme_snapshot(as_of=as_of))``, cached the same way (issue 11 §2): the rule
    table ran on every dashboard and board request (1.7 s of CPU per request at 3,000 projects);
    now once per date until a relevant write changes the fingerprint (targets.cache)."""
    from futurecommunity.targets.cache import cached_figures
    from futurecommunity.targets.compliance.engine import evaluate

    return cached_figures("findings", "", as_of, lambda: evaluate(programme_snapshot(as_of=as_of)))


def _programme_snapshot(*, as_of: dt.date) -> ProgrammeSnapshot:
    urban = frozenset(community_list(urban_only=True).values_list("code", flat=True))
    return PilotSnapshot(
        as_of=as_of,
        facts=tuple(project_facts(prefix="")),
        targets=tuple(target_rows(prefix="")),
        baseline=tuple(baseline_rows()),
        urban_codes=urban,
        streets=_streets(),
        district_names=dict(district_list().values_list("code", "name")),
        parameters=dict(RuleParameter.objects.values_list("key", "value")),
        ancient_areas=tuple(area_facts()),
        wide_declarations=tuple(declaration_facts()),
    )


def reconstructed_basis(snapshot: ProgrammeSnapshot) -> dict[str, list[str]]:
    """Per rule, one line per reconstructed configuration row its findings rest on
    (``名称：推定（待核实），出处：…``, common/provenance); rules resting on none are left out."""
    from futurecommunity.common.provenance import is_reconstructed, rows_provenance
    from futurecommunity.targets.compliance.engine import parameters_read

    read = parameters_read(snapshot)
    keys = set().union(*read.values()) if read else set()
    rows = {
        r.key: r
        for r in RuleParameter.objects.filter(key__in=keys).order_by("key")
        if is_reconstructed(r)
    }
    basis = {}
    for rule_id, used in read.items():
        lines = rows_provenance(rows[k] for k in sorted(used) if k in rows)
        if lines:
            basis[rule_id] = lines
    return basis
