"""One screen over every configuration row (policy numbers with clause, source, confidence).

Every official reads it; the city office edits a row with a stated basis; each row's history is
its audit trail. Kinds are registered by their apps (``common/configuration.py``).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from futurecommunity.accounts.access import can_configure_city, region_prefix_for
from futurecommunity.accounts.http import AuthedRequest
from futurecommunity.audit.models import AuditEntry
from futurecommunity.audit.selectors import audit_entries_for_reference
from futurecommunity.common import configuration
from futurecommunity.common.errors import DomainError
from futurecommunity.targets.services import configuration_row_update


class ConfigurationRowForm(forms.Form):
    value = forms.CharField(label="新取值", max_length=300)
    reason = forms.CharField(
        label="修改依据",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="如市风貌办核定文件的文号；记入操作记录。",
    )


def _official(request: AuthedRequest) -> None:
    if region_prefix_for(request.user) is None:
        raise Http404


def _rows(kind: configuration.ConfigKind) -> list[dict[str, object]]:
    return [
        {
            "key": str(getattr(row, kind.key_field)),
            "name": configuration.row_name(kind, row),
            "value": getattr(row, kind.value_field),
            "unit": getattr(row, kind.unit_field, "") if kind.unit_field else "",
            "row": row,
        }
        for row in kind.model.objects.all()  # type: ignore[attr-defined]
    ]


@login_required
def configuration_list(request: AuthedRequest) -> HttpResponse:
    _official(request)
    show = request.GET.get("show", "")
    groups = []
    for kind in configuration.kinds():
        rows = _rows(kind)
        if show == "reconstructed":
            rows = [
                r
                for r in rows
                if getattr(r["row"], "confidence", "") in {"reconstructed", "assumed"}
            ]
        groups.append({"kind": kind, "rows": rows})
    context = {
        "nav": "configuration",
        "groups": groups,
        "show": show,
        "can_edit": can_configure_city(request.user),
        "recent": AuditEntry.objects.filter(action="configuration.update").order_by("-id")[:20],
    }
    return render(request, "targets/configuration_list.html", context)


@login_required
def configuration_edit(request: AuthedRequest, kind: str, key: str) -> HttpResponse:
    _official(request)
    config_kind = configuration.REGISTRY.get(kind)
    if config_kind is None:
        raise Http404
    row = config_kind.model.objects.filter(**{config_kind.key_field: key}).first()  # type: ignore[attr-defined]
    if row is None:
        raise Http404
    can_edit = can_configure_city(request.user)
    initial = {"value": getattr(row, config_kind.value_field)}
    form = ConfigurationRowForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if not can_edit:
            return HttpResponse("只有市风貌办可以修改配置项。", status=403)
        if form.is_valid():
            try:
                configuration_row_update(
                    actor=request.user,
                    kind_slug=kind,
                    key=key,
                    value=form.cleaned_data["value"],
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(
                    request, f"配置项“{configuration.row_name(config_kind, row)}”已修改。"
                )
                return redirect("configuration-edit", kind=kind, key=key)
        status = 400
    context = {
        "nav": "configuration",
        "kind": config_kind,
        "key": key,
        "name": configuration.row_name(config_kind, row),
        "value": getattr(row, config_kind.value_field),
        "unit": getattr(row, config_kind.unit_field, "") if config_kind.unit_field else "",
        "choices": config_kind.choices.get(key, {}),
        "row": row,
        "form": form if can_edit else None,
        "history": audit_entries_for_reference(config_kind.audit_reference(key)),
    }
    return render(request, "targets/configuration_edit.html", context, status=status)
