"""``{% load money %}``: amounts in 万元 with thousands separators, as officials read them."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

register = template.Library()


@register.filter
def wan(value: Any, places: int = 2) -> str:
    """Yuan → '43,604.00' (万元); '—' for nothing. The unit is shown by the caller."""
    if value is None or value == "":
        return "—"
    try:
        amount = Decimal(str(value)) / Decimal(10000)
    except InvalidOperation:
        return "—"
    return f"{amount:,.{int(places)}f}"
