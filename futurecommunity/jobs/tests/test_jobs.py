"""Background jobs: submission, progress, failure, scope, and the real Redis queue backend."""

from __future__ import annotations

import pytest
from django.test import override_settings

from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.errors import DomainError
from futurecommunity.jobs.models import Job, JobStatus
from futurecommunity.jobs.registry import JobContext, job_handler
from futurecommunity.jobs.services import job_run, job_submit

pytestmark = pytest.mark.django_db


@job_handler("test.count")
def _count(ctx: JobContext) -> dict[str, int]:
    total = int(ctx.params["n"])
    for i in range(total):
        ctx.progress(100 * (i + 1) // total, f"第 {i + 1} 步")
    return {"total": total}


@job_handler("test.fail")
def _fail(ctx: JobContext) -> dict[str, int]:
    ctx.progress(40, "读取路网")
    raise DomainError("network_broken", "路网文件损坏")


@job_handler("test.crash")
def _crash(ctx: JobContext) -> dict[str, int]:
    raise ValueError("cannot open /srv/fc/var/media/networks/x.npz")


def test_submitted_job_runs_after_commit_and_records_result(
    yuecheng_editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_submit(
            actor=yuecheng_editor,
            kind="test.count",
            title="测试",
            params={"n": 4},
            region_code="330602",
        )
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.progress == 100
    assert job.result == {"total": 4}
    assert (
        AuditEntry.objects.filter(action="job.submit", subject_reference=f"JOB-{job.pk}").count()
        == 1
    )


def test_failing_job_is_recorded_as_failed_with_its_message(
    yuecheng_editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_submit(
            actor=yuecheng_editor, kind="test.fail", title="测试", params={}, region_code="330602"
        )
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.progress == 40
    assert "路网文件损坏" in job.error


def test_a_crashing_job_shows_a_chinese_failure_without_python_text(yuecheng_editor):
    job = Job.objects.create(kind="test.crash", title="测试", params={})
    failed = job_run(job.pk)
    assert failed.status == JobStatus.FAILED
    assert failed.error == (
        f"任务运行时发生内部错误（任务编号 {job.pk}），已记入系统日志，请联系系统管理员。"
    )


def test_a_job_runs_only_once(yuecheng_editor):
    job = Job.objects.create(kind="test.count", title="测试", params={"n": 1})
    assert job_run(job.pk).status == JobStatus.SUCCEEDED
    Job.objects.filter(pk=job.pk).update(result={"total": 99})
    assert job_run(job.pk).result == {"total": 99}


def test_progress_page_is_404_outside_scope(client, keqiao_editor, yuecheng_editor):
    job = Job.objects.create(
        kind="test.count",
        title="越城分析",
        params={"n": 1},
        region_code="330602",
        created_by=yuecheng_editor,
    )
    client.force_login(keqiao_editor)
    assert client.get(f"/manage/jobs/{job.pk}/progress/").status_code == 404
    client.force_login(yuecheng_editor)
    page = client.get(f"/manage/jobs/{job.pk}/progress/").content.decode()
    assert 'hx-trigger="every 1s"' in page and "排队中" in page


def test_redis_queue_backend_runs_the_job_in_a_worker(
    yuecheng_editor, django_capture_on_commit_callbacks
):
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/15").ping()
    except redis.exceptions.ConnectionError:
        pytest.fail("Redis（127.0.0.1:6379）不可用：RQ 后端测试需要 Redis 服务。")
    with override_settings(
        FC_JOB_BACKEND="rq", FC_REDIS_URL="redis://127.0.0.1:6379/15", FC_JOB_QUEUE_NAME="fc-test"
    ):
        from rq import SimpleWorker

        from futurecommunity.jobs.services import rq_queue

        queue = rq_queue()
        queue.empty()
        with django_capture_on_commit_callbacks(execute=True):
            job = job_submit(
                actor=yuecheng_editor,
                kind="test.count",
                title="测试",
                params={"n": 2},
                region_code="330602",
            )
        assert queue.count == 1
        assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED
        SimpleWorker([queue], connection=queue.connection).work(burst=True)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.result == {"total": 2}
