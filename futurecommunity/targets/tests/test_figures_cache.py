"""Programme figures cached per (scope, date) and invalidated by the writes that change them
(issue 11 §2); the dashboard page carries no inline boundaries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from futurecommunity.projects.tests.factories import YUECHENG, ProjectFactory, advance
from futurecommunity.regions.models import Region
from futurecommunity.targets.selectors import programme_view

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield
    cache.clear()


def _built(prefix: str = YUECHENG) -> int:
    view = programme_view(prefix=prefix, as_of=dt.date(2026, 11, 30))
    return view.status.coverage_by_district[YUECHENG].covered


def test_a_second_request_reads_the_cache(yuecheng_editor) -> None:
    with CaptureQueriesContext(connection) as first:
        _built()
    with CaptureQueriesContext(connection) as second:
        _built()
    assert len(second) < len(first)
    assert len(second) <= 15  # the fingerprint's aggregates only (one per source table)


def test_a_transition_invalidates_the_figures(yuecheng_editor, yuecheng_approver) -> None:
    before = _built()
    advance(
        ProjectFactory(actor=yuecheng_editor, creation_year=2025),
        "accepted",
        approver=yuecheng_approver,
        editor=yuecheng_editor,
        on=dt.date(2025, 6, 1),
    )
    assert _built() == before + 1


def test_an_urban_flag_change_invalidates_the_figures(
    yuecheng_editor, yuecheng_approver, city_editor
) -> None:
    project = advance(
        ProjectFactory(actor=yuecheng_editor, creation_year=2025),
        "accepted",
        approver=yuecheng_approver,
        editor=yuecheng_editor,
        on=dt.date(2025, 6, 1),
    )
    covered = _built()
    code = project.communities.first().code
    from futurecommunity.regions.services import region_set_urban_flag

    region_set_urban_flag(actor=city_editor, code=code, is_urban=False, reason="核定为非城镇社区")
    assert Region.objects.get(code=code).is_urban_community is False
    assert _built() == covered - 1


def test_the_dashboard_page_is_small_and_fetches_boundaries(client, city_viewer) -> None:
    client.force_login(city_viewer)
    page = client.get("/manage/")
    assert page.status_code == 200
    assert len(page.content) < 100_000
    assert b'"coordinates"' not in page.content
    assert b"/boundaries/districts.geojson" in page.content
    boundaries = client.get("/boundaries/districts.geojson")
    assert boundaries.status_code == 200
    assert "max-age" in boundaries["Cache-Control"]
    data = boundaries.json()
    assert len(data["features"]) == 6
    assert len(boundaries.content) < 300_000
    again = client.get("/boundaries/districts.geojson", HTTP_IF_NONE_MATCH=boundaries["ETag"])
    assert again.status_code == 304


def test_the_fingerprint_is_one_query() -> None:
    from futurecommunity.targets.cache import fingerprint

    with CaptureQueriesContext(connection) as queries:
        first = fingerprint()
    assert len(queries) == 1
    assert fingerprint() == first


def test_the_findings_run_once_per_date_until_a_write(
    monkeypatch, yuecheng_editor, yuecheng_approver
) -> None:
    from futurecommunity.targets.compliance import engine
    from futurecommunity.targets.compliance.snapshot import programme_findings

    runs = []
    real = engine.evaluate
    monkeypatch.setattr(engine, "evaluate", lambda snapshot: runs.append(1) or real(snapshot))
    day = dt.date(2026, 11, 30)
    first = programme_findings(as_of=day)
    assert programme_findings(as_of=day) == first and len(runs) == 1
    advance(
        ProjectFactory(actor=yuecheng_editor, creation_year=2025),
        "accepted",
        approver=yuecheng_approver,
        editor=yuecheng_editor,
        on=dt.date(2025, 6, 1),
    )
    programme_findings(as_of=day)
    assert len(runs) == 2


def test_the_board_outlook_is_computed_once_per_date(monkeypatch, client, city_viewer) -> None:
    from futurecommunity.targets import board_views

    runs = []
    real = board_views.district_months
    monkeypatch.setattr(board_views, "district_months", lambda **kw: runs.append(1) or real(**kw))
    client.force_login(city_viewer)
    for _ in range(2):
        assert client.get("/manage/compliance/?as_of=2026-06-30").status_code == 200
    assert len(runs) == 1
