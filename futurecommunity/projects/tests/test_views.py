"""Project screens through the Django test client: scope, errors, moves, upgrade."""

from __future__ import annotations

import pytest

from futurecommunity.audit.models import AuditEntry
from futurecommunity.projects.models import Project
from futurecommunity.projects.tests.factories import (
    GUANSHU,
    HUAYUAN,
    KEQIAO,
    KEQIAO_STREET,
    ProjectFactory,
    advance,
)

pytestmark = pytest.mark.django_db


def test_project_list_shows_only_the_viewers_district(client, yuecheng_editor, keqiao_editor):
    mine = ProjectFactory(actor=yuecheng_editor, name="越城测试社区")
    theirs = ProjectFactory(
        actor=keqiao_editor,
        name="柯桥测试社区",
        district_code=KEQIAO,
        street_code=KEQIAO_STREET,
        community_codes=(GUANSHU,),
    )
    client.force_login(yuecheng_editor)
    page = client.get("/manage/projects/").content.decode()
    assert mine.reference in page
    assert theirs.reference not in page
    assert client.get(f"/manage/projects/{theirs.reference}/").status_code == 404


def test_project_list_filters_by_level_and_search(client, yuecheng_editor):
    county = ProjectFactory(actor=yuecheng_editor, name="甲社区", level="county")
    municipal = ProjectFactory(actor=yuecheng_editor, name="乙社区", level="municipal")
    client.force_login(yuecheng_editor)
    page = client.get("/manage/projects/", {"level": "municipal"}).content.decode()
    assert municipal.reference in page and county.reference not in page
    page = client.get("/manage/projects/", {"q": "甲"}).content.decode()
    assert county.reference in page and municipal.reference not in page


def test_refused_transition_shows_the_clause_and_changes_nothing(client, yuecheng_editor):
    project = ProjectFactory(actor=yuecheng_editor)
    advance(project, "declared", approver=yuecheng_editor, editor=yuecheng_editor)
    entries = AuditEntry.objects.count()
    client.force_login(yuecheng_editor)
    response = client.post(
        f"/manage/projects/{project.reference}/transition/",
        {"target": "listed", "occurred_on": "2025-01-02", "document_number": "x"},
        follow=True,
    )
    message = [str(m) for m in response.context["messages"]][0]
    assert message.startswith("未办理：") and "二(一)" in message
    project.refresh_from_db()
    assert project.status == "declared"
    assert AuditEntry.objects.count() == entries


def test_create_with_community_of_another_district_is_refused_with_field_error(
    client, yuecheng_editor
):
    client.force_login(yuecheng_editor)
    response = client.post(
        "/manage/projects/create/",
        {
            "name": "跨区社区",
            "district": "330602",
            "street": "330602001",
            "communities": [GUANSHU],
            "level": "county",
            "build_type": "renovation",
            "creation_year": "2025",
        },
    )
    # The form offers only this district's communities, so the choice itself is invalid.
    assert response.status_code == 200
    assert response.context["form"].errors["communities"]
    assert Project.objects.count() == 0


def test_upgrade_button_creates_linked_municipal_project(
    client, yuecheng_approver, yuecheng_editor, city_approver
):
    project = ProjectFactory(actor=yuecheng_editor, level="county")
    advance(project, "accepted", approver=yuecheng_approver, editor=yuecheng_editor)
    client.force_login(yuecheng_editor)
    page = client.get(f"/manage/projects/{project.reference}/").content.decode()
    assert "升级创建更高等级" in page
    response = client.post(
        f"/manage/projects/{project.reference}/upgrade/",
        {"level": "municipal", "creation_year": "2026"},
    )
    upgraded = Project.objects.get(upgraded_from=project)
    assert response.status_code == 302 and response["Location"].endswith(f"/{upgraded.reference}/")
    assert upgraded.level == "municipal" and upgraded.status == "planned"


def test_dashboard_for_city_and_district(client, city_viewer, yuecheng_editor):
    client.force_login(city_viewer)
    page = client.get("/manage/").content.decode()
    assert "累计建成未来社区" in page and "柯桥区" in page
    client.force_login(yuecheng_editor)
    response = client.get("/manage/", {"as_of": "2025-06-30"})
    assert [r["name"] for r in response.context["coverage_rows"]] == ["越城区"]
    assert response.context["as_of"].isoformat() == "2025-06-30"


def test_plan_target_edit_by_district_is_refused(client, yuecheng_approver):
    from futurecommunity.targets.models import PlanTarget

    target = PlanTarget.objects.get(district_id="330602", year=2024, level="county")
    client.force_login(yuecheng_approver)
    client.post(f"/manage/plan-targets/{target.pk}/edit/", {"value": "9", "reason": "测试"})
    target.refresh_from_db()
    assert target.target == 4


def test_level_of_a_listed_project_cannot_be_changed_by_an_editor(
    yuecheng_editor, yuecheng_approver
):
    from dataclasses import replace

    from futurecommunity.common.errors import ValidationFailed
    from futurecommunity.projects import services

    data = ProjectFactory.build()
    project = services.project_create(actor=yuecheng_editor, data=data)
    advance(project, "listed", approver=yuecheng_approver, editor=yuecheng_editor)
    with pytest.raises(ValidationFailed) as refused:
        services.project_update(
            actor=yuecheng_editor, project=project, data=replace(data, level="provincial")
        )
    assert "二(一)" in refused.value.errors["level"][0]
    project.refresh_from_db()
    assert project.level == "county"
    # Facts that are not decided stay editable.
    services.project_update(
        actor=yuecheng_editor, project=project, data=replace(data, notes="补充说明")
    )
    project.refresh_from_db()
    assert project.notes == "补充说明"


def test_reference_numbers_continue_past_999(yuecheng_editor):
    from futurecommunity.projects.models import Project

    first = ProjectFactory(actor=yuecheng_editor, creation_year=2026)
    Project.objects.filter(pk=first.pk).update(reference="WL-330602-2026-999")
    assert (
        ProjectFactory(actor=yuecheng_editor, creation_year=2026).reference == "WL-330602-2026-1000"
    )
    assert (
        ProjectFactory(actor=yuecheng_editor, creation_year=2026).reference == "WL-330602-2026-1001"
    )


def test_dashboard_flags_a_level_at_risk_when_the_needed_pace_was_never_achieved(
    client, city_viewer
):
    # No project has been created anywhere, so every planned cell needs a pace above the
    # best ever achieved (zero): every district × level with a remaining target is at risk.
    client.force_login(city_viewer)
    response = client.get("/manage/", {"as_of": "2025-06-30"})
    at_risk = response.context["at_risk"]
    assert {(p.district_name, p.level) for p in at_risk} >= {
        ("越城区", "provincial"),
        ("新昌县", "county"),
    }
    assert all(p.remaining > 0 and p.needed > p.best for p in at_risk)
    assert "有风险" in response.content.decode()


def test_transition_with_a_disallowed_attachment_changes_nothing(client, yuecheng_editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from futurecommunity.projects.models import Transition

    project = ProjectFactory(actor=yuecheng_editor)
    entries = AuditEntry.objects.count()
    client.force_login(yuecheng_editor)
    response = client.post(
        f"/manage/projects/{project.reference}/transition/",
        {
            "target": "declared",
            "occurred_on": "2025-01-02",
            "attachments": SimpleUploadedFile("a.exe", b"MZ"),
        },
        follow=True,
    )
    message = [str(m) for m in response.context["messages"]][0]
    assert "a.exe" in message and "不允许" in message
    project.refresh_from_db()
    assert project.status == "planned"
    assert not Transition.objects.filter(project=project).exists()
    assert AuditEntry.objects.count() == entries


@pytest.mark.parametrize(("level", "warned"), [("municipal", True), ("provincial", False)])
def test_registering_a_new_build_below_provincial_level_warns_at_once(
    client, yuecheng_editor, level, warned
):
    """二(一) T1: the warning comes at registration, not only once the project is declared."""
    client.force_login(yuecheng_editor)
    response = client.post(
        "/manage/projects/create/",
        {
            "name": "新建测试社区",
            "district": "330602",
            "street": "330602001",
            "communities": [HUAYUAN],
            "level": level,
            "build_type": "new_build",
            "creation_year": "2025",
        },
        follow=True,
    )
    assert Project.objects.filter(name="新建测试社区").count() == 1
    texts = [str(m) for m in response.context["messages"]]
    assert any("二(一) T1" in t and "省级" in t for t in texts) == warned
