"""Real objects owned by one street, for the route and service matrices."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from futurecommunity.accounts.models import Organisation, Role, User
from futurecommunity.accounts.tests.factories import UserFactory
from futurecommunity.common.time import today_local
from futurecommunity.notices import services
from futurecommunity.notices.models import Article, Notice, NoticeKind, Opinion, Stakeholder
from futurecommunity.notices.tests.factories import opinion_input, pdf
from futurecommunity.permits.services import ChecklistFacts, approval_checklist_create
from futurecommunity.projects.models import Project
from futurecommunity.projects.tests.factories import ProjectFactory, advance
from futurecommunity.regions.models import Region


def _maker(org_code: str, role: str) -> User:
    user = User.objects.filter(username=f"nm-{org_code}-{role}").first()
    return user or UserFactory(
        username=f"nm-{org_code}-{role}",
        organisation=Organisation.objects.get(code=org_code),
        role=role,
    )


def project_in(street_code: str, to: str = "listed") -> Project:
    editor = _maker(f"sx-{street_code}", Role.EDITOR)
    approver = _maker(f"sx-{street_code[:6]}", Role.APPROVER)
    community = Region.objects.filter(parent_code=street_code, level="community").first()
    assert community is not None, street_code
    project = ProjectFactory(
        actor=editor,
        district_code=street_code[:6],
        street_code=street_code,
        community_codes=(community.code,),
        total_investment=Decimal("30000000"),
        floor_area=Decimal("8000"),
        funding="government",
    )
    advance(project, to, approver=approver, editor=editor, on=dt.date(2026, 1, 5))
    if to == "listed":
        approval_checklist_create(
            actor=editor, project=project, facts=ChecklistFacts(uses_existing_land=True)
        )
    return project


def notice_in(street_code: str) -> Notice:
    project = project_in(street_code)
    today = today_local()
    return services.notice_publish(
        actor=_maker(f"sx-{street_code}", Role.EDITOR),
        data=services.NoticeInput(
            kind=NoticeKind.IMPLEMENTATION_PLAN,
            title="矩阵测试实施方案公示",
            body="矩阵测试",
            start_on=today,
            end_on=today + dt.timedelta(days=10),
            contact_office="街道",
            project=project,
        ),
        documents=[pdf()],
        today=today,
    )


def opinion_in(street_code: str, *, with_photo: bool = False) -> Opinion:
    notice = notice_in(street_code)
    photo = SimpleUploadedFile("现场.jpg", b"\xff\xd8\xff\xe0test", content_type="image/jpeg")
    return services.opinion_submit(
        notice=notice,
        data=opinion_input(),
        ip=f"10.9.{len(street_code)}.{Opinion.objects.count() % 250}",
        photo=photo if with_photo else None,
    )


def stakeholder_in(street_code: str, *, with_form: bool = False) -> Stakeholder:
    project = project_in(street_code)
    row = Stakeholder.objects.create(
        project=project, building="1幢", unit="1单元", room="101", owner="住户"
    )
    if with_form:
        services.consent_record(
            actor=_maker(f"sx-{street_code}", Role.EDITOR),
            stakeholder=row,
            answer="agreed",
            method="signed_form",
            answered_on=today_local(),
            form=pdf("签字表.pdf"),
        )
    return row


def article_published() -> Article:
    """A publicity article of the city office (四 S4), shown on the public site."""
    return services.article_publish(
        actor=_maker("sx-city-office", Role.EDITOR),
        title="矩阵测试宣传文章",
        body="未来社区建设进展。",
    )
