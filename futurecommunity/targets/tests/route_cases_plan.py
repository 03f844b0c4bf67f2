"""Route matrix cases (brief: route × visitor) for the routes added by issue 10 items 8–11.

The configuration screen and the board note are not objects of a street: every official reads
the configuration rows (same list for all), only the city office writes.
"""

from __future__ import annotations

OFFICIALS_READ = {"street_a2": 200, "district_b_editor": 200}
_OFFICES_NOT_CITY = ("street_a", "street_a2", "district_a_viewer", "district_a_editor",
                     "district_a_approver", "district_b_editor", "city_viewer")  # fmt: skip
# Saving: other offices and the city's viewers are refused (403); the city office's editors and
# approvers get their empty form back (400) before the service is reached.
CITY_SAVES = {**dict.fromkeys(_OFFICES_NOT_CITY, 403), "city_editor": 400, "city_approver": 400}


def _rule_parameter(street_code: str) -> dict[str, str]:
    return {"kind": "rule-parameter", "key": "t4_warning_days"}


ROUTE_CASES = {
    "configuration-list": {"profile": "office_read", "expect": OFFICIALS_READ},
    "configuration-edit": {
        "make": _rule_parameter,
        "profile": "office_read",
        "expect": OFFICIALS_READ,
        "post": True,
        "expect_post": CITY_SAVES,
    },
    # POST only; the city office's editors and approvers are answered on the board (302: an
    # empty note is refused there); accounts without a territory are not shown the board (404).
    "compliance-finding-note": {
        "profile": "city_write",
        "post": True,
        "post_only": True,
        "ok_post": 302,
        "expect": {"department": 404, "operator": 404},
    },
}
