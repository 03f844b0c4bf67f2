"""三(四)1 joint review convened by the construction department, with resident representatives,
and the wizard's help text on the 三(四)2 merger conditions (issue 10, item 12)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from futurecommunity.accounts.models import Organisation, Role
from futurecommunity.accounts.tests.factories import UserFactory
from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.errors import PermissionDenied, ValidationFailed
from futurecommunity.common.time import today_local
from futurecommunity.permits import services
from futurecommunity.permits.models import DepartmentOpinion, JointReviewMeeting
from futurecommunity.projects.assignments import project_assign_department

pytestmark = pytest.mark.django_db


def _member(code: str, username: str):
    return UserFactory(
        username=username, organisation=Organisation.objects.get(code=code), role=Role.EDITOR
    )


@pytest.fixture
def yuecheng_construction(project, yuecheng_approver):
    """越城区's construction department, assigned to the project's joint review."""
    user = _member("sx-330602-dept-construction", "yc_jianshe")
    project_assign_department(
        actor=yuecheng_approver, project=project, organisation=user.organisation
    )
    return user


def _data(**kwargs):
    values = {"held_on": today_local(), "attendees": "区住建局、发改局、民政局", "opinions": ()}
    values.update(kwargs)
    return services.MeetingInput(**values)


def test_the_district_construction_department_convenes_and_records_with_residents(
    checklist, yuecheng_construction
):
    meeting = services.joint_review_meeting_record(
        actor=yuecheng_construction,
        checklist=checklist,
        data=_data(
            invited_residents="花园社区3幢王某、5幢李某",
            resident_opinions=(("王某", "同意加装电梯，希望夜间不施工"),),
        ),
    )
    assert meeting.convener.code == "sx-330602-dept-construction"
    assert meeting.invited_residents == "花园社区3幢王某、5幢李某"
    opinion = DepartmentOpinion.objects.get(meeting=meeting, department_code="resident")
    assert (opinion.department_name, opinion.opinion) == (
        "居民代表王某",
        "同意加装电梯，希望夜间不施工",
    )
    entry = AuditEntry.objects.get(action="joint_review_meeting.record")
    assert entry.changes["convener"] == [None, "越城区住房和城乡建设局"]


def test_another_districts_or_a_non_construction_department_may_not_record(
    checklist, project, yuecheng_approver
):
    keqiao = _member("sx-330603-dept-construction", "kq_jianshe")
    civil = _member("sx-dept-civil-affairs", "minzheng")
    project_assign_department(
        actor=yuecheng_approver, project=project, organisation=civil.organisation
    )
    for user in (keqiao, civil):
        with pytest.raises(PermissionDenied, match="三\\(四\\)1"):
            services.joint_review_meeting_record(actor=user, checklist=checklist, data=_data())
    assert not JointReviewMeeting.objects.exists()
    assert not AuditEntry.objects.filter(action="joint_review_meeting.record").exists()


def test_the_office_records_on_the_conveners_behalf_naming_city_or_district_only(
    checklist, yuecheng_editor
):
    default = services.joint_review_meeting_record(
        actor=yuecheng_editor, checklist=checklist, data=_data()
    )
    assert default.convener.code == "sx-330602-dept-construction"  # the district's first
    city = services.joint_review_meeting_record(
        actor=yuecheng_editor, checklist=checklist, data=_data(convener_code="sx-dept-construction")
    )
    assert city.convener.name == "绍兴市建设局"
    with pytest.raises(ValidationFailed) as refused:
        services.joint_review_meeting_record(
            actor=yuecheng_editor,
            checklist=checklist,
            data=_data(convener_code="sx-330603-dept-construction"),
        )
    assert "三(四)1" in refused.value.errors["convener_code"][0]
    assert JointReviewMeeting.objects.count() == 2


def test_the_convener_records_through_the_screen_and_a_bad_resident_line_is_named(
    client, checklist, project, yuecheng_construction
):
    client.force_login(yuecheng_construction)
    page = client.get(reverse("permits:checklist-detail", args=[project.reference]))
    assert page.context["meeting_form"] is not None
    url = reverse("permits:meeting-record", args=[project.reference])
    bad = client.post(
        url,
        {
            "held_on": today_local().isoformat(),
            "attendees": "区住建局",
            "resident_opinions": "王某",
        },
        follow=True,
    )
    assert "第1行应为“姓名：意见”" in [str(m) for m in bad.context["messages"]][0]
    assert not JointReviewMeeting.objects.exists()
    client.post(
        url,
        {
            "held_on": today_local().isoformat(),
            "attendees": "区住建局",
            "resident_opinions": "王某：同意\n李某: 希望保留绿地",
        },
    )
    meeting = JointReviewMeeting.objects.get()
    names = set(meeting.opinions.values_list("department_name", flat=True))
    assert names == {"居民代表王某", "居民代表李某"}
    page = client.get(reverse("permits:checklist-detail", args=[project.reference])).content
    assert "召集：越城区住房和城乡建设局" in page.decode()


def test_wizard_help_text_cites_the_merger_conditions_not_the_planning_permit(
    client, yuecheng_editor
):
    client.force_login(yuecheng_editor)
    page = client.get(reverse("permits:route-wizard")).content.decode()
    assert "免于办理规划许可" not in page
    land = page[page.index("是否改变土地权属") :][:400]
    assert "三(四)2" in land and "规划许可不看此项" in land


def test_a_checklist_needing_joint_review_engages_the_district_convener(
    project, yuecheng_editor, django_capture_on_commit_callbacks
):
    from futurecommunity.notifications.models import Message
    from futurecommunity.projects.assignments import ProjectAssignment

    member = _member("sx-330602-dept-construction", "yc_js_todo")
    facts = services.ChecklistFacts(converts_to_public_service=True, on_published_list=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.approval_checklist_create(actor=yuecheng_editor, project=project, facts=facts)
    assignment = ProjectAssignment.objects.get(project=project, organisation=member.organisation)
    assert assignment.active and assignment.purpose == "joint_review"
    [todo] = Message.objects.filter(recipient=member)
    assert todo.title == f"请召集联合审查：{project.name}" and "三(四)1" in todo.body
