"""A city-wide analysis split into one queue job per district, merged: the stored results and
the per-point file equal one run over the whole network, including a resident just across the
district border whose nearest facility lies in the other district; the run page shows the
progress of each district's job."""

from __future__ import annotations

import numpy as np
import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from futurecommunity.jobs.models import Job, JobStatus
from futurecommunity.lifecircle import services
from futurecommunity.lifecircle.jobs import MERGE_JOB, PART_JOB
from futurecommunity.lifecircle.models import AnalysisRun
from futurecommunity.lifecircle.tests.factories import GUANSHU, resident

pytestmark = pytest.mark.django_db

CITY = "3306"


@pytest.fixture
def two_districts(tashan_data, city_editor):
    """塔山's residents (越城区 330602) plus 柯桥区 (330603) residents on the same grid: one at
    (5, 6), 100 m from 越城区's health centre at (5, 5) across the border, one at (10, 10)."""
    services.residential_point_import(
        actor=city_editor,
        rows=[resident(GUANSHU, 5, 6, 700), resident(GUANSHU, 10, 10, 200)],
        source="测试",
    )
    return tashan_data


def _run(actor, network, capture) -> AnalysisRun:
    with capture(execute=True):
        run = services.analysis_run_submit(
            actor=actor, network=network, region_code=CITY, name="全市分析", include_planned=False
        )
    run.refresh_from_db()
    return run


def _results(run: AnalysisRun) -> dict[str, tuple]:
    return {
        r.region.code: (r.region_level, r.population, r.point_count, r.coverage, r.gaps)
        for r in run.results.select_related("region")
    }


def test_split_run_equals_one_run(
    two_districts, city_editor, django_capture_on_commit_callbacks, settings, client
):
    settings.FC_LIFECIRCLE_SPLIT_DISTRICTS = False
    whole = _run(city_editor, two_districts, django_capture_on_commit_callbacks)
    settings.FC_LIFECIRCLE_SPLIT_DISTRICTS = True
    split = _run(city_editor, two_districts, django_capture_on_commit_callbacks)
    assert whole.status == split.status == "succeeded"

    parts = Job.objects.filter(kind=PART_JOB, params__run_id=split.pk)
    assert sorted(p.region_code for p in parts) == ["330602", "330603"]
    assert all(p.status == JobStatus.SUCCEEDED for p in parts)
    assert Job.objects.get(kind=MERGE_JOB, params__run_id=split.pk).status == JobStatus.SUCCEEDED
    assert not Job.objects.filter(kind__in=[PART_JOB, MERGE_JOB], params__run_id=whole.pk)
    assert split.summary["parts"]["330603"]["residents"] == 2

    assert _results(split) == _results(whole)
    assert "330603" in _results(split) and "330602" in _results(split)
    for key in ("coverage", "gap_count", "residents", "facilities"):
        assert split.summary[key] == whole.summary[key]
    a, b = np.load(whole.result_file.path), np.load(split.result_file.path)
    for name in a.files:
        assert np.array_equal(a[name], b[name]), name
    # the 柯桥区 resident at (5, 6) walks 100 m to 越城区's health centre at (5, 5)
    row = int(np.flatnonzero(b["population"] == 700)[0])
    assert b["nearest_m"][row, list(b["services"]).index("health")] == pytest.approx(100.0)
    assert not default_storage.listdir("analyses/parts")[1]  # part files removed after merge


def test_run_page_shows_progress_per_district(
    two_districts, city_editor, django_capture_on_commit_callbacks, client
):
    """While the district jobs run (here: submitted, not yet executed) the run page lists
    each district with its job's status and progress."""
    with django_capture_on_commit_callbacks(execute=False) as pending:
        run = services.analysis_run_submit(
            actor=city_editor, network=two_districts, region_code=CITY, name="全市分析",
            include_planned=False,
        )  # fmt: skip
    for callback in pending:  # the coordinator: splits and queues the district jobs
        with django_capture_on_commit_callbacks(execute=False):
            callback()
    run.refresh_from_db()
    assert run.status == "running" and set(run.summary["parts"]) == {"330602", "330603"}
    Job.objects.filter(kind=PART_JOB, region_code="330603").update(
        status=JobStatus.RUNNING, progress=30, message="正在计算步行可达性"
    )
    client.force_login(city_editor)
    page = client.get(reverse("lifecircle:run-detail", args=[run.pk])).content.decode()
    assert "分区县并行计算进度" in page
    assert "越城区" in page and "柯桥区" in page and "合并各区县结果" in page
    assert "30%" in page and "正在计算步行可达性" in page


def test_a_failing_district_fails_the_run(
    two_districts, city_editor, django_capture_on_commit_callbacks, monkeypatch
):
    from futurecommunity.lifecircle import jobs

    def broken(run, district, progress):  # type: ignore[no-untyped-def]
        raise RuntimeError("路网文件损坏")

    monkeypatch.setattr(jobs, "analysis_part_execute", broken)
    run = _run(city_editor, two_districts, django_capture_on_commit_callbacks)
    assert run.status == "failed" and "路网文件损坏" in run.error
    assert not run.results.exists()
    assert not Job.objects.filter(kind=MERGE_JOB, params__run_id=run.pk).exists()
