"""Transition guards registered by higher apps refuse a move before anything is written."""

import datetime as dt

import pytest

from futurecommunity.common.errors import DomainError
from futurecommunity.projects import guards, services
from futurecommunity.projects.models import Transition
from futurecommunity.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def refusing_guard():
    saved = dict(guards._GUARDS)
    guards.register_transition_guard(
        "test.refuse_declare",
        lambda project, target, day: "测试条款不允许申报（测试）。" if target == "declared" else "",
    )
    yield
    guards._GUARDS.clear()
    guards._GUARDS.update(saved)


def test_a_registered_guard_refuses_the_move_and_nothing_is_written(refusing_guard, tashan_editor):
    project = ProjectFactory(actor=tashan_editor)
    with pytest.raises(DomainError) as caught:
        services.project_transition(
            actor=tashan_editor, project=project, target="declared", occurred_on=dt.date(2026, 1, 5)
        )
    assert (caught.value.code, caught.value.message) == (
        "transition_guarded",
        "测试条款不允许申报（测试）。",
    )
    project.refresh_from_db()
    assert project.status == "planned"
    assert not Transition.objects.filter(project=project, to_status="declared").exists()


def test_guards_refuse_only_the_moves_they_name(refusing_guard, tashan_editor):
    project = ProjectFactory(actor=tashan_editor)
    assert guards.transition_refusal(project, "listed", dt.date(2026, 1, 5)) == ""
