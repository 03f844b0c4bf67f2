"""Helpers for real-browser tests: Debian's headless chromium driven by Playwright.

Browser tests use pytest-django's ``live_server`` (a transactional database that is flushed
after each test), so they load the reference data themselves via ``reference_data``; pytest-django
runs them after the ordinary transactional-rollback tests.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def reference_data(transactional_db: None) -> None:
    from futurecommunity.accounts.loaders import load_organisations
    from futurecommunity.pilots.loaders import load_pilots
    from futurecommunity.regions.loaders import load_regions
    from futurecommunity.targets.loaders import load_targets

    load_regions()
    load_organisations()
    load_targets()
    load_pilots()


@pytest.fixture
def browser_page() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("缺少 /usr/bin/chromium（Debian 软件包 chromium），浏览器测试无法运行。")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="zh-CN")
        try:
            yield page
        finally:
            browser.close()


def login(page: object, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")  # type: ignore[attr-defined]
    page.fill("#id_username", username)  # type: ignore[attr-defined]
    page.fill("#id_password", password)  # type: ignore[attr-defined]
    page.click("button[type=submit]")  # type: ignore[attr-defined]
