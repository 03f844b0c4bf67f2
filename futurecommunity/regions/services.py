"""Writes to regions: the urban-community flag (G3), city office only, audited."""

from __future__ import annotations

from django.db import transaction

from futurecommunity.accounts.access import can_configure_city
from futurecommunity.accounts.models import User
from futurecommunity.audit.services import audit_record
from futurecommunity.common.errors import DomainError, PermissionDenied
from futurecommunity.regions.models import Region, RegionLevel


def region_set_urban_flag(*, actor: User, code: str, is_urban: bool, reason: str) -> Region:
    """Set whether a community counts as an urban community for coverage (一、G3)."""
    if not can_configure_city(actor):
        raise PermissionDenied("只有市风貌办可以调整城镇社区口径（一、G3）。")
    if not reason.strip():
        raise DomainError("reason_required", "调整城镇社区口径须填写原因。", field="reason")
    with transaction.atomic():
        region = (
            Region.objects.select_for_update()
            .filter(code=code, level=RegionLevel.COMMUNITY)
            .first()
        )
        if region is None:
            raise DomainError("not_found", f"社区代码 {code} 不存在。", field="code")
        if region.is_urban_community == is_urban:
            return region
        before = region.is_urban_community
        region.is_urban_community = is_urban
        region.save(update_fields=["is_urban_community", "updated_at"])
        audit_record(
            actor=actor,
            action="region.urban_flag",
            subject=region,
            reference=region.code,
            region_code=region.code,
            changes={"is_urban_community": [before, is_urban]},
            reason=reason,
        )
    return region
