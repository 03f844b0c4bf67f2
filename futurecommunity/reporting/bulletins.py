"""Bulletin writes: generate the draft from a frozen month, edit its text, issue it (四 S1).

An issued bulletin has a number (文号), its Word and PDF files, and never changes again.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from futurecommunity.accounts.models import User
from futurecommunity.audit.services import audit_record
from futurecommunity.common.errors import DomainError, PermissionDenied
from futurecommunity.common.provenance import rows_provenance
from futurecommunity.common.time import SHANGHAI
from futurecommunity.reporting import access
from futurecommunity.reporting.bulletin_docx import docx_to_pdf, render_bulletin_docx
from futurecommunity.reporting.figures import (
    Progress,
    audit_checkpoint,
    bulletin_figures,
    checkpoint_text,
    default_body,
)
from futurecommunity.reporting.models import Bulletin, BulletinStatus, MonthSnapshot
from futurecommunity.reporting.selectors import parameter, parameter_row

BODY_KEYS = ("opening", "overview", "commentary", "requirements")


def _chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def bulletin_title(month: dt.date) -> str:
    return f"关于{month.year}年{month.month}月全市未来社区建设进展情况的通报"


def _render(bulletin: Bulletin, *, number: str, day: dt.date) -> bytes:
    return render_bulletin_docx(
        figures=bulletin.figures,
        body=bulletin.body,
        title=bulletin.title,
        issuer=parameter("bulletin_issuer"),
        document_number=number,
        date_text=_chinese_date(day),
        notes=rows_provenance([parameter_row("bulletin_issuer"), parameter_row("bulletin_prefix")]),
        footer=checkpoint_text(bulletin.figures.get("audit_checkpoint")),
    )


def bulletin_generate(
    *, actor: User | None, month: dt.date, progress: Progress | None = None
) -> Bulletin:
    """Create or refresh the month's draft from the frozen month; text edits are kept.

    Refused for a month that is not frozen, and for a bulletin already issued.
    """
    if actor is not None and not access.can_draft_bulletin(actor):
        raise PermissionDenied("只有市风貌办可以生成通报。")
    month = month.replace(day=1)
    if not MonthSnapshot.objects.filter(month=month).exists():
        raise DomainError(
            "month_not_frozen", f"{month:%Y年%m月}月报尚未冻结，不能生成通报（四 S1）。"
        )
    existing = Bulletin.objects.filter(month=month).first()
    if existing is not None and existing.status == BulletinStatus.ISSUED:
        raise DomainError(
            "bulletin_issued",
            f"{month:%Y年%m月}通报已印发（{existing.document_number}），不能重新生成。",
        )
    started = time.perf_counter()
    figures = bulletin_figures(month, progress)
    step = progress or (lambda pct, msg: None)
    step(75, "排版 Word 文件和图表")
    with transaction.atomic():
        bulletin, created = Bulletin.objects.select_for_update().get_or_create(
            month=month,
            defaults={
                "title": bulletin_title(month),
                "figures": figures,
                "body": default_body(figures),
            },
        )
        if not created:
            bulletin.figures = figures
        bulletin.docx = _render(bulletin, number="", day=timezone.now().astimezone(SHANGHAI).date())
        bulletin.generation_seconds = round(time.perf_counter() - started, 2)
        bulletin.save()
        audit_record(
            actor=actor,
            action="bulletin.generate",
            subject=bulletin,
            reference=f"TB-{month:%Y%m}",
            reason=f"{'生成' if created else '重新生成'}{month:%Y年%m月}通报草稿（{bulletin.generation_seconds} 秒）。",
        )
    step(100, "完成")
    return bulletin


def bulletin_edit(*, actor: User, bulletin: Bulletin, title: str, body: dict[str, str]) -> Bulletin:
    """The city office edits the draft text before issuing; an issued bulletin is immutable."""
    if not access.can_draft_bulletin(actor):
        raise PermissionDenied("只有市风貌办可以修改通报。")
    with transaction.atomic():
        bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
        if bulletin.status != BulletinStatus.DRAFT:
            raise DomainError("bulletin_issued", "通报已印发，不能修改。")
        new_body = {k: body.get(k, bulletin.body.get(k, "")).strip() for k in BODY_KEYS}
        changes = {
            k: [bulletin.body.get(k), v] for k, v in new_body.items() if bulletin.body.get(k) != v
        }
        if title.strip() != bulletin.title:
            changes["title"] = [bulletin.title, title.strip()]
        bulletin.title, bulletin.body = title.strip() or bulletin.title, new_body
        bulletin.docx = _render(bulletin, number="", day=timezone.now().astimezone(SHANGHAI).date())
        bulletin.save(update_fields=["title", "body", "docx", "updated_at"])
        audit_record(
            actor=actor,
            action="bulletin.edit",
            subject=bulletin,
            reference=f"TB-{bulletin.month:%Y%m}",
            changes=changes,
        )
    return bulletin


def bulletin_issue(*, actor: User, bulletin: Bulletin, on: dt.date | None = None) -> Bulletin:
    """Number (e.g. 绍风貌通〔2025〕6号), render and archive the bulletin; immutable from now on."""
    if not access.can_issue_bulletin(actor):
        raise PermissionDenied("只有市风貌办负责人可以印发通报。")
    now = timezone.now()
    day = on or now.astimezone(SHANGHAI).date()
    with transaction.atomic():
        bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
        if bulletin.status != BulletinStatus.DRAFT:
            raise DomainError("bulletin_issued", f"通报已印发（{bulletin.document_number}）。")
        last = Bulletin.objects.filter(year=day.year).aggregate(m=Max("serial"))["m"] or 0
        bulletin.year, bulletin.serial = day.year, last + 1
        bulletin.document_number = (
            f"{parameter('bulletin_prefix')}〔{day.year}〕{bulletin.serial}号"
        )
        # The chain head as it stood when the bulletin was issued, frozen with it (issue 11 §3).
        bulletin.figures = {**bulletin.figures, "audit_checkpoint": audit_checkpoint()}
        bulletin.docx = _render(bulletin, number=bulletin.document_number, day=day)
        bulletin.pdf = docx_to_pdf(bytes(bulletin.docx))
        bulletin.status, bulletin.issued_at, bulletin.issued_by = BulletinStatus.ISSUED, now, actor
        bulletin.save()
        audit_record(
            actor=actor,
            action="bulletin.issue",
            subject=bulletin,
            reference=bulletin.document_number,
            changes={
                "status": ["draft", "issued"],
                "document_number": [None, bulletin.document_number],
            },
            reason=f"印发{bulletin.month:%Y年%m月}通报。",
        )
    return bulletin


def bulletin_submit(*, actor: User, month: dt.date) -> Any:
    """Start generation as a background job with progress (returns the Job)."""
    from futurecommunity.jobs.services import job_submit

    if not access.can_draft_bulletin(actor):
        raise PermissionDenied("只有市风貌办可以生成通报。")
    if not MonthSnapshot.objects.filter(month=month).exists():
        raise DomainError(
            "month_not_frozen", f"{month:%Y年%m月}月报尚未冻结，不能生成通报（四 S1）。"
        )
    return job_submit(
        actor=actor,
        kind="reporting.bulletin",
        title=f"生成{month:%Y年%m月}通报",
        params={"month": f"{month:%Y-%m}", "actor_id": actor.pk},
    )
