"""Errors and per-feature problems reported by the engine (English; translated above)."""

from __future__ import annotations

from dataclasses import dataclass


class EngineError(ValueError):
    """Invalid input the engine cannot work with; the message says what is wrong."""


@dataclass(frozen=True)
class FeatureProblem:
    """One input feature that was skipped or repaired, with the reason.

    ``index`` is the feature's position in its source (0-based, -1 for a note about the
    whole file); ``feature_id`` is the source's own id when it has one. ``is_fatal`` is
    False for notes that lost nothing walkable (a point in a line layer, an assumed CRS,
    the clipped tail of an OSM way).
    """

    index: int
    message: str
    feature_id: str | None = None
    is_fatal: bool = True
