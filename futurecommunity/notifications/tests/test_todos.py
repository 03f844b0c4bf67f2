"""待办: to-dos derived from the lifecycle/review/order/report tables, hand-off messages, 催办."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.errors import PermissionDenied
from futurecommunity.common.time import today_local
from futurecommunity.notifications.models import Message
from futurecommunity.notifications.todos import registered_sources, todos_for
from futurecommunity.projects import rules, services, todos
from futurecommunity.projects.tests.factories import (
    GUANSHU,
    KEQIAO,
    KEQIAO_STREET,
    ProjectFactory,
    advance,
)

pytestmark = pytest.mark.django_db


def _titles(user, reference: str) -> list[str]:
    return [t.title for t in todos_for(user) if t.subject.startswith(reference)]


def test_every_waiting_state_has_an_acting_office_from_the_table():
    for status in rules.WAITING:
        for level in rules.LEVELS:
            step = rules.next_step(level, status)
            assert step is not None, (level, status)
            assert step.actor in {
                m for move in rules.moves_from(status) for m in move.deciders[level]
            }
    assert rules.next_step("county", "operating") is None
    # Decisions on a county project belong to the district, on a municipal one to the city.
    assert rules.next_step("county", "declared").actor == rules.Actor.DISTRICT
    assert rules.next_step("municipal", "declared").actor == rules.Actor.CITY
    assert rules.next_step("county", "planned").actor == rules.Actor.STREET


def test_sources_are_registered_by_the_apps():
    assert {"projects.lifecycle", "permits.review", "rectification.orders", "reporting"} <= set(
        registered_sources()
    )


def test_declare_moves_the_todo_from_street_to_own_district_only(
    django_capture_on_commit_callbacks,
    tashan_editor,
    yuecheng_approver,
    yuecheng_editor,
    keqiao_approver,
    city_approver,
):
    project = ProjectFactory(actor=tashan_editor, name="塔山待办项目")
    assert _titles(tashan_editor, project.reference) == ["待申报"]
    assert _titles(yuecheng_approver, project.reference) == []

    with django_capture_on_commit_callbacks(execute=True):
        services.project_transition(actor=tashan_editor, project=project, target="declared")

    assert _titles(tashan_editor, project.reference) == []
    assert _titles(yuecheng_approver, project.reference) == ["待审定是否列入创建名单"]
    assert _titles(yuecheng_editor, project.reference) == []  # the decision needs an approver
    assert _titles(keqiao_approver, project.reference) == []
    assert _titles(city_approver, project.reference) == []  # county level: the district decides
    # the hand-off message went to the district approver, and to nobody else
    assert list(
        Message.objects.filter(kind="projects.todo").values_list("recipient", flat=True)
    ) == [yuecheng_approver.pk]

    project.refresh_from_db()
    advance(project, "listed", approver=yuecheng_approver, editor=tashan_editor)
    assert _titles(yuecheng_approver, project.reference) == []
    assert "待开工建设" in _titles(tashan_editor, project.reference)


def test_municipal_declaration_waits_for_the_city(
    keqiao_editor, keqiao_approver, city_approver, yuecheng_approver
):
    project = ProjectFactory(
        actor=keqiao_editor,
        district_code=KEQIAO,
        street_code=KEQIAO_STREET,
        community_codes=(GUANSHU,),
        level="municipal",
    )
    services.project_transition(actor=keqiao_editor, project=project, target="declared")
    project.refresh_from_db()
    assert _titles(city_approver, project.reference) == ["待审定是否列入创建名单"]
    assert _titles(keqiao_approver, project.reference) == []
    assert "市风貌办" in todos.who_acts_next(project)


def test_page_without_action_says_who_acts_next_and_remind_is_audited(
    client, django_capture_on_commit_callbacks, tashan_editor, yuecheng_approver, city_editor
):
    project = ProjectFactory(actor=tashan_editor)
    services.project_transition(actor=tashan_editor, project=project, target="declared")
    project.refresh_from_db()
    client.force_login(tashan_editor)
    page = client.get(reverse("projects:project-detail", args=[project.reference])).content.decode()
    assert "没有可办理" not in page
    assert "下一步由区、县（市）风貌办（审核/领导）办理" in page
    assert "越城区" in page
    assert 'id="remind-button"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("projects:project-remind", args=[project.reference]))
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="project.remind")
    assert entry.subject_reference == project.reference
    reminded = Message.objects.get(kind="projects.remind")
    assert reminded.recipient == yuecheng_approver

    # the acting office itself is not offered 催办 and is refused
    with pytest.raises(PermissionDenied):
        todos.project_remind(actor=yuecheng_approver, project=project)
    assert AuditEntry.objects.filter(action="project.remind").count() == 1


def test_header_count_and_todo_page(client, tashan_editor, yuecheng_approver):
    project = ProjectFactory(actor=tashan_editor, name="塔山计数项目")
    client.force_login(tashan_editor)
    page = client.get(reverse("notifications:todo-list")).content.decode()
    assert project.reference in page and "待申报" in page
    assert 'id="todo-count"' in page
    client.force_login(yuecheng_approver)
    page = client.get(reverse("notifications:todo-list")).content.decode()
    assert project.reference not in page


def test_review_todo_for_the_assigned_department_until_it_answers(
    django_capture_on_commit_callbacks, yuecheng_editor, department_reviewer, city_approver
):
    from decimal import Decimal

    from futurecommunity.permits import services as permits
    from futurecommunity.projects.assignments import project_assign_department

    project = ProjectFactory(
        actor=yuecheng_editor,
        funding="government",
        total_investment=Decimal("1500000"),
        floor_area=Decimal("800"),
    )
    checklist = permits.approval_checklist_create(
        actor=yuecheng_editor,
        project=project,
        facts=permits.ChecklistFacts(converts_to_public_service=True, on_published_list=True),
    )
    meeting = permits.joint_review_meeting_record(
        actor=yuecheng_editor,
        checklist=checklist,
        data=permits.MeetingInput(held_on=today_local(), attendees="建设局", opinions=()),
    )
    with django_capture_on_commit_callbacks(execute=True):
        project_assign_department(
            actor=yuecheng_editor, project=project, organisation=department_reviewer.organisation
        )
    assert Message.objects.filter(kind="projects.assigned", recipient=department_reviewer).exists()
    assert _titles(department_reviewer, project.reference) == ["待提交联合审查意见"]
    with django_capture_on_commit_callbacks(execute=True):
        permits.department_opinion_record(
            actor=department_reviewer,
            meeting=meeting,
            data=permits.OpinionInput(stance="agree", opinion="同意。"),
        )
    assert _titles(department_reviewer, project.reference) == []
    told = set(Message.objects.filter(kind="permits.answer").values_list("recipient", flat=True))
    assert yuecheng_editor.pk in told
    assert city_approver.pk not in told


def test_reporting_todos_for_street_and_city(tashan_editor, yuecheng_approver, city_editor):
    from futurecommunity.reporting import todos as reporting_todos

    project = ProjectFactory(actor=tashan_editor)
    advance(project, "under_construction", approver=yuecheng_approver, editor=tashan_editor)
    today = today_local()
    rows = list(reporting_todos.todos_for(tashan_editor, today=today))
    assert [r.subject.split()[0] for r in rows] == [project.reference]
    assert rows[0].due_on is not None and rows[0].due_on.month == today.month
    assert list(reporting_todos.todos_for(yuecheng_approver, today=today)) == []
    city = [r.title for r in reporting_todos.todos_for(city_editor, today=today)]
    last = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    assert f"待冻结{last:%Y年%m月}月报" in city


def test_street_dashboard_shows_its_quota_and_projects_not_the_district_plan(client, tashan_editor):
    ProjectFactory(actor=tashan_editor, name="塔山工作台项目", level="municipal")
    client.force_login(tashan_editor)
    page = client.get(reverse("dashboard")).content.decode()
    assert "工作台 · 越城区塔山街道" in page
    assert "市级未来社区年度创建要求（二(一) T2）" in page
    assert "塔山工作台项目" in page
    assert "尚需创建" not in page and "forecast-panel" not in page
    assert 'id="todo-panel"' in page


def test_remind_reports_is_audited_and_reaches_the_street_only(
    client,
    django_capture_on_commit_callbacks,
    tashan_editor,
    yuecheng_approver,
    yuecheng_editor,
    keqiao_editor,
):
    project = ProjectFactory(actor=tashan_editor)
    advance(project, "under_construction", approver=yuecheng_approver, editor=tashan_editor)
    month = today_local().replace(day=1)
    client.force_login(yuecheng_editor)
    page = client.get(reverse("reporting:report-list") + f"?month={month:%Y-%m}").content.decode()
    assert 'id="remind-reports"' in page
    assert 'id="freeze-month"' not in page  # the month has not ended
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reporting:report-remind"), {"month": f"{month:%Y-%m}"})
    entry = AuditEntry.objects.get(action="monthly_report.remind")
    assert entry.changes["references"] == [None, [project.reference]]
    assert list(
        Message.objects.filter(kind="reporting.remind").values_list("recipient", flat=True)
    ) == [tashan_editor.pk]
    # a street cannot remind, and nothing is written
    client.force_login(tashan_editor)
    client.post(reverse("reporting:report-remind"), {"month": f"{month:%Y-%m}"})
    assert AuditEntry.objects.filter(action="monthly_report.remind").count() == 1


def test_declaration_lists_missing_facts_with_links_and_is_refused(client, tashan_editor):
    from futurecommunity.common.errors import DomainError
    from futurecommunity.projects.models import Project

    project = ProjectFactory(actor=tashan_editor, funding="", implementing_body="")
    client.force_login(tashan_editor)
    page = client.get(reverse("projects:project-detail", args=[project.reference])).content.decode()
    assert 'id="declare-missing"' in page
    assert reverse("projects:project-edit", args=[project.reference]) + "#id_funding" in page
    with pytest.raises(DomainError) as caught:
        services.project_transition(actor=tashan_editor, project=project, target="declared")
    assert "资金来源" in caught.value.message and "实施主体" in caught.value.message
    assert Project.objects.get(pk=project.pk).status == "planned"
    assert not AuditEntry.objects.filter(action="project.transition").exists()


def test_project_list_sorts_by_column_and_sets_page_size(client, tashan_editor):
    ProjectFactory(actor=tashan_editor, name="甲社区", creation_year=2023)
    ProjectFactory(actor=tashan_editor, name="乙社区", creation_year=2025)
    client.force_login(tashan_editor)
    page = client.get(reverse("projects:project-list") + "?sort=-creation_year&size=50")
    rows = [p.name for p in page.context["page"]]
    assert rows.index("乙社区") < rows.index("甲社区")
    assert page.context["size"] == 50
    page = client.get(reverse("projects:project-list") + "?sort=creation_year&size=7")
    rows = [p.name for p in page.context["page"]]
    assert rows.index("甲社区") < rows.index("乙社区")
    assert page.context["size"] == 25  # only the offered sizes
    assert client.get(reverse("projects:project-list") + "?sort=password").status_code == 200
