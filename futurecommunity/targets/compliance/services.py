"""The one write of the package: recording an export of findings in the audit log."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from futurecommunity.accounts.access import region_prefix_for
from futurecommunity.accounts.models import User
from futurecommunity.audit.services import audit_record
from futurecommunity.common.time import SHANGHAI
from futurecommunity.targets.compliance.board import Board
from futurecommunity.targets.compliance.export import findings_workbook
from futurecommunity.targets.compliance.snapshot import programme_snapshot, reconstructed_basis


def compliance_export(*, actor: User, board: Board) -> bytes:
    """The viewer's findings as .xlsx; every export is audited with who, when and what date."""
    now = timezone.now().astimezone(SHANGHAI)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="compliance.export",
            subject_type="compliance_board",
            reference=f"compliance-{board.as_of:%Y%m%d}",
            region_code=region_prefix_for(actor) or "",
            reason=f"导出截至{board.as_of:%Y-%m-%d}的合规检查结果 {len(board.findings)} 条。",
        )
    return findings_workbook(
        board.findings,
        as_of=board.as_of,
        exported_by=str(actor),
        exported_at=now,
        basis=reconstructed_basis(programme_snapshot(as_of=board.as_of)),
    )
