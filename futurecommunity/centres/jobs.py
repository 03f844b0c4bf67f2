"""Job handler of this app, registered with futurecommunity.jobs on app ready."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from futurecommunity.centres.models import SitingScenario
from futurecommunity.jobs.registry import JobContext, job_handler


@job_handler("centres.siting")
def siting(context: JobContext) -> dict[str, Any]:
    from futurecommunity.centres.services import scenario_execute

    scenario = SitingScenario.objects.get(pk=context.params["scenario_id"])
    scenario_execute(scenario, context.progress)
    return {
        "url": reverse("centres:scenario-detail", args=[scenario.pk]),
        "newly_covered": scenario.result["newly_covered"],
        "gap": scenario.result["gap"],
    }
