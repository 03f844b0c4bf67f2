"""Pilots screens render for the offices and hide edit links/pages from others."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from futurecommunity.pilots import services
from futurecommunity.pilots.loaders import load_pilots
from futurecommunity.projects.tests.factories import TASHAN, YUECHENG

pytestmark = pytest.mark.django_db


@pytest.fixture
def declaration(db, tashan_editor):
    load_pilots()
    return services.declaration_create(
        actor=tashan_editor,
        data=services.DeclarationInput(
            kind="street",
            district_code=YUECHENG,
            street_code=TASHAN,
            year=2024,
            declared_on=dt.date(2024, 3, 1),
        ),
    )


def test_index_lists_areas_units_and_declarations(client, yuecheng_editor, declaration) -> None:
    client.force_login(yuecheng_editor)
    page = client.get(reverse("pilots:pilot-index")).content.decode()
    assert "片区九" in page and "单元 9-2" in page and declaration.reference in page
    assert reverse("pilots:area-edit", args=["GC-01"]) in page


def test_keqiao_sees_no_edit_links_and_cannot_open_the_edit_page(
    client, keqiao_editor, declaration
):
    client.force_login(keqiao_editor)
    page = client.get(reverse("pilots:pilot-index")).content.decode()
    assert "片区一" in page and reverse("pilots:area-edit", args=["GC-01"]) not in page
    assert declaration.reference not in page  # out of territory
    assert client.get(reverse("pilots:area-edit", args=["GC-01"])).status_code == 404
    url = reverse("pilots:declaration-detail", args=[declaration.reference])
    assert client.get(url).status_code == 404


def test_yuecheng_edits_an_area_through_the_form(client, yuecheng_editor, declaration) -> None:
    client.force_login(yuecheng_editor)
    response = client.post(
        reverse("pilots:area-edit", args=["GC-01"]),
        {
            "name": "书圣故里片区",
            "schedule_year": 2024,
            "implementing_body": "越城区",
            "status": "under_construction",
            "started_on": "2024-03-01",
            "completed_on": "",
            "renovation_references": "旧改A",
            "tourism_references": "",
            "project_references": "",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("pilots:pilot-index")).content.decode()
    assert "书圣故里片区" in page and "建设中" in page


def test_declaration_detail_shows_coverage_and_city_actions(client, city_approver, declaration):
    client.force_login(city_approver)
    page = client.get(
        reverse("pilots:declaration-detail", args=[declaration.reference])
    ).content.decode()
    assert "当前城镇社区覆盖率" in page and "0/10" in page
    requirement = page[page.index('id="coverage-requirement"') :][:600]
    assert "88%" in requirement and "推定（待核实）" in requirement
    assert "未通过" in page  # the city may reject a declared one
