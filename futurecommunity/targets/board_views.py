"""Compliance board (issue 4): grid of districts × rules, findings list, replay date, export."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from futurecommunity.accounts.access import can_configure_city, region_prefix_for
from futurecommunity.common.errors import DomainError, PermissionDenied
from futurecommunity.common.time import parse_as_of, today_local
from futurecommunity.regions.selectors import community_list
from futurecommunity.targets.cache import cached_figures
from futurecommunity.targets.compliance.board import Board, build_board
from futurecommunity.targets.compliance.findings import ProgrammeSnapshot
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
    context = {
        "nav": "compliance",
        "as_of": as_of,
        "board": board,
        "row": row,
        "rule_id": rule_id,
        "findings": board.selected(row=row, rule_id=rule_id),
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
