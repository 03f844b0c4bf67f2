"""/api/v1/projects: list, detail, create, patch, transitions — the screens' selectors/services."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from futurecommunity.api import presenters
from futurecommunity.api.auth import actor_of
from futurecommunity.api.routes import with_errors
from futurecommunity.api.schemas import (
    ProjectCreateIn,
    ProjectDetailOut,
    ProjectListQuery,
    ProjectPage,
    ProjectPatchIn,
    TransitionIn,
    TransitionOut,
)
from futurecommunity.common.errors import ValidationFailed
from futurecommunity.projects import selectors, services
from futurecommunity.projects.models import Project

router = Router(tags=["项目"])

_REQUIRED = ("name", "district_code", "street_code", "community_codes", "level", "build_type")
_REQUIRED_TOO = ("creation_year",)
_BLANK_WHEN_NULL = (
    "ambition",
    "batch",
    "funding",
    "implementing_body",
    "operator",
    "linked_renovation_reference",
    "notes",
)


def _input_of(project: Project) -> services.ProjectInput:
    """The project's current facts as the services' input (the base a PATCH applies to)."""
    return services.ProjectInput(
        name=project.name,
        district_code=project.district_id,
        street_code=project.street_id,
        community_codes=tuple(c.code for c in project.communities.all()),
        level=project.level,
        build_type=project.build_type,
        creation_year=project.creation_year,
        ambition=project.ambition,
        batch=project.batch,
        is_key_area=project.is_key_area,
        is_linked_renovation=project.is_linked_renovation,
        linked_renovation_reference=project.linked_renovation_reference,
        total_investment=project.total_investment,
        floor_area=project.floor_area,
        funding=project.funding,
        implementing_body=project.implementing_body,
        operator=project.operator,
        longitude=project.longitude,
        latitude=project.latitude,
        notes=project.notes,
        is_demo=project.is_demo,
    )


def _changes_of(payload: ProjectPatchIn) -> dict[str, Any]:
    """The fields the client sent; null clears optional fields and is refused on required ones."""
    sent = payload.model_dump(exclude_unset=True, exclude={"reason"})
    refused = [name for name in (*_REQUIRED, *_REQUIRED_TOO) if name in sent and sent[name] is None]
    if refused:
        raise ValidationFailed({name: ["此项不能为空。"] for name in refused})
    for name in ("is_key_area", "is_linked_renovation"):
        if name in sent and sent[name] is None:
            sent[name] = False
    for name in _BLANK_WHEN_NULL:
        if name in sent and sent[name] is None:
            sent[name] = ""
    if "community_codes" in sent:
        sent["community_codes"] = tuple(sent["community_codes"])
    return sent


@router.get("/projects", response=with_errors({200: ProjectPage}, 422), summary="项目列表")
def project_list(request: HttpRequest, filters: Query[ProjectListQuery]) -> dict[str, Any]:
    """The token user's projects (own territory only), filtered and paged by limit/offset."""
    qs = selectors.project_list_for(
        viewer=actor_of(request),
        filters=selectors.ProjectFilters(
            district=filters.district or "",
            street=filters.street or "",
            level=filters.level or "",
            build_type=filters.build_type or "",
            year=filters.year,
            status=filters.status or "",
            search=filters.search or "",
        ),
    )
    page = qs[filters.offset : filters.offset + filters.limit]
    return {
        "count": qs.count(),
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [presenters.project_out(p) for p in page],
    }


@router.get(
    "/projects/{reference}",
    response=with_errors({200: ProjectDetailOut}, 404),
    summary="项目详情",
)
def project_detail(request: HttpRequest, reference: str) -> dict[str, Any]:
    """One project with communities, transition history and the moves the token user may make."""
    actor = actor_of(request)
    project = selectors.project_get_for(viewer=actor, reference=reference)
    moves = services.project_moves_for(actor=actor, project=project)
    return presenters.project_detail_out(project, moves)


@router.post(
    "/projects",
    response=with_errors({201: ProjectDetailOut}, 400, 403, 422),
    summary="登记项目",
)
def project_create(request: HttpRequest, payload: ProjectCreateIn) -> Status:
    """Register a project in status 计划 (projects.services.project_create, audited)."""
    actor = actor_of(request)
    data = payload.model_dump()
    data["community_codes"] = tuple(data["community_codes"])
    data["ambition"] = data["ambition"] or ""
    data["funding"] = data["funding"] or ""
    project = services.project_create(actor=actor, data=services.ProjectInput(**data))
    return Status(201, _detail(actor, project.reference))


@router.patch(
    "/projects/{reference}",
    response=with_errors({200: ProjectDetailOut}, 400, 403, 404, 422),
    summary="修改项目",
)
def project_patch(request: HttpRequest, reference: str, payload: ProjectPatchIn) -> dict[str, Any]:
    """Change the fields sent (projects.services.project_update, audited with ``reason``)."""
    actor = actor_of(request)
    project = selectors.project_get_for(viewer=actor, reference=reference)
    data = replace(_input_of(project), **_changes_of(payload))
    services.project_update(actor=actor, project=project, data=data, reason=payload.reason)
    return _detail(actor, reference)


@router.post(
    "/projects/{reference}/transitions",
    response=with_errors({201: TransitionOut}, 400, 403, 404, 422),
    summary="办理状态变更",
)
def project_transition(request: HttpRequest, reference: str, payload: TransitionIn) -> Status:
    """One lifecycle move (二(一)); a refused move is 400 ``transition_refused`` and changes nothing."""
    actor = actor_of(request)
    project = selectors.project_get_for(viewer=actor, reference=reference)
    record = services.project_transition(
        actor=actor,
        project=project,
        target=payload.target,
        occurred_on=payload.occurred_on,
        document_number=payload.document_number,
        remark=payload.remark,
    )
    return Status(201, presenters.transition_out(record))


def _detail(actor: Any, reference: str) -> dict[str, Any]:
    project = selectors.project_get_for(viewer=actor, reference=reference)
    return presenters.project_detail_out(
        project, services.project_moves_for(actor=actor, project=project)
    )
