"""Explicit input and output schemas of every API operation (house style §9).

Strings are bounded to the column sizes and refuse NUL characters, numbers to the ranges the
database accepts, so malformed input is a 422 here and never reaches the ORM.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema
from pydantic import StringConstraints

from futurecommunity.permits.route_types import BuildType as RouteBuildType
from futurecommunity.permits.route_types import Funding as RouteFunding
from futurecommunity.projects.models import Ambition, BuildType, Funding, Level, Status

_NO_NUL = r"^[^\x00]*$"


def text(max_length: int) -> type[str]:
    """A string of at most ``max_length`` characters without NUL (PostgreSQL refuses NUL)."""
    return Annotated[str, StringConstraints(max_length=max_length, pattern=_NO_NUL)]  # type: ignore[return-value]


DistrictCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{6}$")]
StreetCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{9}$")]
CommunityCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{12}$")]
Year = Annotated[int, Field(ge=2019, le=2035)]
Money = Annotated[Decimal, Field(ge=0, max_digits=16, decimal_places=2)]
Area = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]
Longitude = Annotated[Decimal, Field(ge=-180, le=180, max_digits=9, decimal_places=6)]
Latitude = Annotated[Decimal, Field(ge=-90, le=90, max_digits=9, decimal_places=6)]


# ---- errors -------------------------------------------------------------------------------


class ErrorBody(Schema):
    code: str = Field(description="稳定的英文错误代码，如 transition_refused")
    message: str = Field(description="中文说明（完整句子）")
    fields: dict[str, list[str]] = Field(default_factory=dict, description="字段 → 错误说明")


class ErrorOut(Schema):
    error: ErrorBody


# ---- projects -----------------------------------------------------------------------------


class ProjectListQuery(Schema):
    district: DistrictCode | None = Field(None, description="区、县（市）代码")
    street: StreetCode | None = Field(None, description="街道（镇、乡）代码")
    level: Level | None = None
    build_type: BuildType | None = None
    year: Year | None = Field(None, description="创建年度")
    status: Status | None = None
    search: text(50) | None = Field(None, description="按名称或编号搜索")  # type: ignore[valid-type]
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=1_000_000)


class ProjectCreateIn(Schema):
    name: text(100) = Field(min_length=1)  # type: ignore[valid-type]
    district_code: DistrictCode
    street_code: StreetCode
    community_codes: list[CommunityCode] = Field(max_length=100)
    level: Level
    build_type: BuildType
    creation_year: Year
    ambition: Ambition | None = None
    batch: text(32) = ""  # type: ignore[valid-type]
    is_key_area: bool = False
    is_linked_renovation: bool = False
    linked_renovation_reference: text(64) = ""  # type: ignore[valid-type]
    total_investment: Money | None = None
    floor_area: Area | None = None
    funding: Funding | None = None
    implementing_body: text(100) = ""  # type: ignore[valid-type]
    operator: text(100) = ""  # type: ignore[valid-type]
    longitude: Longitude | None = None
    latitude: Latitude | None = None
    notes: text(2000) = ""  # type: ignore[valid-type]


class ProjectPatchIn(Schema):
    """Only the fields sent are changed; ``reason`` goes to the audit entry."""

    name: text(100) | None = Field(None, min_length=1)  # type: ignore[valid-type]
    district_code: DistrictCode | None = None
    street_code: StreetCode | None = None
    community_codes: list[CommunityCode] | None = Field(None, max_length=100)
    level: Level | None = None
    build_type: BuildType | None = None
    creation_year: Year | None = None
    ambition: Ambition | None = None
    batch: text(32) | None = None  # type: ignore[valid-type]
    is_key_area: bool | None = None
    is_linked_renovation: bool | None = None
    linked_renovation_reference: text(64) | None = None  # type: ignore[valid-type]
    total_investment: Money | None = None
    floor_area: Area | None = None
    funding: Funding | None = None
    implementing_body: text(100) | None = None  # type: ignore[valid-type]
    operator: text(100) | None = None  # type: ignore[valid-type]
    longitude: Longitude | None = None
    latitude: Latitude | None = None
    notes: text(2000) | None = None  # type: ignore[valid-type]
    reason: text(500) = ""  # type: ignore[valid-type]


class RegionOut(Schema):
    code: str
    name: str
    level: str
    district_code: str


class ProjectOut(Schema):
    reference: str
    name: str
    district_code: str
    district_name: str
    street_code: str
    street_name: str
    level: str
    build_type: str
    ambition: str
    creation_year: int
    batch: str
    status: str
    status_label: str
    status_changed_on: dt.date | None
    is_key_area: bool
    is_linked_renovation: bool
    linked_renovation_reference: str
    total_investment: str | None = Field(description="总投资（元），十进制字符串")
    floor_area: str | None = Field(description="建筑面积（㎡），十进制字符串")
    funding: str
    implementing_body: str
    operator: str
    longitude: str | None
    latitude: str | None
    notes: str


class ProjectPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ProjectOut]


class TransitionOut(Schema):
    from_status: str
    to_status: str
    occurred_on: dt.date
    actor: str
    organisation_name: str
    document_number: str
    remark: str


class MoveOut(Schema):
    target: str
    label: str
    needs_document: bool
    needs_remark: bool


class ProjectDetailOut(ProjectOut):
    communities: list[RegionOut]
    transitions: list[TransitionOut]
    moves: list[MoveOut] = Field(description="当前令牌用户可办理的状态变更")


class TransitionIn(Schema):
    target: Status
    occurred_on: dt.date | None = Field(None, description="发生日期，默认今天")
    document_number: text(100) = ""  # type: ignore[valid-type]
    remark: text(2000) = ""  # type: ignore[valid-type]


# ---- programme status and compliance -----------------------------------------------------------


class AsOfQuery(Schema):
    as_of: dt.date | None = Field(
        None, description="统计日期，默认今天（2019-01-01 至 2035-12-31）"
    )


class CoverageOut(Schema):
    covered: int
    total: int
    percent: str


class DistrictCoverageOut(CoverageOut):
    district_code: str
    district_name: str


class CellOut(Schema):
    district_code: str
    year: int
    level: str
    target: int
    created: int
    building: int
    built: int
    gap: int


class ProgrammeStatusOut(Schema):
    as_of: dt.date
    scope: str = Field(description="统计范围的区划代码前缀，空字符串为全市")
    baseline_total: int
    created_total: int
    built_total: int
    plan_total: int
    built_by_level: dict[str, int]
    coverage_city: CoverageOut
    coverage_by_district: list[DistrictCoverageOut]
    cells: list[CellOut]


class FindingsQuery(AsOfQuery):
    severity: (
        Annotated[str, StringConstraints(pattern=r"^(ok|warning|violation|not_due)$")] | None
    ) = None


class FindingOut(Schema):
    rule_id: str
    clause: str
    subject_kind: str
    subject_code: str
    subject_name: str
    region_code: str
    severity: str
    severity_label: str
    required: str
    actual: str
    gap: str
    unit: str
    explanation: str


class FindingsOut(Schema):
    as_of: dt.date
    count: int
    findings: list[FindingOut]


# ---- approval route ------------------------------------------------------------------------


class RouteFactsIn(Schema):
    build_type: RouteBuildType
    funding: RouteFunding
    total_investment: Money
    works_investment: Money | None = None
    works_floor_area: Area
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


class RouteStepOut(Schema):
    code: str
    title: str
    outcome: str
    outcome_label: str
    responsible_units: list[str]
    clause: str
    documents: list[str]
    explanation: str


class RouteOut(Schema):
    facts: dict[str, str | bool | None]
    steps: list[RouteStepOut]
    notes: list[str]


class StreetQuery(Schema):
    district: DistrictCode | None = Field(None, description="区、县（市）代码；不填为全市")
