"""Checking uploaded facilities (xlsx or GeoJSON points) and residential points (xlsx).

Every row is checked and every problem reported (row, column, full Chinese sentence) before
anything is written; coordinates are converted from the chosen datum to WGS-84 here. The
checked rows are then written all together by ``services.facility_import`` /
``services.residential_point_import``, or not at all.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from futurecommunity.accounts.access import region_prefix_for
from futurecommunity.accounts.models import User
from futurecommunity.common.errors import DomainError
from futurecommunity.common.limits import check_geojson
from futurecommunity.lifecircle import access, excel
from futurecommunity.lifecircle.models import FacilityKind, FacilityStatus, ServiceType
from futurecommunity.lifecircle.rules import to_wgs84
from futurecommunity.lifecircle.services import FacilityInput, ResidentialInput
from futurecommunity.regions.models import Region, RegionLevel

_SPLIT = re.compile(r"[、,，;；/\s]+")
_STATUS = {label: value for value, label in FacilityStatus.choices} | {
    value: value for value in FacilityStatus.values
}
_GEOJSON_KEYS = {c.header: c.key for c in excel.FACILITY_COLUMNS} | {
    c.key: c.key for c in excel.FACILITY_COLUMNS
}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass(frozen=True)
class Checked:
    """Result of a check: the rows that passed (with their row numbers) and every problem."""

    rows: tuple[Any, ...]
    numbers: tuple[int, ...]
    errors: tuple[RowError, ...]
    row_count: int

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def numbered(self) -> list[tuple[int, Any]]:
        return list(zip(self.numbers, self.rows, strict=True))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class _Places:
    """Regions inside the actor's territory by code and by name (loaded once per check)."""

    def __init__(self, actor: User) -> None:
        prefix = region_prefix_for(actor) or ""
        self.by_code: dict[str, Region] = {}
        self.by_name: dict[str, list[Region]] = {}
        for region in Region.objects.filter(code__startswith=prefix).only("code", "name", "level"):
            self.by_code[region.code] = region
            for alias in _aliases(region.name):
                self.by_name.setdefault(alias, []).append(region)

    def find(self, text: str, levels: set[str]) -> tuple[Region | None, str]:
        """The region named or coded by ``text`` (of one of ``levels``), or why not."""
        found = [self.by_code[text]] if text in self.by_code else self.by_name.get(text, [])
        found = [r for r in found if r.level in levels]
        if not found:
            return None, f"在您的辖区内未找到“{text}”，请核对名称或改填区划代码。"
        if len(found) > 1:
            return None, f"辖区内有 {len(found)} 个名为“{text}”的区划，请改填区划代码。"
        return found[0], ""


def _aliases(name: str) -> set[str]:
    names = {name}
    for suffix in ("居民委员会", "村民委员会", "居委会", "村委会"):
        if name.endswith(suffix) and len(name) > len(suffix):
            names.add(name[: -len(suffix)])
    return names


class _Row:
    """Parses one row; collects every problem instead of stopping at the first."""

    def __init__(self, number: int, values: dict[str, Any], headers: dict[str, str]) -> None:
        self.number = number
        self.values = values
        self.headers = headers
        self.errors: list[RowError] = []

    def error(self, key: str, message: str) -> None:
        self.errors.append(RowError(self.number, self.headers[key], message))

    def text(self, key: str, *, required: bool = False, limit: int = 100) -> str:
        value = _text(self.values.get(key))
        if required and not value:
            self.error(key, f"“{self.headers[key]}”为必填项，本行未填写。")
        elif len(value) > limit:
            self.error(
                key, f"“{self.headers[key]}”不能超过 {limit} 个字，本行为 {len(value)} 个字。"
            )
        return value

    def number_value(self, key: str, *, required: bool = False, low: float = 0.0) -> float | None:
        value = self.text(key, required=required)
        if not value:
            return None
        try:
            number = float(value.replace(",", "").replace("，", ""))
        except ValueError:
            self.error(key, f"“{self.headers[key]}”须填写数字，本行填写的“{value}”不是数字。")
            return None
        if not math.isfinite(number) or number < low:
            self.error(key, f"“{self.headers[key]}”须为不小于{low:g}的数字，本行填写的是 {value}。")
            return None
        return number

    def integer(self, key: str, *, required: bool = False) -> int | None:
        number = self.number_value(key, required=required)
        if number is not None and not number.is_integer():
            self.error(key, f"“{self.headers[key]}”须为整数，本行填写的是 {number:g}。")
            return None
        return None if number is None else int(number)

    def lonlat(self, datum: str) -> tuple[float, float] | None:
        lon = self.number_value("lon", required=True, low=-180)
        lat = self.number_value("lat", required=True, low=-90)
        if lon is None or lat is None:
            return None
        if lon > 180 or lat > 90:
            self.error(
                "lon", f"经纬度超出范围（经度 {lon:g}，纬度 {lat:g}）：请填写十进制度，经度在前。"
            )
            return None
        return to_wgs84(lon, lat, datum)


def _check(raw_rows: list[excel.RawRow], parse: Any) -> Checked:
    rows, numbers, errors = [], [], []
    for raw in raw_rows:
        row, row_errors = parse(raw)
        errors.extend(row_errors)
        if row is not None and not row_errors:
            rows.append(row)
            numbers.append(raw.number)
    return Checked(tuple(rows), tuple(numbers), tuple(errors), len(raw_rows))


def _headers(columns: tuple[excel.Column, ...]) -> dict[str, str]:
    return {c.key: c.header for c in columns}


class _FacilityParser:
    def __init__(self, actor: User, datum: str, source: str) -> None:
        self.actor = actor
        self.datum = datum
        self.source = source
        self.places = _Places(actor)
        self.kinds = {k.name: k for k in FacilityKind.objects.all()}
        self.kinds |= {k.code: k for k in self.kinds.values()}
        self.services = {s.name: s.code for s in ServiceType.objects.all()}
        self.headers = _headers(excel.FACILITY_COLUMNS)

    def __call__(self, raw: excel.RawRow) -> tuple[FacilityInput | None, list[RowError]]:
        row = _Row(raw.number, raw.values, self.headers)
        name = row.text("name", required=True)
        kind = self._kind(row)
        services = self._services(row, kind)
        lonlat = row.lonlat(self.datum)
        region = self._region(row)
        status = row.text("status") or "已开放"
        if status not in _STATUS:
            row.error(
                "status", f"“状态”只能填写规划、在建、已开放或已停用，本行填写的是“{status}”。"
            )
        area = row.number_value("floor_area")
        capacity = row.integer("capacity")
        if row.errors or kind is None or lonlat is None or region is None:
            return None, row.errors
        return FacilityInput(
            kind_code=kind.code, name=name, lon=lonlat[0], lat=lonlat[1], region_code=region.code,
            address=row.text("address", limit=200), status=_STATUS[status],
            floor_area=None if area is None else Decimal(str(round(area, 1))), capacity=capacity,
            operator=row.text("operator"), service_codes=services, source=self.source,
        ), []  # fmt: skip

    def _kind(self, row: _Row) -> FacilityKind | None:
        value = row.text("kind", required=True)
        if value and value not in self.kinds:
            row.error("kind", f"设施类型“{value}”不在设施类型目录中，请从下拉列表选择。")
        return self.kinds.get(value)

    def _services(self, row: _Row, kind: FacilityKind | None) -> tuple[str, ...]:
        names = [n for n in _SPLIT.split(row.text("services")) if n]
        unknown = [n for n in names if n not in self.services]
        if unknown:
            allowed = "、".join(self.services)
            row.error("services", f"“{'、'.join(unknown)}”不是服务类型；可填写：{allowed}。")
        if kind is not None and kind.is_neighbourhood_centre and not names:
            row.error(
                "services",
                "邻里中心须填写所含服务（二(四)：养老、托育、帮扶、卫生、文化、教育、健身）。",
            )
        if kind is not None and not kind.is_neighbourhood_centre and names:
            row.error("services", f"只有邻里中心填写所含服务；“{kind.name}”的服务由设施类型决定。")
        return tuple(self.services[n] for n in names if n in self.services)

    def _region(self, row: _Row) -> Region | None:
        value = row.text("region", required=True)
        if not value:
            return None
        levels = {RegionLevel.DISTRICT.value, RegionLevel.STREET.value, RegionLevel.COMMUNITY.value}
        region, why = self.places.find(value, levels)
        if region is None:
            row.error("region", why)
        elif not access.can_edit_in(self.actor, region.code):
            row.error("region", f"您无权在“{region.name}”登记设施（只能登记本辖区内的设施）。")
            return None
        return region


def facility_import_check(*, actor: User, content: bytes, filename: str, datum: str) -> Checked:
    """Check an xlsx (template) or GeoJSON (Point features) upload; writes nothing."""
    parser = _FacilityParser(actor, datum, filename[:100])
    if filename.lower().endswith((".geojson", ".json")):
        raw_rows = _geojson_rows(content)
    else:
        try:
            raw_rows = excel.read_rows(content, excel.FACILITY_SHEET, excel.FACILITY_COLUMNS)
        except excel.WorkbookUnreadable as exc:
            raise DomainError("workbook_unreadable", exc.message) from exc
    return _check(raw_rows, parser)


def _geojson_rows(content: bytes) -> list[excel.RawRow]:
    """Point features as rows numbered by feature (1-based); properties use the template's
    Chinese column names or their English keys."""
    check_geojson(content)  # size and nesting depth (issue 11 §4)
    try:
        document = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DomainError(
            "geojson_unreadable", "无法读取该文件：不是有效的 GeoJSON（UTF-8 编码的 JSON）。"
        ) from exc
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list) or not features:
        raise DomainError("geojson_unreadable", "GeoJSON 须为含有点要素的 FeatureCollection。")
    rows = []
    for number, feature in enumerate(features, start=1):
        feature = feature if isinstance(feature, dict) else {}
        properties = feature.get("properties") or {}
        values = {_GEOJSON_KEYS[k]: v for k, v in properties.items() if k in _GEOJSON_KEYS}
        geometry = feature.get("geometry") or {}
        coords = geometry.get("coordinates") if geometry.get("type") == "Point" else None
        if isinstance(coords, list) and len(coords) >= 2:
            values["lon"], values["lat"] = coords[0], coords[1]
        else:
            values["lon"] = values["lat"] = None
        rows.append(excel.RawRow(number=number, values=values))
    return rows


class _ResidentParser:
    def __init__(self, actor: User, datum: str, source: str) -> None:
        self.actor = actor
        self.datum = datum
        self.source = source
        self.places = _Places(actor)
        self.headers = _headers(excel.RESIDENT_COLUMNS)

    def __call__(self, raw: excel.RawRow) -> tuple[ResidentialInput | None, list[RowError]]:
        row = _Row(raw.number, raw.values, self.headers)
        name = row.text("name")
        community = self._community(row)
        lonlat = row.lonlat(self.datum)
        population = row.integer("population", required=True)
        source = row.text("source") or self.source
        if row.errors or community is None or lonlat is None or population is None:
            return None, row.errors
        return ResidentialInput(
            community_code=community.code, name=name, lon=lonlat[0], lat=lonlat[1],
            population=population, source=source,
        ), []  # fmt: skip

    def _community(self, row: _Row) -> Region | None:
        value = row.text("community", required=True)
        if not value:
            return None
        region, why = self.places.find(value, {RegionLevel.COMMUNITY.value})
        if region is None:
            row.error("community", why)
        elif not access.can_edit_in(self.actor, region.code):
            row.error("community", f"您无权为“{region.name}”导入居住点。")
            return None
        return region


def residential_import_check(*, actor: User, content: bytes, filename: str, datum: str) -> Checked:
    try:
        raw_rows = excel.read_rows(content, excel.RESIDENT_SHEET, excel.RESIDENT_COLUMNS)
    except excel.WorkbookUnreadable as exc:
        raise DomainError("workbook_unreadable", exc.message) from exc
    return _check(raw_rows, _ResidentParser(actor, datum, filename[:100]))


def to_session(rows: tuple[Any, ...]) -> list[dict[str, Any]]:
    """Checked rows in a session-safe shape (decimals as strings, tuples as lists)."""
    result = []
    for row in rows:
        values = asdict(row)
        for key, value in values.items():
            if isinstance(value, Decimal):
                values[key] = str(value)
            elif isinstance(value, tuple):
                values[key] = list(value)
        result.append(values)
    return result


def facilities_from_session(items: list[dict[str, Any]]) -> list[FacilityInput]:
    inputs = []
    for item in items:
        values = dict(item)
        try:
            values["floor_area"] = (
                None if values.get("floor_area") is None else Decimal(values["floor_area"])
            )
        except InvalidOperation:
            values["floor_area"] = None
        values["service_codes"] = tuple(values.get("service_codes", ()))
        inputs.append(FacilityInput(**values))
    return inputs


def residents_from_session(items: list[dict[str, Any]]) -> list[ResidentialInput]:
    return [ResidentialInput(**item) for item in items]
