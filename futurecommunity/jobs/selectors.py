"""Reads of jobs in the viewer's scope (the job's region code under the viewer's prefix)."""

from __future__ import annotations

from django.http import Http404

from futurecommunity.accounts.access import region_prefix_for
from futurecommunity.accounts.models import User
from futurecommunity.jobs.models import Job


def job_get_for(*, viewer: User, job_id: int) -> Job:
    prefix = region_prefix_for(viewer)
    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        raise Http404("未找到该任务。")
    if job.created_by_id == viewer.pk:
        return job
    if prefix is None or not job.region_code.startswith(prefix):
        raise Http404("未找到该任务。")
    return job
