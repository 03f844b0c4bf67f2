"""The approval demo: department and utility accounts, a full checklist, a meeting and answers."""

from __future__ import annotations

import pytest

from futurecommunity.notifications.todos import todos_for
from futurecommunity.permits import demo
from futurecommunity.permits.models import ApprovalChecklist, DepartmentOpinion
from futurecommunity.projects.assignments import ProjectAssignment
from futurecommunity.projects.demo import seed_demo as seed_projects

pytestmark = pytest.mark.django_db


def test_demo_shows_joint_review_and_is_removable():
    seed_projects()
    assert demo.seed_demo() == 1
    checklist = ApprovalChecklist.objects.get(project__is_demo=True)
    assert checklist.project.name.startswith("【演示】")
    assert checklist.project.funding and checklist.project.implementing_body
    assert checklist.meetings.count() == 1
    assert DepartmentOpinion.objects.get().department_name == "绍兴市建设局"
    from futurecommunity.accounts.models import User

    water = User.objects.get(username="utility_water")
    assert [t.title for t in todos_for(water)] == ["待提交联合会商意见"]
    assert todos_for(User.objects.get(username="dept_jianshe")) == []
    assert demo.seed_demo() == 0
    assert demo.remove_demo() == 1
    assert not ProjectAssignment.objects.filter(project__is_demo=True).exists()
    assert not User.objects.filter(username="utility_water", is_active=True).exists()
