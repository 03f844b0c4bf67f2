"""The inbox page and mark-as-read actions (always the viewer's own messages)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from futurecommunity.accounts.http import AuthedRequest
from futurecommunity.common.time import today_local
from futurecommunity.notifications import selectors, services
from futurecommunity.notifications.todos import todos_for


@login_required
def inbox(request: AuthedRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    rows = selectors.message_list_for(viewer=request.user, unread_only=unread_only)[:200]
    return render(
        request,
        "notifications/inbox.html",
        {
            "inbox_messages": rows,
            "unread_only": unread_only,
            "inbox_unread": selectors.unread_count_for(viewer=request.user),
        },
    )


@login_required
def todo_list(request: AuthedRequest) -> HttpResponse:
    """待办: everything waiting for the viewer's organisation and role."""
    return render(
        request,
        "notifications/todo_list.html",
        {"nav": "todos", "todos": todos_for(request.user), "today": today_local()},
    )


@login_required
@require_POST
def message_read(request: AuthedRequest, pk: int) -> HttpResponse:
    services.message_mark_read(actor=request.user, message_id=pk)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:inbox")


@login_required
@require_POST
def message_read_all(request: AuthedRequest) -> HttpResponse:
    services.message_mark_read(actor=request.user)
    return redirect("notifications:inbox")
