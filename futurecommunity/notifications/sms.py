"""SMS adapters: the interface the outbox sends text messages through, and the HTTP adapter.

An adapter has one method, ``send_sms(*, mobile, text, reference)``; it returns on acceptance and
raises ``GatewayError`` for a failure worth retrying (the outbox retries with backoff up to
``FC_NOTIFY_MAX_ATTEMPTS``) or ``GatewayRejected`` for one that never will succeed (given up at
once). ``FC_SMS_ADAPTER`` names the adapter class (dotted path); the default is the HTTP adapter
below, which fits the government SMS platforms and commercial gateways that take a JSON POST.
The protocol is documented in ``docs/architecture.md`` (Notifications).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from futurecommunity.notifications.gateways import GatewayError, GatewayRejected


class SmsAdapter(Protocol):
    def send_sms(self, *, mobile: str, text: str, reference: str) -> None: ...


class HttpSmsAdapter:
    """JSON POST to ``FC_SMS_HTTP_URL``::

        {"mobile": "13800000000", "content": "…", "sign": "<FC_SMS_SIGN>", "reference": "<id>"}

    with ``Authorization: Bearer <FC_SMS_HTTP_TOKEN>`` when a token is set, within
    ``FC_SMS_HTTP_TIMEOUT`` seconds. Accepted: a 2xx answer whose JSON ``code`` (if any) is 0,
    "0" or "OK". Retried: timeouts, connection errors, 5xx, 408, 429 and a refusing ``code``.
    Given up at once: any other 4xx (bad number, bad credentials: retrying cannot help).
    """

    def __init__(
        self,
        url: str | None = None,
        token: str | None = None,
        timeout: float | None = None,
        sign: str | None = None,
    ) -> None:
        self.url = url if url is not None else settings.FC_SMS_HTTP_URL
        self.token = token if token is not None else settings.FC_SMS_HTTP_TOKEN
        self.timeout = timeout if timeout is not None else settings.FC_SMS_HTTP_TIMEOUT
        self.sign = sign if sign is not None else settings.FC_SMS_SIGN
        if not self.url.startswith(("http://", "https://")):
            raise GatewayRejected("短信网关地址未配置或无效（FC_SMS_HTTP_URL）。")

    def send_sms(self, *, mobile: str, text: str, reference: str) -> None:
        body = {"mobile": mobile, "content": text, "sign": self.sign, "reference": reference}
        headers = {"Content-Type": "application/json; charset=utf-8", "Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
            self.url, data=json.dumps(body, ensure_ascii=False).encode(), headers=headers
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                raw = response.read(4096)
        except urllib.error.HTTPError as exc:
            if exc.code in (408, 429) or exc.code >= 500:
                raise GatewayError(f"短信网关暂时不可用（HTTP {exc.code}）。") from exc
            raise GatewayRejected(f"短信网关拒绝发送（HTTP {exc.code}）。") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise GatewayError(f"短信网关连接失败或超时（{reason}）。"[:200]) from exc
        try:
            answer = json.loads(raw or b"{}")
        except ValueError:
            answer = {}
        code = answer.get("code", 0) if isinstance(answer, dict) else 0
        if code not in (0, "0", "OK", "ok"):
            message = str(answer.get("message") or answer.get("msg") or "")[:100]
            raise GatewayError(f"短信网关未受理（代码 {code}）{message}。")


def sms_adapter() -> SmsAdapter:
    """The configured adapter (``FC_SMS_ADAPTER``), by default ``HttpSmsAdapter``."""
    path = getattr(settings, "FC_SMS_ADAPTER", "") or f"{__name__}.HttpSmsAdapter"
    adapter: SmsAdapter = import_string(path)()
    return adapter


def sms_text(subject: str, body: str) -> str:
    """One short text: the title, then the body, cut to ``FC_SMS_MAX_CHARS`` (default 300)."""
    limit = int(getattr(settings, "FC_SMS_MAX_CHARS", 300))
    text = f"{subject}：{body}" if body else subject
    return text if len(text) <= limit else text[: limit - 1] + "…"
