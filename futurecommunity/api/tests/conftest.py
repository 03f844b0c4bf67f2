"""API test helpers: a token per cast member and a JSON client that sends it."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from futurecommunity.accounts.models import User
from futurecommunity.api.services import api_token_create


class ApiClient:
    """Sends JSON with ``Authorization: Bearer <token>`` and returns (status, parsed body)."""

    def __init__(self, token: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def _call(self, method: str, path: str, body: Any = None, **query: Any) -> tuple[int, Any]:
        url = f"/api/v1/{path}"
        send = getattr(self.client, method)
        if method == "get":
            response = send(url, query, headers=self.headers)
        else:
            response = send(
                url, json.dumps(body), content_type="application/json", headers=self.headers
            )
        data = response.json() if response["Content-Type"].startswith("application/json") else None
        return response.status_code, data

    def get(self, path: str, **query: Any) -> tuple[int, Any]:
        return self._call("get", path, **query)

    def post(self, path: str, body: Any) -> tuple[int, Any]:
        return self._call("post", path, body)

    def patch(self, path: str, body: Any) -> tuple[int, Any]:
        return self._call("patch", path, body)


@pytest.fixture
def api_as() -> Callable[[User], ApiClient]:
    """``api_as(user)``: a client whose token acts as ``user``."""

    def make(user: User) -> ApiClient:
        return ApiClient(api_token_create(actor=None, user=user, name="测试系统", days=30).plain)

    return make
