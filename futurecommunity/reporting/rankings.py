"""Quarterly evaluation (四 S2): indicator ratios from the data, weighted scores, ranks, publish.

The ratios are computed from frozen project facts (replayed at the quarter end), the frozen
months' reports and the rectification statistics, so each score's breakdown can be traced.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from django.db import transaction
from django.utils import timezone

from futurecommunity.accounts.models import User
from futurecommunity.audit.services import audit_record
from futurecommunity.common.errors import DomainError, PermissionDenied
from futurecommunity.common.time import add_years
from futurecommunity.projects.rules import ACCEPTED_OR_LATER, LISTED_OR_LATER, REQUESTED_OR_LATER
from futurecommunity.projects.snapshot import ProjectFact
from futurecommunity.regions.models import Region
from futurecommunity.reporting import access, hooks, rules
from futurecommunity.reporting.figures import rectification_stats
from futurecommunity.reporting.models import MonthSnapshot, QuarterlyRanking, RankingRow
from futurecommunity.reporting.selectors import indicator_specs, reporting_facts
from futurecommunity.targets.models import RuleParameter
from futurecommunity.targets.rules import TargetRow
from futurecommunity.targets.selectors import target_rows

Ratio = rules.Ratio


def _in(fact: ProjectFact, prefix: str) -> bool:
    return fact.street_code.startswith(prefix)


def region_ratios(
    *,
    prefix: str,
    is_district: bool,
    facts: Sequence[ProjectFact],
    targets: Sequence[TargetRow],
    snapshots: Sequence[dict[str, Any]],
    rectification: tuple[int, int, int, int],
    year: int,
    end: dt.date,
    period_years: int = 1,
) -> dict[str, Ratio]:
    """Numerator/denominator of every indicator for one district or street (pure).

    旧改一年建成率 measures what 二(一) T4 and the compliance board measure: from the start of
    construction to acceptance *requested* (完成建设并提请验收), within ``period_years`` by the
    calendar (same date next year), not to acceptance passed.
    """
    mine = [f for f in facts if _in(f, prefix)]
    ratios: dict[str, Ratio] = {}
    for level in ("provincial", "municipal", "county"):
        target = sum(
            t.target
            for t in targets
            if t.district_code == prefix and t.year == year and t.level == level
        )
        created = sum(
            1
            for f in mine
            if f.creation_year == year and f.level == level and f.status_on(end) in LISTED_OR_LATER
        )
        ratios[f"target_{level}"] = (
            Ratio(created, target if target else None, f"{year}年创建 {created} / 目标 {target}")
            if is_district
            else Ratio(0, None, "街道无分级目标，不计")
        )
    start = dt.date(year, 1, 1)
    passed = failed = 0
    for f in mine:
        for day, status in f.history:
            if start <= day <= end:
                passed += status == "accepted"
                failed += status == "acceptance_failed"
    ratios["acceptance_pass"] = Ratio(
        passed, passed + failed, f"通过 {passed} 次，未通过 {failed} 次"
    )
    renovation = [
        f for f in mine if f.build_type == "renovation" and f.status_on(end) in LISTED_OR_LATER
    ]
    linked = sum(f.is_linked_renovation for f in renovation)
    ratios["renovation_linkage"] = Ratio(
        linked, len(renovation), f"联动 {linked} / 旧改类 {len(renovation)}"
    )
    eligible = fast = 0
    for f in renovation:
        began = f.first_reached(frozenset({"under_construction"}), end)
        if began is None:
            continue
        requested = f.first_reached(REQUESTED_OR_LATER, end)
        deadline = add_years(began, period_years)
        if requested is None and end <= deadline:
            continue
        eligible += 1
        fast += requested is not None and requested <= deadline
    ratios["renovation_one_year"] = Ratio(
        fast, eligible, f"一年内完成建设并提请验收 {fast} / 应评 {eligible}"
    )
    owing = on_time = 0
    for data in snapshots:
        reports = [r for r in data["reports"] if r["street_code"].startswith(prefix)]
        missing = [r for r in data["missing"] if r["street_code"].startswith(prefix)]
        owing += len(reports) + len(missing)
        on_time += sum(1 for r in reports if not r["is_late"])
    ratios["reporting_punctuality"] = Ratio(
        on_time, owing, f"按期 {on_time} / 应报 {owing}（已冻结 {len(snapshots)} 个月）"
    )
    _issued, ok, late, overdue = rectification
    ratios["rectification_on_time"] = Ratio(
        ok, ok + late + overdue, f"按期 {ok}，逾期办结 {late}，逾期未办结 {overdue}"
    )
    built = [f for f in mine if f.status_on(end) in ACCEPTED_OR_LATER]
    operating = sum(f.status_on(end) == "operating" for f in built)
    ratios["operation"] = Ratio(operating, len(built), f"运营 {operating} / 已验收 {len(built)}")
    return ratios


def _line_json(line: rules.ScoreLine) -> dict[str, Any]:
    return {
        k: (str(v) if v is not None and not isinstance(v, int | str) else v)
        for k, v in asdict(line).items()
    }


def ranking_compute(*, actor: User | None, quarter: str) -> tuple[QuarterlyRanking, bool]:
    """Score and rank every district (and each district's streets) for the quarter.

    Idempotent: recomputing an unpublished quarter replaces its rows with the same values; a
    published quarter is returned unchanged (``False``).
    """
    if actor is not None and not access.can_compute_ranking(actor):
        raise PermissionDenied("只有市风貌办可以计算季度考评。")
    year, q = rules.parse_quarter(quarter)
    quarter = f"{year}Q{q}"
    existing = QuarterlyRanking.objects.filter(quarter=quarter).first()
    if existing is not None and existing.is_published:
        return existing, False
    start, end = rules.quarter_bounds(year, q)
    specs = indicator_specs()
    facts, targets = reporting_facts(), target_rows(prefix="")
    snapshots = [s.data for s in MonthSnapshot.objects.filter(month__gte=start, month__lte=end)]
    regions = list(
        Region.objects.filter(level__in=["district", "street"]).values_list(
            "code", "name", "level", "parent_code"
        )
    )
    active_streets = {f.street_code for f in facts}
    period = RuleParameter.objects.filter(key="t4_construction_years").first()
    period_years = int(period.value) if period is not None else 1
    regions = [r for r in regions if r[2] == "district" or r[0] in active_streets]
    # Indicators of the higher apps (e.g. operations' effective-operation verdict, 三(三)).
    hooked = hooks.ranking_ratios(
        hooks.RankingInput(regions=[r[0] for r in regions], facts=facts, start=start, end=end),
        [s.code for s in specs],
    )
    scored: dict[str, tuple[str, str, rules.Score]] = {}
    for code, name, level, parent in regions:
        is_district = level == "district"
        ratios = region_ratios(
            prefix=code,
            is_district=is_district,
            facts=facts,
            targets=targets,
            snapshots=snapshots,
            rectification=rectification_stats(code, start, end),
            year=year,
            end=end,
            period_years=period_years,
        )
        ratios.update(hooked.get(code, {}))
        scored[code] = (name, "" if is_district else parent, rules.score(code, specs, ratios))
    with transaction.atomic():
        ranking, _ = QuarterlyRanking.objects.update_or_create(
            quarter=quarter,
            defaults={
                "computed_at": timezone.now(),
                "indicators": [
                    {"code": s.code, "name": s.name, "weight": str(s.weight)} for s in specs
                ],
            },
        )
        ranking.rows.all().delete()
        groups: dict[str, dict[str, Any]] = {}
        for code, (_name, parent, sc) in scored.items():
            groups.setdefault(parent, {})[code] = sc.total
        ranks = {
            code: rank
            for group in groups.values()
            for code, rank in rules.rank_with_ties(group).items()
        }
        RankingRow.objects.bulk_create(
            [
                RankingRow(
                    ranking=ranking,
                    region_code=code,
                    region_name=name,
                    parent_code=parent,
                    score=sc.total,
                    rank=ranks[code],
                    breakdown=[_line_json(x) for x in sc.lines],
                )
                for code, (name, parent, sc) in scored.items()
            ]
        )
        audit_record(
            actor=actor,
            action="ranking.compute",
            subject=ranking,
            reference=f"KP-{quarter}",
            reason=f"计算{quarter}季度考评：{len(scored)} 个区、县（市）和街道。",
        )
    return ranking, True


def ranking_publish(*, actor: User, ranking: QuarterlyRanking) -> QuarterlyRanking:
    """The city office publishes (晾晒) the quarter's ranking; published rankings stay fixed."""
    if not access.can_publish_ranking(actor):
        raise PermissionDenied("只有市风貌办负责人可以公布季度考评结果。")
    with transaction.atomic():
        ranking = QuarterlyRanking.objects.select_for_update().get(pk=ranking.pk)
        if ranking.is_published:
            raise DomainError("ranking_published", f"{ranking.quarter}考评结果已公布。")
        ranking.is_published, ranking.published_at, ranking.published_by = (
            True,
            timezone.now(),
            actor,
        )
        ranking.save(update_fields=["is_published", "published_at", "published_by", "updated_at"])
        audit_record(
            actor=actor,
            action="ranking.publish",
            subject=ranking,
            reference=f"KP-{ranking.quarter}",
            changes={"is_published": [False, True]},
        )
    return ranking
