"""Departments see, read-only, exactly the projects assigned to them for review (三(四)1)."""

from __future__ import annotations

import pytest
from django.http import Http404

from futurecommunity.accounts.models import Organisation
from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.errors import DomainError, PermissionDenied
from futurecommunity.projects import selectors, services
from futurecommunity.projects.assignments import (
    ProjectAssignment,
    project_assign_department,
    project_unassign_department,
)
from futurecommunity.projects.tests.factories import GUANSHU, KEQIAO, KEQIAO_STREET, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tashan_project(yuecheng_editor):
    return ProjectFactory(actor=yuecheng_editor, name="塔山审查项目")


@pytest.fixture
def keqiao_project(keqiao_editor):
    return ProjectFactory(
        actor=keqiao_editor,
        name="柯桥项目",
        district_code=KEQIAO,
        street_code=KEQIAO_STREET,
        community_codes=(GUANSHU,),
    )


def _department(reviewer):
    return reviewer.organisation


@pytest.mark.parametrize("assigner", ["city_editor", "yuecheng_editor", "yuecheng_approver"])
def test_city_or_district_office_assigns_and_it_is_audited(
    request, assigner, tashan_project, department_reviewer
):
    actor = request.getfixturevalue(assigner)
    assignment = project_assign_department(
        actor=actor, project=tashan_project, organisation=_department(department_reviewer)
    )
    assert assignment.active
    entry = AuditEntry.objects.filter(action="project.assign_department").get()
    assert entry.subject_reference == tashan_project.reference
    assert entry.actor == actor


@pytest.mark.parametrize(
    "assigner", ["city_viewer", "keqiao_editor", "tashan_editor", "department_reviewer", "outsider"]
)
def test_others_cannot_assign_and_nothing_is_written(
    request, assigner, tashan_project, department_reviewer
):
    actor = request.getfixturevalue(assigner)
    before = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        project_assign_department(
            actor=actor, project=tashan_project, organisation=_department(department_reviewer)
        )
    assert not ProjectAssignment.objects.exists()
    assert AuditEntry.objects.count() == before


def test_only_departments_and_utilities_can_be_assigned(city_editor, tashan_project):
    with pytest.raises(DomainError):
        project_assign_department(
            actor=city_editor,
            project=tashan_project,
            organisation=Organisation.objects.get(code="sx-330603"),
        )


def test_department_sees_only_assigned_projects_read_only(
    city_editor, tashan_project, keqiao_project, department_reviewer
):
    assert not selectors.project_list_for(viewer=department_reviewer).exists()
    project_assign_department(
        actor=city_editor, project=tashan_project, organisation=_department(department_reviewer)
    )
    listed = list(selectors.project_list_for(viewer=department_reviewer))
    assert listed == [tashan_project]
    assert selectors.project_get_for(viewer=department_reviewer, reference=tashan_project.reference)
    with pytest.raises(Http404):
        selectors.project_get_for(viewer=department_reviewer, reference=keqiao_project.reference)
    with pytest.raises(PermissionDenied):
        services.project_update(
            actor=department_reviewer,
            project=tashan_project,
            data=ProjectFactory.build(name="改名"),
        )


def test_another_department_and_the_public_see_nothing(
    city_editor, tashan_project, department_reviewer, resident
):
    other = Organisation.objects.get(code="sx-dept-education")
    project_assign_department(actor=city_editor, project=tashan_project, organisation=other)
    assert not selectors.project_list_for(viewer=department_reviewer).exists()
    assert not selectors.project_list_for(viewer=resident).exists()


def test_unassigning_hides_the_project_again(city_editor, tashan_project, department_reviewer):
    assignment = project_assign_department(
        actor=city_editor, project=tashan_project, organisation=_department(department_reviewer)
    )
    project_unassign_department(actor=city_editor, assignment=assignment)
    assert not selectors.project_list_for(viewer=department_reviewer).exists()
    assert AuditEntry.objects.filter(action="project.unassign_department").count() == 1


def test_two_purposes_list_the_project_once(city_editor, tashan_project, department_reviewer):
    for purpose in ("joint_review", "approval"):
        project_assign_department(
            actor=city_editor,
            project=tashan_project,
            organisation=_department(department_reviewer),
            purpose=purpose,
        )
    assert selectors.project_list_for(viewer=department_reviewer).count() == 1
