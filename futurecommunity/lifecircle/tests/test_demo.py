"""The life-circle demo set: labelled, idempotent, analysed on first run, removable."""

from __future__ import annotations

import pytest

from futurecommunity.lifecircle import demo
from futurecommunity.lifecircle.models import (
    AnalysisRun,
    Facility,
    ResidentialPoint,
    StreetNetwork,
)

pytestmark = pytest.mark.django_db


def test_demo_seeds_once_with_two_finished_runs_and_removes_cleanly(media, city_editor):
    assert demo.seed_demo(actor=city_editor).startswith("路网 1 个")
    assert demo.seed_demo(actor=city_editor) == "0 项"
    network = StreetNetwork.objects.get()
    assert network.is_demo and network.name.startswith("【演示】")
    assert network.node_count > 3000
    assert Facility.objects.filter(is_demo=False).count() == 0
    assert all(f.name.startswith("【演示】") for f in Facility.objects.all())
    assert ResidentialPoint.objects.filter(community__code__startswith="330602").count() > 100
    runs = {r.parameters["include_planned"]: r for r in AnalysisRun.objects.all()}
    assert {r.status for r in runs.values()} == {"succeeded"}
    assert runs[False].summary["gap_count"] > 0  # deliberate gaps
    # The planned 北海 neighbourhood centre raises 5-minute childcare coverage.
    childcare = {k: r.summary["coverage"]["5min"]["services"]["childcare"] for k, r in runs.items()}
    assert childcare[True] > childcare[False]
    files = [network.graph_file.path] + [r.result_file.path for r in runs.values()]
    assert demo.remove_demo() > 0
    assert not StreetNetwork.objects.exists() and not Facility.objects.exists()
    assert not ResidentialPoint.objects.exists() and not AnalysisRun.objects.exists()
    assert not any(__import__("os").path.exists(p) for p in files)
