"""Notices, projects and registers for tests, made by the real services."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from futurecommunity.accounts.models import User
from futurecommunity.notices import challenge, services
from futurecommunity.notices.models import Notice, NoticeKind, Stakeholder
from futurecommunity.permits.services import ChecklistFacts, approval_checklist_create
from futurecommunity.projects.models import Project
from futurecommunity.projects.tests.factories import ProjectFactory, advance

MONDAY = dt.date(2026, 3, 2)  # publication day of most tests (a Monday)


def listed_project(
    *, editor: User, approver: User, uses_existing_land: bool = True, street: str = "330602001"
) -> Project:
    """A project on the 创建名单 with an approval checklist (the navigator's land fact)."""
    district = street[:6]
    community = {"330602001": "330602001004", "330603001": "330603001008"}[street]
    project = ProjectFactory(
        actor=editor,
        district_code=district,
        street_code=street,
        community_codes=(community,),
        total_investment=Decimal("30000000"),
        floor_area=Decimal("8000"),
        funding="government",
    )
    advance(project, "listed", approver=approver, editor=editor, on=dt.date(2026, 1, 5))
    approval_checklist_create(
        actor=editor, project=project, facts=ChecklistFacts(uses_existing_land=uses_existing_land)
    )
    return project


def plan_input(
    project: Project, start: dt.date, end: dt.date, **extra: object
) -> services.NoticeInput:
    return services.NoticeInput(
        kind=NoticeKind.IMPLEMENTATION_PLAN,
        title="塔山街道未来社区实施方案公示",
        body="拟利用小区存量土地建设邻里中心。",
        start_on=start,
        end_on=end,
        contact_office="塔山街道办事处 0575-85000000",
        project=project,
        internal_remark="内部：3号楼住户意见较大",
        **extra,  # type: ignore[arg-type]
    )


def publish_plan(actor: User, project: Project, start: dt.date = MONDAY) -> Notice:
    return services.notice_publish(
        actor=actor,
        data=plan_input(project, start, start + dt.timedelta(days=7)),
        documents=[pdf("实施方案.pdf")],
        today=start,
    )


def pdf(name: str = "实施方案.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n% test\n", content_type="application/pdf")


def solved_challenge(total: int = 9) -> tuple[str, str]:
    import secrets

    token = signing.dumps({"s": total, "n": secrets.token_hex(8)}, salt=challenge.SALT)
    return token, str(total)


def opinion_input(**overrides: str) -> services.OpinionInput:
    token, answer = solved_challenge()
    values = {
        "stance": "objection",
        "name": "王小明",
        "contact": "13912345678",
        "building": "3幢1单元",
        "text": "加装电梯影响一楼采光。",
        "challenge_token": token,
        "challenge_answer": answer,
    }
    values.update(overrides)
    return services.OpinionInput(**values)


def register(project: Project, households: int, agreed: int) -> None:
    Stakeholder.objects.bulk_create(
        Stakeholder(
            project=project,
            building=f"{1 + i // 4}幢",
            unit="1单元",
            room=f"{101 + i}",
            owner=f"住户{i}",
            answer="agreed" if i < agreed else "pending",
            method="in_person" if i < agreed else "",
            answered_on=MONDAY if i < agreed else None,
        )
        for i in range(households)
    )


def register_workbook(
    rows: list[tuple[object, ...]], header: tuple[str, ...] | None = None
) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(header or ("楼栋", "单元", "室号", "权利人/户主"))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(
        "名册.xlsx",
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
