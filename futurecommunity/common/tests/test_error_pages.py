"""Refusals and missing pages speak Chinese and carry the refusal's own sentence."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
def test_403_is_chinese_with_the_refusal_sentence(client, tashan_editor):
    client.force_login(tashan_editor)
    response = client.get(reverse("permits:review-task-list"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "无权访问" in page
    assert "审查任务只对职能部门和公用事业单位开放。" in page
    assert "Forbidden" not in page


@override_settings(DEBUG=False)
def test_404_is_chinese(client, tashan_editor):
    client.force_login(tashan_editor)
    response = client.get("/manage/projects/NO-SUCH-PROJECT/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "页面不存在" in page and "Not Found" not in page


def test_500_template_is_chinese_and_standalone():
    from django.template import loader

    page = loader.get_template("500.html").render({})
    assert "系统出错" in page and "Server Error" not in page


def test_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
