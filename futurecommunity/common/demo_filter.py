"""Demo data never counts in an official figure (one mechanism for every app).

A demo instance (``FC_DEMO_MODE=1``: ``scripts/run.sh``, its own database ``var/demo.sqlite3``)
counts its demo rows; a real instance leaves every row flagged ``is_demo`` out of every figure
(programme status, compliance board, bulletins, rankings, API, public pages, coverage, 15-minute
analyses), even when demo rows have been left in its database.
"""

from __future__ import annotations

from typing import TypeVar

from django.conf import settings
from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


def demo_counts() -> bool:
    """Whether demo rows count in figures: only in a demo instance (``FC_DEMO_MODE``)."""
    return bool(settings.FC_DEMO_MODE)


def counted(qs: QuerySet[M], flag: str = "is_demo") -> QuerySet[M]:
    """The rows of ``qs`` that may count in a figure: without those whose ``flag`` (a lookup
    such as ``project__is_demo``) is set, except in a demo instance."""
    return qs if demo_counts() else qs.filter(**{flag: False})
