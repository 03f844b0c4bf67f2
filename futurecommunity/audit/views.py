"""The audit administrator's screen: search, detail, export, chain verification. Read-only:
there is no view that changes or deletes an entry."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from futurecommunity.accounts.access import can_read_audit_log
from futurecommunity.accounts.decorators import duty_required
from futurecommunity.audit import selectors
from futurecommunity.audit.export import audit_export
from futurecommunity.audit.forms import AuditFilterForm
from futurecommunity.audit.services import audit_verify_chain_by

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filter_form(request: HttpRequest) -> AuditFilterForm:
    return AuditFilterForm(request.GET or None, actions=selectors.audit_action_codes())


@duty_required(can_read_audit_log)
def entry_list(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    entries = selectors.audit_entry_list_for(viewer=request.user, filters=form.to_filters())  # type: ignore[arg-type]
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"nav": "audit", "form": form, "page": page, "query": query.urlencode()}
    return render(request, "audit/entry_list.html", context)


@duty_required(can_read_audit_log)
def entry_detail(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = selectors.audit_entry_get_for(viewer=request.user, entry_id=entry_id)  # type: ignore[arg-type]
    changes = [(field, *values) for field, values in sorted(entry.changes.items())]
    context = {"nav": "audit", "entry": entry, "changes": changes}
    return render(request, "audit/entry_detail.html", context)


@duty_required(can_read_audit_log)
def entry_export(request: HttpRequest) -> HttpResponse:
    export = audit_export(actor=request.user, filters=_filter_form(request).to_filters())  # type: ignore[arg-type]
    response = HttpResponse(export.content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@duty_required(can_read_audit_log)
def chain_verify(request: HttpRequest) -> HttpResponse:
    problems = audit_verify_chain_by(actor=request.user)  # type: ignore[arg-type]
    context = {"nav": "audit", "problems": problems, "checked": True}
    return render(request, "audit/chain_verify.html", context)
