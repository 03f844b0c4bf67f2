"""Every write for inspections and orders: permission → rules → write + audit in one
transaction → notifications on commit (四 S3). A refused call changes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse

from futurecommunity.accounts.models import (
    ROLE_RANK,
    Organisation,
    OrganisationKind,
    Role,
    User,
)
from futurecommunity.audit.services import audit_record
from futurecommunity.common.errors import DomainError, PermissionDenied, ValidationFailed
from futurecommunity.common.time import today_local
from futurecommunity.common.uploads import upload_check
from futurecommunity.notifications.services import notify_on_commit
from futurecommunity.projects.models import Project
from futurecommunity.rectification import access, rules
from futurecommunity.rectification.models import (
    OPEN_STATUSES,
    Finding,
    FindingAttachment,
    Inspection,
    OrderEvent,
    OrderEventAttachment,
    OrderStatus,
    RectificationOrder,
    RectificationSetting,
)
from futurecommunity.regions.models import Region


@dataclass(frozen=True)
class ComplianceSource:
    """The compliance finding (合规检查) an order answers: rule, subject and clause."""

    rule_id: str
    subject_code: str
    clause: str


@dataclass(frozen=True)
class FindingInput:
    description: str
    region_code: str
    project_reference: str = ""
    attachments: list[UploadedFile] = field(default_factory=list)


def _members(org: Organisation | None, min_role: str) -> list[User]:
    if org is None:
        return []
    return [u for u in org.members.filter(is_active=True) if u.has_role_at_least(min_role)]


def order_link(order: RectificationOrder) -> str:
    return reverse("rectification:order-detail", args=[order.pk])


def inspection_record(
    *,
    actor: User,
    title: str,
    inspected_on: dt.date,
    team: str,
    scope_regions: list[str],
    project_references: list[str],
    summary: str = "",
    findings: list[FindingInput],
    is_demo: bool = False,
) -> Inspection:
    """Record an inspection and its findings (with photos); only offices that issue orders."""
    org = actor.organisation
    if not access.can_issue_orders(actor) or org is None:
        raise PermissionDenied("只有市、区县（市）风貌办经办人员可以登记督查（四 S3）。")
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = ["请填写督查名称。"]
    if not team.strip():
        errors["team"] = ["请填写督查组。"]
    if inspected_on > today_local():
        errors["inspected_on"] = ["督查日期不能晚于今天。"]
    prefix = org.region_code if access.is_district(actor) else ""
    if any(not f.region_code.startswith(prefix) for f in findings):
        errors["findings"] = ["问题所在区划须在本单位辖区内。"]
    # Scope of the named places and projects (issue 11 §6): only the office's own territory;
    # an unknown and an out-of-scope reference read the same, so nothing leaks.
    regions = sorted({code.strip() for code in scope_regions if code.strip()})
    known = set(Region.objects.filter(code__in=regions).values_list("code", flat=True))
    bad_regions = [c for c in regions if c not in known or not c.startswith(prefix)]
    if bad_regions:
        errors["scope_regions"] = [
            f"督查范围“{'、'.join(bad_regions)}”不是本单位辖区内的区划代码（四 S3）。"
        ]
    references = sorted({r.strip() for r in project_references if r.strip()})
    references += sorted(
        {f.project_reference.strip() for f in findings if f.project_reference.strip()}
        - set(references)
    )
    projects = list(
        Project.objects.filter(reference__in=references, region_code__startswith=prefix)
    )
    missing = [r for r in references if r not in {p.reference for p in projects}]
    if missing:
        errors["project_references"] = [
            f"项目编号“{'、'.join(missing)}”不存在或不在本单位辖区内（四 S3）。"
        ]
    if errors:
        raise ValidationFailed(errors)
    listed = set(project_references)
    finding_only = [p for p in projects if p.reference not in listed]
    projects = [p for p in projects if p.reference in listed] + finding_only
    with transaction.atomic():
        inspection = Inspection.objects.create(
            title=title.strip(),
            inspected_on=inspected_on,
            team=team.strip(),
            organisation=org,
            region_code=org.region_code,
            scope_regions=regions,
            summary=summary.strip(),
            created_by=actor,
            is_demo=is_demo,
        )
        inspection.projects.set(projects)
        by_ref = {p.reference: p for p in projects}
        for item in findings:
            finding = Finding.objects.create(
                inspection=inspection,
                description=item.description.strip(),
                region_code=item.region_code,
                project=by_ref.get(item.project_reference),
            )
            for upload in item.attachments:
                FindingAttachment.objects.create(
                    finding=finding, file=upload, original_name=upload_check(upload)
                )
        audit_record(
            actor=actor,
            action="rectification.inspection_record",
            subject=inspection,
            reference=f"督查#{inspection.pk}",
            region_code=inspection.region_code,
            changes={"findings": [None, len(findings)], "title": [None, inspection.title]},
        )
    return inspection


def _reference_prefix(issuer: Organisation) -> str:
    row = RectificationSetting.objects.filter(key=f"reference_prefix.{issuer.code}").first()
    return row.value if row else f"{issuer.name[:1]}风貌整"


def order_issue(
    *,
    actor: User,
    recipient: Organisation,
    title: str,
    requirement: str,
    deadline: dt.date,
    finding: Finding | None = None,
    issued_on: dt.date | None = None,
    is_demo: bool = False,
    source: ComplianceSource | None = None,
) -> RectificationOrder:
    """Issue a numbered order (文号 sequence per issuer and year) and notify the recipient.

    ``source`` names the compliance finding (合规检查) the order answers; a finding already
    answered by an order that is not closed gets no second one."""
    issuer = actor.organisation
    if not access.can_issue_to(actor, recipient) or issuer is None:
        raise PermissionDenied(
            "市风貌办可向区、县（市）和街道下发整改单，区、县（市）风貌办只能向本辖区街道下发（四 S3）。"
        )
    day = issued_on or today_local()
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = ["请填写整改单标题。"]
    if not requirement.strip():
        errors["requirement"] = ["请填写整改要求。"]
    if deadline < day:
        errors["deadline"] = ["整改期限不能早于下发日期（四 S3）。"]
    if finding is not None and finding.inspection.organisation_id != actor.organisation_id:
        errors["finding"] = ["只能依据本单位督查发现的问题下发整改单。"]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=issuer.pk)  # serialises numbering
        if finding is not None and RectificationOrder.objects.filter(finding=finding).exists():
            raise DomainError("finding_has_order", "该问题已下发整改单（四 S3）。")
        if source is not None:
            current = RectificationOrder.objects.filter(
                source_rule=source.rule_id,
                source_subject=source.subject_code,
                status__in=OPEN_STATUSES,
            ).first()
            if current is not None:
                raise DomainError(
                    "source_has_order",
                    f"该合规检查结果已有未办结的整改单 {current.reference}，"
                    "办结前不再重复下发（四 S3）。",
                )
        last = RectificationOrder.objects.filter(issuer=issuer, year=day.year).aggregate(
            n=Max("sequence")
        )["n"]
        sequence = (last or 0) + 1
        order = RectificationOrder.objects.create(
            reference=rules.reference_for(_reference_prefix(issuer), day.year, sequence),
            year=day.year,
            sequence=sequence,
            finding=finding,
            source_rule=source.rule_id if source else "",
            source_subject=source.subject_code if source else "",
            source_clause=source.clause if source else "",
            title=title.strip(),
            requirement=requirement.strip(),
            deadline=deadline,
            issuer=issuer,
            recipient=recipient,
            region_code=recipient.region_code,
            issued_on=day,
            issued_by=actor,
            is_demo=is_demo,
        )
        OrderEvent.objects.create(
            order=order,
            to_status=OrderStatus.ISSUED,
            actor=actor,
            organisation_name=issuer.name,
            remark=order.requirement,
            occurred_on=day,
        )
        audit_record(
            actor=actor,
            action="rectification.order_issue",
            subject=order,
            reference=order.reference,
            region_code=order.region_code,
            changes={
                "status": [None, OrderStatus.ISSUED],
                "deadline": [None, deadline.isoformat()],
                **(
                    {"source": [None, f"{source.clause} {source.rule_id} {source.subject_code}"]}
                    if source
                    else {}
                ),
            },
        )
        notify_on_commit(
            recipients=_members(recipient, Role.EDITOR),
            kind="rectification.order_issued",
            title=f"新整改单：{order.reference}",
            body=f"{issuer.name}下发整改单“{order.title}”，请于 {deadline:%Y-%m-%d} 前完成整改并反馈。",
            link=order_link(order),
        )
    return order


def order_move(
    *,
    actor: User,
    order: RectificationOrder,
    target: str,
    remark: str = "",
    attachments: list[UploadedFile] | None = None,
) -> OrderEvent:
    """Perform one lifecycle move (respond / accept / send back) judged by ``rules.judge_move``."""
    if not access.can_view_order(actor, order):
        raise PermissionDenied("您无权办理该整改单（四 S3）。")
    day = today_local()
    with transaction.atomic():
        locked = RectificationOrder.objects.select_for_update().get(pk=order.pk)
        verdict = rules.judge_move(
            rules.MoveRequest(
                source=locked.status,
                target=target,
                party=access.order_party(actor, locked),
                role_rank=ROLE_RANK.get(Role(actor.role), 0),
                remark=remark,
            )
        )
        if not verdict.allowed:
            raise DomainError("move_refused", verdict.reason)
        event = OrderEvent.objects.create(
            order=locked,
            from_status=locked.status,
            to_status=target,
            actor=actor,
            organisation_name=actor.organisation.name if actor.organisation else "",
            remark=remark.strip(),
            occurred_on=day,
        )
        for upload in attachments or []:
            OrderEventAttachment.objects.create(
                event=event, file=upload, original_name=upload_check(upload)
            )
        before = locked.status
        locked.status = target
        locked.closed_on = day if target == OrderStatus.CLOSED else None
        locked.save(update_fields=["status", "closed_on", "updated_at"])
        audit_record(
            actor=actor,
            action="rectification.order_move",
            subject=locked,
            reference=locked.reference,
            region_code=locked.region_code,
            changes={"status": [before, target]},
            reason=event.remark,
        )
        _notify_move(locked, target, event)
    order.refresh_from_db()
    return event


def _notify_move(order: RectificationOrder, target: str, event: OrderEvent) -> None:
    if target == OrderStatus.RESPONDED:
        people, kind, title = (
            _members(order.issuer, Role.EDITOR),
            "rectification.order_responded",
            f"整改单已反馈待核查：{order.reference}",
        )
    elif target == OrderStatus.SENT_BACK:
        people, kind, title = (
            _members(order.recipient, Role.EDITOR),
            "rectification.order_sent_back",
            f"整改反馈被退回：{order.reference}",
        )
    else:
        people, kind, title = (
            _members(order.recipient, Role.EDITOR),
            "rectification.order_closed",
            f"整改单核查通过已办结：{order.reference}",
        )
    notify_on_commit(
        recipients=people,
        kind=kind,
        title=title,
        body=f"{event.organisation_name}：{event.remark or '（无说明）'}",
        link=order_link(order),
    )


def move_options_for(*, actor: User, order: RectificationOrder) -> list[rules.MoveSpec]:
    """Moves the actor may offer on the detail page (same judge, empty remark tolerated)."""
    party = access.order_party(actor, order)
    rank = ROLE_RANK.get(Role(actor.role), 0)
    return [
        m
        for m in rules.moves_from(order.status)
        if rules.judge_move(
            rules.MoveRequest(order.status, m.target, party, rank, remark="x")
        ).allowed
    ]


def city_office() -> Organisation | None:
    return Organisation.objects.filter(kind=OrganisationKind.CITY_OFFICE).first()
