"""A database that is busy answers with a Chinese "try again" page, never a 500 (issue 11 §1).

On SQLite a writer waits for the write lock up to the configured timeout (settings: WAL, IMMEDIATE
transactions); on PostgreSQL a lock or serialisation conflict can end a transaction. Either way
nothing was written (the transaction rolled back), so the official may simply send it again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import OperationalError
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger("futurecommunity.busy")

BUSY_MESSAGE = (
    "系统正忙，其他人正在保存同一批数据，您的操作未生效、没有写入任何内容，请稍后重新提交。"
)
_BUSY_MARKERS = (
    "database is locked",
    "database table is locked",
    "database is busy",
    "could not serialize access",
    "deadlock detected",
    "lock timeout",
    "canceling statement due to lock timeout",
)


def is_busy_error(exc: BaseException) -> bool:
    """True for a lock / serialisation conflict (retryable), not for a broken query."""
    if not isinstance(exc, OperationalError | DatabaseError):
        return False
    text = str(exc).lower()
    return any(marker in text for marker in _BUSY_MARKERS)


def busy_response(request: HttpRequest) -> HttpResponse:
    body = render_to_string("common/busy.html", {"message": BUSY_MESSAGE}, request=request)
    response = HttpResponse(body, status=503)
    response["Retry-After"] = "5"
    return response


class BusyDatabaseMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_busy_error(exception):
            return None
        logger.warning("database busy on %s %s: %s", request.method, request.path, exception)
        return busy_response(request)
