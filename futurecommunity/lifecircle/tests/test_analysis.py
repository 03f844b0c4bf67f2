"""The analysis job: stored results equal a direct engine call on the same inputs; snapping is
reported; planned facilities count only when asked; progress and failures are visible."""

from __future__ import annotations

import numpy as np
import pytest

from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.errors import DomainError, PermissionDenied
from futurecommunity.jobs.models import Job, JobStatus
from futurecommunity.lifecircle import engine, rules, services
from futurecommunity.lifecircle.catalogue import current_catalogue
from futurecommunity.lifecircle.models import AnalysisResult, AnalysisRun
from futurecommunity.lifecircle.presenters import map_data
from futurecommunity.lifecircle.tests.factories import (
    HUAYUAN,
    SHENYUAN,
    direct_coverage,
    grid_graph,
    resident,
)

pytestmark = pytest.mark.django_db


def _run(actor, network, capture, *, region="330602001", include_planned=False) -> AnalysisRun:
    with capture(execute=True):
        run = services.analysis_run_submit(
            actor=actor, network=network, region_code=region, name="测试分析",
            include_planned=include_planned,
        )  # fmt: skip
    run.refresh_from_db()
    return run


@pytest.mark.parametrize("include_planned", [False, True])
def test_job_results_match_a_direct_engine_call(
    tashan_data, city_editor, django_capture_on_commit_callbacks, include_planned
):
    run = _run(city_editor, tashan_data, django_capture_on_commit_callbacks,
               include_planned=include_planned)  # fmt: skip
    assert run.status == "succeeded"
    catalogue = current_catalogue()
    table = direct_coverage(grid_graph(), catalogue, include_planned)
    stored = {
        r.region.code: r for r in AnalysisResult.objects.filter(run=run, region_level="community")
    }
    assert sorted(stored) == [HUAYUAN, SHENYUAN]
    for g, code in enumerate(table.group_ids.tolist()):
        assert stored[code].population == table.population[g]
        for level in table.levels:
            shares = table.share(level.covered_population)[g]
            for slot, share in zip(level.service_types, shares.tolist(), strict=True):
                service, level_code = rules.split_slot(slot)
                assert stored[code].coverage[level_code]["services"][service] == round(share, 4)
    gaps = engine.gap_list(table, rules.engine_parameters(catalogue))
    assert sum(len(r.gaps) for r in stored.values()) == len(gaps) == run.summary["gap_count"]


def test_street_and_district_rows_sum_the_communities(
    tashan_data, city_editor, django_capture_on_commit_callbacks
):
    run = _run(city_editor, tashan_data, django_capture_on_commit_callbacks)
    street = AnalysisResult.objects.get(run=run, region__code="330602001")
    district = AnalysisResult.objects.get(run=run, region__code="330602")
    assert street.population == district.population == 2600
    assert (street.point_count, street.region_level) == (4, "street")
    # 花园社区's 1,000 residents at (1,1) have a day-care centre 100 m away, 500 at (2,2)
    # have it 200 m away: all 1,500 covered; 沈园社区's 1,100 residents have none within 300 m.
    assert street.coverage["5min"]["services"]["elderly"] == round(1500 / 2600, 4)


def test_planned_facilities_count_only_when_asked(
    tashan_data, city_editor, django_capture_on_commit_callbacks
):
    before = _run(city_editor, tashan_data, django_capture_on_commit_callbacks)
    after = _run(city_editor, tashan_data, django_capture_on_commit_callbacks, include_planned=True)
    shenyuan = {
        run.pk: AnalysisResult.objects.get(run=run, region__code=SHENYUAN)
        for run in (before, after)
    }
    # The planned nursery at (9,9) is 141 m from the 800 residents at (8,8).
    assert shenyuan[before.pk].coverage["5min"]["services"]["childcare"] == 0.0
    assert shenyuan[after.pk].coverage["5min"]["services"]["childcare"] == round(800 / 1100, 4)


def test_snapping_is_reported_and_far_points_are_left_out(
    tashan_data, city_editor, django_capture_on_commit_callbacks
):
    services.residential_point_import(
        actor=city_editor, rows=[resident(HUAYUAN, 20, 20, 999)], source="远处"
    )  # 1.4 km beyond the grid's corner: farther than the 200 m snap limit
    run = _run(city_editor, tashan_data, django_capture_on_commit_callbacks)
    residents = run.summary["residents"]
    assert (residents["count"], residents["snapped"], residents["unsnapped"]) == (5, 4, 1)
    assert residents["unsnapped_population"] == 999
    assert residents["max_m"] == pytest.approx(0.0, abs=0.01)  # the others sit on grid nodes
    assert AnalysisResult.objects.get(run=run, region__code=HUAYUAN).population == 1500
    data = map_data(run)
    assert [r[3:] for r in data["residents"] if r[2] == 999] == [[None] * 7]


def test_job_page_url_progress_and_audit(
    tashan_data, city_editor, django_capture_on_commit_callbacks
):
    run = _run(city_editor, tashan_data, django_capture_on_commit_callbacks)
    job = Job.objects.get(pk=run.job_id)
    assert (job.status, job.progress, job.region_code) == (JobStatus.SUCCEEDED, 100, "330602001")
    assert job.result["url"] == f"/manage/lifecircle/runs/{run.pk}/"
    assert (
        AuditEntry.objects.filter(action="analysis_run.submit", subject_id=str(run.pk)).count() == 1
    )
    points = np.load(run.result_file.path)
    assert points["nearest_m"].shape == (4, 7)


def test_a_failing_run_is_marked_failed(
    tashan_data, city_editor, django_capture_on_commit_callbacks
):
    tashan_data.graph_file.storage.delete(tashan_data.graph_file.name)
    run = _run(city_editor, tashan_data, django_capture_on_commit_callbacks)
    assert run.status == "failed"
    assert run.error.startswith("分析失败：")
    job = Job.objects.get(pk=run.job_id)
    assert (job.status, job.error) == (JobStatus.FAILED, run.error)
    assert not run.results.exists()


def test_run_needs_residents_and_scope(network, keqiao_editor, yuecheng_editor):
    with pytest.raises(PermissionDenied):
        services.analysis_run_submit(
            actor=keqiao_editor,
            network=network,
            region_code="330603",
            name="",
            include_planned=False,
        )
    with pytest.raises(DomainError, match="还没有居住点数据"):
        services.analysis_run_submit(
            actor=yuecheng_editor, network=network, region_code="330602001", name="",
            include_planned=False,
        )  # fmt: skip
    assert not AnalysisRun.objects.exists()
    assert not Job.objects.exists()
