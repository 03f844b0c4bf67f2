"""Project services with the database: create, validate, transition, audit, upgrade."""

from __future__ import annotations

import datetime as dt

import pytest

from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.errors import DomainError, ValidationFailed
from futurecommunity.common.time import today_local
from futurecommunity.projects import services
from futurecommunity.projects.models import Project, Transition
from futurecommunity.projects.tests.factories import (
    DOCUMENT,
    FUSHAN,
    GUANSHU,
    HUAYUAN,
    KEQIAO,
    KEQIAO_STREET,
    LUOBEI,
    SHENYUAN,
    TASHAN,
    YUECHENG,
    YUEDU,
    ProjectFactory,
    advance,
)

pytestmark = pytest.mark.django_db


# --- create -------------------------------------------------------------------------------


def test_first_project_of_a_district_and_year_gets_sequence_001(yuecheng_editor) -> None:
    project = ProjectFactory(actor=yuecheng_editor, creation_year=2024)
    assert project.reference == "WL-330602-2024-001"
    assert Project.objects.get().status == "planned"


def test_references_count_up_per_district_and_year(yuecheng_editor, keqiao_editor) -> None:
    first = ProjectFactory(actor=yuecheng_editor, creation_year=2024)
    second = ProjectFactory(
        actor=yuecheng_editor, creation_year=2024, street_code=FUSHAN, community_codes=(YUEDU,)
    )
    other_year = ProjectFactory(actor=yuecheng_editor, creation_year=2025)
    other_district = ProjectFactory(
        actor=keqiao_editor,
        district_code=KEQIAO,
        street_code=KEQIAO_STREET,
        community_codes=(GUANSHU,),
        creation_year=2024,
    )
    assert [first.reference, second.reference, other_year.reference, other_district.reference] == [
        "WL-330602-2024-001",
        "WL-330602-2024-002",
        "WL-330602-2025-001",
        "WL-330603-2024-001",
    ]


def test_created_project_stores_street_as_region_code_and_its_communities(tashan_editor) -> None:
    project = ProjectFactory(actor=tashan_editor, community_codes=(SHENYUAN, HUAYUAN))
    stored = Project.objects.get(pk=project.pk)
    assert stored.region_code == TASHAN
    assert stored.district_id == YUECHENG
    assert sorted(stored.communities.values_list("code", flat=True)) == [HUAYUAN, SHENYUAN]
    assert stored.upgraded_from is None


def test_create_writes_one_audit_entry_with_the_new_values(tashan_editor) -> None:
    project = ProjectFactory(actor=tashan_editor, name="塔山花园未来社区", level="municipal")
    entry = AuditEntry.objects.get()
    assert entry.action == "project.create"
    assert entry.actor_id == tashan_editor.pk
    assert entry.organisation_name == "塔山街道办事处"
    assert entry.subject_type == "projects.project"
    assert entry.subject_id == str(project.pk)
    assert entry.subject_reference == "WL-330602-2024-001"
    assert entry.region_code == TASHAN
    assert entry.changes["name"] == [None, "塔山花园未来社区"]
    assert entry.changes["level"] == [None, "municipal"]
    assert entry.changes["communities"] == [None, [HUAYUAN]]
    assert entry.changes["street"] == [None, TASHAN]


def _refused_create(actor, **overrides) -> dict[str, list[str]]:
    with pytest.raises(ValidationFailed) as caught:
        services.project_create(actor=actor, data=ProjectFactory.build(**overrides))
    assert Project.objects.count() == 0
    assert AuditEntry.objects.count() == 0
    return caught.value.errors


def test_street_outside_the_district_is_refused_naming_the_street(city_editor) -> None:
    errors = _refused_create(
        city_editor, district_code=YUECHENG, street_code=KEQIAO_STREET, community_codes=(HUAYUAN,)
    )
    assert errors == {"street": ["街道“柯桥街道”不属于越城区。"]}


def test_community_outside_the_district_is_refused_naming_the_community(city_editor) -> None:
    errors = _refused_create(city_editor, community_codes=(HUAYUAN, GUANSHU))
    assert errors == {"communities": ["覆盖社区须位于越城区内：管墅社区居委会不在该区、县（市）。"]}


def test_project_without_communities_is_refused(tashan_editor) -> None:
    errors = _refused_create(tashan_editor, community_codes=())
    assert errors == {"communities": ["请至少选择一个覆盖社区（一、G3 按行政社区计算覆盖率）。"]}


def test_unknown_community_code_is_refused(tashan_editor) -> None:
    errors = _refused_create(tashan_editor, community_codes=(HUAYUAN, "330602001999"))
    assert errors == {"communities": ["社区代码不存在：330602001999。"]}


def test_linked_renovation_on_a_new_build_project_is_refused(tashan_editor) -> None:
    errors = _refused_create(tashan_editor, build_type="new_build", is_linked_renovation=True)
    assert errors == {"is_linked_renovation": ["只有旧改类项目可以联动老旧小区改造（二(一) T4）。"]}


def test_every_invalid_field_is_reported_at_once(city_editor) -> None:
    errors = _refused_create(
        city_editor,
        street_code=KEQIAO_STREET,
        community_codes=(),
        build_type="new_build",
        is_linked_renovation=True,
    )
    assert sorted(errors) == ["communities", "is_linked_renovation", "street"]


def test_renovation_linked_with_an_old_residential_area_is_accepted(tashan_editor) -> None:
    project = ProjectFactory(
        actor=tashan_editor,
        build_type="renovation",
        is_linked_renovation=True,
        linked_renovation_reference="LJ-2024-17",
    )
    stored = Project.objects.get(pk=project.pk)
    assert (stored.is_linked_renovation, stored.linked_renovation_reference) == (True, "LJ-2024-17")


# --- update -------------------------------------------------------------------------------


def test_update_records_only_the_changed_fields(tashan_editor) -> None:
    project = ProjectFactory(actor=tashan_editor, name="旧名称")
    data = ProjectFactory.build(name="新名称", community_codes=(HUAYUAN, LUOBEI))
    services.project_update(actor=tashan_editor, project=project, data=data, reason="更正")
    entry = AuditEntry.objects.get(action="project.update")
    assert entry.changes == {
        "communities": [[HUAYUAN], [HUAYUAN, LUOBEI]],
        "name": ["旧名称", "新名称"],
    }
    assert entry.reason == "更正"
    assert Project.objects.get(pk=project.pk).name == "新名称"


def test_update_without_changes_writes_no_audit_entry(tashan_editor) -> None:
    project = ProjectFactory(actor=tashan_editor, name="不变")
    services.project_update(
        actor=tashan_editor, project=project, data=ProjectFactory.build(name="不变")
    )
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["project.create"]


def test_update_cannot_move_a_project_to_another_district(city_editor) -> None:
    project = ProjectFactory(actor=city_editor)
    data = ProjectFactory.build(
        district_code=KEQIAO, street_code=KEQIAO_STREET, community_codes=(GUANSHU,)
    )
    with pytest.raises(ValidationFailed) as caught:
        services.project_update(actor=city_editor, project=project, data=data)
    assert caught.value.errors == {
        "district": ["项目登记后不能变更所属区、县（市）；如确需变更，请撤回后重新登记。"]
    }
    assert Project.objects.get(pk=project.pk).street_id == TASHAN


# --- transition ---------------------------------------------------------------------------


def test_street_editor_declares_a_county_project(tashan_editor) -> None:
    project = ProjectFactory(actor=tashan_editor)
    record = services.project_transition(
        actor=tashan_editor, project=project, target="declared", occurred_on=dt.date(2024, 3, 1)
    )
    stored = Project.objects.get(pk=project.pk)
    assert (stored.status, stored.status_changed_on) == ("declared", dt.date(2024, 3, 1))
    assert Transition.objects.get() == record
    assert (record.from_status, record.to_status, record.actor_id, record.organisation_name) == (
        "planned",
        "declared",
        tashan_editor.pk,
        "塔山街道办事处",
    )


def test_transition_defaults_to_today_in_shaoxing(tashan_editor) -> None:
    project = ProjectFactory(actor=tashan_editor)
    record = services.project_transition(actor=tashan_editor, project=project, target="declared")
    assert Transition.objects.get(pk=record.pk).occurred_on == today_local()


def test_district_approver_lists_a_county_project_with_a_document_number(
    tashan_editor, yuecheng_approver
) -> None:
    project = advance(
        ProjectFactory(actor=tashan_editor),
        "declared",
        approver=yuecheng_approver,
        editor=tashan_editor,
    )
    record = services.project_transition(
        actor=yuecheng_approver,
        project=project,
        target="listed",
        document_number=" 越风貌〔2024〕3号 ",
    )
    assert Transition.objects.get(pk=record.pk).document_number == "越风貌〔2024〕3号"
    assert Project.objects.get(pk=project.pk).status == "listed"


def _assert_refused_changes_nothing(project: Project, call, code: str, message: str) -> None:
    before_status = Project.objects.get(pk=project.pk).status
    transitions = Transition.objects.count()
    audit = AuditEntry.objects.count()
    with pytest.raises(DomainError) as caught:
        call()
    assert (caught.value.code, caught.value.message) == (code, message)
    assert Project.objects.get(pk=project.pk).status == before_status
    assert Transition.objects.count() == transitions
    assert AuditEntry.objects.count() == audit


def test_district_approver_cannot_list_a_municipal_project(tashan_editor, yuecheng_approver):
    project = advance(
        ProjectFactory(actor=tashan_editor, level="municipal"),
        "declared",
        approver=yuecheng_approver,
        editor=tashan_editor,
    )
    _assert_refused_changes_nothing(
        project,
        lambda: services.project_transition(
            actor=yuecheng_approver, project=project, target="listed", document_number=DOCUMENT
        ),
        "transition_refused",
        "市级未来社区的“列入创建名单”由市风貌办办理（二(一)）。",
    )


def test_street_editor_cannot_accept_its_own_project(tashan_editor, yuecheng_approver) -> None:
    project = advance(
        ProjectFactory(actor=tashan_editor),
        "acceptance_requested",
        approver=yuecheng_approver,
        editor=tashan_editor,
    )
    _assert_refused_changes_nothing(
        project,
        lambda: services.project_transition(
            actor=tashan_editor, project=project, target="accepted", document_number=DOCUMENT
        ),
        "transition_refused",
        "县级未来社区的“验收通过”由区、县（市）风貌办办理（二(一)）。",
    )


def test_skipping_a_lifecycle_step_is_refused(tashan_editor) -> None:
    project = ProjectFactory(actor=tashan_editor)
    _assert_refused_changes_nothing(
        project,
        lambda: services.project_transition(
            actor=tashan_editor, project=project, target="under_construction"
        ),
        "transition_refused",
        "状态不能从当前状态直接变更为目标状态（二(一)），请按生命周期逐步办理。",
    )


def test_acceptance_without_document_number_changes_nothing(city_approver, tashan_editor) -> None:
    project = advance(
        ProjectFactory(actor=tashan_editor, level="provincial"),
        "acceptance_requested",
        approver=city_approver,
        editor=tashan_editor,
    )
    _assert_refused_changes_nothing(
        project,
        lambda: services.project_transition(
            actor=city_approver, project=project, target="accepted", document_number=" "
        ),
        "transition_refused",
        "“验收通过”须填写批准文号（二(一)）。",
    )


def test_transition_dated_in_the_future_is_refused(tashan_editor) -> None:
    project = ProjectFactory(actor=tashan_editor)
    tomorrow = today_local() + dt.timedelta(days=1)
    _assert_refused_changes_nothing(
        project,
        lambda: services.project_transition(
            actor=tashan_editor, project=project, target="declared", occurred_on=tomorrow
        ),
        "future_date",
        "发生日期不能晚于今天。",
    )


def test_transition_dated_before_the_previous_one_is_refused(
    tashan_editor, yuecheng_approver
) -> None:
    project = advance(
        ProjectFactory(actor=tashan_editor),
        "declared",
        approver=yuecheng_approver,
        editor=tashan_editor,
        on=dt.date(2024, 5, 10),
    )
    _assert_refused_changes_nothing(
        project,
        lambda: services.project_transition(
            actor=yuecheng_approver,
            project=project,
            target="listed",
            occurred_on=dt.date(2024, 5, 9),
            document_number=DOCUMENT,
        ),
        "date_before_previous",
        "发生日期不能早于上一次状态变更日期（2024-05-10）。",
    )


def test_transition_on_the_same_day_as_the_previous_one_is_allowed(
    tashan_editor, yuecheng_approver
) -> None:
    project = advance(
        ProjectFactory(actor=tashan_editor),
        "listed",
        approver=yuecheng_approver,
        editor=tashan_editor,
        on=dt.date(2024, 5, 10),
    )
    assert Project.objects.get(pk=project.pk).status == "listed"
    assert Transition.objects.filter(project=project).count() == 2


def test_transition_writes_an_audit_entry_with_before_and_after(tashan_editor, city_approver):
    project = advance(
        ProjectFactory(actor=tashan_editor, level="municipal"),
        "declared",
        approver=city_approver,
        editor=tashan_editor,
        on=dt.date(2024, 4, 1),
    )
    services.project_transition(
        actor=city_approver,
        project=project,
        target="listed",
        occurred_on=dt.date(2024, 4, 20),
        document_number="绍风貌〔2024〕12号",
        remark="同意列入",
    )
    entry = AuditEntry.objects.filter(action="project.transition").order_by("-id").first()
    assert entry.changes == {
        "status": ["declared", "listed"],
        "occurred_on": [None, "2024-04-20"],
        "document_number": [None, "绍风貌〔2024〕12号"],
    }
    assert (entry.actor_id, entry.reason, entry.subject_reference) == (
        city_approver.pk,
        "同意列入",
        "WL-330602-2024-001",
    )
    assert AuditEntry.objects.filter(action="project.transition").count() == 2


def test_a_failing_audit_write_rolls_the_transition_back(tashan_editor, monkeypatch) -> None:
    project = ProjectFactory(actor=tashan_editor)

    def broken_audit(**kwargs: object) -> None:
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(services, "audit_record", broken_audit)
    with pytest.raises(RuntimeError):
        services.project_transition(actor=tashan_editor, project=project, target="declared")
    assert Project.objects.get(pk=project.pk).status == "planned"
    assert Transition.objects.count() == 0


def test_failed_acceptance_sends_the_project_back_to_construction(
    tashan_editor, yuecheng_approver
) -> None:
    project = advance(
        ProjectFactory(actor=tashan_editor),
        "acceptance_failed",
        approver=yuecheng_approver,
        editor=tashan_editor,
    )
    services.project_transition(actor=tashan_editor, project=project, target="under_construction")
    assert list(Transition.objects.filter(project=project).values_list("to_status", flat=True)) == [
        "declared",
        "listed",
        "under_construction",
        "acceptance_requested",
        "acceptance_failed",
        "under_construction",
    ]


# --- upgrade ------------------------------------------------------------------------------


def test_upgrade_before_acceptance_is_refused(tashan_editor, yuecheng_approver) -> None:
    project = advance(
        ProjectFactory(actor=tashan_editor),
        "acceptance_requested",
        approver=yuecheng_approver,
        editor=tashan_editor,
    )
    with pytest.raises(DomainError) as caught:
        services.project_upgrade(
            actor=tashan_editor, project=project, level="municipal", creation_year=2025
        )
    assert caught.value.code == "upgrade_too_early"
    assert Project.objects.count() == 1


def test_upgrade_after_acceptance_creates_a_linked_project_at_the_higher_level(
    tashan_editor, yuecheng_approver
) -> None:
    project = advance(
        ProjectFactory(
            actor=tashan_editor,
            community_codes=(HUAYUAN, SHENYUAN),
            is_linked_renovation=True,
            linked_renovation_reference="LJ-7",
        ),
        "accepted",
        approver=yuecheng_approver,
        editor=tashan_editor,
    )
    upgraded = services.project_upgrade(
        actor=tashan_editor, project=project, level="municipal", creation_year=2025
    )
    stored = Project.objects.get(pk=upgraded.pk)
    assert stored.reference == "WL-330602-2025-001"
    assert (stored.level, stored.status, stored.upgraded_from_id) == (
        "municipal",
        "planned",
        project.pk,
    )
    assert sorted(stored.communities.values_list("code", flat=True)) == [HUAYUAN, SHENYUAN]
    assert stored.linked_renovation_reference == "LJ-7"
    assert Project.objects.get(pk=project.pk).status == "accepted"


@pytest.mark.parametrize("level", ["county", "municipal"])
def test_upgrade_to_the_same_or_a_lower_level_is_refused(
    level: str, tashan_editor, city_approver
) -> None:
    project = advance(
        ProjectFactory(actor=tashan_editor, level="municipal"),
        "accepted",
        approver=city_approver,
        editor=tashan_editor,
    )
    with pytest.raises(DomainError) as caught:
        services.project_upgrade(
            actor=tashan_editor, project=project, level=level, creation_year=2025
        )
    assert caught.value.code == "not_an_upgrade"
    assert caught.value.field == "level"
    assert Project.objects.count() == 1
