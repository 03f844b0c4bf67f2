"""Service matrix cases (brief) for the bulk urban-flag writes (issue 10 item 9)."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from openpyxl import Workbook

from futurecommunity.regions.models import Region
from futurecommunity.regions.services import (
    region_import_urban_flags,
    region_set_urban_flag_by_street_kind,
)

DENIED = ["district_a_editor", "street_a", "city_viewer", "department", "district_b_editor"]


def _district(street_code: str) -> dict[str, Any]:
    return {"district": street_code[:6]}


def _by_kind(actor: Any, ctx: dict[str, Any]) -> None:
    region_set_urban_flag_by_street_kind(
        actor=actor, street_kind="street", is_urban=False, district=ctx["district"], reason="核定"
    )


def _sheet(street_code: str) -> dict[str, Any]:
    community = Region.objects.filter(level="community", parent_code=street_code).first()
    assert community is not None
    book = Workbook()
    ws = book.active
    ws.append(["城镇社区口径清单"])
    ws.append(["区划代码", "名称", "统计类别", "计入城镇社区"])
    ws.append(
        [community.code, community.name, "", "不计入" if community.is_urban_community else "计入"]
    )
    out = BytesIO()
    book.save(out)
    return {"content": out.getvalue()}


def _import(actor: Any, ctx: dict[str, Any]) -> None:
    region_import_urban_flags(actor=actor, content=ctx["content"], reason="核定")


SERVICE_CASES = {
    "futurecommunity.regions.services.region_set_urban_flag_by_street_kind": {
        "setup": _district,
        "call": _by_kind,
        "allowed": "city_editor",
        "denied": DENIED,
    },
    "futurecommunity.regions.services.region_import_urban_flags": {
        "setup": _sheet,
        "call": _import,
        "allowed": "city_editor",
        "denied": DENIED,
    },
}
