"""Writes to targets: the city office edits plan cells, with history and audit."""

from __future__ import annotations

from django.db import transaction

from futurecommunity.accounts.access import can_configure_city
from futurecommunity.accounts.models import User
from futurecommunity.audit.services import audit_record
from futurecommunity.common.errors import DomainError, PermissionDenied
from futurecommunity.targets.models import Confidence, PlanTarget, TargetRevision


def plan_target_update(*, actor: User, target_id: int, value: int, reason: str) -> PlanTarget:
    """Change one plan cell (附件); only the city office, with a stated basis (e.g. a document)."""
    if not can_configure_city(actor):
        raise PermissionDenied("只有市风貌办可以调整年度建设计划（附件）。")
    if value < 0:
        raise DomainError("negative_target", "目标数不能为负数。", field="value")
    if not reason.strip():
        raise DomainError(
            "reason_required", "调整年度建设计划须填写调整依据（如文件文号）。", field="reason"
        )
    with transaction.atomic():
        target = PlanTarget.objects.select_for_update().filter(pk=target_id).first()
        if target is None:
            raise DomainError("not_found", "该计划行不存在。")
        if target.target == value:
            return target
        TargetRevision.objects.create(
            plan_target=target,
            old_value=target.target,
            new_value=value,
            actor=actor,
            reason=reason.strip(),
        )
        old = target.target
        target.target = value
        target.confidence = Confidence.LOCAL
        target.save(update_fields=["target", "confidence", "updated_at"])
        audit_record(
            actor=actor,
            action="plan_target.update",
            subject=target,
            reference=f"{target.district_id}-{target.year}-{target.level}",
            region_code=target.district_id,
            changes={"target": [old, value]},
            reason=reason.strip(),
        )
    return target
