"""Answers the approval checklist can take from the project record, and the facts it lacks.

The checklist asks what a project record does not hold; where the record already implies an
answer, the form starts from it and says which project field it came from (the official can
still change it). The route needs 资金来源、总投资 and 建筑面积 from the record; where one is
missing, the page links to that field of the project form instead of asking the questions first.
"""

from __future__ import annotations

from dataclasses import dataclass

from futurecommunity.projects.models import BuildType, Project, Status

# 列入创建名单 and every later state: the project is on the published list (三(四)2).
_ON_LIST = frozenset(
    {
        Status.LISTED,
        Status.UNDER_CONSTRUCTION,
        Status.ACCEPTANCE_REQUESTED,
        Status.ACCEPTANCE_FAILED,
        Status.ACCEPTED,
        Status.PUBLISHED,
        Status.OPERATING,
    }
)


@dataclass(frozen=True)
class Prefilled:
    """One checklist answer taken from the project: the answer and the field it came from."""

    field: str
    value: bool
    source: str  # Chinese: 项目字段（取值）

    @property
    def value_label(self) -> str:
        return "是" if self.value else "否"


@dataclass(frozen=True)
class NeededFact:
    """A project field the route needs (三(四)) that the project record leaves empty."""

    field: str  # the project form's field (the link target is #id_<field>)
    label: str
    why: str


ROUTE_NEEDS: tuple[NeededFact, ...] = (
    NeededFact("funding", "资金来源", "按是否政府投资判断能否合并编报项目建议书和可研（三(四)2）"),
    NeededFact("total_investment", "总投资", "合并编报和施工许可按投资额判断（三(四)2、三(四)4）"),
    NeededFact("floor_area", "建筑面积", "施工许可按建筑面积判断（三(四)4）"),
)


def missing_route_facts(project: Project) -> list[NeededFact]:
    """The project fields the route still needs (empty list: the route can be computed)."""
    return [n for n in ROUTE_NEEDS if getattr(project, n.field) in (None, "")]


def checklist_prefill(project: Project) -> dict[str, Prefilled]:
    """Checklist answers implied by the project record, by checklist field."""
    answers: dict[str, Prefilled] = {}
    build_type = f"建设类型（{project.get_build_type_display()}）"
    status = f"项目状态（{project.get_status_display()}）"
    if project.build_type == BuildType.NEW_BUILD:
        answers["on_published_list"] = Prefilled("on_published_list", False, build_type)
        answers["adds_floor_area"] = Prefilled("adds_floor_area", True, build_type)
    else:
        answers["on_published_list"] = Prefilled(
            "on_published_list", project.status in _ON_LIST, status
        )
    if project.is_linked_renovation:
        answers["municipal_or_environment_works"] = Prefilled(
            "municipal_or_environment_works", True, "联动老旧小区改造（是）"
        )
    return answers


def project_facts_shown(project: Project) -> list[tuple[str, str, str]]:
    """(label, value, project field) of the record facts the route reads, for the page."""

    def money(value: object) -> str:
        return "—" if value is None else f"{value:,.2f} 元"

    area = "—" if project.floor_area is None else f"{project.floor_area:,.2f} 平方米"
    return [
        ("所属区、县（市）", project.district.name if project.district_id else "—", "district"),
        ("建设类型", project.get_build_type_display(), "build_type"),
        ("资金来源", project.get_funding_display() or "—", "funding"),
        ("总投资", money(project.total_investment), "total_investment"),
        ("建筑面积", area, "floor_area"),
        (
            "联动老旧小区改造",
            "是" if project.is_linked_renovation else "否",
            "is_linked_renovation",
        ),
        ("项目状态", project.get_status_display(), "status"),
    ]
