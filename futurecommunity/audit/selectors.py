"""Reads of the audit log. The log itself is for the audit administrator only (三员); a subject's
history is shown to whoever may see that subject (the caller checks that first)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from futurecommunity.accounts.access import can_read_audit_log
from futurecommunity.accounts.models import User
from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.time import SHANGHAI


@dataclass(frozen=True)
class AuditFilters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    actor: str = ""
    organisation: str = ""
    action: str = ""
    reference: str = ""
    region: str = ""


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=SHANGHAI)


def audit_entry_list_for(
    *, viewer: User, filters: AuditFilters | None = None
) -> QuerySet[AuditEntry]:
    """Entries matching the filters, newest first; PermissionDenied for anyone but the auditor."""
    if not can_read_audit_log(viewer):
        raise PermissionDenied("只有审计管理员可以查看审计日志。")
    f = filters or AuditFilters()
    qs = AuditEntry.objects.all()
    if f.date_from:
        qs = qs.filter(occurred_at__gte=_start_of(f.date_from))
    if f.date_to:
        qs = qs.filter(occurred_at__lt=_start_of(f.date_to + dt.timedelta(days=1)))
    if f.actor:
        qs = qs.filter(Q(actor_name__icontains=f.actor) | Q(actor__username__iexact=f.actor))
    if f.organisation:
        qs = qs.filter(organisation_name__icontains=f.organisation)
    if f.action:
        qs = qs.filter(action__startswith=f.action)
    if f.reference:
        qs = qs.filter(subject_reference__icontains=f.reference)
    if f.region:
        qs = qs.filter(region_code__startswith=f.region)
    return qs.order_by("-id")


def audit_entry_get_for(*, viewer: User, entry_id: int) -> AuditEntry:
    entry = audit_entry_list_for(viewer=viewer).filter(pk=entry_id).first()
    if entry is None:
        raise Http404("未找到该审计记录。")
    return entry


def audit_action_codes() -> list[str]:
    """Distinct action codes, for the filter's choices."""
    return list(AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct())


def audit_entries_for_reference(reference: str, *, limit: int = 200) -> list[AuditEntry]:
    """A subject's own history (e.g. a project page). The caller has already checked that the
    viewer may see the subject with that reference."""
    if not reference:
        return []
    return list(AuditEntry.objects.filter(subject_reference=reference).order_by("-id")[:limit])
