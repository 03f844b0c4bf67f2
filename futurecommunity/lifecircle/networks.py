"""Reading an uploaded walking network with the engine and storing it as ``.npz``.

Runs inside the ``lifecircle.network_import`` job. The upload is read by the engine reader of
its format into the network's metric CRS; the graph (largest connected component) is saved
under MEDIA_ROOT/networks/ and the build report is copied onto the row.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
from django.conf import settings

from futurecommunity.common.errors import DomainError
from futurecommunity.common.limits import InputTooLarge, check_archive, check_geojson_file
from futurecommunity.lifecircle import engine
from futurecommunity.lifecircle.engine.readers import (
    NetworkImport,
    read_geojson_network,
    read_gpkg_network,
    read_osm_network,
    read_shapefile_network,
)
from futurecommunity.lifecircle.models import NetworkFormat, NetworkStatus, StreetNetwork

logger = logging.getLogger(__name__)

PROBLEMS_KEPT = 50
SUFFIXES = {
    NetworkFormat.OSM: (".pbf", ".osm"),
    NetworkFormat.GEOJSON: (".geojson", ".json"),
    NetworkFormat.GPKG: (".gpkg",),
    NetworkFormat.SHP: (".zip",),
}


def format_for(filename: str) -> str | None:
    """The network format implied by a file name, or None."""
    name = filename.lower()
    for fmt, suffixes in SUFFIXES.items():
        if name.endswith(suffixes):
            return str(fmt)
    return None


def _read(network: StreetNetwork, path: Path, datum: str, source_crs: str) -> NetworkImport:
    fmt = network.source_format
    if fmt == NetworkFormat.GEOJSON:
        check_geojson_file(path)  # size and nesting depth first (issue 11 §4)
    if fmt == NetworkFormat.OSM:
        return read_osm_network(path, target_crs=network.crs)
    if fmt == NetworkFormat.GEOJSON:
        return read_geojson_network(
            path, target_crs=network.crs, source_crs=source_crs or None, datum=datum
        )
    if fmt == NetworkFormat.GPKG:
        return read_gpkg_network(path, target_crs=network.crs, datum=datum)
    with tempfile.TemporaryDirectory() as folder:
        shp = _unzip_shapefile(path, Path(folder))
        return read_shapefile_network(
            shp, target_crs=network.crs, source_crs=source_crs or None, datum=datum
        )


def _unzip_shapefile(path: Path, folder: Path) -> Path:
    try:
        with zipfile.ZipFile(path) as archive:
            check_archive(archive, what="Shapefile 压缩包")  # bounded before extraction
            for member in archive.infolist():
                target = folder / Path(member.filename).name  # flatten: no path traversal
                if member.is_dir() or not target.name:
                    continue
                with archive.open(member) as src, target.open("wb") as dst:
                    shutil.copyfileobj(src, dst)
    except zipfile.BadZipFile as exc:
        raise engine.EngineError(
            "Shapefile 须打包为 .zip 上传（含 .shp、.shx、.dbf，最好含 .prj）。"
        ) from exc
    found = sorted(folder.glob("*.shp"))
    if not found:
        raise engine.EngineError("压缩包中没有 .shp 文件。")
    return found[0]


def save_graph(network: StreetNetwork, graph: engine.StreetGraph) -> None:
    """Write the graph to MEDIA_ROOT/networks/network-<id>.npz and point the row at it."""
    name = f"networks/network-{network.pk}.npz"
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    graph.save(path)
    network.graph_file.name = name


def length_km(graph: engine.StreetGraph) -> float:
    _u, _v, length = graph.edge_list()
    return round(float(length.sum()) / 1000.0, 3)


def street_network_import_execute(
    network: StreetNetwork,
    path: Path,
    *,
    datum: str = "wgs84",
    source_crs: str = "",
    progress: Callable[[int, str], None] = lambda _p, _m: None,
) -> StreetNetwork:
    """Read, build and save the graph; record the report. On failure the row says why."""
    started = time.perf_counter()
    progress(5, "正在读取路网文件")
    try:
        result = _read(network, path, datum, source_crs)
    except InputTooLarge as exc:
        network.status = NetworkStatus.FAILED
        network.error = f"路网文件无法导入：{exc.message}"
        network.save(update_fields=["status", "error", "updated_at"])
        raise DomainError("network_unreadable", network.error) from exc
    except engine.EngineError as exc:
        network.status = NetworkStatus.FAILED
        network.error = f"路网文件无法导入：{exc}"
        network.save(update_fields=["status", "error", "updated_at"])
        raise DomainError("network_unreadable", network.error) from exc
    except Exception as exc:  # noqa: BLE001 - any reader failure ends "importing" (issue 11 §5)
        logger.exception("network %s: reader failed", network.pk)
        network.status = NetworkStatus.FAILED
        network.error = (
            "路网文件无法导入：文件结构无法识别（例如嵌套过深、压缩包内容异常或文件损坏），"
            "请检查后重新上传。"
        )
        network.save(update_fields=["status", "error", "updated_at"])
        raise DomainError("network_unreadable", network.error) from exc
    finally:
        path.unlink(missing_ok=True)
    progress(
        80, f"已建成路网：{result.graph.n_nodes} 个节点、{result.graph.n_edges} 条路段，正在保存"
    )
    save_graph(network, result.graph)
    report = result.report
    problems = result.problems
    network.status = NetworkStatus.READY
    network.node_count = result.graph.n_nodes
    network.edge_count = result.graph.n_edges
    network.length_km = length_km(result.graph)
    network.nodes_dropped = report.nodes_dropped
    network.edges_dropped = report.edges_dropped
    network.components = report.components
    network.features_read = result.features_read
    network.features_used = result.features_used
    network.problem_count = len(problems)
    network.problems = [
        {"index": p.index, "feature": p.feature_id or "", "message": p.message, "fatal": p.is_fatal}
        for p in problems[:PROBLEMS_KEPT]
    ]
    network.error = ""
    network.save()
    progress(95, f"用时 {time.perf_counter() - started:.1f} 秒")
    return network


def network_lonlat_bounds(graph: engine.StreetGraph) -> list[list[float]]:
    """[[min lon, min lat], [max lon, max lat]] of the graph's nodes."""
    lon, lat = engine.metric_to_lonlat(graph.x, graph.y, graph.crs)
    return [[float(np.min(lon)), float(np.min(lat))], [float(np.max(lon)), float(np.max(lat))]]
