"""Types of the approval navigator: facts in, route out, configuration in between.

Pure: no Django, no I/O. Stable English enum values; Chinese labels for display.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

STEP_TITLES = {
    "plan_filing": "建设方案备案",
    "public_notice": "实施方案公示及利害关系人同意",
    "joint_review": "部门联合审查",
    "joint_consultation": "联合会商",
    "project_establishment": "项目立项和赋码",
    "proposal_feasibility": "项目建议书和可行性研究报告",
    "approval_or_filing": "投资项目审批或备案",
    "planning_permit": "建设工程规划许可",
    "construction_permit": "施工许可",
    "procurement": "项目招标",
}

FACT_LABELS = {
    "build_type": "项目类型",
    "funding": "资金来源",
    "total_investment": "总投资",
    "works_investment": "工程投资额",
    "works_floor_area": "建筑面积",
    "changes_land_rights": "改变土地权属",
    "changes_land_use": "改变用地性质",
    "changes_building_use": "改变房屋使用性质",
    "adds_floor_area": "新增建筑面积",
    "major_structural_change": "建筑主体和承重结构发生重大改变",
    "converts_to_public_service": "利用既有建筑改造设置养老、托育等公共服务设施",
    "municipal_or_environment_works": "旧改类市政公用配套设施和环境提升改造",
    "special_construction_project": "住房和城乡建设部令第51号规定的特殊建设工程",
    "on_published_list": "列入省、市、县公布的旧改类未来社区建设名单",
    "uses_existing_land": "利用小区及周边存量土地",
}


class BuildType(StrEnum):
    NEW_BUILD = "new_build"
    RENOVATION = "renovation"

    @property
    def label(self) -> str:
        return {"new_build": "新建类", "renovation": "旧改类"}[self.value]


class Funding(StrEnum):
    GOVERNMENT = "government"
    ENTERPRISE = "enterprise"
    MIXED = "mixed"

    @property
    def label(self) -> str:
        return {"government": "政府投资", "enterprise": "企业自有资金", "mixed": "政企混合出资"}[
            self.value
        ]


class Outcome(StrEnum):
    REQUIRED = "required"
    MERGED = "merged"
    EXEMPT = "exempt"
    FILING = "filing"
    NOT_APPLICABLE = "not_applicable"
    NORMAL_PROCEDURE = "normal_procedure"

    @property
    def label(self) -> str:
        return {
            "required": "须办理",
            "merged": "合并办理",
            "exempt": "可免于办理",
            "filing": "备案",
            "not_applicable": "不适用",
            "normal_procedure": "按常规程序办理",
        }[self.value]


class StepCode(StrEnum):
    PLAN_FILING = "plan_filing"
    PUBLIC_NOTICE = "public_notice"
    JOINT_REVIEW = "joint_review"
    JOINT_CONSULTATION = "joint_consultation"
    PROJECT_ESTABLISHMENT = "project_establishment"
    PROPOSAL_FEASIBILITY = "proposal_feasibility"
    APPROVAL_OR_FILING = "approval_or_filing"
    PLANNING_PERMIT = "planning_permit"
    CONSTRUCTION_PERMIT = "construction_permit"
    PROCUREMENT = "procurement"

    @property
    def label(self) -> str:
        return STEP_TITLES[self.value]


class InvalidFactsError(ValueError):
    """Project facts that cannot describe a real project (negative money, floats...)."""


class ConfigurationError(ValueError):
    """Configuration rows that do not parse into thresholds or a roster."""


@dataclass(frozen=True)
class ProjectFacts:
    """What the applicant tells the navigator; money in 元, areas in m², both Decimal.

    `works_investment` is 工程投资额 (三(四)4 compares it, not 总投资); when unknown the
    navigator compares the total investment, which can only over-state it.
    """

    build_type: BuildType
    funding: Funding
    total_investment: Decimal
    works_floor_area: Decimal
    changes_land_rights: bool = False
    changes_land_use: bool = False
    changes_building_use: bool = False
    adds_floor_area: bool = False
    major_structural_change: bool = False
    converts_to_public_service: bool = False
    municipal_or_environment_works: bool = False
    special_construction_project: bool = False
    on_published_list: bool = False
    uses_existing_land: bool = False
    works_investment: Decimal | None = None

    def __post_init__(self) -> None:
        for name in ("total_investment", "works_floor_area", "works_investment"):
            value = getattr(self, name)
            if value is None and name == "works_investment":
                continue
            if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
                raise InvalidFactsError(f"{FACT_LABELS[name]}须为非负的十进制数。")
        if self.works_investment is not None and self.works_investment > self.total_investment:
            raise InvalidFactsError("工程投资额不能大于总投资额。")

    @property
    def compared_works_investment(self) -> Decimal:
        """The amount 三(四)4 compares: 工程投资额, else the total as a cautious stand-in."""
        if self.works_investment is None:
            return self.total_investment
        return self.works_investment


@dataclass(frozen=True)
class ThresholdRow:
    """One configuration row as stored in CSV today and in the config table later."""

    key: str
    value: str
    unit: str
    clause: str
    source: str
    confidence: str
    note: str = ""


@dataclass(frozen=True)
class RouteThresholds:
    """The policy numbers the navigator applies; build with `thresholds_from_rows`."""

    merged_proposal_total_investment_limit: Decimal
    merged_proposal_limit_inclusive: bool
    construction_permit_investment_limit: Decimal
    construction_permit_area_limit: Decimal
    public_notice_days: int
    rows: tuple[ThresholdRow, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    role: str
    clause: str
    note: str = ""


@dataclass(frozen=True)
class DepartmentRoster:
    """三(四)1: the convener, the reviewing departments and the consultation parties."""

    convener: Department
    reviewers: tuple[Department, ...]
    consultees: tuple[Department, ...]


@dataclass(frozen=True)
class RouteStep:
    code: StepCode
    title: str
    outcome: Outcome
    responsible_units: tuple[str, ...]
    clause: str
    documents: tuple[str, ...]
    explanation: str

    @property
    def outcome_label(self) -> str:
        return self.outcome.label


@dataclass(frozen=True)
class ApprovalRoute:
    facts: ProjectFacts
    steps: tuple[RouteStep, ...]
    notes: tuple[str, ...]

    def step(self, code: StepCode | str) -> RouteStep:
        for step in self.steps:
            if step.code == code:
                return step
        raise KeyError(code)
