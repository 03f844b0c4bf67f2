"""Programme status, compliance findings, the approval route and region lists."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router

from futurecommunity.api import presenters
from futurecommunity.api.auth import actor_of
from futurecommunity.api.routes import with_errors
from futurecommunity.api.schemas import (
    AsOfQuery,
    FindingsOut,
    FindingsQuery,
    ProgrammeStatusOut,
    RegionOut,
    RouteFactsIn,
    RouteOut,
    StreetQuery,
)
from futurecommunity.common.errors import PermissionDenied, ValidationFailed
from futurecommunity.common.time import today_local
from futurecommunity.permits.catalogue import current_configuration
from futurecommunity.permits.navigator import InvalidFactsError, ProjectFacts, approval_route
from futurecommunity.permits.route_text import route_as_dict
from futurecommunity.regions.selectors import district_list, street_list
from futurecommunity.targets.compliance.selectors import compliance_board_for
from futurecommunity.targets.selectors import programme_view_for

router = Router()

# The programme's replayable period: project creation years are 2019–2035 (projects.models).
FIRST_DAY, LAST_DAY = dt.date(2019, 1, 1), dt.date(2035, 12, 31)
_NO_SCOPE = "您所在的组织没有辖区范围，不能查看项目统计。"


def _as_of(query: AsOfQuery) -> dt.date:
    day = query.as_of or today_local()
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValidationFailed({"as_of": ["统计日期须在 2019-01-01 至 2035-12-31 之间。"]})
    return day


@router.get(
    "/programme-status",
    response=with_errors({200: ProgrammeStatusOut}, 403, 422),
    summary="创建进度（G1–G3）",
    tags=["统计"],
)
def programme_status(request: HttpRequest, query: Query[AsOfQuery]) -> dict[str, Any]:
    """Created/built counts against the plan table and coverage, in the token user's territory."""
    view = programme_view_for(viewer=actor_of(request), as_of=_as_of(query))
    if view is None:
        raise PermissionDenied(_NO_SCOPE)
    return presenters.programme_status_out(view)


@router.get(
    "/compliance-findings",
    response=with_errors({200: FindingsOut}, 403, 422),
    summary="合规检查结果",
    tags=["统计"],
)
def compliance_findings(request: HttpRequest, query: Query[FindingsQuery]) -> dict[str, Any]:
    """Every finding of the compliance rules in the token user's territory on ``as_of``."""
    board = compliance_board_for(viewer=actor_of(request), as_of=_as_of(query))
    if board is None:
        raise PermissionDenied(_NO_SCOPE)
    findings = [f for f in board.findings if query.severity in (None, f.severity.value)]
    return {
        "as_of": board.as_of,
        "count": len(findings),
        "findings": [presenters.finding_out(f) for f in findings],
    }


@router.post(
    "/approval-route",
    response=with_errors({200: RouteOut}, 422),
    summary="审批路径（三(四)）",
    tags=["审批导航"],
)
def route(request: HttpRequest, facts: RouteFactsIn) -> dict[str, Any]:
    """The approval route for a project's facts; read-only, writes nothing."""
    try:
        project_facts = ProjectFacts(**facts.model_dump())
    except InvalidFactsError as error:
        raise ValidationFailed({"__all__": [str(error)]}) from error
    thresholds, roster = current_configuration()
    return route_as_dict(approval_route(project_facts, thresholds, roster=roster))


@router.get(
    "/regions/districts",
    response=with_errors({200: list[RegionOut]}),
    summary="区、县（市）列表",
    tags=["行政区划"],
)
def districts(request: HttpRequest) -> list[dict[str, Any]]:
    return [presenters.region_out(r) for r in district_list()]


@router.get(
    "/regions/streets",
    response=with_errors({200: list[RegionOut]}, 404, 422),
    summary="街道（镇、乡）列表",
    tags=["行政区划"],
)
def streets(request: HttpRequest, query: Query[StreetQuery]) -> list[dict[str, Any]]:
    """Streets of one district (or of the whole city); an unknown district is 404."""
    if query.district and not district_list().filter(code=query.district).exists():
        raise Http404("未找到该区、县（市）。")
    return [presenters.region_out(r) for r in street_list(district_code=query.district)]
