"""Route matrix cases (brief) for the bulk urban-flag screen (issue 10 item 9)."""

from __future__ import annotations

ROUTE_CASES = {
    "regions:community-bulk": {
        "profile": "office_read",
        "expect": {"street_a2": 200, "district_b_editor": 200},
        "post": True,
    },
}
