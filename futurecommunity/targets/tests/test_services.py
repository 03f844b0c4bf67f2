"""plan_target_update: the city office edits a plan cell, with history and audit."""

from __future__ import annotations

import pytest

from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.errors import DomainError, PermissionDenied
from futurecommunity.targets.models import PlanTarget, TargetRevision
from futurecommunity.targets.services import plan_target_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def cell() -> PlanTarget:
    return PlanTarget.objects.get(district_id="330602", year=2025, level="county")


@pytest.mark.parametrize("who", ["city_editor", "city_approver"])
def test_city_office_changes_a_cell_with_revision_and_audit(request, cell, who: str) -> None:
    actor = request.getfixturevalue(who)
    old = cell.target
    plan_target_update(actor=actor, target_id=cell.pk, value=old + 3, reason=" 绍风貌〔2025〕2号 ")
    stored = PlanTarget.objects.get(pk=cell.pk)
    assert (stored.target, stored.confidence) == (old + 3, "local")
    revision = TargetRevision.objects.get()
    assert (revision.plan_target_id, revision.old_value, revision.new_value) == (
        cell.pk,
        old,
        old + 3,
    )
    assert (revision.actor_id, revision.reason) == (actor.pk, "绍风貌〔2025〕2号")
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.subject_reference, entry.region_code, entry.reason) == (
        "plan_target.update",
        "330602-2025-county",
        "330602",
        "绍风貌〔2025〕2号",
    )
    assert entry.changes == {"target": [old, old + 3]}


@pytest.mark.parametrize(
    "who", ["city_viewer", "yuecheng_approver", "keqiao_editor", "tashan_editor", "outsider"]
)
def test_only_the_city_office_may_change_the_plan(request, cell, who: str) -> None:
    with pytest.raises(PermissionDenied) as caught:
        plan_target_update(
            actor=request.getfixturevalue(who), target_id=cell.pk, value=99, reason="x"
        )
    assert caught.value.message == "只有市风貌办可以调整年度建设计划（附件）。"
    assert PlanTarget.objects.get(pk=cell.pk).target == cell.target
    assert TargetRevision.objects.count() == 0
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize(
    ("value", "reason", "code"),
    [(-1, "依据", "negative_target"), (5, "  ", "reason_required")],
)
def test_negative_targets_and_missing_reasons_are_refused(
    city_approver, cell, value: int, reason: str, code: str
) -> None:
    with pytest.raises(DomainError) as caught:
        plan_target_update(actor=city_approver, target_id=cell.pk, value=value, reason=reason)
    assert caught.value.code == code
    assert TargetRevision.objects.count() == 0


def test_setting_a_cell_to_its_current_value_records_nothing(city_approver, cell) -> None:
    plan_target_update(actor=city_approver, target_id=cell.pk, value=cell.target, reason="核对")
    assert PlanTarget.objects.get(pk=cell.pk).confidence == "sourced"
    assert TargetRevision.objects.count() == 0
    assert AuditEntry.objects.count() == 0
