"""Every route × every visitor, over REAL objects, with the answer written down (issue 10).

Each app's ``tests/route_cases.py`` gives every route an access profile and, for a route with
URL parameters, a factory that creates a real object in street A (塔山街道, 越城区) and returns
the URL's arguments. A route without a case fails ``test_every_route_has_a_case``. Then each
route is opened by every visitor kind (``accounts.tests.matrix.VISITORS``), with GET and, where
the route accepts it, POST; every answer must equal the profile's table (200 / 302 / 403 / 404,
a login redirect for the anonymous visitor) after the case's own overrides. A leak — an
out-of-scope visitor reading or writing street A's object — therefore fails here. A list page
with ``shows`` must list street A's object for the visitors in scope and for nobody else.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from futurecommunity.accounts.tests.factories import sign_in_verified
from futurecommunity.accounts.tests.matrix import (
    ADMINS,
    DEPARTMENTS,
    LOGIN,
    OTP,
    PROFILES,
    REFUSED,
    STREET_A,
    VISITORS,
    expected,
    make_visitors,
    route_cases,
)

pytestmark = pytest.mark.django_db


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


ROUTES = sorted(set(_walk(get_resolver().url_patterns)))
CASES = route_cases()


def test_every_route_has_a_case():
    problems = []
    for name, route in ROUTES:
        case = CASES.get(name)
        if case is None:
            problems.append(f"{name}（{route}）缺少用例")
            continue
        if case.get("profile") not in PROFILES:
            problems.append(f"{name}：未知的访问类型 {case.get('profile')!r}")
        if "<" in route and "make" not in case:
            problems.append(f"{name}：带参数的路由须提供 make（真实对象）")
        named = [case.get(k, {}).keys() for k in ("expect", "expect_get", "expect_post")]
        own = case.get("departments", {})
        for table in own.values() if set(own) <= {"GET", "POST"} and own else [own]:
            if set(table) - set(DEPARTMENTS):
                problems.append(f"{name}：departments 只能列部门访问者 {sorted(DEPARTMENTS)}")
        unknown = set().union(*named) - set(VISITORS)
        if unknown:
            problems.append(f"{name}：未知访问者 {sorted(unknown)}")
    stale = sorted(CASES.keys() - {name for name, _r in ROUTES})
    assert problems == [], "；".join(problems)
    assert stale == [], "用例对应的路由已不存在：" + "、".join(stale)


def _clients(visitors: dict[str, Any], *, token: bool = False) -> dict[str, Client]:
    from futurecommunity.api.services import api_token_create

    clients = {}
    for name, user in visitors.items():
        client = Client()
        if token:  # the API: a bearer token of the visitor's account, no session
            if user is not None:
                plain = api_token_create(actor=None, user=user, name="矩阵", days=1).plain
                client = Client(headers={"Authorization": f"Bearer {plain}"})
        elif user is not None:
            if name in ADMINS:
                sign_in_verified(client, user)
            else:
                client.force_login(user)
        clients[name] = client
    return clients


def _answer(response: Any, case: dict[str, Any]) -> Any:
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith("/accounts/login/"):
            return LOGIN
        if location.startswith("/accounts/otp/"):
            return OTP
        if case["profile"] == "city_post" and _refused_on_the_page(response):
            return REFUSED
    return response.status_code


def _refused_on_the_page(response: Any) -> bool:
    """A city-wide action's redirect that carries an error message (the service refused)."""
    from django.contrib import messages

    queued = getattr(response.wsgi_request, "_messages", None)
    return any(m.level >= messages.ERROR for m in getattr(queued, "_queued_messages", []))


def _url(name: str, case: dict[str, Any]) -> str:
    if name == "root-redirect":
        return "/"
    kwargs = case["make"](STREET_A) if "make" in case else {}
    query = kwargs.pop("_query", "")
    return reverse(name, kwargs=kwargs) + (f"?{query}" if query else "")


_DONE = (200, 201, 302, 400)
# Who sees street A's objects in a list: its street, its district and the city.
_SEES = {v for v, answer in PROFILES["office_read"].items() if answer == 200}


def _post(client: Client, url: str, case: dict[str, Any]) -> Any:
    if "post_json" in case:  # the API takes JSON
        body = case["post_json"]
        body = body(STREET_A) if callable(body) else body
        return client.post(url, json.dumps(body), content_type="application/json")
    data = case.get("post_data", {})
    return client.post(url, data(STREET_A) if callable(data) else data)


# Writing a new app's cases: FC_MATRIX_OBSERVE=<file.jsonl> records every actual answer (and the
# differences from the table) instead of asserting, to review before writing the overrides.
_OBSERVE = os.environ.get("FC_MATRIX_OBSERVE", "")


@pytest.fixture(autouse=True)
def _quiet_request_log():
    log = logging.getLogger("django.request")
    level = log.level
    log.setLevel(logging.ERROR)
    yield
    log.setLevel(level)


@pytest.mark.parametrize("name", sorted(CASES))
def test_route_answers_every_visitor_as_written(name, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    case = CASES[name]
    clients = _clients(make_visitors(), token=case.get("auth") == "token")
    url = _url(name, case)
    # A list page: the street-A object's marker appears for those in scope, for nobody else.
    marker = case["shows"](STREET_A) if "shows" in case else None
    sees = set(case.get("sees", _SEES))
    wrong = []
    actual: dict[str, dict[str, Any]] = {}
    methods = ["GET", "POST"] if case.get("post") else ["GET"]
    for method in methods:
        table = expected(case, method)
        # Refused visitors first, then viewers, so that an allowed POST that changes the object
        # comes last.
        order = sorted(VISITORS, key=lambda v: (table[v] in _DONE, "viewer" not in v))
        for visitor in order:
            client = clients[visitor]
            if method == "POST" and case.get("fresh_post"):  # a POST that removes its object
                url = _url(name, case)
            response = client.get(url) if method == "GET" else _post(client, url, case)
            got = _answer(response, case)
            if _OBSERVE and got == REFUSED:
                queued = response.wsgi_request._messages._queued_messages
                actual.setdefault("messages", {})[visitor] = [str(m) for m in queued]
            actual.setdefault(method, {})[visitor] = got
            if marker and method == "GET" and got == 200:
                shown = marker in response.content.decode()
                if shown != (visitor in sees):
                    wrong.append(
                        f"GET {visitor}: 列表{'显示了辖区外的' if shown else '缺少本辖区的'}“{marker}”"
                    )
            if got != table[visitor]:
                wrong.append(f"{method} {visitor}: 应为 {table[visitor]}，实为 {got}")
    if _OBSERVE:
        with open(_OBSERVE, "a", encoding="utf-8") as out:
            out.write(json.dumps({"name": name, "actual": actual, "wrong": wrong}) + "\n")
        return
    assert wrong == [], f"{name} {url}\n" + "\n".join(wrong)


@pytest.mark.parametrize(
    ("duty", "page"),
    [("system_admin", "user-list"), ("security_admin", "security-home")],
)
def test_the_dashboard_sends_an_administrator_to_their_own_duty(client, duty, page):
    from futurecommunity.accounts.tests.factories import UserFactory

    sign_in_verified(client, UserFactory(username=duty, organisation=None, admin_role=duty))
    assert client.get("/manage/")["Location"] == reverse(page)
