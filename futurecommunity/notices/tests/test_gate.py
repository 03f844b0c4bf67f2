"""三(一): the project cannot start works on existing land before the notice and the consent."""

import datetime as dt
from unittest import mock

import pytest

from futurecommunity.common.errors import DomainError, ValidationFailed
from futurecommunity.notices import services
from futurecommunity.notices.models import NoticeSetting, Stakeholder
from futurecommunity.notices.tests.factories import (
    MONDAY,
    listed_project,
    publish_plan,
    register,
)
from futurecommunity.permits.models import ApprovalStep
from futurecommunity.permits.services import approval_step_update
from futurecommunity.permits.tracking import StepUpdate
from futurecommunity.projects.models import Transition
from futurecommunity.projects.services import project_transition

pytestmark = pytest.mark.django_db

DAY_SEVEN = dt.date(2026, 3, 9)  # the 7th counted day of a notice published on MONDAY
AFTER = dt.date(2026, 3, 10)


@pytest.fixture
def project(tashan_editor, yuecheng_approver):
    return listed_project(editor=tashan_editor, approver=yuecheng_approver)


def _start(actor, project, day):
    with mock.patch("futurecommunity.projects.services.today_local", return_value=day):
        return project_transition(
            actor=actor, project=project, target="under_construction", occurred_on=day
        )


def test_without_notice_the_move_is_refused_citing_the_clause(project, tashan_editor):
    register(project, 3, 3)
    with pytest.raises(DomainError) as caught:
        _start(tashan_editor, project, AFTER)
    assert caught.value.code == "transition_guarded"
    assert "三(一)" in caught.value.message and "尚未发布实施方案公示" in caught.value.message
    project.refresh_from_db()
    assert project.status == "listed"
    assert not Transition.objects.filter(project=project, to_status="under_construction").exists()


def test_on_day_seven_the_move_is_refused_with_one_day_left(project, tashan_editor):
    publish_plan(tashan_editor, project)
    register(project, 3, 3)
    with pytest.raises(DomainError, match="公示期未满，还差 1 天"):
        _start(tashan_editor, project, DAY_SEVEN)


def test_after_day_seven_with_all_consents_the_project_starts(project, tashan_editor):
    publish_plan(tashan_editor, project)
    register(project, 3, 3)
    _start(tashan_editor, project, AFTER)
    project.refresh_from_db()
    assert project.status == "under_construction"


def test_one_consent_short_of_the_configured_share_is_refused(project, tashan_editor):
    NoticeSetting.objects.filter(key="consent_required_share").update(value="2/3")
    publish_plan(tashan_editor, project)
    register(project, 9, 5)
    with pytest.raises(DomainError, match="还差 1 户"):
        _start(tashan_editor, project, AFTER)


def test_exactly_at_the_configured_share_the_project_starts(project, tashan_editor):
    NoticeSetting.objects.filter(key="consent_required_share").update(value="2/3")
    publish_plan(tashan_editor, project)
    register(project, 9, 6)
    _start(tashan_editor, project, AFTER)
    project.refresh_from_db()
    assert project.status == "under_construction"


def test_corrected_notice_restarts_the_period_for_the_gate(project, tashan_editor):
    notice = publish_plan(tashan_editor, project)
    register(project, 3, 3)
    correction_day = dt.date(2026, 3, 5)
    services.notice_correct(
        actor=tashan_editor,
        notice=notice,
        data=services.NoticeInput(
            kind=notice.kind,
            title=notice.title,
            body="更正后的方案",
            start_on=correction_day,
            end_on=correction_day + dt.timedelta(days=7),
            contact_office="塔山街道",
        ),
        reason="补充日照分析",
        today=correction_day,
    )
    with pytest.raises(DomainError, match="还差 3 天"):
        _start(tashan_editor, project, AFTER)
    _start(tashan_editor, project, correction_day + dt.timedelta(days=8))


def test_withdrawn_notice_does_not_count(project, tashan_editor):
    notice = publish_plan(tashan_editor, project)
    register(project, 3, 3)
    services.notice_withdraw(actor=tashan_editor, notice=notice, reason="方案调整")
    with pytest.raises(DomainError, match="尚未发布实施方案公示"):
        _start(tashan_editor, project, AFTER)


def test_works_not_on_existing_land_are_not_gated(tashan_editor, yuecheng_approver):
    project = listed_project(
        editor=tashan_editor, approver=yuecheng_approver, uses_existing_land=False
    )
    _start(tashan_editor, project, AFTER)
    project.refresh_from_db()
    assert project.status == "under_construction"


def test_checklist_step_cannot_be_marked_done_before_the_gate_opens(project, tashan_editor):
    publish_plan(tashan_editor, project)
    register(project, 3, 2)
    step = ApprovalStep.objects.get(checklist__project=project, code="public_notice")
    update = StepUpdate(status="done", done_on=AFTER)
    with (
        mock.patch("futurecommunity.permits.services.today_local", return_value=AFTER),
        pytest.raises(ValidationFailed, match="还差 1 户"),
    ):
        approval_step_update(actor=tashan_editor, step=step, update=update)
    step.refresh_from_db()
    assert step.status != "done"
    Stakeholder.objects.filter(project=project).update(
        answer="agreed", method="in_person", answered_on=MONDAY
    )
    with mock.patch("futurecommunity.permits.services.today_local", return_value=AFTER):
        approval_step_update(actor=tashan_editor, step=step, update=update)
    step.refresh_from_db()
    assert step.status == "done"
