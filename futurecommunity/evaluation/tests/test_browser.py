"""One real-browser walk through acceptance: street self-assessment → district submits → city
forms a panel → three experts score → pass with conditions → rectification order → 验收通过."""

from __future__ import annotations

import datetime as dt

import pytest

from futurecommunity.accounts.models import Organisation, Role
from futurecommunity.accounts.tests.factories import TEST_PASSWORD, UserFactory
from futurecommunity.common.tests.browser import ARTIFACTS, browser_page, login, reference_data
from futurecommunity.common.time import today_local
from futurecommunity.evaluation.loaders import load_evaluation
from futurecommunity.evaluation.models import Evaluation
from futurecommunity.evaluation.tests.factories import make_expert
from futurecommunity.projects import guards
from futurecommunity.projects.models import Project
from futurecommunity.projects.tests.factories import ProjectFactory, advance
from futurecommunity.rectification.models import RectificationOrder

__all__ = ["browser_page", "reference_data"]


def _as(page, base, username):  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    login(page, base, username, TEST_PASSWORD)


def _user(username: str, org: str, role: str):  # type: ignore[no-untyped-def]
    return UserFactory(
        username=username, organisation=Organisation.objects.get(code=org), role=role
    )


def _no_overflow(page) -> bool:  # type: ignore[no-untyped-def]
    """Nothing in the page content sticks out at 390 px (wide tables scroll inside their box).
    The shared top navigation is measured by its own app, not here."""
    script = """Array.from(document.querySelectorAll('main.page *')).filter(e =>
        e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-scroll')
    ).map(e => e.tagName + '#' + e.id)"""
    offenders = page.evaluate(script)
    assert offenders == [], offenders
    return True


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_acceptance_from_self_assessment_to_accepted(
    live_server, reference_data, browser_page, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_evaluation()
    page, base = browser_page, live_server.url
    street = _user("ts_e", "sx-330602001", Role.EDITOR)
    _user("yc_e", "sx-330602", Role.EDITOR)
    city_e = _user("city_e", "sx-city-office", Role.EDITOR)
    city_a = _user("city_a", "sx-city-office", Role.APPROVER)
    experts = [make_expert(f"exp{n}") for n in range(3)]
    project = advance(ProjectFactory(actor=street, level="municipal"), "acceptance_requested",
                      approver=city_a, editor=street)  # fmt: skip
    # 三(三): a renovation project is accepted only with its operating plan (operations app).
    guards.satisfy_all(project, "accepted", street)
    photo = tmp_path / "佐证.jpg"
    photo.write_bytes(b"\xff\xd8\xff evidence")

    _as(page, base, "ts_e")
    page.goto(f"{base}/manage/evaluation/")
    page.click(f"#start-{project.reference}")
    page.wait_for_selector("#assess-table")
    evaluation = Evaluation.objects.get(project=project)
    for answer in evaluation.answers.select_related("indicator"):
        code = answer.indicator.code
        page.select_option(f"#declared-{code}", "done")
        page.set_input_files(f"#files-{code}", str(photo))
    page.click("#assess-save")
    page.wait_for_selector("#assess-table")
    assert "尚有" not in page.content()

    _as(page, base, "yc_e")
    page.goto(f"{base}/manage/evaluation/{evaluation.pk}/")
    page.click("#submit-evaluation")
    page.wait_for_selector("#panel-section")

    _as(page, base, "city_e")
    page.goto(f"{base}/manage/evaluation/{evaluation.pk}/")
    for expert in experts:
        page.check(f"#expert-{expert.user.username}")
    page.click("#panel-submit")
    page.wait_for_selector("#panel-section")

    indicators = list(evaluation.system.indicators.all())
    for n, expert in enumerate(experts):
        _as(page, base, expert.user.username)
        page.goto(f"{base}/manage/evaluation/{evaluation.pk}/")
        page.click("#declare-submit")
        page.wait_for_selector("#score-form")
        for indicator in indicators:
            page.fill(f"#score-{indicator.code}", str(indicator.points * (9 - n) / 10))
        page.click("#score-submit")
        page.wait_for_selector("#panel-section")
        if n == 0:
            assert page.locator("#result-section").count() == 0  # others have not scored yet

    _as(page, base, "city_a")
    page.goto(f"{base}/manage/evaluation/{evaluation.pk}/")
    assert page.locator("#aggregate-score").inner_text() == "80.00"
    page.select_option("#id_outcome", "conditional")
    page.fill("#id_document_number", "绍风貌验〔2026〕2号")
    page.fill("#condition-1", "补齐托育机构备案材料")
    page.fill("#condition-deadline-1", (today_local() + dt.timedelta(days=30)).isoformat())
    page.click("#decision-submit")
    page.wait_for_selector("#decision-outcome")
    assert page.locator("#decision-outcome").inner_text() == "有条件通过"
    order = RectificationOrder.objects.get()
    assert order.reference in page.locator("#conditions").inner_text()
    assert Project.objects.get(pk=project.pk).status == "accepted"
    page.screenshot(path=str(ARTIFACTS / "evaluation_decision.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 800})
    assert _no_overflow(page)
    page.goto(f"{base}/manage/evaluation/scenarios/")
    assert _no_overflow(page)
    assert city_e.is_active
