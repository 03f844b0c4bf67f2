"""Route-matrix cases of the common routes: the health check (no login; a JSON body of the
checks) and the favicon (a permanent redirect to the static file, for everyone)."""

from __future__ import annotations

from typing import Any

from futurecommunity.accounts.tests.matrix import VISITORS

ROUTE_CASES: dict[str, dict[str, Any]] = {
    "healthz": {"profile": "public"},
    "favicon": {"profile": "public", "expect": dict.fromkeys(VISITORS, 301)},
}
