"""Putting a service's refusal onto the form that asked for it."""

from __future__ import annotations

from typing import Any

from futurecommunity.common.errors import DomainError, ValidationFailed


def add_service_errors(form: Any, exc: DomainError) -> None:
    """Each field error of a ``ValidationFailed`` under its field (under the form when the form
    has no such field); any other refusal's sentence under the form."""
    errors = exc.errors if isinstance(exc, ValidationFailed) else {None: [exc.message]}
    for name, texts in errors.items():
        for text in texts:
            form.add_error(name if name in form.fields else None, text)
