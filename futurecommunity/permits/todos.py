"""Joint-review to-dos (待办): an assigned department that has not answered yet (三(四)1)."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse

from futurecommunity.accounts.models import User
from futurecommunity.notifications.todos import Todo
from futurecommunity.permits.selectors import review_task_list_for


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
