"""Route matrix cases (brief: route × visitor) for the routes added by issue 10 items 8–11.

The configuration screen and the board note are not objects of a street: every official reads
the configuration rows (same list for all), only the city office writes.
"""

from __future__ import annotations

OFFICIALS_READ = {"street_a2": 200, "district_b_editor": 200}


def _rule_parameter(street_code: str) -> dict[str, str]:
    return {"kind": "rule-parameter", "key": "t4_warning_days"}


ROUTE_CASES = {
    "configuration-list": {"profile": "office_read", "expect": OFFICIALS_READ},
    "configuration-edit": {
        "make": _rule_parameter,
        "profile": "office_read",
        "expect": OFFICIALS_READ,
        "post": True,
    },
    "compliance-finding-note": {"profile": "city_write", "post": True},
}
