"""Pure life-circle rules: the configuration snapshot an analysis runs on, which facilities
count for which service at which level, and the engine parameters. No ORM here.

Coverage is judged on walking distance (the standards give distances; the walking speed only
turns distances into the minutes shown on the map), so changing the speed never changes a
coverage result.

A *slot* is one (service, level) pair, e.g. ``health@5min``. A level requires the services
that have a facility kind of exactly that level; a facility counts for its kind's level and,
when the kind ``serves_lower_levels``, for every smaller level too.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from futurecommunity.lifecircle.engine import LevelRule, LifeCircleParameters, wgs84_from_gcj02

PARAMETER_KEYS = ("walking_speed_m_per_min", "radii_m", "max_snap_distance_m", "min_covered_share")


class ConfigurationError(ValueError):
    """A configuration row is malformed; the message is a Chinese sentence."""


@dataclass(frozen=True)
class LevelDef:
    code: str
    name: str
    minutes: int
    max_distance_m: float


@dataclass(frozen=True)
class KindDef:
    code: str
    name: str
    service: str | None
    level: str
    serves_lower_levels: bool
    is_neighbourhood_centre: bool


@dataclass(frozen=True)
class Catalogue:
    """Everything an analysis needs from configuration, frozen into the run's parameters."""

    services: tuple[tuple[str, str], ...]  # (code, name), in display order
    levels: tuple[LevelDef, ...]  # smallest circle first
    kinds: tuple[KindDef, ...]
    walking_speed_m_per_min: float
    radii_m: tuple[float, ...]
    max_snap_distance_m: float
    min_covered_share: float

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Catalogue:
        return cls(
            services=tuple((s[0], s[1]) for s in data["services"]),
            levels=tuple(LevelDef(**level) for level in data["levels"]),
            kinds=tuple(KindDef(**kind) for kind in data["kinds"]),
            walking_speed_m_per_min=float(data["walking_speed_m_per_min"]),
            radii_m=tuple(float(r) for r in data["radii_m"]),
            max_snap_distance_m=float(data["max_snap_distance_m"]),
            min_covered_share=float(data["min_covered_share"]),
        )

    @property
    def service_names(self) -> dict[str, str]:
        return dict(self.services)

    @property
    def level_names(self) -> dict[str, str]:
        return {level.code: level.name for level in self.levels}

    def kind(self, code: str) -> KindDef:
        for kind in self.kinds:
            if kind.code == code:
                return kind
        raise ConfigurationError(f"设施类型“{code}”不在配置中。")


def slot_key(service: str, level: str) -> str:
    return f"{service}@{level}"


def split_slot(key: str) -> tuple[str, str]:
    service, _, level = key.partition("@")
    return service, level


def required_slots(catalogue: Catalogue) -> dict[str, list[str]]:
    """Per level (smallest first), the services it requires, in service order."""
    wanted = {(k.service, k.level) for k in catalogue.kinds if k.service is not None}
    return {
        level.code: [code for code, _name in catalogue.services if (code, level.code) in wanted]
        for level in catalogue.levels
    }


def counted_levels(catalogue: Catalogue, kind: KindDef) -> list[str]:
    """The levels a facility of ``kind`` counts for: its own, and smaller ones if it serves them."""
    codes = [level.code for level in catalogue.levels]
    own = codes.index(kind.level)
    return codes[: own + 1] if kind.serves_lower_levels else [kind.level]


def facility_slots(
    catalogue: Catalogue, kind_code: str, centre_services: Iterable[str]
) -> set[str]:
    """Slot keys a facility counts for; a neighbourhood centre counts for the services it lists."""
    kind = catalogue.kind(kind_code)
    services = set(centre_services) if kind.is_neighbourhood_centre else {kind.service}
    return {
        slot_key(service, level)
        for service in services
        if service is not None
        for level in counted_levels(catalogue, kind)
    }


def engine_parameters(catalogue: Catalogue) -> LifeCircleParameters:
    """One engine level per life-circle level, its slots as the engine's service types."""
    required = required_slots(catalogue)
    rules = tuple(
        LevelRule(
            name=level.code,
            service_types=tuple(slot_key(s, level.code) for s in required[level.code]),
            max_distance_m=level.max_distance_m,
        )
        for level in catalogue.levels
        if required[level.code]
    )
    return LifeCircleParameters(levels=rules, min_covered_share=catalogue.min_covered_share)


def parse_parameters(values: Mapping[str, str]) -> dict[str, Any]:
    """Check and convert the analysis parameter rows (key -> text value)."""
    missing = [key for key in PARAMETER_KEYS if key not in values]
    if missing:
        raise ConfigurationError(f"缺少分析参数：{'、'.join(missing)}。")
    speed = _positive(values["walking_speed_m_per_min"], "步行速度")
    snap = _positive(values["max_snap_distance_m"], "连接路网的最大距离")
    share = _number(values["min_covered_share"], "缺项判定覆盖比例")
    if not 0 < share <= 1:
        raise ConfigurationError("缺项判定覆盖比例须大于0且不大于1。")
    radii = tuple(_positive(part, "统计半径") for part in str(values["radii_m"]).split(","))
    if any(b <= a for a, b in zip(radii, radii[1:], strict=False)):
        raise ConfigurationError("统计半径须从小到大排列且不重复，如“300,500,800,1000”。")
    return {
        "walking_speed_m_per_min": speed,
        "radii_m": radii,
        "max_snap_distance_m": snap,
        "min_covered_share": share,
    }


def _number(text: str, label: str) -> float:
    try:
        value = float(str(text).strip())
    except ValueError:
        raise ConfigurationError(f"{label}须为数字，现为“{text}”。") from None
    if not math.isfinite(value):
        raise ConfigurationError(f"{label}须为有限数字，现为“{text}”。")
    return value


def _positive(text: str, label: str) -> float:
    value = _number(text, label)
    if value <= 0:
        raise ConfigurationError(f"{label}须大于0，现为“{text}”。")
    return value


def check_levels(levels: Iterable[LevelDef]) -> None:
    """Levels grow: each has more minutes and a longer distance than the one before."""
    previous: LevelDef | None = None
    for level in levels:
        if level.minutes <= 0 or not level.max_distance_m > 0:
            raise ConfigurationError(f"{level.name}的步行时间和距离须大于0。")
        if previous and (
            level.minutes <= previous.minutes or level.max_distance_m <= previous.max_distance_m
        ):
            raise ConfigurationError(
                f"{level.name}的步行时间和距离须大于{previous.name}（层级从小到大排列）。"
            )
        previous = level


DATUMS = {
    "wgs84": "WGS-84（GPS 经纬度）",
    "cgcs2000": "CGCS2000（国家2000经纬度、天地图）",
    "gcj02": "GCJ-02（高德、腾讯地图坐标）",
}


def to_wgs84(lon: float, lat: float, datum: str) -> tuple[float, float]:
    """Lon/lat in the chosen datum to WGS-84. CGCS2000 equals WGS-84 to well under a metre
    (see engine.crs); GCJ-02 is converted by the engine's inverse of the public formula."""
    if datum in ("wgs84", "cgcs2000"):
        return lon, lat
    if datum == "gcj02":
        x, y = wgs84_from_gcj02([lon], [lat])
        return float(x[0]), float(y[0])
    raise ConfigurationError(f"未知的坐标系“{datum}”。")
