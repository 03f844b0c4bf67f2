"""Submit and run jobs. Submission is audited; running records status, progress and result.

A running job carries the process that claimed it ("host:pid:process start") and a heartbeat.
On the embedded thread backend a job dies with its web process; the next process picks such jobs
up by itself (``job_recover``, on its first request and then at most once a minute): a job whose
process is gone is queued again once, and then marked failed with the reason on its page.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import close_old_connections, transaction
from django.db.models import F
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


def _start_ticks(pid: int) -> str | None:
    """The process's start time (clock ticks since boot, /proc), or None when it is not running
    (or when /proc is unavailable: then "" for a live pid)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except FileNotFoundError:
        return None
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            return ""
        return ""
    return stat.rsplit(")", 1)[1].split()[19]


_TOKEN: dict[int, str] = {}


def process_token() -> str:
    """This process as "host:pid:start": a restarted (or reused) pid never matches it."""
    pid = os.getpid()
    if pid not in _TOKEN:
        _TOKEN[pid] = f"{socket.gethostname()}:{pid}:{_start_ticks(pid) or ''}"
    return _TOKEN[pid]


def process_alive(token: str) -> bool | None:
    """Whether the process named by ``token`` still runs: True/False on this host, None for a
    process on another host (its heartbeat decides)."""
    host, _, rest = token.partition(":")
    pid_text, _, start = rest.partition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return None
    ticks = _start_ticks(int(pid_text))
    return ticks is not None and (not start or not ticks or ticks == start)


def _heartbeat_seconds() -> int:
    return int(getattr(settings, "FC_JOB_HEARTBEAT_SECONDS", 30))


def _beat(job_id: int, done: threading.Event) -> None:
    """Refresh the job's heartbeat until it finishes (its own connection, closed at the end)."""
    try:
        while not done.wait(_heartbeat_seconds()):
            Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
                heartbeat_at=timezone.now()
            )
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
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING,
        started_at=now,
        message="开始运行",
        worker=process_token(),
        heartbeat_at=now,
        attempts=F("attempts") + 1,
    )
    job = Job.objects.get(pk=job_id)
    if not claimed:
        return job
    done = threading.Event()
    if settings.FC_JOB_BACKEND != "sync":
        threading.Thread(target=_beat, args=(job_id, done), daemon=True).start()
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
    finally:
        done.set()
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


@dataclass(frozen=True)
class Recovery:
    requeued: list[int]
    failed: list[int]
    restarted: list[int]


def _max_attempts() -> int:
    return int(getattr(settings, "FC_JOB_MAX_ATTEMPTS", 2))


def _local(moment: dt.datetime | None) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M:%S}" if moment else "无"


def _orphaned(job: Job, now: dt.datetime) -> bool:
    """A running job whose process has died: gone on this host, or silent for three heartbeats."""
    if job.worker == process_token():
        return False
    alive = process_alive(job.worker) if job.worker else None
    if alive is not None:
        return not alive
    last = job.heartbeat_at or job.updated_at
    return last < now - dt.timedelta(seconds=3 * _heartbeat_seconds())


def job_recover(*, now: dt.datetime | None = None, dispatch: bool = True) -> Recovery:
    """Pick up the jobs a dead process left behind (thread backend; also ``run_jobs``).

    A running job whose process has died is queued again while it has runs left
    (``FC_JOB_MAX_ATTEMPTS``, default 2), otherwise marked failed with the reason, which its page
    shows. Queued jobs nobody started (the process died before its thread ran) are started.
    Safe in several processes at once: each change is conditional on the row being unchanged.
    ``dispatch=False`` (``run_jobs``) only re-queues; the caller runs the queue itself.
    """
    now = now or timezone.now()
    requeued: list[int] = []
    failed: list[int] = []
    for job in Job.objects.filter(status=JobStatus.RUNNING).order_by("created_at"):
        if not _orphaned(job, now):
            continue
        lost = f"运行该任务的服务进程已停止（最后心跳 {_local(job.heartbeat_at)}）"
        same = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, worker=job.worker)
        if job.attempts < _max_attempts():
            if same.update(
                status=JobStatus.QUEUED,
                progress=0,
                message=f"{lost}，已自动重新排队（第 {job.attempts + 1} 次运行）"[:200],
                started_at=None,
                worker="",
            ):
                requeued.append(job.pk)
        elif same.update(
            status=JobStatus.FAILED,
            finished_at=now,
            message="任务中断（服务进程已停止）",
            error=f"{lost}，已运行 {job.attempts} 次仍未完成，任务已终止。请重新提交。",
        ):
            failed.append(job.pk)
    grace = now - dt.timedelta(seconds=_heartbeat_seconds())
    waiting = Job.objects.filter(status=JobStatus.QUEUED, created_at__lt=grace).exclude(
        pk__in=requeued
    )
    restarted = list(waiting.order_by("created_at").values_list("pk", flat=True)[:100])
    for job_id in [*requeued, *restarted] if dispatch else []:
        transaction.on_commit(functools.partial(_dispatch, job_id))
    if requeued or failed or restarted:
        logger.warning(
            "jobs recovered: requeued %s, failed %s, restarted %s", requeued, failed, restarted
        )
    return Recovery(requeued=requeued, failed=failed, restarted=restarted)


_last_recovery: list[float] = [0.0]
_recovery_lock = threading.Lock()


def job_recover_soon(**_: Any) -> None:
    """``request_started`` hook: on the thread backend, recover at the first request of a
    process and then at most every ``FC_JOB_RECOVERY_SECONDS`` (60); never breaks a request."""
    if settings.FC_JOB_BACKEND != "thread":
        return
    every = int(getattr(settings, "FC_JOB_RECOVERY_SECONDS", 60))
    if not _recovery_lock.acquire(blocking=False):
        return
    try:
        if _last_recovery[0] and time.monotonic() - _last_recovery[0] < every:
            return
        _last_recovery[0] = time.monotonic()
        job_recover()
    except Exception:  # noqa: BLE001 - a recovery failure must not break the page
        logger.exception("job recovery failed")
    finally:
        _recovery_lock.release()
