"""The public site in a real browser: one menu on every public page, no horizontal overflow at
390 px, and screenshots at 390 px and 1440 px (test-artifacts/public-site/, to be looked at)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from futurecommunity.common.tests.browser import ARTIFACTS, browser_page, reference_data

__all__ = ["browser_page", "reference_data"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

_WIDTH = "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
MENU = ["公示", "建设总览", "已命名社区", "季度晾晒", "新闻"]


def _published_project():
    from futurecommunity.accounts.models import Organisation, Role
    from futurecommunity.accounts.tests.factories import UserFactory
    from futurecommunity.projects.tests.factories import ProjectFactory, advance

    district = UserFactory(
        username="pub_district",
        role=Role.APPROVER,
        organisation=Organisation.objects.get(code="sx-330602"),
    )
    street = UserFactory(
        username="pub_street",
        role=Role.EDITOR,
        organisation=Organisation.objects.get(code="sx-330602001"),
    )
    project = ProjectFactory(
        actor=street, name="塔山街道花园社区未来社区（命名公布样例，名称较长）"
    )
    return advance(project, "published", approver=district, editor=street)


def test_public_pages_share_one_menu_and_fit_a_phone(live_server, reference_data, browser_page):
    folder = ARTIFACTS / "public-site"
    folder.mkdir(parents=True, exist_ok=True)
    project = _published_project()
    pages = {
        "notices": reverse("public_site:notice-list"),
        "programme": reverse("public_site:programme"),
        "communities": reverse("public:project-list"),
        "community": reverse("public_site:community-detail", args=[project.reference]),
        "rankings": reverse("public_site:ranking-list"),
        "news": reverse("public_site:article-list"),
        "receipt": reverse("public_site:receipt-lookup"),
        "district": reverse("public:district-detail", args=["330602"]),
    }
    page = browser_page
    for width, height in ((390, 844), (1440, 900)):
        page.set_viewport_size({"width": width, "height": height})
        for name, path in pages.items():
            response = page.goto(live_server.url + path)
            assert response is not None and response.status == 200, (name, response)
            page.wait_for_load_state("networkidle")
            links = page.locator("#public-nav a")
            assert links.all_inner_texts() == MENU, name
            for k in range(len(MENU)):
                assert links.nth(k).is_visible(), (name, width, MENU[k])
            assert page.locator(".public-subnav").count() == 0, name
            page.screenshot(path=str(folder / f"{width}-{name}.png"), full_page=True)
            document_width = page.evaluate(_WIDTH)
            assert document_width <= width, f"{name}: document {document_width}px > {width}px"
    # the menu leads where it says
    page.goto(live_server.url + pages["notices"])
    page.locator("#public-nav a", has_text="已命名社区").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(reverse("public:project-list"))
    page.locator("#public-project-table a", has_text="花园社区").click()
    page.wait_for_load_state("networkidle")
    assert project.reference in page.url
    assert page.locator("#public-nav a.active").inner_text() == "已命名社区"
