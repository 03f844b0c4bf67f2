# ruff: noqa: T201, S310 - a command-line smoke client: prints its steps, opens the given http URL
"""Smoke test of a running production server (scripts/smoke_production.sh): health, log in,
a page and its static assets. Standard library only; exits non-zero with a reason."""

from __future__ import annotations

import http.cookiejar
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

base, username, password = sys.argv[1], sys.argv[2], sys.argv[3]
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def get(path: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with opener.open(base + path, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def check(condition: bool, message: str) -> None:
    if not condition:
        print(f"SMOKE FAIL: {message}", file=sys.stderr)
        sys.exit(1)
    print(f"ok  {message}")


status, _h, body = get("/healthz")
health = json.loads(body)
check(status == 200 and health["status"] == "ok", f"/healthz answers ok: {health}")
check(all(c["ok"] for c in health["checks"].values()), "database, queue and disk all pass")

status, _h, body = get("/accounts/login/")
check(status == 200, "login page 200")
token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
check(token is not None, "login form carries a CSRF token")
form = urllib.parse.urlencode(
    {"csrfmiddlewaretoken": token.group(1).decode(), "username": username, "password": password}
).encode()
request = urllib.request.Request(
    base + "/accounts/login/", data=form, headers={"Referer": base + "/accounts/login/"}
)
with opener.open(request, timeout=30) as response:
    landed = response.geturl()
check("/accounts/login/" not in landed, f"logged in (landed on {landed})")

status, _h, page = get("/manage/")
text = page.decode("utf-8")
check(status == 200 and "工作台" in text, "dashboard page 200, in Chinese")
assets = re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', text)
check(bool(assets), f"page links static assets: {assets[:3]}")
check(
    any(re.search(r"\.[0-9a-f]{12}\.(css|js)$", a) for a in assets),
    "static names are content-hashed (collected manifest)",
)
for asset in assets:
    status, headers, content = get(asset)
    cache = headers.get("Cache-Control", "")
    check(status == 200 and len(content) > 0 and "max-age" in cache, f"{asset} 200, {cache}")
print("SMOKE OK")
