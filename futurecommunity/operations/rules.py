"""Pure rules of running the communities (三(二), 三(三), 二(三) W2). No ORM, no I/O.

Every number comes in through ``Parameters``, loaded from ``OperationParameter`` rows (source and
confidence in ``data/operations/parameters.csv``): the text names no thresholds for "有效运营",
so each threshold is a reconstructed, editable row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

CLAUSE_OPERATION = "三(三)"
CLAUSE_FUNDING = "三(二)"
CLAUSE_WIDE = "二(三) W2"

# GB 32100-2015 统一社会信用代码: 18 characters from this alphabet, the last a check character.
_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_problem(code: str) -> str | None:
    """None when ``code`` is a valid unified social credit code, else a Chinese sentence."""
    code = code.strip().upper()
    if len(code) != 18:
        return "统一社会信用代码应为18位。"
    if any(ch not in _CREDIT_ALPHABET for ch in code):
        return "统一社会信用代码含有不允许的字符（GB 32100-2015 不使用 I、O、Z、S、V）。"
    total = sum(
        _CREDIT_ALPHABET.index(ch) * w for ch, w in zip(code, _CREDIT_WEIGHTS, strict=False)
    )
    check = (31 - total % 31) % 31
    if _CREDIT_ALPHABET[check] != code[17]:
        return "统一社会信用代码校验位不正确（GB 32100-2015），请核对。"
    return None


def credit_code_with_check(first17: str) -> str:
    """The full code for 17 leading characters (used by demo data and tests)."""
    total = sum(
        _CREDIT_ALPHABET.index(ch) * w for ch, w in zip(first17, _CREDIT_WEIGHTS, strict=True)
    )
    return first17 + _CREDIT_ALPHABET[(31 - total % 31) % 31]


@dataclass(frozen=True)
class Parameters:
    min_services_open: int
    min_satisfaction_percent: Decimal
    min_hours_kept_percent: Decimal
    quarters_required: int
    report_due_days: int


@dataclass(frozen=True)
class QuarterFacts:
    year: int
    quarter: int
    confirmed: bool
    services_open: int
    survey_responses: int
    survey_satisfied: int
    hours_kept_percent: Decimal

    @property
    def satisfaction_percent(self) -> Decimal | None:
        if self.survey_responses == 0:
            return None
        return Decimal(self.survey_satisfied * 100) / Decimal(self.survey_responses)


@dataclass(frozen=True)
class Verdict:
    effective: bool
    reasons: tuple[str, ...]


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def quarter_end(year: int, quarter: int) -> dt.date:
    month = quarter * 3
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def report_due(year: int, quarter: int, params: Parameters) -> dt.date:
    """Due date of a quarter's report: the configured number of days after the quarter ends."""
    return quarter_end(year, quarter) + dt.timedelta(days=params.report_due_days)


def is_late(year: int, quarter: int, submitted_on: dt.date, params: Parameters) -> bool:
    return submitted_on > report_due(year, quarter, params)


def judge_effective(
    quarters: Sequence[QuarterFacts], *, as_of: dt.date, params: Parameters
) -> Verdict:
    """Does a community operate effectively (三(三), 二(三) W2) as of ``as_of``?

    The last ``quarters_required`` completed quarters before ``as_of`` must each have a report the
    district confirmed, with at least ``min_services_open`` services open, resident satisfaction of
    at least ``min_satisfaction_percent`` and opening hours kept of at least
    ``min_hours_kept_percent``. Each shortfall is one sentence citing the clause.
    """
    by_quarter = {(q.year, q.quarter): q for q in quarters}
    wanted: list[tuple[int, int]] = []
    year, quarter = previous_quarter(*quarter_of(as_of))
    for _ in range(params.quarters_required):
        wanted.append((year, quarter))
        year, quarter = previous_quarter(year, quarter)
    reasons: list[str] = []
    for year, quarter in reversed(wanted):
        label = f"{year}年第{quarter}季度"
        facts = by_quarter.get((year, quarter))
        if facts is None:
            reasons.append(f"{label}未报送运营指标（{CLAUSE_OPERATION}）。")
            continue
        if not facts.confirmed:
            reasons.append(f"{label}运营指标尚未经区、县（市）确认（{CLAUSE_OPERATION}）。")
            continue
        if facts.services_open < params.min_services_open:
            reasons.append(
                f"{label}正常开放服务 {facts.services_open} 项，少于 {params.min_services_open} 项"
                f"（{CLAUSE_OPERATION}）。"
            )
        satisfaction = facts.satisfaction_percent
        if satisfaction is None:
            reasons.append(f"{label}没有居民满意度调查样本（{CLAUSE_OPERATION}）。")
        elif satisfaction < params.min_satisfaction_percent:
            reasons.append(
                f"{label}居民满意度 {satisfaction:.1f}%，低于 {params.min_satisfaction_percent}%"
                f"（{CLAUSE_OPERATION}）。"
            )
        if facts.hours_kept_percent < params.min_hours_kept_percent:
            reasons.append(
                f"{label}开放时间履约率 {facts.hours_kept_percent}%，低于 "
                f"{params.min_hours_kept_percent}%（{CLAUSE_OPERATION}）。"
            )
    return Verdict(effective=not reasons, reasons=tuple(reasons))


@dataclass(frozen=True)
class SourceAmount:
    kind: str
    planned: Decimal
    received: Decimal


@dataclass(frozen=True)
class FundingTotals:
    planned: Decimal
    received: Decimal
    social_capital_received: Decimal

    @property
    def social_capital_share(self) -> Decimal | None:
        """Social capital's share of the money received, in percent (None when nothing arrived)."""
        if self.received == 0:
            return None
        return (self.social_capital_received * 100 / self.received).quantize(Decimal("0.1"))


SOCIAL_KINDS = frozenset({"social_capital", "developer"})


def funding_totals(amounts: Sequence[SourceAmount]) -> FundingTotals:
    zero = Decimal("0.00")
    return FundingTotals(
        planned=sum((a.planned for a in amounts), zero),
        received=sum((a.received for a in amounts), zero),
        social_capital_received=sum((a.received for a in amounts if a.kind in SOCIAL_KINDS), zero),
    )


@dataclass(frozen=True)
class Reconciliation:
    received: Decimal
    reported_investment: Decimal | None
    difference: Decimal | None
    sentence: str


def reconcile(received: Decimal, reported_investment: Decimal | None) -> Reconciliation:
    """Money received from the recorded sources vs cumulative investment in the monthly report.

    A difference is shown, never hidden: more investment reported than money received means a
    source is missing from the record (or the report is wrong); the reverse is unspent money.
    """
    if reported_investment is None:
        return Reconciliation(received, None, None, "尚无月度进展报送的累计完成投资，无法核对。")
    difference = received - reported_investment
    if difference == 0:
        sentence = "到位资金与月报累计完成投资一致。"
    elif difference < 0:
        sentence = (
            f"月报累计完成投资比已登记到位资金多 {-difference:,.2f} 元，"
            f"请补录资金来源或核对月报（{CLAUSE_FUNDING}）。"
        )
    else:
        sentence = f"已登记到位资金比月报累计完成投资多 {difference:,.2f} 元（尚未形成投资）。"
    return Reconciliation(received, reported_investment, difference, sentence)


@dataclass(frozen=True)
class StreetFundBalance:
    pooled: Decimal
    used_construction: Decimal
    used_operation: Decimal

    @property
    def balance(self) -> Decimal:
        return self.pooled - self.used_construction - self.used_operation


def may_spend(balance: StreetFundBalance, amount: Decimal) -> str | None:
    """Refusal sentence when a use would overdraw the street's pooled fund (三(二))."""
    if amount > balance.balance:
        return (
            f"街道归集的社区资金余额为 {balance.balance:,.2f} 元，不足以支出 {amount:,.2f} 元"
            f"（{CLAUSE_FUNDING} 由街道统筹社区工作各类财政保障资金）。"
        )
    return None
