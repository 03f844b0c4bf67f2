"""Route matrix cases (brief contract) for the routes of this app added by issue 11."""

ROUTE_CASES = {
    "district-boundaries": {"profile": "public"},
}
