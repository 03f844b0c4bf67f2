"""Bulletin sections and ranking indicators that higher apps add (house style §3).

Reporting sits below centres, evaluation and operations in the app order, so it never imports
them. Each of those apps registers its part from its ``AppConfig.ready()`` instead, like the
to-do sources of notifications and the lifecycle guards of ``projects/guards.py``::

    register_bulletin_section("centres", "futurecommunity.centres.bulletin.plan_progress", order=10)
    register_ranking_indicator("effective_operation", "futurecommunity.operations.bulletin.ratios")

A **bulletin section** builder gets the bulletin month (first and last day) and returns a
``Section``: a heading, paragraphs, tables and the reconstructed rules it relies on. The section
is frozen as JSON into the bulletin's figures when the draft is generated, so the screen, the
Word file and the PDF all render the same frozen text, and an issued bulletin never changes.

A **ranking indicator** provider gets the quarter (facts replayed at its end, the regions to
score) and returns one ``rules.Ratio`` per region code. Its weight is the ``Indicator`` row with
the same code (a configuration row the city office edits); without a provider the indicator
reads "无数据" and drops out of the score.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.module_loading import import_string

from futurecommunity.common.provenance import LABEL, is_reconstructed
from futurecommunity.projects.snapshot import ProjectFact
from futurecommunity.reporting.rules import Ratio

# --- bulletin sections -------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""


@dataclass(frozen=True)
class Note:
    """A rule the section relies on that is our reading (推定（待核实）), with its source."""

    name: str
    value: str
    source: str

    @property
    def text(self) -> str:
        value = f"：{self.value}" if self.value else ""
        source = f"，出处：{self.source}" if self.source else ""
        return f"{self.name}{value}（{LABEL}{source}）"


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    clause: str = ""
    paragraphs: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    notes: tuple[Note, ...] = field(default_factory=tuple)

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "heading": self.heading,
            "clause": self.clause,
            "paragraphs": list(self.paragraphs),
            "tables": [
                {"caption": t.caption, "header": list(t.header), "rows": [list(r) for r in t.rows]}
                for t in self.tables
            ],
            "notes": [n.text for n in self.notes],
        }


def note_for(row: Any, *, value: str | None = None) -> Note | None:
    """The note of a configuration row when it is reconstructed (``None`` otherwise)."""
    if row is None or not is_reconstructed(row):
        return None
    shown = value if value is not None else f"{getattr(row, 'value', '')}{getattr(row, 'unit', '')}"
    return Note(str(getattr(row, "name", "")), shown, (getattr(row, "source", "") or "").strip())


SectionBuilder = Callable[[dt.date, dt.date], Section | None]
_SECTIONS: dict[str, tuple[int, str | SectionBuilder]] = {}


def register_bulletin_section(key: str, builder: str | SectionBuilder, *, order: int = 50) -> None:
    """Add (or replace, by key) a section; idempotent so app reloads do not duplicate it."""
    _SECTIONS[key] = (order, builder)


def registered_sections() -> list[str]:
    return [k for k, _v in sorted(_SECTIONS.items(), key=lambda kv: (kv[1][0], kv[0]))]


def bulletin_sections(month: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """Every registered section for the month, in order, as the JSON frozen with the bulletin."""
    out = []
    for key in registered_sections():
        builder = _SECTIONS[key][1]
        fn: SectionBuilder = import_string(builder) if isinstance(builder, str) else builder
        section = fn(month, end)
        if section is not None:
            out.append(section.as_json())
    return out


# --- ranking indicators ------------------------------------------------------------------------


@dataclass(frozen=True)
class RankingInput:
    """What a provider needs: the regions to score (district and street codes), the project
    facts (demo projects already left out) and the quarter's first and last day."""

    regions: Sequence[str]
    facts: Sequence[ProjectFact]
    start: dt.date
    end: dt.date


RatioProvider = Callable[[RankingInput], Mapping[str, Ratio]]
_INDICATORS: dict[str, str | RatioProvider] = {}


def register_ranking_indicator(code: str, provider: str | RatioProvider) -> None:
    """Add (or replace) the provider of the ``Indicator`` row ``code``."""
    _INDICATORS[code] = provider


def registered_indicators() -> list[str]:
    return sorted(_INDICATORS)


def ranking_ratios(data: RankingInput, codes: Sequence[str]) -> dict[str, dict[str, Ratio]]:
    """region code → indicator code → ratio, for the configured indicators that have a provider."""
    out: dict[str, dict[str, Ratio]] = {code: {} for code in data.regions}
    for code in codes:
        provider = _INDICATORS.get(code)
        if provider is None:
            continue
        fn: RatioProvider = import_string(provider) if isinstance(provider, str) else provider
        for region, ratio in fn(data).items():
            if region in out:
                out[region][code] = ratio
    return out
