"""What the platform already knows about a project, as pre-filled (计算) indicator values.

Life-circle coverage of a service comes from the latest finished analysis that has a result for
each of the project's communities (population-weighted over them); a facility kind is met when an
open facility of that kind is registered in one of the project's communities; the operator and
the 老旧小区改造 linkage come from the project record.
"""

from __future__ import annotations

from dataclasses import dataclass

from futurecommunity.evaluation import rules
from futurecommunity.evaluation.models import Indicator, Proof
from futurecommunity.lifecircle.models import (
    AnalysisResult,
    Facility,
    FacilityStatus,
    RunStatus,
    ServiceType,
)
from futurecommunity.projects.models import BuildType, Project


@dataclass(frozen=True)
class Computed:
    state: str  # done / partly / not / "" (nothing known)
    note: str


def _latest_results(community_codes: list[str]) -> dict[str, AnalysisResult]:
    results: dict[str, AnalysisResult] = {}
    rows = (
        AnalysisResult.objects.filter(
            region__code__in=community_codes, run__status=RunStatus.SUCCEEDED
        )
        .select_related("run", "region")
        .order_by("region__code", "-run__finished_at", "-run_id")
    )
    for row in rows:
        results.setdefault(row.region.code, row)
    return results


def coverage_share(project: Project, service: str, level: str) -> tuple[float | None, str]:
    """Population-weighted share of the project's residents reaching ``service`` within
    ``level``, and which analyses it comes from."""
    codes = list(project.communities.values_list("code", flat=True))
    results = _latest_results(codes)
    weighted = population = 0.0
    runs = set()
    for result in results.values():
        share = result.coverage.get(level, {}).get("services", {}).get(service)
        if share is None:
            continue
        weighted += float(share) * result.population
        population += result.population
        runs.add(result.run.reference)
    if population <= 0:
        return None, "覆盖社区尚无生活圈分析结果"
    return weighted / population, f"生活圈分析 {'、'.join(sorted(runs))}"


class ProjectFacts:
    """Computes every indicator once per project; ``done_share``/``level`` are parameters."""

    def __init__(self, project: Project, *, done_share: float, level: str) -> None:
        self.project = project
        self.done_share = done_share
        self.level = level
        self.codes = list(project.communities.values_list("code", flat=True))
        self.service_names = dict(ServiceType.objects.values_list("code", "name"))

    def for_indicator(self, indicator: Indicator) -> Computed:
        if indicator.proof == Proof.LIFECIRCLE and indicator.service_code:
            return self._lifecircle(indicator.service_code)
        if indicator.proof == Proof.FACILITY and indicator.facility_kind_code:
            return self._facility(indicator.facility_kind_code)
        if indicator.proof == Proof.OPERATOR:
            return self._operator()
        if indicator.proof == Proof.RENOVATION:
            return self._renovation()
        return Computed("", "")

    def _lifecircle(self, service: str) -> Computed:
        share, origin = coverage_share(self.project, service, self.level)
        state = rules.computed_from_share(share, self.done_share)
        name = self.service_names.get(service, service)
        if share is None:
            return Computed("", f"{name}：{origin}")
        return Computed(state, f"{name}覆盖 {share:.0%}（{origin}）")

    def _facility(self, kind_code: str) -> Computed:
        facilities = Facility.objects.filter(
            kind__code=kind_code, region_code__in=self.codes, status=FacilityStatus.OPEN
        )
        names = list(facilities.values_list("name", flat=True)[:3])
        if names:
            return Computed("done", f"设施库已登记：{'、'.join(names)}")
        return Computed("not", "覆盖社区内设施库未登记已开放的该类设施")

    def _operator(self) -> Computed:
        from futurecommunity.operations.selectors import selection_of

        selection = selection_of(self.project)
        if selection is not None and selection.is_decided:
            return Computed(
                "done", f"已确定综合运营商：{selection.operator.organisation.name}（三(三)）"
            )
        if self.project.operator.strip():
            return Computed(
                "partly", f"项目信息中填写了运营单位：{self.project.operator}，尚未登记选择与定标"
            )
        return Computed("not", "项目未确定运营单位")

    def _renovation(self) -> Computed:
        if self.project.build_type != BuildType.RENOVATION:
            return Computed("", "新建类项目不适用（二(一) T4）")
        if self.project.is_linked_renovation:
            ref = self.project.linked_renovation_reference or "编号未填"
            return Computed("done", f"已联动老旧小区改造（{ref}）")
        return Computed("not", "项目未登记联动老旧小区改造（二(一) T4）")


def operating_effectively(project: Project) -> tuple[bool, list[str]]:
    """二(三) W2 "communities operate effectively": the operations app's judgement from the
    district-confirmed quarterly operating indicators (thresholds are configuration rows)."""
    from futurecommunity.operations.selectors import effective_operation

    verdict = effective_operation(project)
    return verdict.effective, list(verdict.reasons)
