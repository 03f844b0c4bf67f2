"""Writes to targets: the city office edits plan cells, with history and audit."""

from __future__ import annotations

from django.db import transaction

from futurecommunity.accounts.access import can_configure_city
from futurecommunity.accounts.models import User
from futurecommunity.audit.services import audit_record
from futurecommunity.common import configuration
from futurecommunity.common.errors import DomainError, PermissionDenied
from futurecommunity.targets.models import Confidence, FindingNote, PlanTarget, TargetRevision


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


def configuration_row_update(
    *, actor: User, kind_slug: str, key: str, value: str, reason: str
) -> object:
    """The city office changes one configuration row of any registered kind (issue 10, 11).

    The value keeps the shape of the current one (common/configuration.clean_value); the row
    becomes "本地调整" (so loaders keep it and it no longer shows 推定（待核实）); the old and
    new values and the stated basis go to the audit log, which is the row's history.
    """
    if not can_configure_city(actor):
        raise PermissionDenied("只有市风貌办可以修改配置项。")
    kind = configuration.REGISTRY.get(kind_slug)
    if kind is None:
        raise DomainError("not_found", "该配置项不存在。")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            "reason_required", "修改配置项须填写修改依据（如文件文号）。", field="reason"
        )
    if len(reason) > 500:
        raise DomainError("reason_too_long", "修改依据不能超过500字。", field="reason")
    with transaction.atomic():
        row = kind.model.objects.select_for_update().filter(**{kind.key_field: key}).first()  # type: ignore[attr-defined]
        if row is None:
            raise DomainError("not_found", "该配置项不存在。")
        try:
            new = configuration.clean_value(kind, row, value)
        except ValueError as exc:
            raise DomainError("invalid_value", str(exc), field="value") from exc
        old = str(getattr(row, kind.value_field))
        changes: dict[str, list[object]] = {}
        if old != new:
            changes[kind.value_field] = [old, new]
            setattr(row, kind.value_field, new)
        fields = [kind.value_field]
        if kind.local_confidence and row.confidence != kind.local_confidence:
            changes["confidence"] = [row.confidence, kind.local_confidence]
            row.confidence = kind.local_confidence
            fields.append("confidence")
        if not changes:
            return row
        row.save(update_fields=[*fields, "updated_at"])
        audit_record(
            actor=actor,
            action="configuration.update",
            subject=row,
            reference=kind.audit_reference(key),
            region_code="",
            changes=changes,
            reason=reason,
        )
    return row


PLAN_CONSISTENCY_RULES = frozenset({"PLAN-T2"})


def finding_note_save(*, actor: User, rule_id: str, subject_code: str, text: str) -> FindingNote:
    """The city office annotates a plan-consistency finding (how it reads the plan there)."""
    if not can_configure_city(actor):
        raise PermissionDenied("只有市风貌办可以批注方案口径一致性检查结果。")
    if rule_id not in PLAN_CONSISTENCY_RULES:
        raise DomainError("not_annotatable", "只有方案口径一致性检查结果可以批注。")
    text = (text or "").strip()
    if not text:
        raise DomainError("text_required", "批注不能为空。", field="text")
    if len(text) > 2000:
        raise DomainError("text_too_long", "批注不能超过2000字。", field="text")
    with transaction.atomic():
        note = (
            FindingNote.objects.select_for_update()
            .filter(rule_id=rule_id, subject_code=subject_code)
            .first()
        )
        before = note.text if note else None
        if note is None:
            note = FindingNote(rule_id=rule_id, subject_code=subject_code)
        elif note.text == text:
            return note
        note.text, note.updated_by = text, actor
        note.save()
        audit_record(
            actor=actor,
            action="finding_note.save",
            subject=note,
            reference=f"finding-note:{rule_id}:{subject_code}",
            region_code="",
            changes={"text": [before, text]},
        )
    return note
