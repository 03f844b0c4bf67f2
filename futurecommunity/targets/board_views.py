"""Compliance board (issue 4): grid of districts × rules, findings list, replay date, export."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from futurecommunity.accounts.access import can_configure_city, region_prefix_for
from futurecommunity.accounts.http import AuthedRequest
from futurecommunity.accounts.models import Organisation, User
from futurecommunity.common.errors import DomainError, PermissionDenied
from futurecommunity.common.forms import add_service_errors
from futurecommunity.common.time import parse_as_of, today_local
from futurecommunity.rectification import selectors as rectification_selectors
from futurecommunity.rectification import services as rectification_services
from futurecommunity.rectification.forms import OrderForm
from futurecommunity.regions.selectors import community_list
from futurecommunity.targets.cache import cached_figures
from futurecommunity.targets.compliance.board import (
    Board,
    BoardItem,
    build_board,
    find,
    group_items,
    indexed,
)
from futurecommunity.targets.compliance.engine import RULES
from futurecommunity.targets.compliance.findings import Finding, ProgrammeSnapshot, Severity
from futurecommunity.targets.compliance.forecast import district_months, forecast
from futurecommunity.targets.compliance.selectors import compliance_board_for
from futurecommunity.targets.compliance.services import compliance_export
from futurecommunity.targets.compliance.snapshot import programme_findings, programme_snapshot
from futurecommunity.targets.models import FindingNote
from futurecommunity.targets.rules import month_ends
from futurecommunity.targets.selectors import denominator_for
from futurecommunity.targets.services import PLAN_CONSISTENCY_RULES, finding_note_save

_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _as_of(request: HttpRequest) -> dt.date:
    try:
        return parse_as_of(request.GET.get("as_of"))
    except ValueError as exc:
        messages.error(request, str(exc))
        return today_local()


def _board_with_outlook(prefix: str, as_of: dt.date) -> tuple[Board, dict, list]:
    """One snapshot for the grid, the month-by-month chart and the forecast (same as the
    ``compliance_board_for`` selector, plus the two outlooks over the viewer's districts)."""
    snapshot = programme_snapshot(as_of=as_of)
    board = build_board(
        findings=programme_findings(as_of=as_of),
        prefix=prefix,
        district_names=snapshot.district_names,
        city_name=snapshot.city_name,
        as_of=as_of,
    )
    # The two outlooks walk the whole history month by month (4 s of CPU per request at 3,000
    # projects): cached per (districts, date) like the figures they come from (targets.cache).
    chart, paces = cached_figures(
        "outlook", prefix[:6], as_of, lambda: _outlook(snapshot, prefix, as_of)
    )
    return board, chart, paces


def _outlook(snapshot: ProgrammeSnapshot, prefix: str, as_of: dt.date) -> tuple[dict, list]:
    names = {c: n for c, n in snapshot.district_names.items() if c.startswith(prefix[:6])}
    days = month_ends(snapshot.date("programme_start"), as_of)
    months = district_months(
        facts=snapshot.facts, urban_codes=snapshot.urban_codes, district_names=names, days=days
    )
    chart = {
        "days": [f"{d:%Y-%m}" for d in days],
        "districts": [
            {"name": m.name, "coverage": [float(c) for c in m.coverage], "built": list(m.built)}
            for m in months
        ],
    }
    paces = forecast(
        facts=snapshot.facts,
        targets=[t for t in snapshot.targets if t.district_code in names],
        district_names=names,
        as_of=as_of,
        deadline=snapshot.date("g1_deadline"),
        short=snapshot.integer("forecast_recent_short_months"),
        long=snapshot.integer("forecast_recent_long_months"),
        best=snapshot.integer("forecast_best_window_months"),
    )
    return chart, paces


@login_required
def compliance_board(request: HttpRequest) -> HttpResponse:
    as_of = _as_of(request)
    prefix = region_prefix_for(request.user)  # type: ignore[arg-type]
    if prefix is None:
        raise Http404
    board, chart, paces = _board_with_outlook(prefix, as_of)
    row = request.GET.get("row")
    rule_id = request.GET.get("rule") or None
    findings = board.selected(row=row, rule_id=rule_id)
    items = board_items(request.user, board, findings)  # type: ignore[arg-type]
    context = {
        "nav": "compliance",
        "as_of": as_of,
        "board": board,
        "row": row,
        "rule_id": rule_id,
        "findings": findings,
        "groups": group_items(board, items),
        "open_all": row is not None or bool(rule_id),
        "chart": chart,
        "paces": paces,
        "denominator": denominator_for(community_list(urban_only=True).count()),
        "plan_findings": plan_findings_with_notes(board),
        "can_annotate": can_configure_city(request.user),  # type: ignore[arg-type]
    }
    return render(request, "targets/board.html", context)


@login_required
def compliance_board_export(request: HttpRequest) -> HttpResponse:
    as_of = _as_of(request)
    board = compliance_board_for(viewer=request.user, as_of=as_of)  # type: ignore[arg-type]
    if board is None:
        raise Http404
    content = compliance_export(actor=request.user, board=board)  # type: ignore[arg-type]
    response = HttpResponse(content, content_type=_XLSX)
    response["Content-Disposition"] = f'attachment; filename="compliance-{as_of:%Y%m%d}.xlsx"'
    return response


ACTIONABLE = (Severity.VIOLATION, Severity.WARNING)


def recipient_for(finding: Finding, recipients: dict[str, Organisation]) -> Organisation | None:
    """The office an order on this finding goes to, among those the viewer may issue to: the
    street office of a street or project finding (else its district's office, for the city),
    the district office of a district finding; none for a city-wide finding (四 S3)."""
    code = finding.region_code
    if not code or finding.severity not in ACTIONABLE:
        return None
    if len(code) >= 9 and code[:9] in recipients:
        return recipients[code[:9]]
    return recipients.get(code[:6])


def _recipients_by_region(viewer: User) -> dict[str, Organisation]:
    return {o.region_code: o for o in rectification_selectors.recipient_choices_for(viewer=viewer)}


def board_items(viewer: User, board: Board, findings: list[Finding]) -> list[BoardItem]:
    """The listed findings with their link key, an open order answering them (shown instead of
    the action) and whether the viewer may issue one (四 S3, the rectification app's rule)."""
    index = {id(f): n for n, f in indexed(board.findings)}
    orders = rectification_selectors.open_orders_by_source(viewer=viewer)
    recipients = _recipients_by_region(viewer)
    items = []
    for f in findings:
        order = orders.get((f.rule_id, f.subject_code))
        items.append(
            BoardItem(
                finding=f,
                index=index[id(f)],
                order=order,
                can_issue=order is None and recipient_for(f, recipients) is not None,
            )
        )
    return items


@login_required
def compliance_order_create(
    request: AuthedRequest, rule_id: str, subject: str, index: int
) -> HttpResponse:
    """下发整改单 from a compliance finding: the rectification order form, pre-filled from the
    finding (recipient, title, clause, the finding's sentence as the problem); the order is
    issued by the rectification app's ``order_issue`` service, which checks everything again."""
    if region_prefix_for(request.user) is None:
        raise Http404
    recipients = _recipients_by_region(request.user)
    if not recipients:
        raise Forbidden("只有市、区县（市）风貌办经办人员（经办及以上）可以下发整改单（四 S3）。")
    as_of = _as_of(request) if request.method == "GET" else _posted_as_of(request)
    board = compliance_board_for(viewer=request.user, as_of=as_of)
    finding = (
        None if board is None else find(board, rule_id=rule_id, subject_code=subject, index=index)
    )
    if finding is None:
        raise Http404("该检查结果不存在或不在本单位辖区内。")
    recipient = recipient_for(finding, recipients)
    if recipient is None:
        raise Forbidden(
            "该检查结果没有本单位可以下发整改单的责任单位：市风貌办可向区、县（市）和街道下发，"
            "区、县（市）风貌办只能向本辖区街道下发（四 S3）。"
        )
    rule = next(r for r in RULES if r.rule_id == finding.rule_id)
    initial = {
        "recipient": recipient.pk,
        "title": f"{finding.subject_name}{rule.title}整改",
        "requirement": f"问题（合规检查，{finding.clause}）：{finding.explanation}\n"
        "请对照上述条款整改，并在期限内反馈整改措施和佐证材料。",
    }
    form = OrderForm(request.POST or None, recipients=list(recipients.values()), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            order = rectification_services.order_issue(
                actor=request.user,
                recipient=data["recipient"],
                title=data["title"],
                requirement=data["requirement"],
                deadline=data["deadline"],
                source=rectification_services.ComplianceSource(
                    rule_id=finding.rule_id,
                    subject_code=finding.subject_code,
                    clause=finding.clause,
                ),
            )
        except DomainError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"整改单 {order.reference} 已下发。")
            return redirect("rectification:order-detail", pk=order.pk)
    context = {"nav": "compliance", "form": form, "finding": finding, "rule": rule, "as_of": as_of}
    return render(request, "targets/compliance_order_form.html", context)


def _posted_as_of(request: HttpRequest) -> dt.date:
    try:
        return parse_as_of(request.POST.get("as_of"))
    except ValueError:
        return today_local()


def plan_findings_with_notes(board: Board) -> list[dict[str, object]]:
    """The plan-consistency findings in the viewer's territory (city only) with their notes."""
    chosen = [f for f in board.findings if f.rule_id in PLAN_CONSISTENCY_RULES]
    notes = {
        (n.rule_id, n.subject_code): n
        for n in FindingNote.objects.filter(rule_id__in=[f.rule_id for f in chosen])
    }
    return [{"finding": f, "note": notes.get((f.rule_id, f.subject_code))} for f in chosen]


@login_required
@require_POST
def finding_note(request: HttpRequest) -> HttpResponse:
    """The city office annotates a plan-consistency finding; history in the audit log."""
    if region_prefix_for(request.user) is None:  # type: ignore[arg-type]
        raise Http404
    try:
        finding_note_save(
            actor=request.user,  # type: ignore[arg-type]
            rule_id=request.POST.get("rule_id", "")[:32],
            subject_code=request.POST.get("subject_code", "")[:64],
            text=request.POST.get("text", ""),
        )
    except PermissionDenied as exc:
        return HttpResponse(exc.message, status=403)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "批注已保存，修改记录已存档。")
    return redirect(f"{reverse('compliance-board')}#plan-consistency")
