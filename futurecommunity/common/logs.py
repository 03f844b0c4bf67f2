"""JSON-lines log records (issue 11 §7): one object a line with time, level, logger, message,
and the exception's traceback when there is one. Selected by FC_LOG_FORMAT=json."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime


class JsonLinesFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        for key in ("status_code", "request_id"):
            value = getattr(record, key, None)
            if value is not None:
                entry[key] = value
        request = getattr(record, "request", None)
        path = getattr(request, "path", None)
        if path:
            entry["path"] = path
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
