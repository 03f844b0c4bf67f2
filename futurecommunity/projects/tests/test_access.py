"""Scope and role × action matrix for project reads and writes, over the shared cast."""

from __future__ import annotations

import pytest
from django.http import Http404

from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.errors import DomainError, PermissionDenied
from futurecommunity.projects import selectors, services
from futurecommunity.projects.models import Project, Transition
from futurecommunity.projects.selectors import ProjectFilters
from futurecommunity.projects.tests.factories import (
    FUSHAN,
    GUANSHU,
    KEQIAO,
    KEQIAO_STREET,
    YUEDU,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

# Who may write in 塔山街道 (330602001): editors and approvers of the city, of 越城区 and of the
# street itself. Everyone else is refused.
WRITERS_IN_TASHAN = {
    "city_approver",
    "city_editor",
    "yuecheng_approver",
    "yuecheng_editor",
    "tashan_editor",
}
CAST = [
    "city_approver",
    "city_editor",
    "city_viewer",
    "yuecheng_approver",
    "yuecheng_editor",
    "keqiao_approver",
    "keqiao_editor",
    "tashan_editor",
    "department_reviewer",
    "resident",
    "outsider",
]


@pytest.fixture
def three_projects(city_editor) -> dict[str, Project]:
    """One project in 塔山街道 and one in 府山街道 (越城区), one in 柯桥街道 (柯桥区)."""
    return {
        "tashan": ProjectFactory(actor=city_editor, name="塔山项目"),
        "fushan": ProjectFactory(
            actor=city_editor, name="府山项目", street_code=FUSHAN, community_codes=(YUEDU,)
        ),
        "keqiao": ProjectFactory(
            actor=city_editor,
            name="柯桥项目",
            district_code=KEQIAO,
            street_code=KEQIAO_STREET,
            community_codes=(GUANSHU,),
        ),
    }


def _visible(user) -> list[str]:
    return sorted(selectors.project_list_for(viewer=user).values_list("name", flat=True))


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("city_viewer", ["塔山项目", "府山项目", "柯桥项目"]),
        ("yuecheng_editor", ["塔山项目", "府山项目"]),
        ("keqiao_approver", ["柯桥项目"]),
        ("tashan_editor", ["塔山项目"]),
        ("department_reviewer", []),
        ("resident", []),
        ("outsider", []),
    ],
)
def test_each_member_of_the_cast_sees_only_projects_of_its_territory(
    request, three_projects, who: str, expected: list[str]
) -> None:
    assert _visible(request.getfixturevalue(who)) == sorted(expected)


def test_district_office_cannot_see_other_district_project(keqiao_approver, three_projects):
    with pytest.raises(Http404):
        selectors.project_get_for(
            viewer=keqiao_approver, reference=three_projects["tashan"].reference
        )


def test_district_office_opens_its_own_project_by_reference(yuecheng_editor, three_projects):
    reference = three_projects["fushan"].reference
    assert selectors.project_get_for(viewer=yuecheng_editor, reference=reference).name == "府山项目"


def test_street_office_cannot_open_a_project_of_another_street(tashan_editor, three_projects):
    with pytest.raises(Http404):
        selectors.project_get_for(
            viewer=tashan_editor, reference=three_projects["fushan"].reference
        )


def test_deactivated_user_sees_nothing(city_approver, three_projects) -> None:
    city_approver.is_active = False
    city_approver.save(update_fields=["is_active"])
    assert _visible(city_approver) == []


def test_filters_cannot_widen_the_viewers_scope(keqiao_editor, three_projects) -> None:
    rows = selectors.project_list_for(
        viewer=keqiao_editor, filters=ProjectFilters(district="330602")
    )
    assert list(rows) == []


def test_filters_narrow_by_street_and_search(city_viewer, three_projects) -> None:
    by_street = selectors.project_list_for(
        viewer=city_viewer, filters=ProjectFilters(street=FUSHAN)
    )
    by_search = selectors.project_list_for(
        viewer=city_viewer, filters=ProjectFilters(search="柯桥")
    )
    assert [p.name for p in by_street] == ["府山项目"]
    assert [p.name for p in by_search] == ["柯桥项目"]


# --- role × action matrix -----------------------------------------------------------------


@pytest.mark.parametrize("who", CAST)
def test_create_in_tashan_is_allowed_exactly_for_its_writers(request, who: str) -> None:
    actor = request.getfixturevalue(who)
    if who in WRITERS_IN_TASHAN:
        project = ProjectFactory(actor=actor)
        assert Project.objects.get().reference == project.reference == "WL-330602-2024-001"
        assert AuditEntry.objects.get().action == "project.create"
    else:
        with pytest.raises(PermissionDenied) as caught:
            ProjectFactory(actor=actor)
        assert caught.value.message == "您只能在本辖区内登记未来社区项目。"
        assert Project.objects.count() == 0
        assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize("who", CAST)
def test_update_of_a_tashan_project_is_allowed_exactly_for_its_writers(
    request, city_approver, who: str
) -> None:
    project = ProjectFactory(actor=city_approver, name="原名称")
    actor = request.getfixturevalue(who)
    data = ProjectFactory.build(name="改后名称")
    if who in WRITERS_IN_TASHAN:
        services.project_update(actor=actor, project=project, data=data)
        assert Project.objects.get().name == "改后名称"
        assert AuditEntry.objects.get(action="project.update").actor_id == actor.pk
    else:
        with pytest.raises(PermissionDenied) as caught:
            services.project_update(actor=actor, project=project, data=data)
        assert caught.value.message == "您无权修改该项目。"
        assert Project.objects.get().name == "原名称"
        assert AuditEntry.objects.filter(action="project.update").count() == 0


def test_street_editor_cannot_move_its_project_to_another_street(tashan_editor) -> None:
    project = ProjectFactory(actor=tashan_editor)
    data = ProjectFactory.build(street_code=FUSHAN, community_codes=(YUEDU,))
    with pytest.raises(PermissionDenied) as caught:
        services.project_update(actor=tashan_editor, project=project, data=data)
    assert caught.value.message == "您只能把项目调整到本辖区内的街道。"
    assert Project.objects.get().street_id == "330602001"


# Declaring a county project of 塔山街道: implementers of the city, 越城区 and the street may;
# the city viewer is in scope but lacks the editor role (refused by the lifecycle table); the
# others are out of scope (PermissionDenied).
DECLARE_OUTCOME = {
    "city_approver": "allowed",
    "city_editor": "allowed",
    "city_viewer": "transition_refused",
    "yuecheng_approver": "allowed",
    "yuecheng_editor": "allowed",
    "keqiao_approver": "permission_denied",
    "keqiao_editor": "permission_denied",
    "tashan_editor": "allowed",
    "department_reviewer": "permission_denied",
    "resident": "permission_denied",
    "outsider": "permission_denied",
}


@pytest.mark.parametrize("who", CAST)
def test_declaring_a_tashan_project_is_allowed_exactly_for_implementers_in_scope(
    request, city_approver, who: str
) -> None:
    project = ProjectFactory(actor=city_approver)
    actor = request.getfixturevalue(who)
    audit_before = AuditEntry.objects.count()
    if DECLARE_OUTCOME[who] == "allowed":
        services.project_transition(actor=actor, project=project, target="declared")
        assert Project.objects.get().status == "declared"
        assert Transition.objects.get().actor_id == actor.pk
        assert AuditEntry.objects.count() == audit_before + 1
    else:
        with pytest.raises(DomainError) as caught:
            services.project_transition(actor=actor, project=project, target="declared")
        assert caught.value.code == DECLARE_OUTCOME[who]
        assert Project.objects.get().status == "planned"
        assert Transition.objects.count() == 0
        assert AuditEntry.objects.count() == audit_before


def test_moves_offered_to_an_out_of_scope_approver_are_empty(city_approver, keqiao_approver):
    project = ProjectFactory(actor=city_approver)
    assert services.project_moves_for(actor=keqiao_approver, project=project) == []
    assert [m.target for m in services.project_moves_for(actor=city_approver, project=project)] == [
        "declared",
        "withdrawn",
    ]
