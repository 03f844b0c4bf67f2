import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document

from futurecommunity.accounts.tests.factories import TEST_PASSWORD
from futurecommunity.projects.tests.factories import TASHAN
from futurecommunity.rectification.models import RectificationOrder
from futurecommunity.rectification.tests.factories import freeze, org

D = dt.date


def _as(client, user):  # type: ignore[no-untyped-def]
    client.logout()
    client.login(username=user.username, password=TEST_PASSWORD)
    return client


def test_order_cycle_through_the_screens(
    client, city_editor, tashan_editor, monkeypatch, django_capture_on_commit_callbacks
):
    freeze(monkeypatch, D(2025, 3, 3))
    response = _as(client, city_editor).post(
        reverse("rectification:order-create"),
        {
            "recipient": org(f"sx-{TASHAN}").pk,
            "title": "店招整治",
            "requirement": "统一店招样式。",
            "deadline": "2025-03-31",
        },
    )
    order = RectificationOrder.objects.get()
    assert response.url == reverse("rectification:order-detail", args=[order.pk])
    move = reverse("rectification:order-move", args=[order.pk])

    _as(client, tashan_editor).post(move, {"target": "responded", "remark": "已统一。"})
    with django_capture_on_commit_callbacks(execute=True):
        _as(client, city_editor).post(move, {"target": "sent_back", "remark": "两处未改。"})
    page = _as(client, tashan_editor).get(reverse("notifications:inbox")).content.decode()
    assert "整改反馈被退回：绍风貌整〔2025〕1号" in page
    client.post(move, {"target": "responded", "remark": "已全部整改。"})
    detail = _as(client, city_editor).post(move, {"target": "closed"}, follow=True)

    order.refresh_from_db()
    assert order.status == "closed"
    assert "已办理：核查通过，办结。" in detail.content.decode()
    docx = client.get(reverse("rectification:order-docx", args=[order.pk]))
    assert Document(io.BytesIO(docx.content)).paragraphs[1].text == "绍风貌整〔2025〕1号"


def test_a_refused_move_shows_the_reason_and_changes_nothing(
    client, city_editor, tashan_editor, monkeypatch
):
    freeze(monkeypatch, D(2025, 3, 3))
    from futurecommunity.rectification.tests.factories import issue

    order = issue(city_editor, f"sx-{TASHAN}", issued_on=D(2025, 3, 3), deadline=D(2025, 3, 31))
    page = _as(client, city_editor).post(
        reverse("rectification:order-move", args=[order.pk]),
        {"target": "closed"},
        follow=True,
    )
    assert "整改单不能从“已下发”变为“核查通过已办结”（四 S3）。" in page.content.decode()
    order.refresh_from_db()
    assert order.status == "issued"


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("city_viewer", 200),
        ("yuecheng_approver", 200),
        ("tashan_editor", 200),
        ("keqiao_approver", 404),
        ("keqiao_editor", 404),
        ("department_reviewer", 404),
    ],
)
def test_order_pages_404_outside_issuer_recipient_and_supervisors(
    who, status, client, city_editor, monkeypatch, request
):
    freeze(monkeypatch, D(2025, 3, 3))
    from futurecommunity.rectification.tests.factories import issue

    order = issue(city_editor, f"sx-{TASHAN}", issued_on=D(2025, 3, 3), deadline=D(2025, 3, 31))
    _as(client, request.getfixturevalue(who))
    assert client.get(reverse("rectification:order-detail", args=[order.pk])).status_code == status
    assert client.get(reverse("rectification:order-docx", args=[order.pk])).status_code == status


def test_street_office_cannot_open_the_issue_form(client, tashan_editor):
    assert _as(client, tashan_editor).get(reverse("rectification:order-create")).status_code == 404


def test_order_list_shows_overdue_badge(client, city_editor, monkeypatch):
    freeze(monkeypatch, D(2025, 3, 3))
    from futurecommunity.rectification.tests.factories import issue

    issue(city_editor, f"sx-{TASHAN}", issued_on=D(2025, 3, 3), deadline=D(2025, 3, 10))
    freeze(monkeypatch, D(2025, 3, 12))
    page = _as(client, city_editor).get(reverse("rectification:order-list") + "?overdue=1")
    assert "逾期" in page.content.decode()
    assert "绍风貌整〔2025〕1号" in page.content.decode()


def test_a_malformed_finding_parameter_is_not_found_not_a_server_error(client, city_approver):
    client.force_login(city_approver)
    assert client.get("/manage/rectification/orders/create/", {"finding": "abc"}).status_code == 404
