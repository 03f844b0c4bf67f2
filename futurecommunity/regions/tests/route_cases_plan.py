"""Route matrix cases (brief) for the bulk urban-flag screen (issue 10 item 9)."""

from __future__ import annotations

ROUTE_CASES = {
    "regions:community-bulk": {
        "profile": "office_read",
        "expect": {"street_a2": 200, "district_b_editor": 200},
        "post": True,
        # Only the city office's editors and approvers save (their empty form: 400).
        "expect_post": {
            **dict.fromkeys(
                (
                    "street_a",
                    "street_a2",
                    "district_a_viewer",
                    "district_a_editor",
                    "district_a_approver",
                    "district_b_editor",
                    "city_viewer",
                ),
                403,
            ),
            "city_editor": 400,
            "city_approver": 400,
        },  # fmt: skip
    },
}
