"""Compliance board (issue 4): grid of districts × rules, findings list, replay date, export."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from futurecommunity.common.time import parse_date, today_local
from futurecommunity.targets.compliance.selectors import compliance_board_for
from futurecommunity.targets.compliance.services import compliance_export

_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _as_of(request: HttpRequest) -> dt.date:
    try:
        return parse_date(request.GET["as_of"]) if request.GET.get("as_of") else today_local()
    except ValueError as exc:
        messages.error(request, str(exc))
        return today_local()


@login_required
def compliance_board(request: HttpRequest) -> HttpResponse:
    as_of = _as_of(request)
    board = compliance_board_for(viewer=request.user, as_of=as_of)  # type: ignore[arg-type]
    if board is None:
        raise Http404
    row = request.GET.get("row")
    rule_id = request.GET.get("rule") or None
    context = {
        "nav": "compliance",
        "as_of": as_of,
        "board": board,
        "row": row,
        "rule_id": rule_id,
        "findings": board.selected(row=row, rule_id=rule_id),
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
