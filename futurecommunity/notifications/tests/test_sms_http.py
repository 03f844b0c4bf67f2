"""The HTTP SMS adapter against a local fake gateway (http.server on 127.0.0.1, port 0), through
the real outbox: JSON body, bearer token, retries with backoff, timeouts, permanent refusals."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.utils import timezone

from futurecommunity.accounts.tests.factories import UserFactory
from futurecommunity.notifications.gateways import GatewayRejected
from futurecommunity.notifications.models import OutboxItem
from futurecommunity.notifications.services import SendResult, notify, outbox_send_due
from futurecommunity.notifications.sms import HttpSmsAdapter

pytestmark = pytest.mark.django_db


class FakeGateway:
    """Answers each POST with the next scripted (status, body, delay) and records the request."""

    def __init__(self) -> None:
        self.script: list[tuple[int, dict[str, Any], float]] = []
        self.received: list[dict[str, Any]] = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                length = int(self.headers["Content-Length"])
                gateway.received.append(
                    {
                        "path": self.path,
                        "auth": self.headers.get("Authorization"),
                        "type": self.headers.get("Content-Type"),
                        "json": json.loads(self.rfile.read(length)),
                    }
                )
                status, body, delay = gateway.script.pop(0) if gateway.script else (200, {}, 0)
                time.sleep(delay)
                payload = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:
                    pass  # the client gave up (timeout test)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sms/send"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake(settings) -> Iterator[FakeGateway]:
    gateway = FakeGateway()
    settings.FC_SMS_ENABLED = True
    settings.FC_SMS_ADAPTER = ""
    settings.FC_SMS_HTTP_URL = gateway.url
    settings.FC_SMS_HTTP_TOKEN = "tok-123"
    settings.FC_SMS_HTTP_TIMEOUT = 2
    settings.FC_SMS_SIGN = "绍兴市风貌办"
    yield gateway
    gateway.close()


def _queue() -> OutboxItem:
    clerk = UserFactory(username="tashan_clerk", email="", mobile="13800000001")
    notify(
        recipients=[clerk], kind="rectification.issued", title="整改通知", body="请于 5 日内整改。"
    )
    return OutboxItem.objects.get(channel="sms")


def test_sms_goes_out_as_json_post_and_a_server_error_is_retried(fake):
    item = _queue()
    assert item.address == "13800000001"
    fake.script = [(503, {"code": 503}, 0), (200, {"code": 0, "message": "ok"}, 0)]
    now = timezone.now()

    assert outbox_send_due(now=now) == SendResult(0, 0, 1, 0)
    item.refresh_from_db()
    assert (item.status, item.attempts) == ("pending", 1)
    assert item.last_error == "短信网关暂时不可用（HTTP 503）。"
    assert item.next_attempt_at == now + dt.timedelta(minutes=5)

    assert outbox_send_due(now=now + dt.timedelta(minutes=5)) == SendResult(1, 0, 0, 0)
    item.refresh_from_db()
    assert (item.status, item.attempts, item.last_error) == ("sent", 2, "")
    first, second = fake.received
    assert second == first
    assert second["path"] == "/sms/send"
    assert second["auth"] == "Bearer tok-123"
    assert second["type"].startswith("application/json")
    assert second["json"] == {
        "mobile": "13800000001",
        "content": "整改通知：请于 5 日内整改。",
        "sign": "绍兴市风貌办",
        "reference": f"FC-OUTBOX-{item.pk}",
    }


def test_a_timeout_is_retried_and_a_refusing_code_too(fake, settings):
    settings.FC_SMS_HTTP_TIMEOUT = 0.3
    item = _queue()
    fake.script = [(200, {}, 1.0), (200, {"code": "isv.BUSINESS_LIMIT", "message": "限流"}, 0)]
    now = timezone.now()
    assert outbox_send_due(now=now) == SendResult(0, 0, 1, 0)
    item.refresh_from_db()
    assert item.last_error.startswith("短信网关连接失败或超时")
    assert outbox_send_due(now=now + dt.timedelta(hours=1)) == SendResult(0, 0, 1, 0)
    item.refresh_from_db()
    assert item.last_error == "短信网关未受理（代码 isv.BUSINESS_LIMIT）限流。"


def test_a_client_error_is_given_up_at_once(fake):
    item = _queue()
    fake.script = [(400, {"code": 40001, "message": "号码无效"}, 0)]
    assert outbox_send_due() == SendResult(0, 0, 0, 1)
    item.refresh_from_db()
    assert (item.status, item.attempts) == ("given_up", 1)
    assert item.last_error == "短信网关拒绝发送（HTTP 400）。"


def test_sms_switched_off_is_recorded_not_sent(fake, settings):
    settings.FC_SMS_ENABLED = False
    item = _queue()
    assert outbox_send_due() == SendResult(0, 1, 0, 0)
    item.refresh_from_db()
    assert item.status == "skipped" and fake.received == []


def test_an_unreachable_gateway_is_retried(settings):
    settings.FC_SMS_ENABLED, settings.FC_SMS_ADAPTER = True, ""
    settings.FC_SMS_HTTP_URL = "http://127.0.0.1:9/sms"  # discard port: connection refused
    _queue()
    assert outbox_send_due() == SendResult(0, 0, 1, 0)


def test_the_adapter_refuses_without_a_gateway_address():
    with pytest.raises(GatewayRejected, match="FC_SMS_HTTP_URL"):
        HttpSmsAdapter(url="")


def test_the_system_administrator_records_a_mobile_number_for_sms(client, system_admin):
    from django.urls import reverse

    from futurecommunity.accounts.models import Organisation, User
    from futurecommunity.accounts.tests.factories import sign_in_verified

    sign_in_verified(client, system_admin)
    payload = {
        "username": "jianshe02",
        "full_name": "李四",
        "organisation": Organisation.objects.get(code="sx-dept-construction").pk,
        "role": "editor",
        "password": "Xin@2026mima",
        "mobile": "1380000",
    }
    page = client.post(reverse("user-create"), payload).content.decode()
    assert "请填写 11 位手机号码。" in page and not User.objects.filter(username="jianshe02")
    payload["mobile"] = "13900000002"
    assert client.post(reverse("user-create"), payload).status_code == 302
    assert User.objects.get(username="jianshe02").mobile == "13900000002"
