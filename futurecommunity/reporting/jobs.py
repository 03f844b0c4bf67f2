"""Job handlers of this app, registered with futurecommunity.jobs on app ready."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from futurecommunity.accounts.models import User
from futurecommunity.jobs.registry import JobContext, job_handler


@job_handler("reporting.bulletin")
def generate_bulletin(ctx: JobContext) -> dict[str, Any]:
    """Generate the month's bulletin draft, reporting progress as it goes."""
    from futurecommunity.reporting.bulletins import bulletin_generate
    from futurecommunity.reporting.rules import parse_month

    actor_id = ctx.params.get("actor_id")
    actor = User.objects.filter(pk=actor_id).first() if actor_id is not None else None
    bulletin = bulletin_generate(
        actor=actor, month=parse_month(ctx.params["month"]), progress=ctx.progress
    )
    return {
        "bulletin_id": bulletin.pk,
        "seconds": bulletin.generation_seconds,
        "url": reverse("reporting:bulletin-detail", args=[bulletin.pk]),
    }
