"""Job handlers of this app, registered with futurecommunity.jobs on app ready."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.urls import reverse

from futurecommunity.common.errors import DomainError
from futurecommunity.jobs.registry import JobContext, job_handler
from futurecommunity.lifecircle.analysis import analysis_execute
from futurecommunity.lifecircle.models import AnalysisRun, RunStatus, StreetNetwork
from futurecommunity.lifecircle.networks import street_network_import_execute


@job_handler("lifecircle.network_import")
def network_import(context: JobContext) -> dict[str, Any]:
    network = StreetNetwork.objects.get(pk=context.params["network_id"])
    street_network_import_execute(
        network,
        Path(context.params["path"]),
        datum=context.params.get("datum", "wgs84"),
        source_crs=context.params.get("source_crs", ""),
        progress=context.progress,
    )
    return {
        "url": reverse("lifecircle:network-detail", args=[network.pk]),
        "nodes": network.node_count,
        "edges": network.edge_count,
    }


@job_handler("lifecircle.analysis")
def analysis(context: JobContext) -> dict[str, Any]:
    run = AnalysisRun.objects.select_related("network").get(pk=context.params["run_id"])
    AnalysisRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)
    try:
        analysis_execute(run, context.progress)
    except Exception as exc:
        message = f"分析失败：{exc}"
        AnalysisRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, error=message[:2000])
        raise DomainError("analysis_failed", message) from exc
    return {
        "url": reverse("lifecircle:run-detail", args=[run.pk]),
        "gap_count": run.summary["gap_count"],
        "timings_s": run.summary["timings_s"],
    }
