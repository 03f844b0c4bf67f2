"""What operations adds to the monthly bulletin and the quarterly ranking (``reporting.hooks``).

- Bulletin section (issue 16 item 5): money by source, planned and received, with social capital's
  share, city-wide and per district; operators in place and communities operating effectively.
- Ranking indicator ``effective_operation``: built projects that operate effectively, judged by
  ``selectors.effective_operation`` (the same verdict as the county/street-wide declaration).

Demo rows never count in a real instance (``common.demo_filter.counted``); the thresholds of
"effective operation" are configuration rows, labelled 推定（待核实） while reconstructed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.db.models import Sum

from futurecommunity.common.demo_filter import counted
from futurecommunity.operations import rules, selectors
from futurecommunity.operations.models import FundingSource, Selection, SourceKind
from futurecommunity.projects.models import Project
from futurecommunity.projects.rules import ACCEPTED_OR_LATER
from futurecommunity.projects.selectors import project_facts
from futurecommunity.projects.snapshot import ProjectFact
from futurecommunity.regions.models import Region
from futurecommunity.reporting.hooks import Note, RankingInput, Section, Table, note_for
from futurecommunity.reporting.rules import Ratio

WAN = Decimal(10000)


def _wan(amount: Decimal) -> str:
    return f"{(amount / WAN).quantize(Decimal('0.01')):,}"


def _share(totals: rules.FundingTotals) -> str:
    share = totals.social_capital_share
    return "—" if share is None else f"{share}"


def _built(facts: Iterable[ProjectFact], end: dt.date) -> list[ProjectFact]:
    return [f for f in facts if f.status_on(end) in ACCEPTED_OR_LATER]


def verdicts(references: list[str], end: dt.date) -> dict[str, bool]:
    """reference → operates effectively as of ``end`` (the operations app's own verdict)."""
    projects = counted(Project.objects.filter(reference__in=references))
    return {p.reference: selectors.effective_operation(p, as_of=end).effective for p in projects}


def effective_operation_ratios(data: RankingInput) -> Mapping[str, Ratio]:
    """Ranking indicator: effective / built (accepted or later at the quarter end) per region."""
    built = _built(data.facts, data.end)
    verdict = verdicts([f.reference for f in built], data.end)
    out = {}
    for region in data.regions:
        mine = [f for f in built if f.street_code.startswith(region)]
        ok = sum(1 for f in mine if verdict.get(f.reference))
        out[region] = Ratio(ok, len(mine), f"有效运营 {ok} / 已验收 {len(mine)}")
    return out


def _threshold_notes() -> tuple[Note, ...]:
    rows = list(selectors.parameter_rows().filter(key__startswith="effective_"))
    if not rows:
        params = selectors.parameters()
        return (
            Note(
                "有效运营判定标准（默认值）",
                f"连续 {params.quarters_required} 个季度经区、县（市）确认，开放服务不少于 "
                f"{params.min_services_open} 项，居民满意度不低于 {params.min_satisfaction_percent}%，"
                f"开放时间履约率不低于 {params.min_hours_kept_percent}%",
                "方案三(三)、二(三)要求有效运营，未给出量化标准",
            ),
        )
    return tuple(n for n in (note_for(r) for r in rows) if n is not None)


def bulletin_section(month: dt.date, end: dt.date) -> Section:
    """Funding and operation as of the bulletin month (funding rows of years up to that year)."""
    year = end.year
    rows = counted(
        counted(FundingSource.objects.filter(year__lte=year), "is_demo"), "project__is_demo"
    )
    labels = dict(SourceKind.choices)
    by_kind = {
        kind: (p or Decimal(0), r or Decimal(0))
        for kind, p, r in rows.values("kind")
        .annotate(p=Sum("planned"), r=Sum("received"))
        .values_list("kind", "p", "r")
    }
    city = rules.funding_totals([rules.SourceAmount(k, p, r) for k, (p, r) in by_kind.items()])
    source_rows = [
        (str(labels[k]), _wan(by_kind[k][0]), _wan(by_kind[k][1]))
        for k in SourceKind.values
        if k in by_kind
    ]
    source_rows.append(("合计", _wan(city.planned), _wan(city.received)))
    per_district: dict[str, list[rules.SourceAmount]] = {}
    for district, kind, p, r in (
        rows.values("project__district_id", "kind")
        .annotate(p=Sum("planned"), r=Sum("received"))
        .values_list("project__district_id", "kind", "p", "r")
    ):
        per_district.setdefault(str(district), []).append(
            rules.SourceAmount(kind, p or Decimal(0), r or Decimal(0))
        )
    built = _built(project_facts(), end)
    verdict = verdicts([f.reference for f in built], end)
    with_operator = set(
        counted(
            Selection.objects.filter(
                project__reference__in=[f.reference for f in built], decided_on__lte=end
            ),
            "project__is_demo",
        ).values_list("project__reference", flat=True)
    )
    district_rows = []
    for code, name in (
        Region.objects.filter(level="district").order_by("code").values_list("code", "name")
    ):
        totals = rules.funding_totals(per_district.get(code, []))
        mine = [f for f in built if f.district_code == code]
        district_rows.append(
            (
                name,
                _wan(totals.planned),
                _wan(totals.received),
                _share(totals),
                str(len(mine)),
                str(sum(1 for f in mine if f.reference in with_operator)),
                str(sum(1 for f in mine if verdict.get(f.reference))),
            )
        )
    effective = sum(1 for ok in verdict.values() if ok)
    operators = sum(1 for f in built if f.reference in with_operator)
    share = _share(city)
    return Section(
        key="operations",
        heading="资金来源与社区运营情况",
        clause="三(二)、三(三)",
        paragraphs=(
            f"截至{month.year}年{month.month}月底，全市登记{year}年度及以前的建设运营资金计划 "
            f"{_wan(city.planned)} 万元，已到位 {_wan(city.received)} 万元，其中社会资本（含开发企业"
            f"配建）到位 {_wan(city.social_capital_received)} 万元，"
            + (f"占到位资金的 {share}%。" if share != "—" else "尚无到位资金。"),
            f"已验收及以后的未来社区 {len(built)} 个，已确定综合运营商 {operators} 个，"
            f"经区、县（市）确认的运营指标判定为有效运营 {effective} 个。",
        ),
        tables=(
            Table(("资金来源", "计划（万元）", "到位（万元）"), tuple(source_rows), "全市资金来源"),
            Table(
                (
                    "区、县（市）",
                    "计划（万元）",
                    "到位（万元）",
                    "社会资本占比（%）",
                    "已验收",
                    "运营商到位",
                    "有效运营",
                ),
                tuple(district_rows),
                "各区、县（市）资金与运营",
            ),
        ),
        notes=_threshold_notes(),
    )
