"""Public pages (S4), no login: published future communities and district coverage.

They live in targets because the district page shows programme figures; projects sits below targets.

Everything shown comes from ``project_list_public`` (published/operating projects, public fields
only) and the programme's coverage arithmetic; no official figure such as investment reaches
these templates.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from futurecommunity.common.time import today_local
from futurecommunity.projects.models import Level
from futurecommunity.projects.selectors import (
    PublicFilters,
    project_list_public,
    public_covered_community_codes,
)
from futurecommunity.regions.models import Region
from futurecommunity.regions.selectors import district_list

# The coverage figures are the targets app's arithmetic; a public page reads them, never writes.
from futurecommunity.targets.rules import Coverage
from futurecommunity.targets.selectors import programme_view, urban_codes


def _filters(request: HttpRequest, districts: list[Region]) -> PublicFilters:
    """Unknown values are ignored rather than refused: a public page never errors on a query."""
    district = request.GET.get("district", "")
    level = request.GET.get("level", "")
    year = request.GET.get("year", "")
    return PublicFilters(
        district=district if district in {d.code for d in districts} else "",
        level=level if level in Level.values else "",
        year=int(year) if year.isdigit() and len(year) == 4 else None,
    )


PUBLIC_PAGE_SIZE = 30


@require_GET
def public_project_list(request: HttpRequest) -> HttpResponse:
    districts = list(district_list())
    filters = _filters(request, districts)
    projects = project_list_public(filters, include_demo=settings.FC_DEMO_MODE)
    page = Paginator(projects, PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "projects": page,
        "page": page,
        "total": len(projects),
        "query": query.urlencode(),
        "districts": districts,
        "levels": Level.choices,
        "years": sorted(
            {p.creation_year for p in project_list_public(include_demo=settings.FC_DEMO_MODE)},
            reverse=True,
        ),
        "filters": filters,
        "public_nav": "communities",
    }
    return render(request, "public/project_list.html", context)


@require_GET
def public_district(request: HttpRequest, code: str) -> HttpResponse:
    district = district_list(with_boundary=True).filter(code=code).first()
    if district is None:
        raise Http404("未找到该区、县（市）。")
    view = programme_view(prefix=district.code, as_of=today_local())
    # Public coverage counts only what is public: published or operating projects (S4), not
    # the officials' "built" figure that includes accepted-but-unpublished projects.
    urban = urban_codes(prefix=district.code)
    covered = public_covered_community_codes(district.code, include_demo=settings.FC_DEMO_MODE)
    coverage = Coverage(covered=len(covered & urban), total=len(urban)) if urban else None
    context = {
        "district": district,
        "coverage": coverage,
        "coverage_goal_percent": view.coverage_goal * 100,
        "as_of": view.status.as_of,
        "projects": project_list_public(
            PublicFilters(district=district.code), include_demo=settings.FC_DEMO_MODE
        ),
        "map_data": _map_data(district, float(coverage.percent) if coverage else None),
        "public_nav": "programme",
    }
    return render(request, "public/district_detail.html", context)


def _map_data(district: Region, percent: float | None) -> dict[str, Any]:
    """The shape ``static/src/js/dashboard.js`` draws: boundaries plus one value per name."""
    features = [
        {
            "type": "Feature",
            "properties": {"name": district.name, "code": district.code},
            "geometry": district.boundary_geojson,
        }
    ]
    return {
        "geojson": {
            "type": "FeatureCollection",
            "features": features if district.boundary_geojson else [],
        },
        "values": [{"name": district.name, "value": percent}],
    }
