"""The project page's 运营单位 comes from the selection record (三(三)), not the free text."""

from __future__ import annotations

import pytest
from django.urls import reverse

from futurecommunity.operations.tests import factories as f
from futurecommunity.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def _operator_cell(client, project) -> str:  # type: ignore[no-untyped-def]
    page = client.get(reverse("projects:project-detail", args=[project.reference])).content
    return page.decode().split('id="project-operator">')[1].split("</span>")[0]


def test_project_page_shows_the_selected_operator_and_the_typed_text_only_as_original(
    client, city_editor, tashan_editor
) -> None:
    project = ProjectFactory(actor=tashan_editor, operator="某物业（手填）")
    client.force_login(tashan_editor)
    cell = _operator_cell(client, project)
    assert "尚未登记运营商选择" in cell and "（原填报：某物业（手填））" in cell
    f.choose(tashan_editor, project, f.operator(city_editor, name="甲综合运营"))
    cell = _operator_cell(client, project)
    assert "甲综合运营" in cell and "邀请招标，2025-01-10 定标" in cell
    assert "某物业" not in cell  # the free text is no longer presented as the operator
