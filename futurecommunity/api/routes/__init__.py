"""The API operations, one router per area; each operation is a thin adapter (house style §9)."""

from __future__ import annotations

from typing import Any

from futurecommunity.api.schemas import ErrorOut


def with_errors(ok: dict[int, Any], *codes: int) -> dict[int, Any]:
    """An operation's responses: its success schema(s) plus the error shape for ``codes``."""
    return {**ok, **dict.fromkeys((401, *codes), ErrorOut)}
