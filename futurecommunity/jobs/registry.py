"""Handler registry: ``@job_handler("lifecircle.analysis")`` on a function taking a JobContext."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone


@dataclass
class JobContext:
    """What a handler gets: its parameters and a way to report progress."""

    job_id: int
    params: dict[str, Any]
    _last: list[int] = field(default_factory=lambda: [-1])

    def progress(self, percent: int, message: str = "") -> None:
        """Record progress (0–100) and the current step; cheap to call often (writes on change)."""
        from futurecommunity.jobs.models import Job

        percent = max(0, min(100, int(percent)))
        if percent == self._last[0] and not message:
            return
        self._last[0] = percent
        now = timezone.now()
        fields: dict[str, Any] = {"progress": percent, "updated_at": now, "heartbeat_at": now}
        if message:
            fields["message"] = message[:200]
        Job.objects.filter(pk=self.job_id).update(**fields)


Handler = Callable[[JobContext], dict[str, Any]]
HANDLERS: dict[str, Handler] = {}


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    def register(func: Handler) -> Handler:
        HANDLERS[kind] = func
        return func

    return register
