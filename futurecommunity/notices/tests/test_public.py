"""The public site: works without login, and nothing internal leaks (contact details, internal
remarks, withdrawn or future notices, demo rows outside demo mode, opinion authors)."""

import datetime as dt
import re
from unittest import mock

import pytest
from django.urls import reverse

from futurecommunity.notices import services
from futurecommunity.notices.models import Notice, NoticeKind, Opinion
from futurecommunity.notices.tests.factories import (
    MONDAY,
    listed_project,
    opinion_input,
    pdf,
    plan_input,
    publish_plan,
)

pytestmark = pytest.mark.django_db

TODAY = MONDAY + dt.timedelta(days=3)


@pytest.fixture(autouse=True)
def _today():
    with mock.patch("futurecommunity.common.time.today_local", return_value=TODAY):
        yield


@pytest.fixture
def world(tashan_editor, yuecheng_approver, keqiao_editor, keqiao_approver, city_editor):
    project = listed_project(editor=tashan_editor, approver=yuecheng_approver)
    notice = publish_plan(tashan_editor, project)
    opinion = services.opinion_submit(
        notice=notice,
        data=opinion_input(name="欧阳秘密", contact="13912345678", building="9幢9单元"),
        ip="10.1.1.1",
        today=TODAY,
    )
    services.opinion_answer(
        actor=tashan_editor,
        opinion=opinion,
        answer="已将电梯位置北移两米。",
        internal_remark="内部：该住户曾多次上访",
        today=TODAY,
    )
    unanswered = services.opinion_submit(
        notice=notice,
        data=opinion_input(text="尚未答复的意见内容", contact="wx_private_id"),
        ip="10.1.1.2",
        today=TODAY,
    )
    other = listed_project(editor=keqiao_editor, approver=keqiao_approver, street="330603001")
    withdrawn = publish_plan(keqiao_editor, other)
    services.notice_withdraw(actor=keqiao_editor, notice=withdrawn, reason="撤回原因机密")
    future = services.notice_publish(
        actor=keqiao_editor,
        data=plan_input(other, TODAY + dt.timedelta(days=5), TODAY + dt.timedelta(days=12)),
        today=TODAY,
    )
    demo = services.notice_publish(
        actor=city_editor,
        data=services.NoticeInput(
            kind=NoticeKind.CREATION_LIST,
            title="【演示】创建名单",
            body="演示",
            start_on=TODAY,
            end_on=TODAY + dt.timedelta(days=7),
            contact_office="市风貌办",
            is_demo=True,
        ),
        today=TODAY,
    )
    services.article_publish(actor=city_editor, title="建设进展", body="正文内容", today=TODAY)
    return {
        "notice": notice,
        "opinion": opinion,
        "unanswered": unanswered,
        "withdrawn": withdrawn,
        "future": future,
        "demo": demo,
    }


def _internal_values(world) -> list[str]:
    """Every internal value of the rows behind the public pages (model field by field)."""
    notice: Notice = world["notice"]
    opinion: Opinion = world["opinion"]
    unanswered: Opinion = world["unanswered"]
    values = [
        notice.internal_remark,
        notice.project.notes or "测试备注不存在",
        str(notice.project.total_investment),
        opinion.name,
        opinion.contact,
        "139****5678",
        opinion.building,
        opinion.ip_hash,
        opinion.challenge_nonce,
        opinion.internal_remark,
        unanswered.contact,
        unanswered.text,
        world["withdrawn"].title + "撤回",
        "撤回原因机密",
        world["future"].reference,
        world["demo"].title,
        world["withdrawn"].reference,
    ]
    return [v for v in values if v]


def _public_urls(world) -> list[str]:
    notice = world["notice"]
    document = notice.documents.get()
    return [
        reverse("public_site:notice-list"),
        reverse("public_site:notice-detail", args=[notice.pk]),
        reverse("public_site:receipt-lookup") + f"?receipt={world['opinion'].receipt}",
        reverse("public_site:receipt-lookup") + f"?receipt={world['unanswered'].receipt}",
        reverse("public_site:programme"),
        reverse("public:project-list"),
        reverse("public_site:ranking-list"),
        reverse("public_site:article-list"),
        reverse("public_site:document-download", args=[document.pk]),
    ]


def test_every_public_page_opens_without_login_and_leaks_nothing(client, world):
    for url in _public_urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", errors="ignore")
        for value in _internal_values(world):
            assert value not in text, f"{value!r} leaked on {url}"


def test_public_templates_get_no_model_instances(client, world):
    response = client.get(reverse("public_site:notice-detail", args=[world["notice"].pk]))
    from django.db.models import Model

    def walk(value, depth=0):
        if isinstance(value, Model):
            raise AssertionError(f"model instance {value!r} in public context")
        if depth < 3 and hasattr(value, "__dict__") and not callable(value):
            for item in vars(value).values():
                walk(item, depth + 1)
        if depth < 3 and isinstance(value, list | tuple):
            for item in value:
                walk(item, depth + 1)

    walk(response.context["notice"])


def test_list_shows_open_notice_and_answer_on_detail(client, world):
    listing = client.get(reverse("public_site:notice-list")).content.decode()
    assert world["notice"].title in listing
    detail = client.get(reverse("public_site:notice-detail", args=[world["notice"].pk]))
    text = detail.content.decode()
    assert "已将电梯位置北移两米。" in text
    assert "个人信息处理说明" in text and "180 天" in text


@pytest.mark.parametrize("key", ["withdrawn", "future", "demo"])
def test_hidden_notices_are_404(client, world, key):
    url = reverse("public_site:notice-detail", args=[world[key].pk])
    assert client.get(url).status_code == 404


def test_demo_notices_show_in_demo_mode(client, world, settings):
    settings.FC_DEMO_MODE = True
    url = reverse("public_site:notice-detail", args=[world["demo"].pk])
    assert client.get(url).status_code == 200


def test_receipt_lookup_shows_the_answer(client, world):
    url = reverse("public_site:receipt-lookup") + f"?receipt={world['opinion'].receipt.lower()}"
    text = client.get(url).content.decode()
    assert "已将电梯位置北移两米。" in text
    missing = client.get(reverse("public_site:receipt-lookup") + "?receipt=YJ000")
    assert "未找到该回执编号" in missing.content.decode()


def test_opinion_form_round_trip_gives_a_receipt(client, world):
    url = reverse("public_site:notice-detail", args=[world["notice"].pk])
    page = client.get(url).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    question = re.search(r"验证题：(.)加(.)等于多少", page)
    digits = "零一二三四五六七八九十"
    answer = digits.index(question.group(1)) + digits.index(question.group(2))
    response = client.post(
        url,
        {
            "stance": "opinion",
            "contact": "13600000000",
            "text": "建议增加非机动车停车位。",
            "challenge": str(answer),
            "token": token,
            "photo": pdf("a.pdf"),
        },
    )
    assert response.status_code == 400
    assert "照片须为 JPG 或 PNG 图片。" in response.content.decode()
    response = client.post(
        url,
        {
            "stance": "opinion",
            "contact": "13600000000",
            "text": "建议增加非机动车停车位。",
            "challenge": str(answer),
            "token": token,
        },
    )
    assert response.status_code == 200
    receipt = re.search(r'id="receipt-number">([A-Z0-9]+)<', response.content.decode()).group(1)
    assert Opinion.objects.get(receipt=receipt).text == "建议增加非机动车停车位。"


def test_wrong_challenge_keeps_the_form_with_a_new_question(client, world):
    url = reverse("public_site:notice-detail", args=[world["notice"].pk])
    page = client.get(url).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    response = client.post(
        url, {"stance": "opinion", "contact": "1", "text": "x", "challenge": "99", "token": token}
    )
    assert response.status_code == 400
    assert "验证题答案不正确" in response.content.decode()
    assert Opinion.objects.count() == 2


def test_official_sees_masked_contact_unless_handling_office(
    client, world, yuecheng_editor, tashan_editor, city_viewer
):
    url = reverse("notices:notice-detail", args=[world["notice"].pk])
    client.force_login(yuecheng_editor)
    text = client.get(url).content.decode()
    assert "139****5678" in text and "13912345678" not in text and "欧阳秘密" not in text
    client.force_login(city_viewer)
    assert "13912345678" not in client.get(url).content.decode()
    client.force_login(tashan_editor)
    text = client.get(url).content.decode()
    assert "13912345678" in text and "欧阳秘密" in text
