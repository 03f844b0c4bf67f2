"""Bounds on every uploaded archive, workbook and GeoJSON (issue 11 §4).

Each limit is a setting (``config/settings.py``, ``FC_*``), each refusal raises
``InputTooLarge`` — a ``DomainError`` with a Chinese sentence naming the limit — before the
expensive work starts: archives are judged by their central directory (member count, total
uncompressed size, compression ratio), workbooks additionally by their shared strings and by the
rows and cells actually read (reading stops at the limit), GeoJSON by size and nesting depth.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

from django.conf import settings

from futurecommunity.common.errors import DomainError

MB = 1024 * 1024
# The ratio check applies to members this large or larger: tiny members compress arbitrarily.
RATIO_FLOOR_BYTES = 1 * MB


class InputTooLarge(DomainError):
    def __init__(self, message: str) -> None:
        super().__init__("input_too_large", message)


def _mb(value: float) -> str:
    return f"{value:g} MB"


def check_archive(archive: zipfile.ZipFile, *, what: str = "压缩包") -> None:
    """Refuse an archive with too many members, too much uncompressed data or a member that
    expands more than the allowed ratio (a "zip bomb")."""
    members = archive.infolist()
    max_members = settings.FC_ARCHIVE_MAX_MEMBERS
    if len(members) > max_members:
        raise InputTooLarge(
            f"{what}内含 {len(members)} 个文件，超过上限 {max_members} 个，请精简后重新上传。"
        )
    total = sum(m.file_size for m in members)
    limit = settings.FC_ARCHIVE_MAX_UNCOMPRESSED_MB * MB
    if total > limit:
        raise InputTooLarge(
            f"{what}解压后共 {total / MB:.1f} MB，超过上限 "
            f"{_mb(settings.FC_ARCHIVE_MAX_UNCOMPRESSED_MB)}，请拆分后重新上传。"
        )
    ratio = settings.FC_ARCHIVE_MAX_RATIO
    for member in members:
        if member.file_size >= RATIO_FLOOR_BYTES and member.file_size > ratio * max(
            member.compress_size, 1
        ):
            raise InputTooLarge(
                f"{what}中的“{Path(member.filename).name[:60]}”压缩比异常"
                f"（超过 {ratio} 倍），疑似压缩炸弹，已拒绝。"
            )


def check_xlsx(data: bytes) -> None:
    """Archive bounds of a workbook, plus the size of its shared strings (which openpyxl loads
    whole, even in read-only mode)."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        return  # not a zip: the workbook reader reports it as unreadable
    with archive:
        check_archive(archive, what="Excel 文件")
        shared = sum(
            m.file_size
            for m in archive.infolist()
            if m.filename.lower().endswith("sharedstrings.xml")
        )
        limit = settings.FC_XLSX_MAX_SHARED_STRINGS_MB * MB
        if shared > limit:
            raise InputTooLarge(
                f"Excel 文件中的文字内容解压后达 {shared / MB:.1f} MB，超过上限 "
                f"{_mb(settings.FC_XLSX_MAX_SHARED_STRINGS_MB)}，请删除多余内容后重新上传。"
            )


def bounded_rows(sheet: Any) -> Iterator[tuple[Any, ...]]:
    """``sheet.iter_rows(values_only=True)``, stopping with a refusal once more rows (empty ones
    included) or cells are read than allowed — a million empty rows cost nothing."""
    max_rows = settings.FC_XLSX_MAX_ROWS
    max_cells = settings.FC_XLSX_MAX_CELLS
    cells = 0
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number > max_rows:
            raise InputTooLarge(
                f"工作表超过 {max_rows} 行（含空行），请删除多余的空行或拆分文件后重新上传。"
            )
        cells += len(row)
        if cells > max_cells:
            raise InputTooLarge(
                f"工作表超过 {max_cells} 个单元格（含空单元格），请删除多余的行列后重新上传。"
            )
        yield row


_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def json_depth(data: bytes) -> int:
    """The deepest nesting of objects/arrays in JSON text, without parsing it."""
    depth = deepest = 0
    for match in _TOKENS.finditer(data):
        token = match.group()
        if token in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        elif token in (b"]", b"}"):
            depth -= 1
    return deepest


def check_geojson(data: bytes) -> None:
    size_limit = settings.FC_GEOJSON_MAX_MB * MB
    if len(data) > size_limit:
        raise InputTooLarge(
            f"GeoJSON 文件 {len(data) / MB:.1f} MB，超过上限 {_mb(settings.FC_GEOJSON_MAX_MB)}，"
            "请按街道拆分或改用 .gpkg / .pbf 格式上传。"
        )
    depth = json_depth(data)
    if depth > settings.FC_GEOJSON_MAX_DEPTH:
        raise InputTooLarge(
            f"GeoJSON 文件嵌套 {depth} 层，超过上限 {settings.FC_GEOJSON_MAX_DEPTH} 层，"
            "不是有效的地理数据，请检查后重新上传。"
        )


def check_geojson_file(path: Path) -> None:
    size_limit = settings.FC_GEOJSON_MAX_MB * MB
    size = path.stat().st_size
    if size > size_limit:
        raise InputTooLarge(
            f"GeoJSON 文件 {size / MB:.1f} MB，超过上限 {_mb(settings.FC_GEOJSON_MAX_MB)}，"
            "请按街道拆分或改用 .gpkg / .pbf 格式上传。"
        )
    check_geojson(path.read_bytes())
