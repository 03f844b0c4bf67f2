"""Files of the centres app: the candidate-site import table (xlsx) and the plan exports
(xlsx and the Word plan document). Parsing checks shape only; services check policy."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from io import BytesIO
from typing import Any

from docx import Document
from openpyxl import Workbook, load_workbook

from futurecommunity.accounts.models import Organisation
from futurecommunity.centres.models import LandType, LayoutPlan, SiteKind
from futurecommunity.centres.services import SiteInput
from futurecommunity.common.errors import ValidationFailed
from futurecommunity.common.xlsx import Column, list_workbook, neutralise, workbook_bytes
from futurecommunity.regions.models import Region

COLUMNS = (
    "类型", "名称", "街道代码", "社区代码", "地址", "经度", "纬度", "面积（平方米）",
    "预计改造费用（万元）", "产权单位", "现状用途", "闲置起始", "房屋状况", "用地类型",
    "所属项目编号",
)  # fmt: skip
MAX_ROWS = 2000
_KIND = {label: value for value, label in SiteKind.choices}
_LAND = {label: value for value, label in LandType.choices}


def template_workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "候选点位"
    sheet.append(list(COLUMNS))
    sheet.append([
        "闲置（低效）用房", "【示例】原粮站办公楼", "330602001", "330602001004", "塔山街道某路1号",
        120.58, 29.99, 800, 120, "绍兴市人民政府国有资产监督管理委员会", "仓储", "2022-01-01",
        "结构完好", "", "",
    ])  # fmt: skip
    return workbook_bytes(book)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _date(value: Any, label: str, problems: list[str]) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        problems.append(f"{label}“{value}”不是日期（格式如 2024-03-01）")
        return None


def _number(value: Any, label: str, problems: list[str]) -> Decimal:
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        problems.append(f"{label}“{_text(value)}”不是数字")
        return Decimal(0)


def parse_sites(content: bytes, *, is_demo: bool = False) -> list[SiteInput]:
    """Rows of the import table; any unreadable cell makes the whole table refused, with every
    problem listed by row."""
    try:
        book = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a non-xlsx file
        raise ValidationFailed({"file": ["文件不是有效的 .xlsx 表格。"]}) from exc
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    if not rows or [(_text(c)) for c in rows[0][: len(COLUMNS)]] != list(COLUMNS):
        raise ValidationFailed({"file": ["表头与模板不一致，请下载模板填写。"]})
    body = [r for r in rows[1:] if any(c not in (None, "") for c in r)]
    if len(body) > MAX_ROWS:
        raise ValidationFailed({"file": [f"一次最多导入 {MAX_ROWS} 行。"]})
    owners = {o.name: o.code for o in Organisation.objects.all()}
    owners |= {o.code: o.code for o in Organisation.objects.all()}
    out, errors = [], []
    for line, raw in enumerate(body, start=2):
        cells = dict(zip(COLUMNS, list(raw) + [None] * len(COLUMNS), strict=False))
        problems: list[str] = []
        kind = _KIND.get(_text(cells["类型"]))
        if kind is None:
            problems.append(f"类型“{_text(cells['类型'])}”应为“闲置（低效）用房”或“存量用地”")
        lon = float(_number(cells["经度"], "经度", problems))
        lat = float(_number(cells["纬度"], "纬度", problems))
        owner_text = _text(cells["产权单位"])
        owner = owners.get(owner_text, "")
        if owner_text and not owner:
            problems.append(f"产权单位“{owner_text}”不在单位名录中")
        land = _text(cells["用地类型"])
        if land and land not in _LAND:
            problems.append(f"用地类型“{land}”无效")
        data = SiteInput(
            kind=kind or "", name=_text(cells["名称"])[:100], street_code=_text(cells["街道代码"]),
            community_code=_text(cells["社区代码"]), address=_text(cells["地址"])[:200], lon=lon,
            lat=lat, area=_number(cells["面积（平方米）"], "面积", problems),
            cost=_number(cells["预计改造费用（万元）"], "预计费用", problems), owner_code=owner,
            current_use=_text(cells["现状用途"]), idle_since=_date(cells["闲置起始"], "闲置起始", problems),
            condition=_text(cells["房屋状况"]), land_type=_LAND.get(land, ""),
            project_reference=_text(cells["所属项目编号"]), is_demo=is_demo,
        )  # fmt: skip
        if problems:
            errors.append(f"第 {line} 行“{data.name}”：{'；'.join(problems)}")
        out.append(data)
    if errors:
        raise ValidationFailed({"rows": errors + ["本次导入已全部撤销，未写入任何数据。"]})
    if not out:
        raise ValidationFailed({"file": ["表格中没有数据行。"]})
    return out


def _plan_rows(plan: LayoutPlan) -> list[list[Any]]:
    streets = dict(
        Region.objects.filter(code__startswith=plan.district_code).values_list("code", "name")
    )
    rows = []
    for item in plan.items.select_related("site", "site__community", "centre").order_by(
        "year", "rank"
    ):
        site = item.site
        rows.append([
            item.year, item.rank, site.name, site.get_kind_display(), streets.get(site.region_code, site.region_code),
            site.community.name if site.community else "", round(item.newly_covered), float(item.cost),
            item.centre.get_status_display() if item.centre else "", "是" if item.edited else "",
        ])  # fmt: skip
    return rows


PLAN_HEADERS = (
    "建设年度",
    "排序",
    "点位",
    "类型",
    "街道",
    "社区",
    "新增覆盖人口",
    "预计费用（万元）",
    "进度",
    "人工调整",
)


def plan_workbook(plan: LayoutPlan, *, exported_by: str, exported_at: dt.datetime) -> bytes:
    return list_workbook(
        title=plan.name, columns=[Column(h, 16) for h in PLAN_HEADERS], rows=_plan_rows(plan),
        exported_by=exported_by, exported_at=exported_at,
    )  # fmt: skip


def plan_docx(plan: LayoutPlan, *, result: dict[str, Any]) -> bytes:
    doc = Document()
    doc.add_heading(plan.name, level=1)
    total = plan.total_population or 0
    doc.add_paragraph(
        f"依据《绍兴市未来社区建设实施方案》二(四)：按照“缺什么补什么”的原则编制邻里中心布点规划和三年建设计划，"
        f"原则上每个社区一个邻里中心。本规划自 {plan.first_year} 年起实施。"
    )
    gap = float(result.get("gap", 0))
    doc.add_paragraph(
        f"测算：服务半径 {plan.scenario.radius_m} 米；现状覆盖 {round(plan.baseline_population)}，"
        f"规划新增覆盖 {result.get('newly_covered', 0)}（总量 {round(total)}）；"
        + (
            "经精确求解证明为最优方案（最优性差距为0）。"
            if gap == 0
            else f"最优性差距不超过 {gap * 100:.2f}%。"
        )
    )
    rows = _plan_rows(plan)
    for year in sorted({r[0] for r in rows}):
        doc.add_heading(f"{year} 年", level=2)
        table = doc.add_table(rows=1, cols=5)
        for cell, text in zip(
            table.rows[0].cells,
            ("点位", "街道", "社区", "新增覆盖人口", "预计费用（万元）"),
            strict=True,
        ):
            cell.text = text
        for r in (r for r in rows if r[0] == year):
            cells = table.add_row().cells
            for cell, value in zip(cells, (r[2], r[4], r[5], r[6], r[7]), strict=True):
                cell.text = str(neutralise(value))
    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
