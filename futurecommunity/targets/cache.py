"""Programme figures cached per (scope, date) (issue 11 §2).

Every dashboard and compliance request used to rebuild the figures from the whole history. The
cached value is keyed by the scope, the date and a *fingerprint* of everything the figures are
computed from: for each source table its row count and latest change (``updated_at`` or id).
Any write that can change the figures — a project saved, a transition, a covered community, an
urban flag, a plan target, a baseline, a rule parameter — changes the fingerprint, in every web
process at once, whatever the cache backend; a handful of indexed aggregates replace the rebuild.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Model

from futurecommunity.projects.models import Project, Transition
from futurecommunity.regions.models import Region
from futurecommunity.targets.models import Baseline, PlanTarget, RuleParameter

T = TypeVar("T")
TIMEOUT_SECONDS = 3600


def _sources() -> list[type[Model]]:
    from django.apps import apps

    pilots = list(apps.get_app_config("pilots").get_models())  # areas, declarations (snapshot)
    return pilots + [
        Project,
        Transition,
        Project.communities.through,  # type: ignore[attr-defined]
        Region,
        PlanTarget,
        Baseline,
        RuleParameter,
    ]


def fingerprint() -> str:
    """Row count and latest change of every source table, in ONE query (a UNION of the
    per-table aggregates): the figures, the findings and the outlooks each check it, so a
    board request used to spend 8 queries per cached value on it."""
    qn = connection.ops.quote_name
    selects = []
    for model in _sources():
        columns = {f.name: f.column for f in model._meta.concrete_fields}
        column = columns.get("updated_at") or str(model._meta.pk.column)  # type: ignore[union-attr]
        table = qn(model._meta.db_table)
        selects.append(
            f"SELECT '{model._meta.label_lower}', COUNT(*), "  # noqa: S608 - model metadata
            f"CAST(MAX({table}.{qn(column)}) AS TEXT) FROM {table}"
        )
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects))
        rows = sorted(cursor.fetchall())
    parts = [f"{label}:{n}:{last}" for label, n, last in rows]
    return hashlib.sha1("|".join(parts).encode(), usedforsecurity=False).hexdigest()


def cached_figures(kind: str, prefix: str, as_of: dt.date, build: Callable[[], T]) -> T:
    """The value of ``build()`` for (kind, scope, date), rebuilt only after a relevant write."""
    # A demo instance counts demo rows, a real one does not: never share a value between them.
    mode = "demo" if settings.FC_DEMO_MODE else "real"
    key = f"fc:{kind}:{mode}:{prefix or 'city'}:{as_of.isoformat()}:{fingerprint()}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT_SECONDS)
    return value
