"""Reads of projects that apply the viewer's scope. Out-of-scope objects are 404s."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from futurecommunity.accounts.models import User
from futurecommunity.common.demo_filter import counted
from futurecommunity.projects.access import project_scope_prefix, reviewing_organisation_id
from futurecommunity.projects.models import Project, Transition, TransitionAttachment
from futurecommunity.projects.snapshot import ProjectFact


@dataclass(frozen=True)
class ProjectFilters:
    district: str = ""
    street: str = ""
    level: str = ""
    build_type: str = ""
    year: int | None = None
    status: str = ""
    search: str = ""


def _visible_projects(viewer: User) -> QuerySet[Project]:
    """Territory for offices; the assigned projects for a department or utility unit."""
    prefix = project_scope_prefix(viewer)
    if prefix is not None:
        return Project.objects.filter(region_code__startswith=prefix)
    organisation_id = reviewing_organisation_id(viewer)
    if organisation_id is not None:
        return Project.objects.filter(
            pk__in=Project.objects.filter(
                department_assignments__organisation_id=organisation_id,
                department_assignments__active=True,
            ).values("pk")
        )
    return Project.objects.none()


def project_list_for(*, viewer: User, filters: ProjectFilters | None = None) -> QuerySet[Project]:
    qs = (
        _visible_projects(viewer)
        .select_related("district", "street")
        .defer("district__boundary_geojson", "street__boundary_geojson")
    )
    f = filters or ProjectFilters()
    if f.district:
        qs = qs.filter(district_id=f.district)  # type: ignore[misc]
    if f.street:
        qs = qs.filter(street_id=f.street)  # type: ignore[misc]
    if f.level:
        qs = qs.filter(level=f.level)
    if f.build_type:
        qs = qs.filter(build_type=f.build_type)
    if f.year:
        qs = qs.filter(creation_year=f.year)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.search:
        qs = qs.filter(Q(name__icontains=f.search) | Q(reference__icontains=f.search))
    return qs.order_by("-creation_year", "reference")


def project_get_for(*, viewer: User, reference: str) -> Project:
    """The project, or Http404 when it does not exist or lies outside the viewer's scope."""
    project = (
        project_list_for(viewer=viewer)
        .prefetch_related(
            "communities",
            Prefetch(
                "transitions",
                queryset=Transition.objects.select_related("actor").prefetch_related("attachments"),
            ),
        )
        .filter(reference=reference)
        .first()
    )
    if project is None:
        raise Http404("未找到该项目。")
    return project


def transition_attachment_get_for(
    *, viewer: User, reference: str, pk: int
) -> tuple[Project, TransitionAttachment]:
    """A transition's attachment of a project in the viewer's scope; Http404 otherwise."""
    project = project_get_for(viewer=viewer, reference=reference)
    found = (a for t in project.transitions.all() for a in t.attachments.all() if a.pk == pk)
    attachment = next(found, None)
    if attachment is None:
        raise Http404("未找到该附件。")
    return project, attachment


def project_facts(*, prefix: str = "") -> list[ProjectFact]:
    """Every project under ``prefix`` as frozen facts with full history (3 queries in all).

    Demo projects are left out in a real instance (``counted``): every figure built on these
    facts (dashboard, board, bulletins, rankings, API, coverage) stays official."""
    projects = list(
        counted(Project.objects.filter(region_code__startswith=prefix))
        .select_related("upgraded_from")
        .prefetch_related("communities")
        .order_by("reference")
    )
    history: dict[int, list[tuple[dt.date, str]]] = {}
    for project_id, day, status in (
        Transition.objects.filter(project__region_code__startswith=prefix)
        .order_by("occurred_on", "id")
        .values_list("project_id", "occurred_on", "to_status")
    ):
        history.setdefault(project_id, []).append((day, status))
    return [
        ProjectFact(
            reference=p.reference,
            name=p.name,
            district_code=p.district_id,
            street_code=p.street_id,
            community_codes=tuple(sorted(c.code for c in p.communities.all())),
            level=p.level,
            build_type=p.build_type,
            creation_year=p.creation_year,
            is_key_area=p.is_key_area,
            is_linked_renovation=p.is_linked_renovation,
            history=tuple(history.get(p.pk, [])),
            upgraded_from=p.upgraded_from.reference if p.upgraded_from else "",
        )
        for p in projects
    ]


PUBLIC_STATUSES = ("published", "operating")


@dataclass(frozen=True)
class PublicFilters:
    district: str = ""
    level: str = ""
    year: int | None = None


@dataclass(frozen=True)
class PublicProject:
    """What the public may see of a named future community — nothing else leaves the selector
    (no investment, notes, people or coordinates)."""

    name: str
    district_code: str
    district: str
    street: str
    level: str
    build_type: str
    creation_year: int
    communities: tuple[str, ...]
    published_on: dt.date | None
    # The page address: the project's registry number (WL-<district>-<year>-<n>), which the
    # published creation lists carry anyway; never the database key.
    reference: str = ""
    community_codes: tuple[str, ...] = ()


def _public_queryset(include_demo: bool) -> QuerySet[Project]:
    published_on = (
        Transition.objects.filter(project=OuterRef("pk"), to_status="published")
        .order_by("occurred_on", "id")
        .values("occurred_on")[:1]
    )
    return (
        Project.objects.filter(status__in=PUBLIC_STATUSES)
        .filter(**({} if include_demo else {"is_demo": False}))
        .select_related("district", "street")
        .defer("district__boundary_geojson", "street__boundary_geojson")
        .prefetch_related("communities")
        .annotate(published_on=Subquery(published_on))
    )


def _as_public(p: Project) -> PublicProject:
    communities = sorted(p.communities.all(), key=lambda c: c.code)
    return PublicProject(
        name=p.name,
        district_code=p.district_id,
        district=p.district.name,
        street=p.street.name,
        level=p.get_level_display(),
        build_type=p.get_build_type_display(),
        creation_year=p.creation_year,
        communities=tuple(c.name for c in communities),
        published_on=p.published_on,  # type: ignore[attr-defined]
        reference=p.reference,
        community_codes=tuple(c.code for c in communities),
    )


def project_get_public(*, reference: str, include_demo: bool = False) -> PublicProject:
    """One named community's public facts; anything not published or operating (or demo data
    outside a demo instance) is answered exactly like a number that does not exist."""
    project = _public_queryset(include_demo).filter(reference=reference).first()
    if project is None:
        raise Http404("未找到该未来社区。")
    return _as_public(project)


def project_list_public(
    filters: PublicFilters | None = None, *, include_demo: bool = False
) -> list[PublicProject]:
    """Published and operating projects only (never demo data), as public facts (S4)."""
    f = filters or PublicFilters()
    qs = _public_queryset(include_demo)
    if f.district:
        qs = qs.filter(district_id=f.district)  # type: ignore[misc]
    if f.level:
        qs = qs.filter(level=f.level)
    if f.year:
        qs = qs.filter(creation_year=f.year)
    return [_as_public(p) for p in qs.order_by("district_id", "-creation_year", "reference")]


def public_covered_community_codes(district_code: str, *, include_demo: bool = False) -> set[str]:
    """Community codes covered by published or operating projects of a district: what a public
    page may count (issue 11 §6: accepted-but-unpublished projects are not public yet)."""
    qs = Project.objects.filter(status__in=PUBLIC_STATUSES, district__code=district_code)
    if not include_demo:
        qs = qs.filter(is_demo=False)
    return set(qs.values_list("communities__code", flat=True)) - {None}
