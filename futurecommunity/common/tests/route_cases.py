"""Route matrix cases (brief contract) for the routes of this app."""

ROUTE_CASES = {
    "healthz": {"profile": "public"},
}
