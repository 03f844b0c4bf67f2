"""Route-matrix case of the health check (no login; a JSON body of the checks)."""

from __future__ import annotations

from typing import Any

ROUTE_CASES: dict[str, dict[str, Any]] = {
    "healthz": {"profile": "public"},
}
