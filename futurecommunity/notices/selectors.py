"""Scoped reads (officials: out of scope is Http404) and the public reads (public fields only)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from futurecommunity.accounts.access import region_prefix_for
from futurecommunity.accounts.models import User
from futurecommunity.notices import access, config, gate, rules
from futurecommunity.notices.models import (
    Article,
    ConsentAnswer,
    Notice,
    NoticeDocument,
    NoticeStatus,
    Opinion,
    Stakeholder,
)
from futurecommunity.projects.models import Project
from futurecommunity.projects.selectors import project_get_for


def notice_list_for(*, viewer: User) -> QuerySet[Notice]:
    prefix = region_prefix_for(viewer)
    if prefix is None:
        return Notice.objects.none()
    return (
        Notice.objects.filter(region_code__startswith=prefix)
        .select_related("project", "organisation")
        .annotate(opinion_count=Count("opinions"))
        .order_by("-start_on", "-id")
    )


def notice_get_for(*, viewer: User, pk: int) -> Notice:
    notice = Notice.objects.select_related("project", "organisation").filter(pk=pk).first()
    if notice is None or not access.can_view_notice(viewer, notice):
        raise Http404("未找到该公示。")
    return notice


def opinion_get_for(*, viewer: User, pk: int) -> Opinion:
    opinion = Opinion.objects.select_related("notice").filter(pk=pk).first()
    if opinion is None or not access.can_view_notice(viewer, opinion.notice):
        raise Http404("未找到该意见。")
    return opinion


def notice_document_get_for(*, viewer: User, pk: int) -> NoticeDocument:
    document = NoticeDocument.objects.select_related("notice").filter(pk=pk).first()
    if document is None or not access.can_view_notice(viewer, document.notice):
        raise Http404("未找到该文件。")
    return document


def stakeholder_get_for(*, viewer: User, pk: int) -> Stakeholder:
    row = Stakeholder.objects.select_related("project").filter(pk=pk).first()
    if row is None or not access.can_view_consent(viewer, row.project):
        raise Http404("未找到该利害关系人。")
    return row


@dataclass(frozen=True)
class BuildingProgress:
    building: str
    listed: int
    agreed: int
    refused: int

    @property
    def percent(self) -> int:
        return round(100 * self.agreed / self.listed) if self.listed else 0


@dataclass(frozen=True)
class ConsentView:
    project: Project
    stakeholders: list[Stakeholder]
    buildings: list[BuildingProgress]
    listed: int
    agreed: int
    required: int
    gate: rules.GateVerdict
    plan_notice: Notice | None


def consent_view_for(*, viewer: User, reference: str, today: dt.date) -> ConsentView:
    project = project_get_for(viewer=viewer, reference=reference)
    rows = list(Stakeholder.objects.filter(project=project))
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in rows:
        counts = tally[row.building]
        counts[0] += 1
        counts[1] += row.answer == ConsentAnswer.AGREED
        counts[2] += row.answer == ConsentAnswer.REFUSED
    agreed = sum(c[1] for c in tally.values())
    return ConsentView(
        project=project,
        stakeholders=rows,
        buildings=[BuildingProgress(b, *c) for b, c in sorted(tally.items())],
        listed=len(rows),
        agreed=agreed,
        required=rules.required_consents(len(rows), config.notice_policy().consent_share),
        gate=gate.gate_state(project, today),
        plan_notice=gate.plan_notice_of(project),
    )


# --- public reads: only what a notice board shows ------------------------------------------


def _public_notices(today: dt.date, include_demo: bool) -> QuerySet[Notice]:
    rows = Notice.objects.filter(status=NoticeStatus.PUBLISHED, start_on__lte=today)
    if not include_demo:
        rows = rows.filter(is_demo=False)
    return rows


@dataclass(frozen=True)
class PublicDocument:
    pk: int
    name: str


@dataclass(frozen=True)
class PublicAnswer:
    stance: str
    text: str
    answer: str
    answered_on: dt.date | None


@dataclass(frozen=True)
class PublicNotice:
    """Every field a resident may see; nothing else of a notice reaches public templates."""

    pk: int
    reference: str
    kind: str
    title: str
    body: str
    project_name: str
    communities: list[str]
    publisher: str
    contact_office: str
    start_on: dt.date
    end_on: dt.date
    version: int
    is_open: bool
    days_left: int
    documents: list[PublicDocument]
    answers: list[PublicAnswer]
    corrections: list[tuple[dt.date, str]]


def _public(notice: Notice, today: dt.date, policy: rules.NoticePolicy) -> PublicNotice:
    progress = rules.notice_progress(notice.start_on, notice.end_on, today, policy)
    return PublicNotice(
        pk=notice.pk,
        reference=notice.reference,
        kind=notice.get_kind_display(),
        title=notice.title,
        body=notice.body,
        project_name=notice.project.name if notice.project else "",
        communities=[c.name for c in notice.communities.all()],
        publisher=notice.organisation.name,
        contact_office=notice.contact_office,
        start_on=notice.start_on,
        end_on=notice.end_on,
        version=notice.version,
        is_open=notice.start_on <= today <= notice.end_on,
        days_left=progress.days_left,
        documents=[
            PublicDocument(d.pk, d.original_name) for d in notice.documents.all() if d.is_current
        ],
        answers=[
            PublicAnswer(o.get_stance_display(), o.text, o.answer, o.answered_on)
            for o in notice.opinions.all()
            if o.answer
        ],
        corrections=[
            (e.occurred_on, e.reason) for e in notice.events.all() if e.kind == "corrected"
        ],
    )


def notice_list_public(*, today: dt.date, include_demo: bool) -> list[PublicNotice]:
    policy = config.notice_policy()
    rows = (
        _public_notices(today, include_demo)
        .select_related("project", "organisation")
        .prefetch_related("communities", "documents", "opinions", "events")
    )
    return [_public(n, today, policy) for n in rows]


def notice_get_public(*, pk: int, today: dt.date, include_demo: bool) -> PublicNotice:
    notice = (
        _public_notices(today, include_demo)
        .select_related("project", "organisation")
        .prefetch_related("communities", "documents", "opinions", "events")
        .filter(pk=pk)
        .first()
    )
    if notice is None:
        raise Http404("未找到该公示。")
    return _public(notice, today, config.notice_policy())


IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")


@dataclass(frozen=True)
class PublicProjectNotice:
    pk: int
    kind: str
    title: str
    start_on: dt.date
    end_on: dt.date
    images: list[PublicDocument]


def project_notices_public(
    *, reference: str, today: dt.date, include_demo: bool
) -> list[PublicProjectNotice]:
    """The notices a named community's public page lists: the project's published notices that
    have started; their current image documents are the only photos the platform publishes."""
    rows = (
        _public_notices(today, include_demo)
        .filter(project__reference=reference)
        .prefetch_related("documents")
    )
    return [
        PublicProjectNotice(
            pk=n.pk,
            kind=n.get_kind_display(),
            title=n.title,
            start_on=n.start_on,
            end_on=n.end_on,
            images=[
                PublicDocument(d.pk, d.original_name)
                for d in n.documents.all()
                if d.is_current and d.original_name.lower().endswith(IMAGE_SUFFIXES)
            ],
        )
        for n in rows
    ]


def notice_for_opinion(*, pk: int, today: dt.date, include_demo: bool) -> Notice:
    notice = _public_notices(today, include_demo).filter(pk=pk).first()
    if notice is None:
        raise Http404("未找到该公示。")
    return notice


def public_document_get(*, pk: int, today: dt.date, include_demo: bool) -> NoticeDocument:
    document = (
        NoticeDocument.objects.filter(
            pk=pk,
            is_current=True,
            notice__in=_public_notices(today, include_demo),
        )
        .select_related("notice")
        .first()
    )
    if document is None:
        raise Http404("未找到该文件。")
    return document


@dataclass(frozen=True)
class ReceiptView:
    receipt: str
    notice_title: str
    stance: str
    submitted_on: dt.date
    answer: str
    answered_on: dt.date | None


def receipt_lookup(*, receipt: str, include_demo: bool) -> ReceiptView | None:
    """A resident's own opinion by its receipt number: status and published answer only."""
    cleaned = receipt.strip().upper()[:24]
    query = Q(receipt=cleaned)
    if not include_demo:
        query &= Q(notice__is_demo=False)
    opinion = Opinion.objects.select_related("notice").filter(query).first()
    if opinion is None:
        return None
    return ReceiptView(
        receipt=opinion.receipt,
        notice_title=opinion.notice.title,
        stance=opinion.get_stance_display(),
        submitted_on=opinion.created_at.date(),
        answer=opinion.answer,
        answered_on=opinion.answered_on,
    )


def article_list_public(*, include_demo: bool) -> QuerySet[Article]:
    rows = Article.objects.filter(is_published=True)
    return rows if include_demo else rows.filter(is_demo=False)


def article_get_public(*, pk: int, include_demo: bool) -> Article:
    article = article_list_public(include_demo=include_demo).filter(pk=pk).first()
    if article is None:
        raise Http404("未找到该文章。")
    return article
