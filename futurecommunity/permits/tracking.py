"""Pure rules of per-project approval tracking: route differences and step updates.

No Django, no I/O. A step "applies" when its outcome asks the project to do something
(须办理、合并办理、备案、按常规程序办理); exempt and not-applicable steps do not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from futurecommunity.permits.route_types import STEP_TITLES, ApprovalRoute, Outcome

NOT_APPLYING = frozenset({Outcome.EXEMPT.value, Outcome.NOT_APPLICABLE.value})
STATUSES = ("pending", "in_progress", "done", "exempt")


def applies(outcome: str) -> bool:
    return outcome not in NOT_APPLYING


def initial_status(outcome: str) -> str:
    """A new step starts 未开始 when it applies, else 免办/不适用."""
    return "pending" if applies(outcome) else "exempt"


@dataclass(frozen=True)
class StepChange:
    code: str
    title: str
    old_outcome: str
    new_outcome: str

    @property
    def old_label(self) -> str:
        return Outcome(self.old_outcome).label

    @property
    def new_label(self) -> str:
        return Outcome(self.new_outcome).label


@dataclass(frozen=True)
class RouteDiff:
    added: tuple[StepChange, ...]
    removed: tuple[StepChange, ...]
    changed: tuple[StepChange, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def route_diff(current: Mapping[str, str], route: ApprovalRoute) -> RouteDiff:
    """Compare stored outcomes (code → outcome) with a new route.

    Added: the step now applies and did not; removed: it applied and no longer does;
    changed: it applies in both but its outcome differs (e.g. 须办理 → 合并办理).
    """
    added, removed, changed = [], [], []
    for step in route.steps:
        old = current.get(step.code.value, Outcome.NOT_APPLICABLE.value)
        new = step.outcome.value
        if old == new:
            continue
        change = StepChange(step.code.value, STEP_TITLES[step.code.value], old, new)
        if applies(new) and not applies(old):
            added.append(change)
        elif applies(old) and not applies(new):
            removed.append(change)
        else:
            changed.append(change)
    return RouteDiff(tuple(added), tuple(removed), tuple(changed))


def status_after_recompute(status: str, old_outcome: str, new_outcome: str) -> str:
    """A finished step keeps its record; an open step follows the new outcome."""
    if status == "done":
        return status
    if not applies(new_outcome):
        return "exempt"
    if not applies(old_outcome) or status == "exempt":
        return "pending"
    return status


@dataclass(frozen=True)
class StepUpdate:
    """What an official records on one step."""

    status: str
    responsible_department: str = ""
    planned_on: dt.date | None = None
    started_on: dt.date | None = None
    done_on: dt.date | None = None
    document_number: str = ""
    note: str = ""


def step_update_errors(
    update: StepUpdate, *, outcome: str, clause: str, today: dt.date
) -> dict[str, list[str]]:
    """Field errors for a step update (三(四) tracking); empty when it may be saved."""
    errors: dict[str, list[str]] = {}
    if update.status not in STATUSES:
        errors["status"] = ["办理状态无效。"]
    if update.status == "exempt" and applies(outcome):
        errors["status"] = [
            f"依据{clause}，该事项结论为“{Outcome(outcome).label}”，不能标记为免办；"
            "如情况变化，请先调整项目情况重新计算审批路径。"
        ]
    if update.status == "done" and update.done_on is None:
        errors["done_on"] = ["标记为已办结时须填写办结日期。"]
    if update.status != "done" and update.done_on is not None:
        errors["done_on"] = ["只有已办结的事项才能填写办结日期。"]
    if update.done_on and update.done_on > today:
        errors["done_on"] = ["办结日期不能晚于今天。"]
    if update.started_on and update.started_on > today:
        errors["started_on"] = ["开始办理日期不能晚于今天。"]
    if update.started_on and update.done_on and update.done_on < update.started_on:
        errors["done_on"] = ["办结日期不能早于开始办理日期。"]
    return errors


# 三(四)1: the steps a reviewing department answers on.
REVIEW_STEP_CODES = ("joint_review", "joint_consultation")
OPEN_STATUSES = ("pending", "in_progress")
STANCES = ("agree", "agree_with_conditions", "disagree")
OPINION_MAX_LENGTH = 4000
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024


def review_is_open(steps: Mapping[str, tuple[str, str]], purposes: Iterable[str]) -> bool:
    """True when the step a department was assigned to (联合审查 → joint_review, 联合会商 →
    joint_consultation; steps maps code → (outcome, status)) applies and is still open."""
    for code in purposes:
        if code not in REVIEW_STEP_CODES or code not in steps:
            continue
        outcome, status = steps[code]
        if applies(outcome) and status in OPEN_STATUSES:
            return True
    return False


def opinion_errors(
    *, stance: str, text: str, attachment_size: int | None = None
) -> dict[str, list[str]]:
    """Field errors for a department's answer (三(四)1 联合审查意见); empty when it may be saved."""
    errors: dict[str, list[str]] = {}
    text = text.strip()
    if stance not in STANCES:
        errors["stance"] = ["请选择审查结论：同意、有条件同意或不同意。"]
    elif stance == "agree_with_conditions" and not text:
        errors["opinion"] = ["有条件同意的，请写明需要满足的条件（三(四)1）。"]
    elif stance == "disagree" and not text:
        errors["opinion"] = ["不同意的，请写明理由和依据（三(四)1）。"]
    if len(text) > OPINION_MAX_LENGTH:
        errors["opinion"] = [f"意见不能超过 {OPINION_MAX_LENGTH} 字。"]
    if attachment_size is not None and attachment_size > ATTACHMENT_MAX_BYTES:
        errors["attachment"] = ["附件不能超过 20 MB。"]
    return errors
