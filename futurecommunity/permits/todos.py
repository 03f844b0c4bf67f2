"""Joint-review to-dos (待办): an assigned department that has not answered yet (三(四)1), and a
department assigned to a step of the route (项目审批) while that step is open (三(四))."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse

from futurecommunity.accounts.models import User
from futurecommunity.notifications.todos import Todo
from futurecommunity.permits.selectors import approval_tasks_for, review_task_list_for


def todos_for(user: User) -> Iterable[Todo]:
    for task in review_task_list_for(viewer=user):
        if task.opinion is not None:
            continue
        yield Todo(
            source="permits.review",
            title=f"待提交{task.assignment.get_purpose_display()}意见",
            subject=f"{task.project.reference} {task.project.name}",
            link=reverse("permits:review-task-detail", args=[task.project.reference]),
            clause="三(四)1",
        )
    for project, steps in approval_tasks_for(viewer=user):
        yield Todo(
            source="permits.review",
            title=f"待办理审批事项：{'、'.join(s.get_code_display() for s in steps)}",
            subject=f"{project.reference} {project.name}",
            link=reverse("permits:checklist-detail", args=[project.reference]),
            clause=steps[0].clause,
            due_on=min((s.planned_on for s in steps if s.planned_on), default=None),
        )
