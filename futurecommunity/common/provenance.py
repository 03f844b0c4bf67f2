"""One way to say "this number is our reading, not the plan's text" (推定（待核实）).

Any configuration row with ``confidence`` and ``source`` (RuleParameter, ReportingParameter,
Indicator, CoverageRequirement, RectificationSetting, RouteThreshold, lifecircle rows …) goes
through these helpers wherever its value appears: the template tag ``{% provenance row %}``
(``common/templatetags/provenance.py``), Word (``docx_provenance``), Excel
(``with_provenance``) and hence PDF (converted from the Word file). No database access here.
"""

from __future__ import annotations

from typing import Any

LABEL = "推定（待核实）"
# "reconstructed" everywhere; the rectification settings call the same thing "assumed".
RECONSTRUCTED = frozenset({"reconstructed", "assumed"})


def is_reconstructed(row: Any) -> bool:
    """True for a configuration row whose number is our reading, not found in a source."""
    return getattr(row, "confidence", "") in RECONSTRUCTED


def provenance_text(row: Any) -> str:
    """``推定（待核实），出处：…`` for a reconstructed row, else ""."""
    if not is_reconstructed(row):
        return ""
    source = (getattr(row, "source", "") or "").strip()
    return f"{LABEL}，出处：{source}" if source else LABEL


def with_provenance(text: str, row: Any) -> str:
    """``text`` followed by ``（推定（待核实），出处：…）`` when the row is reconstructed."""
    note = provenance_text(row)
    return f"{text}（{note}）" if note else text


def rows_provenance(rows: Any) -> list[str]:
    """One line per distinct reconstructed row among ``rows`` (for a document's notes)."""
    lines: list[str] = []
    for row in rows:
        note = provenance_text(row)
        name = getattr(row, "name", "") or getattr(row, "key", "")
        line = f"{name}：{note}" if name else note
        if note and line not in lines:
            lines.append(line)
    return lines


def docx_provenance(paragraph: Any, row: Any, *, size_pt: float = 9) -> None:
    """Append the label as a small run to a python-docx paragraph (nothing when not reconstructed)."""
    note = provenance_text(row)
    if not note:
        return
    from docx.shared import Pt

    run = paragraph.add_run(f"（{note}）")
    run.font.size = Pt(size_pt)
