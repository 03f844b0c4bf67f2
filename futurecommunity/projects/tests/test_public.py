"""Public pages (S4): the public sees only published material, and no official figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from futurecommunity.projects.models import Project
from futurecommunity.projects.selectors import PublicFilters, project_list_public
from futurecommunity.projects.tests.factories import (
    GUANSHU,
    KEQIAO,
    KEQIAO_STREET,
    YUECHENG,
    ProjectFactory,
    advance,
)

pytestmark = pytest.mark.django_db
LIST = reverse("public:project-list")


@pytest.fixture
def cast(yuecheng_editor, yuecheng_approver, keqiao_editor, city_approver):
    """One project in each interesting state; only the first two may ever be public."""

    def make(name: str, to: str | None, editor, approver, **kwargs) -> Project:  # type: ignore[no-untyped-def]
        project = ProjectFactory(actor=editor, name=name, **kwargs)
        if to is not None:
            project = advance(project, to, approver=approver, editor=editor, on=dt.date(2024, 5, 6))
        return project

    keqiao = {"district_code": KEQIAO, "street_code": KEQIAO_STREET, "community_codes": (GUANSHU,)}
    return {
        "published": make("塔山公布社区", "published", yuecheng_editor, yuecheng_approver,
                          total_investment=Decimal("123456789.00"), notes="内部备注勿公开"),
        "operating": make("柯桥运营社区", "operating", keqiao_editor, city_approver,
                          level="municipal", creation_year=2023, **keqiao),
        "building": make("塔山在建社区", "under_construction", yuecheng_editor, yuecheng_approver),
        "planned": make("塔山计划社区", None, yuecheng_editor, yuecheng_approver),
        "demo": make("演示公布社区", "published", yuecheng_editor, yuecheng_approver),
    }  # fmt: skip


@pytest.fixture
def cast_with_demo(cast):  # type: ignore[no-untyped-def]
    Project.objects.filter(pk=cast["demo"].pk).update(is_demo=True)
    return cast


def test_selector_returns_only_published_and_operating_with_public_fields(cast_with_demo):
    rows = project_list_public()
    assert sorted(r.name for r in rows) == ["塔山公布社区", "柯桥运营社区"]
    published = next(r for r in rows if r.name == "塔山公布社区")
    assert published.published_on == dt.date(2024, 5, 6)
    assert published.district == "越城区"
    assert published.street == "塔山街道"
    assert published.communities == ("花园社区",)
    assert not hasattr(published, "total_investment")
    assert not hasattr(published, "notes")


def test_anonymous_list_shows_published_only_and_no_investment(client, cast_with_demo):
    response = client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "塔山公布社区" in html and "柯桥运营社区" in html
    for hidden in ("塔山在建社区", "塔山计划社区", "演示公布社区", "123456789", "内部备注勿公开"):
        assert hidden not in html
    assert "2024-05-06" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"district": KEQIAO}, ["柯桥运营社区"]),
        ({"level": "county"}, ["塔山公布社区"]),
        ({"year": "2023"}, ["柯桥运营社区"]),
        ({"district": YUECHENG, "year": "2023"}, []),
        ({"district": "NOPE", "level": "bad", "year": "x"}, ["塔山公布社区", "柯桥运营社区"]),
    ],
)
def test_filters_narrow_the_public_list(client, cast_with_demo, query, expected):
    projects = client.get(LIST, query).context["projects"]
    assert sorted(p.name for p in projects) == sorted(expected)


def test_selector_filters(cast_with_demo):
    assert [p.name for p in project_list_public(PublicFilters(district=KEQIAO))] == ["柯桥运营社区"]


def test_district_page_shows_coverage_map_data_and_only_published(client, cast_with_demo):
    response = client.get(reverse("public:district-detail", args=[YUECHENG]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "塔山公布社区" in html
    assert "柯桥运营社区" not in html and "塔山在建社区" not in html and "123456789" not in html
    coverage = response.context["coverage"]
    assert coverage.covered >= 1 and coverage.total > 0
    assert 'id="map-data"' in html and "<script>" not in html.replace("<script src", "")
    data = response.context["map_data"]
    assert data["values"] == [{"name": "越城区", "value": float(coverage.percent)}]
    assert len(data["geojson"]["features"]) == 1


def test_unknown_district_is_404(client):
    assert client.get(reverse("public:district-detail", args=["999999"])).status_code == 404


def test_demo_projects_are_public_only_in_demo_mode(
    client, yuecheng_editor, yuecheng_approver, city_approver, settings
):
    from futurecommunity.projects.models import Project
    from futurecommunity.projects.tests.factories import ProjectFactory, advance

    project = ProjectFactory(actor=yuecheng_editor, name="【演示】公示测试未来社区", level="county")
    advance(project, "published", approver=yuecheng_approver, editor=yuecheng_editor)
    Project.objects.filter(pk=project.pk).update(is_demo=True)
    settings.FC_DEMO_MODE = False
    assert "公示测试未来社区" not in client.get("/public/").content.decode()
    settings.FC_DEMO_MODE = True
    page = client.get("/public/").content.decode()
    assert "【演示】公示测试未来社区" in page and "演示环境" in page


def test_public_coverage_counts_only_published_projects(client, yuecheng_editor, yuecheng_approver):
    """An accepted but not yet published project is not public (issue 11 §6)."""
    from futurecommunity.projects.tests.factories import FUSHAN, YUEDU

    advance(
        ProjectFactory(actor=yuecheng_editor, name="塔山验收社区"),
        "accepted",
        approver=yuecheng_approver,
        editor=yuecheng_editor,
        on=dt.date(2024, 5, 6),
    )
    page = client.get(reverse("public:district-detail", args=[YUECHENG]))
    assert page.context["coverage"].covered == 0
    advance(
        ProjectFactory(
            actor=yuecheng_editor, name="府山公布社区", street_code=FUSHAN, community_codes=(YUEDU,)
        ),
        "published",
        approver=yuecheng_approver,
        editor=yuecheng_editor,
        on=dt.date(2024, 5, 6),
    )
    page = client.get(reverse("public:district-detail", args=[YUECHENG]))
    assert page.context["coverage"].covered == 1
