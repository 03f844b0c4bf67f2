"""Job handlers of this app, registered with futurecommunity.jobs on app ready."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from futurecommunity.common.errors import DomainError
from futurecommunity.jobs.registry import JobContext, job_handler
from futurecommunity.jobs.services import job_submit
from futurecommunity.lifecircle.analysis import (
    analysis_execute,
    analysis_merge_execute,
    analysis_part_execute,
    district_parts,
)
from futurecommunity.lifecircle.models import AnalysisRun, RunStatus, StreetNetwork
from futurecommunity.lifecircle.networks import street_network_import_execute
from futurecommunity.regions.models import Region

PART_JOB = "lifecircle.analysis_part"
MERGE_JOB = "lifecircle.analysis_merge"


def split_by_district() -> bool:
    """City-wide runs go to one queue job per district unless FC_LIFECIRCLE_SPLIT_DISTRICTS
    is False (then one job computes everything)."""
    return bool(getattr(settings, "FC_LIFECIRCLE_SPLIT_DISTRICTS", True))


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


def _fail(run_id: int, exc: Exception) -> DomainError:
    message = exc.message if isinstance(exc, DomainError) else f"分析失败：{exc}"
    AnalysisRun.objects.filter(pk=run_id).update(status=RunStatus.FAILED, error=message[:2000])
    return DomainError("analysis_failed", message)


def _done(run: AnalysisRun) -> dict[str, Any]:
    return {
        "url": reverse("lifecircle:run-detail", args=[run.pk]),
        "gap_count": run.summary["gap_count"],
        "timings_s": run.summary["timings_s"],
    }


@job_handler("lifecircle.analysis")
def analysis(context: JobContext) -> dict[str, Any]:
    """A whole run, or (two or more districts) the split into per-district queue jobs."""
    run = AnalysisRun.objects.select_related("network").get(pk=context.params["run_id"])
    AnalysisRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)
    try:
        districts = district_parts(run) if split_by_district() else []
        if len(districts) >= 2:
            _submit_parts(run, districts)
            context.progress(100, f"已按区县拆分为 {len(districts)} 个并行任务")
            return {"url": reverse("lifecircle:run-detail", args=[run.pk]),
                    "parts": len(districts)}  # fmt: skip
        analysis_execute(run, context.progress)
    except Exception as exc:
        raise _fail(run.pk, exc) from exc
    return _done(run)


def _submit_parts(run: AnalysisRun, districts: list[str]) -> None:
    """One queue job per district; they start when this transaction commits."""
    names = dict(Region.objects.filter(code__in=districts).values_list("code", "name"))
    with transaction.atomic():
        parts = {}
        for code in districts:
            job = job_submit(
                actor=None, kind=PART_JOB, title=f"生活圈分析：{run.name}（{names.get(code, code)}）",
                params={"run_id": run.pk, "district": code}, region_code=code,
            )  # fmt: skip
            parts[code] = {"name": names.get(code, code), "job_id": job.pk, "done": False}
        run.summary = {"parts": parts}
        run.save(update_fields=["summary", "updated_at"])


@job_handler(PART_JOB)
def analysis_part(context: JobContext) -> dict[str, Any]:
    """One district's rows; the last district to finish queues the merge."""
    run_id, district = context.params["run_id"], context.params["district"]
    run = AnalysisRun.objects.select_related("network").get(pk=run_id)
    if run.status != RunStatus.RUNNING:
        raise DomainError("analysis_stopped", "该分析已失败或已结束，本区县任务不再计算。")
    try:
        outcome = analysis_part_execute(run, district, context.progress)
    except Exception as exc:
        raise _fail(run_id, exc) from exc
    with transaction.atomic():
        run = AnalysisRun.objects.select_for_update().get(pk=run_id)
        parts = run.summary["parts"]
        parts[district] |= {"done": True} | outcome
        if all(p["done"] for p in parts.values()) and "merge_job_id" not in run.summary:
            run.summary["merge_job_id"] = job_submit(
                actor=None, kind=MERGE_JOB, title=f"生活圈分析：{run.name}（合并各区县结果）",
                params={"run_id": run.pk}, region_code=run.region_code,
            ).pk  # fmt: skip
        run.save(update_fields=["summary", "updated_at"])
    return {"url": reverse("lifecircle:run-detail", args=[run_id]), **outcome}


@job_handler(MERGE_JOB)
def analysis_merge(context: JobContext) -> dict[str, Any]:
    run = AnalysisRun.objects.select_related("network").get(pk=context.params["run_id"])
    try:
        analysis_merge_execute(run, context.progress)
    except Exception as exc:
        raise _fail(run.pk, exc) from exc
    return _done(run)
