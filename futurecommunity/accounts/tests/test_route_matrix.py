"""Every route has an access rule, and the rule holds for every kind of visitor (issue 3).

The table below must name every URL the platform serves. A new route without a rule fails
``test_every_route_has_an_access_rule``; then each rule is checked for an anonymous visitor, an
account outside every office, the public, an ordinary official and each administrator duty:
allowed visitors get a page, everyone else a redirect to login, 401, 403 or 404 — never a 500.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from futurecommunity.accounts.tests.factories import sign_in_verified

pytestmark = pytest.mark.django_db

PUBLIC = "public"  # anyone, no login
SIGNED_IN = "signed_in"  # any signed-in account (own password, second factor, inbox)
OFFICIAL = "official"  # offices (and reviewing departments where the page allows)
SYSTEM_ADMIN = "system_admin"
SECURITY_ADMIN = "security_admin"
AUDIT_ADMIN = "audit_admin"
API = "api"  # bearer token

RULES: dict[str, str] = {
    "login": PUBLIC,
    "logout": PUBLIC,
    "api-docs": PUBLIC,
    "api-v1:openapi-json": PUBLIC,
    "api-v1:api-root": PUBLIC,
    "root-redirect": PUBLIC,
    "public:project-list": PUBLIC,
    "public:district-detail": PUBLIC,
    "password_change": SIGNED_IN,
    "password_change_done": SIGNED_IN,
    "otp-verify": SIGNED_IN,
    "otp-enrol": SIGNED_IN,
    "notifications:inbox": SIGNED_IN,
    "notifications:todo-list": SIGNED_IN,
    "favicon": PUBLIC,
    "notifications:message-read": SIGNED_IN,
    "notifications:message-read-all": SIGNED_IN,
    "jobs:job-detail": SIGNED_IN,
    "jobs:job-progress": SIGNED_IN,
    "user-list": SYSTEM_ADMIN,
    "user-create": SYSTEM_ADMIN,
    "user-detail": SYSTEM_ADMIN,
    "user-set-active": SYSTEM_ADMIN,
    "user-reset-password": SYSTEM_ADMIN,
    "security-home": SECURITY_ADMIN,
    "security-unlock": SECURITY_ADMIN,
    "security-otp-reset": SECURITY_ADMIN,
    "audit:entry-list": AUDIT_ADMIN,
    "audit:entry-detail": AUDIT_ADMIN,
    "audit:entry-export": AUDIT_ADMIN,
    "audit:chain-verify": AUDIT_ADMIN,
}
_OFFICIAL_PREFIXES = ("manage/",)
_API_PREFIX = "api/v1/"
_LIST_PAGES = {  # parameterless official pages an ordinary city official opens with 200
    "dashboard",
    "plan-target-list",
    "compliance-board",
    "projects:project-list",
    "regions:community-list",
    "permits:route-wizard",
    "reporting:report-list",
    "reporting:bulletin-list",
    "reporting:ranking-list",
    "rectification:order-list",
    "rectification:inspection-list",
    "pilots:pilot-index",
}
_PUBLIC_PAGES = {"public:project-list"}  # parameterless public pages anyone opens with 200
_OWN_PAGE = {
    SYSTEM_ADMIN: "user-list",
    SECURITY_ADMIN: "security-home",
    AUDIT_ADMIN: "audit:entry-list",
}
# Refused: not found (existence not disclosed), forbidden, or the method is not offered at all.
DENIED = (403, 404, 405)
_SAMPLE_ARGS = {"int": "999999", "str": "NOPE", "path": "NOPE"}


def _walk(patterns: list, prefix: str = "", ns: str = "") -> Iterator[tuple[str, str]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(
                p.url_patterns,
                prefix + str(p.pattern),
                ns + (f"{p.namespace}:" if p.namespace else ""),
            )
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            if route.startswith("django-admin/"):
                continue
            yield (ns + p.name if p.name else "root-redirect"), route


def _routes() -> list[tuple[str, str]]:
    return sorted(set(_walk(get_resolver().url_patterns)))


def _rule(name: str, route: str) -> str:
    if name in RULES:
        return RULES[name]
    if route.startswith(_API_PREFIX):
        return API
    if route.startswith(_OFFICIAL_PREFIXES):
        return OFFICIAL
    return ""


def _url(route: str) -> str:
    def sample(match: re.Match[str]) -> str:
        converter = match.group(1) or "str"
        return _SAMPLE_ARGS.get(converter, "2099")

    url = re.sub(r"<(?:(\w+):)?\w+>", sample, route)
    url = url.replace("months/NOPE", "months/2099-01").replace(
        "incentives/999999", "incentives/2099"
    )
    return "/" + url


ROUTES = _routes()


def test_every_route_has_an_access_rule():
    missing = [f"{name} ({route})" for name, route in ROUTES if not _rule(name, route)]
    assert missing == [], "新路由缺少访问规则：" + "、".join(missing)


@pytest.mark.parametrize(("name", "route"), ROUTES, ids=[n for n, _r in ROUTES])
def test_anonymous_visitor_gets_login_redirect_or_401_and_never_an_error(client, name, route):
    rule = _rule(name, route)
    for method in (client.get, client.post):
        response = method(_url(route))
        assert response.status_code < 500, f"{name} {response.status_code}"
        if rule == API:
            assert response.status_code in (401, 405)
        elif name in _PUBLIC_PAGES and method == client.get:
            assert response.status_code == 200, f"{name} {response.status_code}"
        elif rule != PUBLIC:
            assert response.status_code in (302, 405), f"{name} {response.status_code}"
            if response.status_code == 302:
                assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("visitor", ["outsider", "resident"])
def test_accounts_outside_every_office_reach_no_office_or_admin_page(client, request, visitor):
    client.force_login(request.getfixturevalue(visitor))
    for name, route in ROUTES:
        rule = _rule(name, route)
        if rule in (OFFICIAL, SYSTEM_ADMIN, SECURITY_ADMIN, AUDIT_ADMIN):
            for method in (client.get, client.post):
                status = method(_url(route)).status_code
                assert status in DENIED, f"{visitor} {name} {status}"


def test_ordinary_official_opens_office_pages_but_no_admin_page(client, city_viewer):
    client.force_login(city_viewer)
    for name, route in ROUTES:
        rule = _rule(name, route)
        status = client.get(_url(route)).status_code
        assert status < 500, f"{name} {status}"
        if name in _LIST_PAGES:
            assert status == 200, f"{name} {status}"
        if rule in (SYSTEM_ADMIN, SECURITY_ADMIN, AUDIT_ADMIN):
            for method in (client.get, client.post):
                status = method(_url(route)).status_code
                assert status in DENIED, f"{name} {status}"


@pytest.mark.parametrize("duty", [SYSTEM_ADMIN, SECURITY_ADMIN, AUDIT_ADMIN])
def test_each_administrator_opens_only_their_own_duty(client, request, duty):
    sign_in_verified(client, request.getfixturevalue(duty))
    assert client.get(_url(dict(ROUTES)[_OWN_PAGE[duty]])).status_code == 200
    # The business dashboard sends an administrator to their own duty's page instead.
    assert client.get("/manage/")["Location"] == _url(dict(ROUTES)[_OWN_PAGE[duty]])
    for name, route in ROUTES:
        rule = _rule(name, route)
        if (
            rule in (SYSTEM_ADMIN, SECURITY_ADMIN, AUDIT_ADMIN, OFFICIAL)
            and rule != duty
            and name != "dashboard"
        ):
            for method in (client.get, client.post):
                status = method(_url(route)).status_code
                assert status in DENIED, f"{duty} {name} {status}"
