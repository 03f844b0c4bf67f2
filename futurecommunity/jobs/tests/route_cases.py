"""Route-matrix cases of the job pages: a job of street A, started by its district office."""

from __future__ import annotations

from typing import Any

from futurecommunity.accounts.tests.matrix import office_actor
from futurecommunity.jobs.models import Job


def _job(street_code: str) -> dict[str, Any]:
    job = Job.objects.create(
        kind="matrix",
        title="矩阵测试任务",
        region_code=street_code,
        created_by=office_actor(street_code[:6]),
    )
    return {"job_id": job.pk}


ROUTE_CASES: dict[str, dict[str, Any]] = {
    "jobs:job-detail": {"make": _job, "profile": "office_read"},
    "jobs:job-progress": {"make": _job, "profile": "office_read"},
}
