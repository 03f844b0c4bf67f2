"""Permit services refuse actors outside their rule and write nothing (issue 3)."""

from __future__ import annotations

import datetime as dt

import pytest

from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.errors import PermissionDenied
from futurecommunity.permits import services
from futurecommunity.permits.catalogue import load_permit_catalogue
from futurecommunity.permits.models import JointReviewMeeting, ReviewDepartment

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["keqiao_editor", "city_viewer", "department_reviewer"])
def test_recording_a_meeting_outside_scope_is_refused(request, checklist, who):
    before = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        services.joint_review_meeting_record(
            actor=request.getfixturevalue(who),
            checklist=checklist,
            data=services.MeetingInput(held_on=dt.date(2024, 5, 1), attendees="甲", opinions=()),
        )
    assert JointReviewMeeting.objects.count() == 0
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("who", ["yuecheng_approver", "city_viewer", "tashan_editor"])
def test_only_the_city_office_edits_review_departments(request, who):
    load_permit_catalogue()
    department = ReviewDepartment.objects.order_by("pk").first()
    assert department is not None
    name = department.name
    with pytest.raises(PermissionDenied):
        services.review_department_update(
            actor=request.getfixturevalue(who), department=department, name="改名",
            role=department.role, note="", reason="x",
        )  # fmt: skip
    department.refresh_from_db()
    assert department.name == name
    assert AuditEntry.objects.count() == 0
