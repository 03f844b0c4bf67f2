"""/healthz (issue 11 §7) and the JSON-lines log formatter."""

from __future__ import annotations

import json
import logging

import pytest

from futurecommunity.common import health
from futurecommunity.common.logs import JsonLinesFormatter

pytestmark = pytest.mark.django_db


def test_healthz_passes_without_login(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "queue", "disk"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_a_failing_check_answers_503_without_details(client, monkeypatch, settings) -> None:
    settings.FC_JOB_BACKEND = "rq"
    settings.FC_REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    settings.FC_HEALTH_MIN_FREE_MB = 10**12
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["queue"] == {"ok": False, "error": "ConnectionError"}
    assert body["checks"]["disk"]["ok"] is False
    assert "/" not in json.dumps(body["checks"]["queue"])


def test_a_database_failure_is_reported(client, monkeypatch) -> None:
    def broken() -> dict:
        raise RuntimeError("db down")

    monkeypatch.setitem(health.CHECKS, "database", broken)
    assert client.get("/healthz").status_code == 503


def test_log_records_are_json_lines() -> None:
    record = logging.LogRecord("fc", logging.ERROR, __file__, 1, "出错 %s", ("了",), None)
    try:
        raise ValueError("x")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    line = JsonLinesFormatter().format(record)
    data = json.loads(line)
    assert data["message"] == "出错 了" and data["level"] == "ERROR"
    assert "ValueError" in data["exception"]
