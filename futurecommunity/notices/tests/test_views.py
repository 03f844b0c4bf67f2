"""Official pages through the client: publish, correct, withdraw, answer, photo, panel."""

import datetime as dt
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from futurecommunity.audit.models import AuditEntry
from futurecommunity.notices import services
from futurecommunity.notices.models import Article, Notice, NoticeSetting
from futurecommunity.notices.tests.factories import listed_project, opinion_input, pdf

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _today():
    with mock.patch("futurecommunity.common.time.today_local", return_value=TODAY):
        yield


@pytest.fixture
def project(tashan_editor, yuecheng_approver):
    return listed_project(editor=tashan_editor, approver=yuecheng_approver)


def _publish(client, project, end="2026-03-09"):
    return client.post(
        reverse("notices:notice-create"),
        {
            "kind": "implementation_plan",
            "project": project.reference,
            "title": "实施方案公示",
            "body": "内容",
            "start_on": "2026-03-02",
            "end_on": end,
            "documents": [pdf()],
        },
    )


def test_publish_form_refuses_a_short_period_then_publishes(client, project, tashan_editor):
    client.force_login(tashan_editor)
    response = _publish(client, project, end="2026-03-08")
    assert response.status_code == 200
    assert "须公示7天" in response.context["form"].errors["end_on"][0]
    assert not Notice.objects.exists()
    response = _publish(client, project)
    notice = Notice.objects.get()
    assert response.url == reverse("notices:notice-detail", args=[notice.pk])


def test_correct_and_withdraw_through_the_page(client, project, tashan_editor):
    client.force_login(tashan_editor)
    _publish(client, project)
    notice = Notice.objects.get()
    response = client.post(
        reverse("notices:notice-correct", args=[notice.pk]),
        {
            "title": "更正",
            "body": "b",
            "start_on": "2026-03-02",
            "end_on": "2026-03-09",
            "reason": "",
        },
    )
    assert response.status_code == 400
    client.post(
        reverse("notices:notice-correct", args=[notice.pk]),
        {
            "title": "更正",
            "body": "b",
            "start_on": "2026-03-02",
            "end_on": "2026-03-10",
            "reason": "错字",
        },
    )
    notice.refresh_from_db()
    assert (notice.title, notice.version) == ("更正", 2)
    client.post(reverse("notices:notice-withdraw", args=[notice.pk]), {"reason": "方案调整"})
    notice.refresh_from_db()
    assert notice.status == "withdrawn"
    text = client.get(reverse("notices:notice-detail", args=[notice.pk])).content.decode()
    assert "错字" in text and "方案调整" in text


def test_photo_only_for_the_handling_office_and_audited(
    client, project, tashan_editor, yuecheng_editor
):
    client.force_login(tashan_editor)
    _publish(client, project)
    notice = Notice.objects.get()
    photo = SimpleUploadedFile("现场.jpg", b"\xff\xd8\xff\xe0jpeg", content_type="image/jpeg")
    opinion = services.opinion_submit(
        notice=notice, data=opinion_input(), ip="1.2.3.4", photo=photo, today=TODAY
    )
    url = reverse("notices:opinion-photo", args=[opinion.pk])
    client.force_login(yuecheng_editor)
    assert client.get(url).status_code == 404
    client.force_login(tashan_editor)
    response = client.get(url)
    assert b"".join(response.streaming_content) == b"\xff\xd8\xff\xe0jpeg"
    assert AuditEntry.objects.filter(action="opinion.photo_download").count() == 1


def test_answer_through_the_page(client, project, tashan_editor):
    client.force_login(tashan_editor)
    _publish(client, project)
    notice = Notice.objects.get()
    opinion = services.opinion_submit(
        notice=notice, data=opinion_input(), ip="1.2.3.4", today=TODAY
    )
    client.post(reverse("notices:opinion-answer", args=[opinion.pk]), {"answer": "已采纳"})
    opinion.refresh_from_db()
    assert opinion.answer == "已采纳"


def test_project_page_shows_the_gate(client, project, tashan_editor):
    client.force_login(tashan_editor)
    text = client.get(reverse("projects:project-detail", args=[project.reference])).content.decode()
    assert "尚未发布实施方案公示" in text and "三(一)" in text


def test_city_edits_a_setting_and_writes_an_article(client, city_editor, yuecheng_editor):
    client.force_login(yuecheng_editor)
    client.post(reverse("notices:setting-list"), {"key": "notice_period_days", "value": "10"})
    assert NoticeSetting.objects.get(key="notice_period_days").value == "7"
    page = client.get(reverse("notices:setting-list")).content.decode()
    assert "推定（待核实）" in page and "民法典" in page
    client.force_login(city_editor)
    client.post(reverse("notices:setting-list"), {"key": "notice_period_days", "value": "10"})
    assert NoticeSetting.objects.get(key="notice_period_days").value == "10"
    client.post(reverse("notices:article-list"), {"title": "进展", "body": "正文"})
    assert Article.objects.get().author == city_editor
