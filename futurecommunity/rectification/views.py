"""Thin HTTP adapters for inspections and rectification orders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from futurecommunity.accounts.http import AuthedRequest
from futurecommunity.audit.services import audit_record
from futurecommunity.common.errors import DomainError, ValidationFailed
from futurecommunity.common.files import file_download
from futurecommunity.common.forms import add_service_errors
from futurecommunity.common.time import today_local
from futurecommunity.common.xlsx import Column, list_workbook, xlsx_response
from futurecommunity.rectification import access, selectors, services
from futurecommunity.rectification.forms import InspectionForm, MoveForm, OrderForm, split_codes
from futurecommunity.rectification.models import (
    Finding,
    FindingAttachment,
    OrderEventAttachment,
    OrderStatus,
    RectificationOrder,
)
from futurecommunity.rectification.printing import order_docx
from futurecommunity.rectification.rules import MOVES


@dataclass(frozen=True)
class OrderQuery:
    status: str
    overdue: bool

    def filters(self) -> dict[str, object]:
        return {"status": self.status, "overdue": self.overdue}


def _order_query(request: AuthedRequest) -> tuple[OrderQuery, QuerySet[RectificationOrder]]:
    """Shared by the list and its export, so that what is shown is what is exported."""
    status = request.GET.get("status", "")
    query = OrderQuery(status=status if status in OrderStatus.values else "",
                       overdue=request.GET.get("overdue") == "1")  # fmt: skip
    orders = selectors.order_list_for(
        viewer=request.user, status=query.status, overdue_only=query.overdue
    )
    return query, orders


@login_required
def order_list(request: AuthedRequest) -> HttpResponse:
    query, orders = _order_query(request)
    return render(
        request,
        "rectification/order_list.html",
        {
            "orders": orders,
            "today": today_local(),
            "statuses": OrderStatus.choices,
            "status": query.status,
            "overdue": query.overdue,
            "query": request.GET.urlencode(),
            "can_issue": access.can_issue_orders(request.user),
        },
    )


ORDER_COLUMNS = (
    Column("文号", 20),
    Column("标题", 30),
    Column("下发单位", 20),
    Column("责任单位", 20),
    Column("下发日期", 12),
    Column("整改期限", 12),
    Column("状态", 10),
    Column("逾期", 8),
)


@login_required
@require_GET
def order_export(request: AuthedRequest) -> HttpResponse:
    """Exactly the orders the list shows for the same query string, audited."""
    query, orders = _order_query(request)
    today = today_local()
    rows = [
        (o.reference, o.title, o.issuer.name, o.recipient.name, o.issued_on, o.deadline,
         o.get_status_display(), "是" if o.is_open and o.deadline < today else "否")
        for o in orders
    ]  # fmt: skip
    return _export(request, "rectification_order", "整改单清单", ORDER_COLUMNS, rows,
                   query.filters())  # fmt: skip


def _export(
    request: AuthedRequest,
    entity: str,
    title: str,
    columns: tuple[Column, ...],
    rows: Sequence[Sequence[object]],
    filters: dict[str, object],
) -> HttpResponse:
    now = timezone.localtime()
    content = list_workbook(
        title=title, columns=columns, rows=rows, exported_by=str(request.user), exported_at=now
    )
    audit_record(
        actor=request.user,
        action=f"{entity}.export",
        subject_type=entity,
        region_code=getattr(request.user.organisation, "region_code", ""),
        changes={"filters": [None, filters], "rows": [None, len(rows)]},
        reason=f"导出{title} {len(rows)} 条。",
    )
    return xlsx_response(content, f"{title}-{now:%Y%m%d-%H%M}.xlsx")


@login_required
def order_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    order = selectors.order_get_for(viewer=request.user, pk=pk)
    return render(
        request,
        "rectification/order_detail.html",
        {
            "order": order,
            "events": selectors.order_events(order),
            "moves": services.move_options_for(actor=request.user, order=order),
            "is_overdue": order.is_overdue_on(today_local()),
        },
    )


@login_required
@require_POST
def order_move(request: AuthedRequest, pk: int) -> HttpResponse:
    order = selectors.order_get_for(viewer=request.user, pk=pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        services.order_move(
            actor=request.user,
            order=order,
            target=form.cleaned_data["target"],
            remark=form.cleaned_data["remark"],
            attachments=request.FILES.getlist("attachments"),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        label = next(m.label for m in MOVES if m.target == form.cleaned_data["target"])
        messages.success(request, f"已办理：{label}。")
    return redirect("rectification:order-detail", pk=order.pk)


@login_required
def order_create(request: AuthedRequest) -> HttpResponse:
    recipients = selectors.recipient_choices_for(viewer=request.user)
    if not recipients:
        raise Http404
    form = OrderForm(request.POST or None, recipients=recipients, initial=_order_initial(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        finding = _finding_for(request, data.get("finding"))
        try:
            order = services.order_issue(
                actor=request.user,
                recipient=data["recipient"],
                title=data["title"],
                requirement=data["requirement"],
                deadline=data["deadline"],
                finding=finding,
            )
        except DomainError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"整改单 {order.reference} 已下发。")
            return redirect("rectification:order-detail", pk=order.pk)
    return render(request, "rectification/order_form.html", {"form": form})


def _order_initial(request: AuthedRequest) -> dict[str, object]:
    finding = _finding_for(request, request.GET.get("finding"))
    if finding is None:
        return {}
    return {"finding": finding.pk, "requirement": finding.description, "title": "督查问题整改"}


def _finding_for(request: AuthedRequest, raw: object) -> Finding | None:
    if not raw:
        return None
    if not str(raw).isdecimal():
        raise Http404
    inspections = selectors.inspection_list_for(viewer=request.user)
    finding = Finding.objects.filter(pk=int(str(raw)), inspection__in=inspections).first()
    if finding is None:
        raise Http404
    return finding


@login_required
def order_docx_download(request: AuthedRequest, pk: int) -> HttpResponse:
    order = selectors.order_get_for(viewer=request.user, pk=pk)
    audit_record(
        actor=request.user,
        action="rectification.order_export",
        subject=order,
        reference=order.reference,
        region_code=order.region_code,
    )
    response = HttpResponse(
        order_docx(order),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="order-{order.pk}.docx"'
    return response


@login_required
def order_attachment_download(request: AuthedRequest, pk: int, attachment_pk: int) -> FileResponse:
    attachment = selectors.order_attachment_get_for(
        viewer=request.user, order_pk=pk, pk=attachment_pk
    )
    response = file_download(attachment.file, filename=attachment.original_name)
    order = attachment.event.order
    _audit_download(request, attachment, order.reference, order.region_code)
    return response


@login_required
def finding_attachment_download(
    request: AuthedRequest, pk: int, attachment_pk: int
) -> FileResponse:
    attachment = selectors.finding_attachment_get_for(
        viewer=request.user, inspection_pk=pk, pk=attachment_pk
    )
    response = file_download(attachment.file, filename=attachment.original_name)
    inspection = attachment.finding.inspection
    _audit_download(request, attachment, "", inspection.region_code)
    return response


def _audit_download(
    request: AuthedRequest,
    attachment: FindingAttachment | OrderEventAttachment,
    reference: str,
    region: str,
) -> None:
    audit_record(
        actor=request.user,
        action="rectification.attachment_download",
        subject=attachment,
        reference=reference,
        region_code=region,
        reason=f"下载附件 {attachment.original_name}",
    )


@login_required
def inspection_list(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "rectification/inspection_list.html",
        {
            "inspections": selectors.inspection_list_for(viewer=request.user),
            "can_record": access.can_issue_orders(request.user),
        },
    )


INSPECTION_COLUMNS = (
    Column("督查日期", 12),
    Column("督查名称", 30),
    Column("督查组", 24),
    Column("组织单位", 20),
)


@login_required
@require_GET
def inspection_export(request: AuthedRequest) -> HttpResponse:
    """The inspections the list shows (the same scoped selector; the list has no filters)."""
    rows = [
        (i.inspected_on, i.title, i.team, i.organisation.name)
        for i in selectors.inspection_list_for(viewer=request.user)
    ]
    return _export(request, "inspection", "督查记录清单", INSPECTION_COLUMNS, rows, {})


@login_required
def inspection_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_get_for(viewer=request.user, pk=pk)
    findings = (
        selectors.inspection_findings_for(viewer=request.user, inspection=inspection)
        .prefetch_related("attachments")
        .select_related("order", "project")
    )
    return render(
        request,
        "rectification/inspection_detail.html",
        {
            "inspection": inspection,
            "findings": findings,
            "can_issue": access.can_issue_orders(request.user)
            and inspection.organisation_id == request.user.organisation_id,
        },
    )


@login_required
def inspection_create(request: AuthedRequest) -> HttpResponse:
    org = request.user.organisation
    if not access.can_issue_orders(request.user) or org is None:
        raise Http404
    form = InspectionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        default_region = org.region_code
        findings = [
            services.FindingInput(
                description=text,
                region_code=region or default_region,
                attachments=request.FILES.getlist(slot),
            )
            for text, region, slot in form.finding_rows()
        ]
        try:
            inspection = services.inspection_record(
                actor=request.user,
                title=data["title"],
                inspected_on=data["inspected_on"],
                team=data["team"],
                scope_regions=split_codes(data["scope_regions"]),
                project_references=split_codes(data["project_references"]),
                summary=data["summary"],
                findings=findings,
            )
        except ValidationFailed as exc:
            for sentences in exc.errors.values():
                for sentence in sentences:
                    form.add_error(None, sentence)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "督查记录已登记。")
            return redirect("rectification:inspection-detail", pk=inspection.pk)
    return render(request, "rectification/inspection_form.html", {"form": form})
