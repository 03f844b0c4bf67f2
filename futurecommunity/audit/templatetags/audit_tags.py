"""``{% load audit_tags %}``: ``entry.action|action_label`` and ``entry|change_lines``."""

from __future__ import annotations

from typing import Any

from django import template

from futurecommunity.audit import presenters

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    return presenters.action_label(action)


@register.filter
def change_lines(entry: Any) -> list[presenters.ChangeLine]:
    return presenters.change_lines(entry.subject_type, entry.changes)


@register.filter
def subject_label(subject_type: str) -> str:
    model = presenters._model(subject_type)
    return str(model._meta.verbose_name) if model is not None else "—"
