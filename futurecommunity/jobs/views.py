"""Job progress page and its polled fragment (htmx)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from futurecommunity.jobs.selectors import job_get_for


@login_required
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = job_get_for(viewer=request.user, job_id=job_id)  # type: ignore[arg-type]
    return render(request, "jobs/job_detail.html", {"job": job})


@login_required
def job_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    job = job_get_for(viewer=request.user, job_id=job_id)  # type: ignore[arg-type]
    return render(request, "jobs/_job_progress.html", {"job": job})
