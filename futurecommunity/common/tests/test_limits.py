"""Bounded inputs (issue 11 §4): each limit is a setting and each refusal a Chinese sentence,
proved with small crafted files (archive members, zip bomb, shared strings, a million empty
rows, cells, GeoJSON size and depth)."""

from __future__ import annotations

import io
import json
import time
import zipfile

import pytest
from openpyxl import Workbook

from futurecommunity.common.limits import (
    InputTooLarge,
    bounded_rows,
    check_archive,
    check_geojson,
    check_xlsx,
    json_depth,
)
from futurecommunity.projects import excel as project_excel
from futurecommunity.reporting.excel import parse_import


def _zip(members: dict[str, bytes]) -> zipfile.ZipFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    buffer.seek(0)
    return zipfile.ZipFile(buffer)


def _xlsx(rows: list[list[object]], *, far_cell: str | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    if far_cell:
        sheet[far_cell] = "x"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_member_count_is_capped(settings) -> None:
    settings.FC_ARCHIVE_MAX_MEMBERS = 10
    check_archive(_zip({f"f{i}.txt": b"x" for i in range(10)}))
    with pytest.raises(InputTooLarge, match="内含 11 个文件，超过上限 10 个"):
        check_archive(_zip({f"f{i}.txt": b"x" for i in range(11)}))


def test_a_zip_bomb_member_is_refused_by_ratio(settings) -> None:
    settings.FC_ARCHIVE_MAX_RATIO = 100
    bomb = _zip({"roads.shp": b"\0" * (3 * 1024 * 1024)})  # ~3 KB compressed, 3 MB inside
    with pytest.raises(InputTooLarge, match="压缩比异常（超过 100 倍），疑似压缩炸弹"):
        check_archive(bomb, what="Shapefile 压缩包")


def test_total_uncompressed_size_is_capped(settings) -> None:
    settings.FC_ARCHIVE_MAX_UNCOMPRESSED_MB = 1
    settings.FC_ARCHIVE_MAX_RATIO = 10**9
    with pytest.raises(InputTooLarge, match="解压后共 2.0 MB，超过上限 1 MB"):
        check_archive(_zip({"a.bin": b"\0" * (2 * 1024 * 1024)}))


def test_shared_strings_expansion_is_refused_before_reading(settings) -> None:
    settings.FC_XLSX_MAX_SHARED_STRINGS_MB = 0.01  # 10 KB
    # A workbook whose shared-strings part (which openpyxl loads whole) expands to ~60 KB.
    buffer = io.BytesIO(_xlsx([["项目编号"]]))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        strings = "".join(f"<si><t>很长的文字{i}</t></si>" for i in range(2000))
        archive.writestr("xl/sharedStrings.xml", f"<sst>{strings}</sst>")
    content = buffer.getvalue()
    with pytest.raises(InputTooLarge, match="文字内容解压后达 .* MB，超过上限 0.01 MB"):
        check_xlsx(content)
    # The project import says so as its one error.
    with pytest.raises(project_excel.WorkbookUnreadable, match="超过上限 0.01 MB"):
        project_excel.read_import_rows(content)


def test_a_million_empty_rows_stop_at_the_row_limit_quickly(settings) -> None:
    settings.FC_XLSX_MAX_ROWS = 20000
    content = _xlsx([["项目编号"]], far_cell="A1000000")  # a few KB on disk
    assert len(content) < 20_000
    started = time.perf_counter()
    parsed, errors = parse_import(content)
    assert time.perf_counter() - started < 20
    assert parsed == []
    assert errors == ["工作表超过 20000 行（含空行），请删除多余的空行或拆分文件后重新上传。"]


def test_cells_are_capped(settings) -> None:
    settings.FC_XLSX_MAX_CELLS = 50
    from openpyxl import load_workbook

    content = _xlsx([[1] * 10 for _ in range(6)])
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    with pytest.raises(InputTooLarge, match="超过 50 个单元格"):
        list(bounded_rows(sheet))


def test_geojson_depth_and_size_are_capped(settings) -> None:
    settings.FC_GEOJSON_MAX_DEPTH = 20
    fine = json.dumps({"type": "FeatureCollection", "features": [{"a": [[1, 2]]}]}).encode()
    check_geojson(fine)
    assert json_depth(fine) == 5
    # Brackets inside strings do not count.
    assert json_depth(b'{"name": "[[[[[[[[[[[[[[[[[[[[[[[[[[\\"]]]"}') == 1
    deep = b"[" * 21 + b"]" * 21
    with pytest.raises(InputTooLarge, match="嵌套 21 层，超过上限 20 层"):
        check_geojson(deep)
    settings.FC_GEOJSON_MAX_MB = 0.001
    with pytest.raises(InputTooLarge, match="超过上限 0.001 MB"):
        check_geojson(b" " * 2000)


@pytest.mark.django_db
def test_facility_geojson_import_refuses_deep_nesting(settings, yuecheng_editor) -> None:
    from futurecommunity.common.errors import DomainError
    from futurecommunity.lifecircle.catalogue import load_lifecircle_catalogue
    from futurecommunity.lifecircle.imports import facility_import_check

    load_lifecircle_catalogue()
    content = b'{"type": "FeatureCollection", "features": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    with pytest.raises(DomainError, match="嵌套 5001 层"):
        facility_import_check(
            actor=yuecheng_editor, content=content, filename="f.geojson", datum="wgs84"
        )


@pytest.mark.django_db
def test_a_shapefile_zip_bomb_fails_the_network_without_extracting(
    settings, tmp_path, yuecheng_editor
) -> None:
    from futurecommunity.common.errors import DomainError
    from futurecommunity.lifecircle.catalogue import load_lifecircle_catalogue
    from futurecommunity.lifecircle.networks import street_network_import_execute
    from futurecommunity.lifecircle.tests.factories import make_network

    settings.MEDIA_ROOT = tmp_path / "media"
    load_lifecircle_catalogue()
    network = make_network()
    network.source_format = "shp"
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("roads.shp", b"\0" * (4 * 1024 * 1024))
    with pytest.raises(DomainError, match="疑似压缩炸弹"):
        street_network_import_execute(network, path)
    network.refresh_from_db()
    assert network.status == "failed"
    assert "疑似压缩炸弹" in network.error
