"""A restarted web process picks up the jobs a dead process left behind (thread backend)."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from futurecommunity.jobs import services
from futurecommunity.jobs.models import Job, JobStatus
from futurecommunity.jobs.registry import JobContext, job_handler
from futurecommunity.jobs.services import job_recover, process_alive, process_token

pytestmark = pytest.mark.django_db
HOST = socket.gethostname()


@job_handler("test.recover")
def _recover(ctx: JobContext) -> dict[str, int]:
    ctx.progress(50, "重新计算")
    return {"n": int(ctx.params["n"])}


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])  # noqa: S603
    child.wait(timeout=30)
    return child.pid


def _running(user, worker: str, *, attempts: int = 1, beat_ago: int = 0) -> Job:
    now = timezone.now()
    return Job.objects.create(
        kind="test.recover",
        title="生活圈分析",
        params={"n": 7},
        region_code="330602",
        created_by=user,
        status=JobStatus.RUNNING,
        progress=60,
        started_at=now - dt.timedelta(minutes=5),
        worker=worker,
        heartbeat_at=now - dt.timedelta(seconds=beat_ago),
        attempts=attempts,
    )


def test_a_job_of_a_dead_process_is_queued_again_and_runs(
    yuecheng_editor, django_capture_on_commit_callbacks
):
    # The heartbeat is fresh: only the dead process id tells the job is lost.
    job = _running(yuecheng_editor, f"{HOST}:{_dead_pid()}:12345")
    with django_capture_on_commit_callbacks(execute=True):
        recovery = job_recover()
    assert recovery.requeued == [job.pk] and recovery.failed == []
    job.refresh_from_db()
    assert (job.status, job.result, job.attempts) == (JobStatus.SUCCEEDED, {"n": 7}, 2)
    assert job.worker == process_token()


def test_a_reused_process_id_is_not_taken_for_the_old_process(yuecheng_editor):
    """Same pid, another start time: the process that ran the job is gone."""
    job = _running(yuecheng_editor, f"{HOST}:{os.getpid()}:1")
    assert process_alive(job.worker) is False
    assert job_recover(dispatch=False).requeued == [job.pk]
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert "服务进程已停止" in job.message and "第 2 次运行" in job.message


def test_live_jobs_are_left_alone(yuecheng_editor):
    mine = _running(yuecheng_editor, process_token())
    other_host_alive = _running(yuecheng_editor, "another-host:4242:99", beat_ago=10)
    assert process_alive(mine.worker) is True
    assert job_recover(dispatch=False) == services.Recovery([], [], [])
    assert Job.objects.filter(pk__in=[mine.pk, other_host_alive.pk], status="running").count() == 2


def test_a_silent_process_on_another_host_is_taken_for_dead(yuecheng_editor):
    job = _running(yuecheng_editor, "another-host:4242:99", beat_ago=600)
    assert job_recover(dispatch=False).requeued == [job.pk]


def test_after_its_last_run_the_job_fails_with_the_reason_on_its_page(
    settings, yuecheng_editor, monkeypatch
):
    """The first request of a restarted thread-backend process does the recovery."""
    settings.FC_JOB_BACKEND = "thread"
    monkeypatch.setattr(services, "_last_recovery", [0.0])
    job = _running(yuecheng_editor, f"{HOST}:{_dead_pid()}:12345", attempts=2)
    client = Client()
    client.force_login(yuecheng_editor)
    page = client.get(reverse("jobs:job-detail", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "运行该任务的服务进程已停止" in page
    assert "已运行 2 次仍未完成，任务已终止。请重新提交。" in page
    assert "任务失败" in page


def test_a_queued_job_nobody_started_is_started(
    yuecheng_editor, django_capture_on_commit_callbacks
):
    job = Job.objects.create(
        kind="test.recover", title="分析", params={"n": 3}, region_code="330602"
    )
    assert job_recover(dispatch=False).restarted == []  # just queued: its thread may start it
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        assert job_recover().restarted == [job.pk]
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
