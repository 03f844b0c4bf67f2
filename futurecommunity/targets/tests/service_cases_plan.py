"""Service matrix cases (brief) for the writes added by issue 10 items 8–11."""

from __future__ import annotations

from typing import Any

from futurecommunity.targets.services import configuration_row_update, finding_note_save

DENIED = ["district_a_editor", "street_a", "city_viewer", "department", "district_b_editor"]


def _none(street_code: str) -> dict[str, Any]:
    return {}


def _edit_row(actor: Any, ctx: dict[str, Any]) -> None:
    configuration_row_update(
        actor=actor, kind_slug="rule-parameter", key="t4_warning_days", value="20", reason="核定"
    )


def _note(actor: Any, ctx: dict[str, Any]) -> None:
    finding_note_save(actor=actor, rule_id="PLAN-T2", subject_code="330600", text="以附件为准。")


SERVICE_CASES = {
    "futurecommunity.targets.services.configuration_row_update": {
        "setup": _none,
        "call": _edit_row,
        "allowed": "city_editor",
        "denied": DENIED,
    },
    "futurecommunity.targets.services.finding_note_save": {
        "setup": _none,
        "call": _note,
        "allowed": "city_editor",
        "denied": DENIED,
    },
}
