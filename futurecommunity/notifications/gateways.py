"""Gateway adapters for the outbox. The default one sends e-mail through Django when
``FC_EMAIL_ENABLED`` and SMS through the SMS adapter (``notifications/sms.py``, by default a JSON
POST to ``FC_SMS_HTTP_URL``) when ``FC_SMS_ENABLED``; a channel switched off records "not sent".
Tests inject a fake gateway at this boundary (house style §13).
"""

from __future__ import annotations

from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

GATEWAY_DISABLED = "not sent: gateway disabled"


class GatewayError(Exception):
    """A transient failure; the outbox row is retried with backoff."""


class GatewayRejected(GatewayError):
    """A permanent refusal (bad number, bad credentials, no gateway configured): given up at once."""


class GatewayDisabled(Exception):
    """The channel is switched off; the row is recorded as not sent and never retried."""


class Gateway(Protocol):
    def send(
        self, *, channel: str, address: str, subject: str, body: str, reference: str = ""
    ) -> None: ...


class DefaultGateway:
    """E-mail via Django's mail backend, SMS via the configured SMS adapter, each when enabled."""

    def send(
        self, *, channel: str, address: str, subject: str, body: str, reference: str = ""
    ) -> None:
        if channel == "email":
            if not getattr(settings, "FC_EMAIL_ENABLED", False):
                raise GatewayDisabled(GATEWAY_DISABLED)
            try:
                send_mail(subject, body, None, [address])
            except OSError as exc:
                raise GatewayError(str(exc)[:200]) from exc
            return
        if not getattr(settings, "FC_SMS_ENABLED", False):
            raise GatewayDisabled(GATEWAY_DISABLED)
        from futurecommunity.notifications.sms import sms_adapter, sms_text

        sms_adapter().send_sms(mobile=address, text=sms_text(subject, body), reference=reference)


def default_gateway() -> Gateway:
    """The configured adapter (``FC_NOTIFICATION_GATEWAY`` dotted path) or the default one."""
    path = getattr(settings, "FC_NOTIFICATION_GATEWAY", "")
    if path:
        return import_string(path)()
    return DefaultGateway()
