"""Bulk registration of projects from the import workbook: check every row, then write all rows
in one transaction through ``services.project_create`` or none at all."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from futurecommunity.accounts.models import User
from futurecommunity.audit.services import audit_record
from futurecommunity.common.errors import DomainError, PermissionDenied
from futurecommunity.projects import access, excel, services
from futurecommunity.projects.models import Ambition, BuildType, Funding, Level, Project
from futurecommunity.projects.services import ProjectInput
from futurecommunity.regions.models import Region, RegionLevel

YEAR_RANGE = (2019, 2035)  # the project_creation_year_range constraint
_SPLIT = re.compile("[" + "".join(excel.COMMUNITY_SEPARATORS) + r"\s]+")
_CODE = re.compile(r"\d{12}")
_TEXT_LIMITS = {
    "name": 100,
    "batch": 32,
    "linked_renovation_reference": 64,
    "implementing_body": 100,
    "operator": 100,
}
_BOOLEANS = {"是": True, "否": False, "y": True, "n": False, "true": True, "false": False}
_BOOLEANS |= {"1": True, "0": False}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass(frozen=True)
class ImportRow:
    number: int
    data: ProjectInput
    district_name: str
    street_name: str
    community_names: tuple[str, ...]

    @property
    def level_label(self) -> str:
        return str(Level(self.data.level).label)

    @property
    def build_type_label(self) -> str:
        return str(BuildType(self.data.build_type).label)


@dataclass(frozen=True)
class ImportCheck:
    rows: tuple[ImportRow, ...]
    errors: tuple[RowError, ...]
    row_count: int

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


class _Places:
    """Every district, street and community, loaded once per check (about 2,300 rows)."""

    def __init__(self) -> None:
        self.by_code: dict[str, Region] = {}
        self.districts: dict[str, Region] = {}
        self.streets: dict[str, list[Region]] = {}
        self.communities: dict[tuple[str, str], list[Region]] = {}
        for region in Region.objects.only(
            "code", "name", "level", "parent_code", "district_code"
        ).order_by("code"):
            self.by_code[region.code] = region
            if region.level == RegionLevel.DISTRICT:
                self.districts[region.name] = region
            elif region.level == RegionLevel.STREET:
                self.streets.setdefault(region.name, []).append(region)
            else:
                for alias in _aliases(region.name):
                    key = (region.district_code, alias)
                    self.communities.setdefault(key, []).append(region)

    def region(self, text: str, level: str) -> Region | None:
        found = self.by_code.get(text)
        return found if found is not None and found.level == level else None


def _aliases(name: str) -> set[str]:
    """A community may be written with or without its committee suffix (渡东社区居委会 / 渡东社区)."""
    names = {name}
    for suffix in ("居民委员会", "村民委员会", "居委会", "村委会"):
        if name.endswith(suffix) and len(name) > len(suffix):
            names.add(name[: -len(suffix)])
    return names


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class _RowParser:
    def __init__(self, actor: User, places: _Places, number: int, values: dict[str, Any]) -> None:
        self.actor = actor
        self.places = places
        self.number = number
        self.values = values
        self.errors: list[RowError] = []

    def error(self, key: str, message: str) -> None:
        self.errors.append(RowError(self.number, excel.HEADER_OF[key], message))

    def text(self, key: str, *, required: bool = False) -> str:
        value = _text(self.values.get(key))
        header = excel.HEADER_OF[key]
        if required and not value:
            self.error(key, f"“{header}”为必填项，本行未填写。")
        limit = _TEXT_LIMITS.get(key)
        if limit and len(value) > limit:
            self.error(key, f"“{header}”不能超过 {limit} 个字，本行为 {len(value)} 个字。")
        return value

    def choice(self, key: str, choices: Any, *, required: bool = False) -> str:
        value = self.text(key, required=required)
        if not value:
            return ""
        mapping = {label: code for code, label in choices.choices} | {
            code: code for code in choices.values
        }
        if value in mapping:
            return str(mapping[value])
        allowed = "／".join(choices.labels)
        self.error(key, f"“{excel.HEADER_OF[key]}”只能填写{allowed}，本行填写的“{value}”无法识别。")
        return ""

    def boolean(self, key: str) -> bool:
        raw = self.values.get(key)
        if isinstance(raw, bool):
            return raw
        value = _text(raw).lower()
        if not value:
            return False
        if value in _BOOLEANS:
            return _BOOLEANS[value]
        self.error(key, f"“{excel.HEADER_OF[key]}”只能填写“是”或“否”，本行填写的是“{value}”。")
        return False

    def year(self) -> int:
        raw = self.values.get("creation_year")
        value = _text(raw)
        header = excel.HEADER_OF["creation_year"]
        if not value:
            self.error("creation_year", f"“{header}”为必填项，本行未填写。")
            return 0
        low, high = YEAR_RANGE
        if not value.isdigit() or not low <= int(value) <= high:
            self.error(
                "creation_year",
                f"“{header}”须为 {low}—{high} 之间的四位年份，本行填写的“{value}”不符合。",
            )
            return 0
        return int(value)

    def decimal(
        self, key: str, *, places: int, limit: Decimal, low: Decimal = Decimal(0)
    ) -> Decimal | None:
        raw = self.values.get(key)
        value = _text(raw).replace(",", "").replace("，", "")
        if not value:
            return None
        header = excel.HEADER_OF[key]
        try:
            number = Decimal(str(raw) if isinstance(raw, int | float) else value)
        except InvalidOperation:
            self.error(key, f"“{header}”须填写数字，本行填写的“{value}”不是数字。")
            return None
        if not number.is_finite() or number < low or number >= limit:
            self.error(key, f"“{header}”须在 {low} 至 {limit} 之间，本行填写的是 {value}。")
            return None
        return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)

    def district(self) -> Region | None:
        value = self.text("district", required=True)
        if not value:
            return None
        region = self.places.districts.get(value) or self.places.region(value, "district")
        if region is None:
            self.error("district", f"区、县（市）“{value}”不存在，请从下拉列表中选择。")
        return region

    def street(self, district: Region | None) -> Region | None:
        value = self.text("street", required=True)
        if not value:
            return None
        candidates = self.places.streets.get(value) or [
            r for r in [self.places.region(value, "street")] if r is not None
        ]
        if not candidates:
            self.error("street", f"街道（镇、乡）“{value}”不存在，请从下拉列表中选择。")
            return None
        if district is not None:
            inside = [s for s in candidates if s.district_code == district.code]
            if not inside:
                self.error(
                    "street", f"街道“{value}”不属于{district.name}，请核对区、县（市）和街道。"
                )
                return None
            candidates = inside
        street = candidates[0]
        if not access.can_create_project_in(self.actor, street.code):
            self.error(
                "street",
                f"您无权在“{street.name}”登记项目：只能导入本辖区内街道的项目（按辖区分级管理）。",
            )
            return None
        return street

    def communities(self, district: Region | None, street: Region | None) -> list[Region]:
        value = self.text("communities", required=True)
        if not value or district is None:
            return []
        found: list[Region] = []
        for token in [t for t in _SPLIT.split(value) if t]:
            if _CODE.fullmatch(token):
                region = self.places.region(token, "community")
                matches = [region] if region and region.district_code == district.code else []
            else:
                matches = self.places.communities.get((district.code, token), [])
            if street is not None and len(matches) > 1:
                matches = [c for c in matches if c.parent_code == street.code] or matches
            if not matches:
                where = f"{district.name}{street.name if street else ''}"
                self.error(
                    "communities",
                    f"在{where}内未找到社区（村）“{token}”；覆盖社区须位于项目所在区、县（市）内"
                    "（一、G3），请核对名称或改填 12 位区划代码。",
                )
            elif len(matches) > 1:
                self.error(
                    "communities",
                    f"{district.name}内有 {len(matches)} 个名为“{token}”的社区（村），"
                    "请改填 12 位区划代码。",
                )
            elif matches[0] not in found:
                found.append(matches[0])
        return found

    def parse(self) -> ImportRow | None:
        name = self.text("name", required=True)
        district = self.district()
        street = self.street(district)
        communities = self.communities(district, street)
        level = self.choice("level", Level, required=True)
        build_type = self.choice("build_type", BuildType, required=True)
        year = self.year()
        linked = self.boolean("is_linked_renovation")
        if linked and build_type == BuildType.NEW_BUILD:
            self.error(
                "is_linked_renovation",
                "只有旧改类项目可以联动老旧小区改造（二(一) T4），本行建设类型为新建类。",
            )
        data = dict(
            ambition=self.choice("ambition", Ambition),
            batch=self.text("batch"),
            is_key_area=self.boolean("is_key_area"),
            is_linked_renovation=linked,
            linked_renovation_reference=self.text("linked_renovation_reference"),
            total_investment=self.decimal("total_investment", places=2, limit=Decimal(10) ** 14),
            floor_area=self.decimal("floor_area", places=2, limit=Decimal(10) ** 10),
            funding=self.choice("funding", Funding),
            implementing_body=self.text("implementing_body"),
            operator=self.text("operator"),
            longitude=self.decimal("longitude", places=6, low=Decimal(118), limit=Decimal(122)),
            latitude=self.decimal("latitude", places=6, low=Decimal(28), limit=Decimal(31)),
            notes=self.text("notes"),
        )
        if self.errors or district is None or street is None:
            return None
        return ImportRow(
            number=self.number,
            data=ProjectInput(
                name=name,
                district_code=district.code,
                street_code=street.code,
                community_codes=tuple(c.code for c in communities),
                level=level,
                build_type=build_type,
                creation_year=year,
                **data,  # type: ignore[arg-type]
            ),
            district_name=district.name,
            street_name=street.name,
            community_names=tuple(c.name for c in communities),
        )


def project_import_check(*, actor: User, content: bytes) -> ImportCheck:
    """Every problem of every row (row number, column, full sentence); writes nothing."""
    try:
        raw_rows = excel.read_import_rows(content)
    except excel.WorkbookUnreadable as exc:
        raise DomainError("workbook_unreadable", exc.message) from exc
    places = _Places()
    rows: list[ImportRow] = []
    errors: list[RowError] = []
    seen: dict[tuple[str, str], int] = {}
    for raw in raw_rows:
        parser = _RowParser(actor, places, raw.number, raw.values)
        row = parser.parse()
        key = (_text(raw.values.get("name")), _text(raw.values.get("street")))
        if all(key):
            if key in seen:
                parser.error(
                    "name",
                    f"与第 {seen[key]} 行重复：同一文件中“项目名称 + 实施街道”不能重复"
                    f"（{key[0]}，{key[1]}）。",
                )
                row = None
            else:
                seen[key] = raw.number
        errors.extend(parser.errors)
        if row is not None:
            rows.append(row)
    return ImportCheck(rows=tuple(rows), errors=tuple(errors), row_count=len(raw_rows))


def project_import(*, actor: User, rows: Sequence[ProjectInput]) -> list[Project]:
    """Register every row through ``project_create`` in one transaction, plus one import entry.

    Any refusal rolls everything back and is reported with the row's position."""
    if not rows:
        raise DomainError("import_empty", "没有可导入的项目。")
    created: list[Project] = []
    with transaction.atomic():
        for position, data in enumerate(rows, start=1):
            try:
                created.append(services.project_create(actor=actor, data=data))
            except PermissionDenied as exc:
                raise PermissionDenied(
                    f"第 {position} 个项目“{data.name}”未能导入：{exc.message}"
                    "本次导入已全部撤销，未写入任何项目。"
                ) from exc
            except DomainError as exc:
                raise DomainError(
                    exc.code,
                    f"第 {position} 个项目“{data.name}”未能导入：{exc.message}"
                    "本次导入已全部撤销，未写入任何项目。",
                ) from exc
        audit_record(
            actor=actor,
            action="project.import",
            subject_type="project",
            region_code=access.project_scope_prefix(actor) or "",
            changes={"references": [None, [p.reference for p in created]]},
            reason=f"导入 {len(created)} 个项目",
        )
    return created


def rows_to_json(rows: Sequence[ImportRow]) -> list[dict[str, Any]]:
    """Checked rows in a session-safe shape (decimals as strings)."""
    result = []
    for row in rows:
        values = asdict(row.data)
        for key, value in values.items():
            if isinstance(value, Decimal):
                values[key] = str(value)
        values["community_codes"] = list(row.data.community_codes)
        result.append(values)
    return result


def inputs_from_json(items: Sequence[dict[str, Any]]) -> list[ProjectInput]:
    decimals = ("total_investment", "floor_area", "longitude", "latitude")
    inputs = []
    for item in items:
        values = dict(item)
        for key in decimals:
            if values.get(key) is not None:
                values[key] = Decimal(values[key])
        values["community_codes"] = tuple(values["community_codes"])
        inputs.append(ProjectInput(**values))
    return inputs
