"""An inspection names only places and projects of the recording office's territory (issue 11
§6): another district's project reference or region code is refused and nothing is written."""

from __future__ import annotations

import datetime as dt

import pytest

from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.errors import ValidationFailed
from futurecommunity.projects.tests.factories import (
    GUANSHU,
    KEQIAO,
    KEQIAO_STREET,
    TASHAN,
    ProjectFactory,
)
from futurecommunity.rectification import services
from futurecommunity.rectification.models import Inspection

pytestmark = pytest.mark.django_db


def _record(actor, **overrides):
    arguments = {
        "actor": actor,
        "title": "督查",
        "inspected_on": dt.date(2024, 1, 1),
        "team": "一组",
        "scope_regions": ["330602"],
        "project_references": [],
        "findings": [],
        **overrides,
    }
    return services.inspection_record(**arguments)


@pytest.fixture
def keqiao_project(keqiao_editor):
    return ProjectFactory(
        actor=keqiao_editor,
        district_code=KEQIAO,
        street_code=KEQIAO_STREET,
        community_codes=(GUANSHU,),
    )


def test_another_districts_project_reference_is_refused(yuecheng_editor, keqiao_project):
    audits = AuditEntry.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        _record(yuecheng_editor, project_references=[keqiao_project.reference])
    assert refused.value.errors["project_references"] == [
        f"项目编号“{keqiao_project.reference}”不存在或不在本单位辖区内（四 S3）。"
    ]
    # Same sentence for a reference that does not exist: nothing tells the two apart.
    with pytest.raises(ValidationFailed) as unknown:
        _record(yuecheng_editor, project_references=["WL-330602-2024-999"])
    assert "不存在或不在本单位辖区内" in unknown.value.errors["project_references"][0]
    assert Inspection.objects.count() == 0
    assert AuditEntry.objects.count() == audits


def test_a_finding_cannot_point_at_another_districts_project(yuecheng_editor, keqiao_project):
    finding = services.FindingInput("问题", TASHAN, project_reference=keqiao_project.reference)
    with pytest.raises(ValidationFailed):
        _record(yuecheng_editor, findings=[finding])
    assert Inspection.objects.count() == 0


@pytest.mark.parametrize("codes", [[KEQIAO], ["999999"], ["<script>"]])
def test_scope_regions_outside_the_territory_are_refused(yuecheng_editor, codes):
    with pytest.raises(ValidationFailed) as refused:
        _record(yuecheng_editor, scope_regions=codes)
    assert "不是本单位辖区内的区划代码" in refused.value.errors["scope_regions"][0]
    assert Inspection.objects.count() == 0


def test_own_project_and_region_are_accepted(yuecheng_editor, tashan_editor):
    own = ProjectFactory(actor=tashan_editor)
    inspection = _record(
        yuecheng_editor, scope_regions=["330602", TASHAN], project_references=[own.reference]
    )
    assert list(inspection.projects.all()) == [own]
    assert inspection.scope_regions == sorted(["330602", TASHAN])


def test_the_city_may_name_any_district(city_editor, keqiao_project):
    inspection = _record(
        city_editor, scope_regions=[KEQIAO], project_references=[keqiao_project.reference]
    )
    assert list(inspection.projects.all()) == [keqiao_project]
