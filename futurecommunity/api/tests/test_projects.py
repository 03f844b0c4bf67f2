"""Projects over the API: same scope and roles as the screens; a refusal changes nothing."""

from __future__ import annotations

import pytest

from futurecommunity.audit.models import AuditEntry
from futurecommunity.projects.models import Project, Transition
from futurecommunity.projects.tests.factories import (
    HUAYUAN,
    KEQIAO,
    KEQIAO_STREET,
    SHENYUAN,
    TASHAN,
    YUECHENG,
    ProjectFactory,
    advance,
)

# Every test here reads the reference data; the mark also orders them before the
# browser tests, which flush the database.
pytestmark = pytest.mark.django_db

NEW = {
    "name": "塔山街道接口登记未来社区",
    "district_code": YUECHENG,
    "street_code": TASHAN,
    "community_codes": [HUAYUAN],
    "level": "county",
    "build_type": "renovation",
    "creation_year": 2025,
    "total_investment": "12000000.00",
}


@pytest.fixture
def project(yuecheng_editor) -> Project:
    return ProjectFactory(actor=yuecheng_editor)


def _state(project: Project) -> tuple:
    project.refresh_from_db()
    audit = AuditEntry.objects.exclude(action__startswith="api_token.")
    return (project.name, project.status, project.transitions.count(), audit.count())


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("city_viewer", True),
        ("yuecheng_editor", True),
        ("tashan_editor", True),
        ("keqiao_approver", False),
        ("department_reviewer", False),
        ("outsider", False),
    ],
)
def test_list_and_detail_follow_the_territory(request, api_as, project, who, sees):
    client = api_as(request.getfixturevalue(who))
    status, page = client.get("projects")
    assert status == 200
    assert [p["reference"] for p in page["items"]] == ([project.reference] if sees else [])
    assert page["count"] == (1 if sees else 0)
    status, body = client.get(f"projects/{project.reference}")
    if sees:
        assert (status, body["reference"], body["status"]) == (200, project.reference, "planned")
    else:
        assert (status, body["error"]["code"]) == (404, "not_found")


def test_list_filters_and_pages(api_as, city_viewer, yuecheng_editor, keqiao_editor):
    mine = [ProjectFactory(actor=yuecheng_editor) for _ in range(3)]
    ProjectFactory(
        actor=keqiao_editor,
        district_code=KEQIAO,
        street_code=KEQIAO_STREET,
        community_codes=("330603001008",),
    )
    client = api_as(city_viewer)
    status, page = client.get("projects", district=YUECHENG, limit=2, offset=1)
    assert status == 200
    assert (page["count"], page["limit"], page["offset"]) == (3, 2, 1)
    assert [p["reference"] for p in page["items"]] == sorted(p.reference for p in mine)[1:3]
    assert client.get("projects", district="33060")[0] == 422


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("yuecheng_editor", 201),
        ("tashan_editor", 201),
        ("city_editor", 201),
        ("city_viewer", 403),
        ("keqiao_editor", 403),
        ("outsider", 403),
    ],
)
def test_create_needs_an_editor_of_the_territory(request, api_as, who, status):
    code, body = api_as(request.getfixturevalue(who)).post("projects", NEW)
    assert code == status
    if status == 201:
        project = Project.objects.get()
        assert (body["reference"], body["status"], body["name"]) == (
            project.reference,
            "planned",
            NEW["name"],
        )
        assert body["total_investment"] == "12000000.00"
        assert AuditEntry.objects.filter(action="project.create").count() == 1
    else:
        assert body["error"]["code"] == "permission_denied"
        assert not Project.objects.exists()
        assert not AuditEntry.objects.filter(action="project.create").exists()


def test_create_with_bad_places_is_422_with_api_field_names(api_as, yuecheng_editor):
    status, body = api_as(yuecheng_editor).post(
        "projects", {**NEW, "community_codes": ["330603001008"]}
    )
    assert status == 422
    assert body["error"]["code"] == "validation_failed"
    assert list(body["error"]["fields"]) == ["community_codes"]
    assert not Project.objects.exists()


def test_create_with_malformed_input_is_422_naming_each_field(api_as, yuecheng_editor):
    status, body = api_as(yuecheng_editor).post(
        "projects", {**NEW, "creation_year": 1990, "level": "galactic", "name": "x" * 101}
    )
    assert status == 422
    assert body["error"]["code"] == "invalid_input"
    assert set(body["error"]["fields"]) == {"creation_year", "level", "name"}


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("yuecheng_editor", 200),
        ("city_viewer", 403),
        ("keqiao_editor", 404),
        ("outsider", 404),
    ],
)
def test_patch_changes_only_the_fields_sent(request, api_as, project, who, status):
    before = _state(project)
    code, body = api_as(request.getfixturevalue(who)).patch(
        f"projects/{project.reference}", {"name": "改名后的未来社区", "reason": "接口同步"}
    )
    assert code == status
    if status == 200:
        assert body["name"] == "改名后的未来社区"
        assert [c["code"] for c in body["communities"]] == [HUAYUAN]
        entry = AuditEntry.objects.filter(action="project.update").get()
        assert (entry.reason, entry.changes["name"][1]) == ("接口同步", "改名后的未来社区")
    else:
        assert _state(project) == before


def test_patch_can_change_communities_and_refuses_null_name(api_as, project, yuecheng_editor):
    client = api_as(yuecheng_editor)
    status, body = client.patch(f"projects/{project.reference}", {"community_codes": [SHENYUAN]})
    assert (status, [c["code"] for c in body["communities"]]) == (200, [SHENYUAN])
    status, body = client.patch(f"projects/{project.reference}", {"name": None})
    assert (status, body["error"]["fields"]) == (422, {"name": ["此项不能为空。"]})


def test_transition_by_the_right_role_moves_the_project(api_as, project, yuecheng_editor):
    status, body = api_as(yuecheng_editor).post(
        f"projects/{project.reference}/transitions", {"target": "declared"}
    )
    assert (status, body["from_status"], body["to_status"]) == (201, "planned", "declared")
    project.refresh_from_db()
    assert project.status == "declared"


@pytest.mark.parametrize(
    ("who", "status", "code"),
    [
        ("yuecheng_editor", 400, "transition_refused"),  # skipping 申报 is not a move
        ("keqiao_approver", 404, "not_found"),
        ("outsider", 404, "not_found"),
    ],
)
def test_refused_transition_changes_nothing(request, api_as, project, who, status, code):
    before = _state(project)
    got, body = api_as(request.getfixturevalue(who)).post(
        f"projects/{project.reference}/transitions", {"target": "under_construction"}
    )
    assert (got, body["error"]["code"]) == (status, code)
    assert body["error"]["message"].endswith("。")
    assert _state(project) == before
    assert not Transition.objects.exists()


def test_detail_lists_history_and_the_moves_of_the_token_user(
    api_as, project, yuecheng_approver, yuecheng_editor
):
    advance(project, "declared", approver=yuecheng_approver, editor=yuecheng_editor)
    status, body = api_as(yuecheng_approver).get(f"projects/{project.reference}")
    assert status == 200
    assert [(t["from_status"], t["to_status"]) for t in body["transitions"]] == [
        ("planned", "declared")
    ]
    assert {m["target"] for m in body["moves"]} >= {"listed"}
