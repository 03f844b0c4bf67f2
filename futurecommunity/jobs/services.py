"""Submit and run jobs. Submission is audited; running records status, progress and result."""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone

from futurecommunity.accounts.models import User
from futurecommunity.audit.services import audit_record
from futurecommunity.common.errors import DomainError
from futurecommunity.jobs.models import Job, JobStatus
from futurecommunity.jobs.registry import HANDLERS, JobContext

logger = logging.getLogger(__name__)


def job_submit(
    *, actor: User | None, kind: str, title: str, params: dict[str, Any], region_code: str = ""
) -> Job:
    """Queue a job; it starts after the surrounding transaction commits.

    Callers (the owning app's service) have already checked the actor may start it.
    """
    if kind not in HANDLERS:
        raise DomainError("unknown_job", f"未知的后台任务类型“{kind}”。")
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            title=title,
            params=params,
            region_code=region_code,
            created_by=actor if actor is not None and actor.pk else None,
        )
        audit_record(
            actor=actor,
            action="job.submit",
            subject=job,
            reference=f"JOB-{job.pk}",
            region_code=region_code,
            changes={"kind": [None, kind], "params": [None, params]},
        )
        transaction.on_commit(lambda: _dispatch(job.pk))
    return job


def _dispatch(job_id: int) -> None:
    backend = settings.FC_JOB_BACKEND
    if backend == "sync":
        job_run(job_id)
    elif backend == "rq":
        rq_queue().enqueue("futurecommunity.jobs.services.job_run", job_id, job_timeout=3600)
    else:
        threading.Thread(
            target=_run_in_thread, args=(job_id,), daemon=True, name=f"job-{job_id}"
        ).start()


def rq_queue() -> Any:
    """The Redis queue used when FC_JOB_BACKEND=rq."""
    from redis import Redis
    from rq import Queue

    return Queue(settings.FC_JOB_QUEUE_NAME, connection=Redis.from_url(settings.FC_REDIS_URL))


def _run_in_thread(job_id: int) -> None:
    close_old_connections()
    try:
        job_run(job_id)
    finally:
        close_old_connections()


def _failure_text(exc: Exception, job_id: int) -> str:
    """What the official reads: a refusal's Chinese sentence, never Python text or a server
    path (issue 11 §5); the traceback goes to the log."""
    if isinstance(exc, DomainError):
        return exc.message
    return f"任务运行时发生内部错误（任务编号 {job_id}），已记入系统日志，请联系系统管理员。"


def job_run(job_id: int) -> Job:
    """Run one queued job to completion; a failure is recorded on the job, never raised."""
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), message="开始运行"
    )
    job = Job.objects.get(pk=job_id)
    if not claimed:
        return job
    try:
        result = HANDLERS[job.kind](JobContext(job_id=job.pk, params=job.params))
    except Exception as exc:  # noqa: BLE001 - any handler failure becomes a visible job failure
        logger.exception("job %s failed", job_id)
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED,
            finished_at=timezone.now(),
            error=_failure_text(exc, job_id)[:2000],
            message="任务失败",
        )
    else:
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.SUCCEEDED,
            finished_at=timezone.now(),
            progress=100,
            result=result or {},
            message="已完成",
        )
    job.refresh_from_db()
    return job


def job_run_queued(*, limit: int = 100) -> int:
    """Run queued jobs (e.g. left over after a restart); returns how many ran."""
    ids = list(
        Job.objects.filter(status=JobStatus.QUEUED)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    for job_id in ids:
        job_run(job_id)
    return len(ids)
