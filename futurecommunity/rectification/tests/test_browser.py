"""One real-browser walk through the order cycle (四 S3)."""

import pytest

from futurecommunity.accounts.models import Organisation, Role
from futurecommunity.accounts.tests.factories import TEST_PASSWORD, UserFactory
from futurecommunity.common.tests.browser import ARTIFACTS, browser_page, login, reference_data
from futurecommunity.rectification.models import RectificationOrder

__all__ = ["browser_page", "reference_data"]


def _switch(page, base, username):  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    login(page, base, username, TEST_PASSWORD)


def _move(page, base, order, target, remark=""):  # type: ignore[no-untyped-def]
    page.goto(f"{base}/manage/rectification/orders/{order.pk}/")
    form = page.locator(f"#move-{target}")
    if not form.is_visible():
        page.locator("details.move", has=form).locator("summary").click()
    if remark:
        form.locator("textarea[name=remark]").fill(remark)
    form.locator(f"#submit-{target}").click()
    page.wait_for_load_state()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_issue_respond_send_back_respond_verify(live_server, reference_data, browser_page):
    page, base = browser_page, live_server.url
    UserFactory(
        username="city_e",
        organisation=Organisation.objects.get(code="sx-city-office"),
        role=Role.EDITOR,
    )
    UserFactory(
        username="tashan_e",
        organisation=Organisation.objects.get(code="sx-330602001"),
        role=Role.EDITOR,
    )

    login(page, base, "city_e", TEST_PASSWORD)
    page.goto(f"{base}/manage/rectification/orders/create/")
    page.select_option("#id_recipient", label="塔山街道办事处")
    page.fill("#id_title", "店招整治")
    page.fill("#id_requirement", "统一沿街店招样式。")
    page.fill("#id_deadline", "2099-12-31")
    page.click("#issue-submit")
    page.wait_for_selector("#order-status")
    order = RectificationOrder.objects.get()

    _switch(page, base, "tashan_e")
    _move(page, base, order, "responded", "已统一店招。")
    _switch(page, base, "city_e")
    _move(page, base, order, "sent_back", "两处店招未更换。")
    _switch(page, base, "tashan_e")
    _move(page, base, order, "responded", "已全部更换。")
    _switch(page, base, "city_e")
    _move(page, base, order, "closed")

    assert page.locator("#order-status").inner_text() == "核查通过已办结"
    assert page.locator("#timeline li").count() == 5
    page.screenshot(path=str(ARTIFACTS / "rectification_order_cycle.png"), full_page=True)
    order.refresh_from_db()
    assert order.status == "closed"
