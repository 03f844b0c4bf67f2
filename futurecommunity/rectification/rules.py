"""Order lifecycle as data and the one function that judges a move (四 S3). Pure, no ORM."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

CLAUSE = "四 S3"


@dataclass(frozen=True)
class MoveSpec:
    source: str
    target: str
    party: str  # "issuer" or "recipient"
    label: str
    needs_remark: str  # Chinese name of the required text, "" when optional


MOVES: tuple[MoveSpec, ...] = (
    MoveSpec("issued", "responded", "recipient", "反馈整改情况", "整改措施"),
    MoveSpec("sent_back", "responded", "recipient", "重新反馈整改情况", "整改措施"),
    MoveSpec("responded", "closed", "issuer", "核查通过，办结", ""),
    MoveSpec("responded", "sent_back", "issuer", "退回重改", "退回理由"),
)

STATUS_LABELS = {
    "issued": "已下发",
    "responded": "已反馈待核查",
    "sent_back": "退回重改",
    "closed": "核查通过已办结",
}
EDITOR_RANK = 2


@dataclass(frozen=True)
class MoveRequest:
    source: str
    target: str
    party: str  # side the actor belongs to on this order: "issuer", "recipient" or ""
    role_rank: int
    remark: str = ""


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reason: str = ""


def find_move(source: str, target: str) -> MoveSpec | None:
    return next((m for m in MOVES if m.source == source and m.target == target), None)


def judge_move(request: MoveRequest) -> Verdict:
    """May this actor move the order from source to target? The reason cites 四 S3."""
    spec = find_move(request.source, request.target)
    if spec is None:
        source = STATUS_LABELS.get(request.source, request.source)
        target = STATUS_LABELS.get(request.target, request.target)
        return Verdict(False, f"整改单不能从“{source}”变为“{target}”（{CLAUSE}）。")
    if request.party != spec.party:
        who = "责任单位" if spec.party == "recipient" else "下发单位"
        return Verdict(False, f"“{spec.label}”只能由{who}办理（{CLAUSE}）。")
    if request.role_rank < EDITOR_RANK:
        return Verdict(False, f"“{spec.label}”需要经办或审核角色（{CLAUSE}）。")
    if spec.needs_remark and not request.remark.strip():
        return Verdict(False, f"“{spec.label}”须填写{spec.needs_remark}（{CLAUSE}）。")
    return Verdict(True)


def moves_from(source: str) -> list[MoveSpec]:
    return [m for m in MOVES if m.source == source]


def days_overdue(deadline: dt.date, as_of: dt.date) -> int:
    return max((as_of - deadline).days, 0)


def reminder_threshold_due(
    deadline: dt.date, today: dt.date, thresholds: list[int], done: set[int]
) -> int | None:
    """The smallest configured threshold reached and not yet sent, or None.

    A threshold t is reached when 0 <= days left <= t; when several are reached at once only the
    closest is sent (the caller records all reached ones), so one run sends one reminder.
    """
    left = (deadline - today).days
    if left < 0:
        return None
    reached = sorted(t for t in thresholds if left <= t)
    if not reached or all(t in done for t in reached):
        return None
    return reached[0]


def escalation_level_due(deadline: dt.date, today: dt.date, level_days: list[int]) -> int:
    """Highest escalation level reached: level n when overdue by >= level_days[n-1] days."""
    overdue = (today - deadline).days
    level = 0
    for index, days in enumerate(level_days, start=1):
        if overdue >= days:
            level = index
    return level


def reference_for(prefix: str, year: int, sequence: int) -> str:
    """Official 文号, e.g. 绍风貌整〔2025〕12号."""
    return f"{prefix}〔{year}〕{sequence}号"
