"""Configuration rows in words: a threshold's name, its value with the unit, its confidence.

The key stays on screen, small, for support; officials read the name and the value.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

NAMES = {
    "merged_proposal_total_investment_limit": "合并编报项目建议书和可研的总投资上限",
    "merged_proposal_limit_inclusive": "合并编报的“以下”是否含本数",
    "construction_permit_investment_limit": "可不办施工许可的工程投资额上限",
    "construction_permit_area_limit": "可不办施工许可的建筑面积上限",
    "public_notice_days": "实施方案公示天数",
}
UNITS = {"yuan": "元", "m2": "平方米", "day": "天", "bool": "是/否", "percent": "%"}
CONFIDENCE = {
    "sourced": "有原文出处",
    "reconstructed": "推定（待核实）",
    "uncertain": "推定（待核实）",
}
YES = {"true", "1", "yes", "是"}
NO = {"false", "0", "no", "否"}


def threshold_name(key: str) -> str:
    return NAMES.get(key, "审批路径阈值")


def unit_label(unit: str) -> str:
    return UNITS.get(unit, unit)


def confidence_label(confidence: str) -> str:
    return CONFIDENCE.get(confidence, "推定（待核实）")


def value_words(value: str, unit: str) -> str:
    """'20000000','yuan' → '2,000 万元'; 'true','bool' → '是'; '1000','m2' → '1,000 平方米'."""
    text = str(value).strip()
    if unit == "bool":
        return "是" if text.lower() in YES else "否" if text.lower() in NO else text
    try:
        number = Decimal(text)
    except InvalidOperation:
        return f"{text} {unit_label(unit)}".strip()
    if unit == "yuan" and number >= 10000:
        wan = number / 10000
        return f"{wan:,.0f} 万元" if wan == wan.to_integral() else f"{wan:,.2f} 万元"
    shown = f"{number:,.0f}" if number == number.to_integral() else f"{number:,}"
    return f"{shown} {unit_label(unit)}"


def parse_value(text: str, unit: str) -> str:
    """What an official types (是/否 for yes-no rows) → the stored value."""
    text = text.strip()
    if unit == "bool":
        if text.lower() in YES:
            return "true"
        if text.lower() in NO:
            return "false"
    return text.replace(",", "")
