"""A fake gateway for tests: fails the first ``failures`` sends, then succeeds."""

from __future__ import annotations

from futurecommunity.notifications.gateways import GatewayError


class FlakyGateway:
    def __init__(self, failures: int = 1) -> None:
        self.failures = failures
        self.sent: list[tuple[str, str, str]] = []

    def send(
        self, *, channel: str, address: str, subject: str, body: str, reference: str = ""
    ) -> None:
        if self.failures > 0:
            self.failures -= 1
            raise GatewayError("网关超时。")
        self.sent.append((channel, address, subject))
