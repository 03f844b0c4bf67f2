"""Population-weighted life-circle coverage per group, and the gap list.

No policy number lives here: the levels (5/10/15 minutes or metres), the services each
level must have and the share below which a service counts as missing all come from the
caller's :class:`LifeCircleParameters` (loaded from configuration rows by the Django layer).

An origin is *covered* for service type ``t`` at level ``L`` when its nearest facility of
``t`` is within ``L``'s threshold: ``walk_minutes <= max_walk_minutes`` or
``nearest_distance_m <= max_distance_m`` (exactly one of the two is set per level).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .accessibility import AccessibilityResult
from .errors import EngineError


@dataclass(frozen=True)
class LevelRule:
    """One life-circle level: its name, threshold and the service types it requires."""

    name: str
    service_types: tuple[str, ...]
    max_walk_minutes: float | None = None
    max_distance_m: float | None = None

    def __post_init__(self) -> None:
        if (self.max_walk_minutes is None) == (self.max_distance_m is None):
            raise EngineError(f"level {self.name!r}: give either minutes or metres")


@dataclass(frozen=True)
class LifeCircleParameters:
    """Caller-supplied policy for :func:`aggregate` and :func:`gap_list`.

    ``min_covered_share``: a service is listed as missing for a group when less than this
    share of the group's population is covered. The default 1.0 is the neutral choice
    (any uncovered resident is a gap), not a policy value.
    """

    levels: tuple[LevelRule, ...]
    min_covered_share: float = 1.0


@dataclass(frozen=True, eq=False)
class LevelCoverage:
    """Covered population per group (rows) and per service type of the level (columns)."""

    level: str
    service_types: tuple[str, ...]
    covered_population: NDArray[np.float64]
    all_covered_population: NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class CoverageTable:
    """Result of :func:`aggregate`; rows follow ``group_ids``."""

    group_ids: NDArray[np.generic]
    population: NDArray[np.float64]
    levels: tuple[LevelCoverage, ...]

    def level(self, name: str) -> LevelCoverage:
        for level in self.levels:
            if level.level == name:
                return level
        raise EngineError(f"unknown level {name!r}")

    def share(self, covered: NDArray[np.float64]) -> NDArray[np.float64]:
        """Covered population divided by group population (NaN for empty groups)."""
        population = self.population.reshape((-1,) + (1,) * (covered.ndim - 1))
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(population > 0, covered / population, np.nan)


@dataclass(frozen=True)
class Gap:
    """A service type missing for a group at a level, and the residents affected."""

    group_id: object
    level: str
    service_type: str
    affected_population: float
    covered_share: float


def aggregate(
    result: AccessibilityResult,
    weights: ArrayLike,
    group_ids: ArrayLike,
    parameters: LifeCircleParameters,
) -> CoverageTable:
    """Population-weighted coverage per group (community, street or district) and level.

    ``weights`` (population per origin) and ``group_ids`` (any sortable ids) follow the
    origins of ``result``.
    """
    population = np.asarray(weights, dtype=np.float64)
    groups = np.asarray(group_ids)
    n_origins = result.nearest_distance_m.shape[0]
    if population.shape != (n_origins,) or groups.shape != (n_origins,):
        raise EngineError("weights and group_ids must have one value per origin")
    if not np.isfinite(population).all() or (population < 0).any():
        raise EngineError("weights must be finite and non-negative")
    unique_ids, inverse = np.unique(groups, return_inverse=True)
    grouping = _Grouping(inverse.ravel(), unique_ids.shape[0])
    levels = tuple(
        _level_coverage(result, rule, population, grouping) for rule in parameters.levels
    )
    return CoverageTable(unique_ids, grouping.sum(population), levels)


@dataclass(frozen=True)
class _Grouping:
    inverse: NDArray[np.intp]
    n_groups: int

    def sum(self, values: NDArray[np.float64]) -> NDArray[np.float64]:
        summed = np.bincount(self.inverse, weights=values, minlength=self.n_groups)
        return summed.astype(np.float64, copy=False)


def _level_coverage(
    result: AccessibilityResult,
    rule: LevelRule,
    population: NDArray[np.float64],
    grouping: _Grouping,
) -> LevelCoverage:
    covered = _covered_mask(result, rule)
    matrix = np.zeros((grouping.n_groups, covered.shape[1]))
    for k in range(covered.shape[1]):
        matrix[:, k] = grouping.sum(np.where(covered[:, k], population, 0.0))
    all_covered = covered.all(axis=1)
    return LevelCoverage(
        level=rule.name,
        service_types=rule.service_types,
        covered_population=matrix,
        all_covered_population=grouping.sum(np.where(all_covered, population, 0.0)),
    )


def _covered_mask(result: AccessibilityResult, rule: LevelRule) -> NDArray[np.bool_]:
    columns = [result.type_index(name) for name in rule.service_types]
    if rule.max_distance_m is not None:
        return result.nearest_distance_m[:, columns] <= rule.max_distance_m
    minutes = result.nearest_distance_m[:, columns] / result.walking_speed_m_per_min
    return minutes <= float(rule.max_walk_minutes or 0.0)


def gap_list(table: CoverageTable, parameters: LifeCircleParameters) -> list[Gap]:
    """Per group and level, the service types whose covered share is below
    ``parameters.min_covered_share``, with the number of residents not covered.

    Ordered by group, then level (as configured), then most residents affected first.
    Groups without population produce no gaps.
    """
    gaps: list[Gap] = []
    for g, group_id in enumerate(table.group_ids.tolist()):
        population = float(table.population[g])
        if population <= 0:
            continue
        for level in table.levels:
            found = [
                Gap(group_id, level.level, service, population - covered, covered / population)
                for service, covered in zip(
                    level.service_types, level.covered_population[g].tolist(), strict=True
                )
                if covered / population < parameters.min_covered_share
            ]
            gaps.extend(sorted(found, key=lambda gap: -gap.affected_population))
    return gaps
