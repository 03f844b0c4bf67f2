"""Project services refuse actors outside their rule and write nothing (issue 3)."""

from __future__ import annotations

import pytest

from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.errors import PermissionDenied
from futurecommunity.projects.assignments import (
    project_assign_department,
    project_unassign_department,
)
from futurecommunity.projects.imports import project_import
from futurecommunity.projects.models import Project, ProjectAssignment
from futurecommunity.projects.services import project_create
from futurecommunity.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "who", ["keqiao_editor", "city_viewer", "department_reviewer", "resident", "outsider"]
)
def test_project_create_outside_scope_is_refused(request, who):
    with pytest.raises(PermissionDenied):
        project_create(actor=request.getfixturevalue(who), data=ProjectFactory.build())
    assert Project.objects.count() == 0
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize("who", ["keqiao_editor", "city_viewer", "resident"])
def test_project_import_outside_scope_is_refused(request, who):
    with pytest.raises(PermissionDenied):
        project_import(actor=request.getfixturevalue(who), rows=[ProjectFactory.build()])
    assert Project.objects.count() == 0
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize("who", ["keqiao_editor", "tashan_editor", "department_reviewer"])
def test_unassigning_a_department_is_refused_outside_scope(
    request, who, yuecheng_editor, department_reviewer
):
    project = ProjectFactory(actor=yuecheng_editor)
    assignment = project_assign_department(
        actor=yuecheng_editor, project=project, organisation=department_reviewer.organisation
    )
    before = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        project_unassign_department(actor=request.getfixturevalue(who), assignment=assignment)
    assert ProjectAssignment.objects.get().active is True
    assert AuditEntry.objects.count() == before
