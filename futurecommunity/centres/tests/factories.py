"""Centres test data, written through the real services where it matters."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from futurecommunity.accounts.models import Organisation, Role, User
from futurecommunity.centres import services
from futurecommunity.centres.models import (
    CandidateSite,
    LayoutPlan,
    NeighbourhoodCentre,
    PlanItem,
    ScenarioStatus,
    SitingScenario,
)
from futurecommunity.lifecircle.tests.factories import grid_lonlat
from futurecommunity.projects.models import Project
from futurecommunity.regions.models import Region

SASAC = "sx-dept-state-assets"


def owner_user(username: str = "sasac_clerk", role: str = Role.EDITOR) -> User:
    from futurecommunity.accounts.tests.factories import member_of

    existing = User.objects.filter(username=username).first()
    return existing or member_of(SASAC, role, username)


def catalogue() -> None:
    """The seven services, facility kinds and size rules (idempotent): the matrices run outside
    this app's conftest, and the modules of a centre need them."""
    from futurecommunity.centres.loaders import load_size_rules
    from futurecommunity.lifecircle.catalogue import load_lifecircle_catalogue
    from futurecommunity.lifecircle.models import ServiceType

    if not ServiceType.objects.filter(code="elderly").exists():
        load_lifecircle_catalogue()
    load_size_rules()


def _first_community(street_code: str) -> Region:
    return Region.objects.filter(level="community", code__startswith=street_code).order_by("code")[
        0
    ]


def site(
    street_code: str,
    *,
    kind: str = "building",
    confirmed: bool = True,
    consented: bool = True,
    i: float = 2,
    j: float = 2,
    cost: str = "100",
    community: str | None = None,
    name: str = "",
) -> CandidateSite:
    catalogue()
    lon, lat = grid_lonlat(i, j)
    code = community or _first_community(street_code).code
    obj = CandidateSite.objects.create(
        kind=kind, name=name or f"点位{i}-{j}", region_code=street_code,
        community=Region.objects.get(code=code), address="测试地址", lon=lon, lat=lat,
        area=Decimal("800"), cost=Decimal(cost),
        owner=Organisation.objects.get(code=SASAC) if kind == "building" else None,
        owner_confirmed_at=timezone.now() if kind == "building" and confirmed else None,
        land_type="vacant" if kind == "land" else "",
        project=noticed_project(street_code) if kind == "land" and consented else None,
    )  # fmt: skip
    return obj


_serial = iter(range(1, 100_000))


def noticed_project(
    street_code: str, *, started_days_ago: int = 20, households: int = 4, agreed: int = 4
) -> Project:
    """A project of the street whose implementation plan was noticed ``started_days_ago`` days
    ago (for the configured period) with ``agreed`` of ``households`` stakeholders agreeing:
    the notices app's own records, as the 三(一) state of stock land reads them."""
    from futurecommunity.accounts.tests.factories import member_of
    from futurecommunity.notices import services as notice_services
    from futurecommunity.notices.config import notice_policy
    from futurecommunity.notices.rules import earliest_end
    from futurecommunity.notices.tests.factories import plan_input, register
    from futurecommunity.projects.tests.factories import ProjectFactory, advance

    n = next(_serial)
    editor = member_of(f"sx-{street_code}", Role.EDITOR, f"land_editor{n}")
    approver = member_of(f"sx-{street_code[:6]}", Role.APPROVER, f"land_approver{n}")
    project = ProjectFactory(
        actor=editor, district_code=street_code[:6], street_code=street_code,
        community_codes=(_first_community(street_code).code,),
    )  # fmt: skip
    advance(project, "listed", approver=approver, editor=editor)
    start = dt.date.today() - dt.timedelta(days=started_days_ago)
    notice_services.notice_publish(
        actor=editor,
        data=plan_input(project, start, earliest_end(start, notice_policy())),
        today=start,
    )
    register(project, households, agreed)
    return project


def centre(street_code: str, **extra: Any) -> NeighbourhoodCentre:
    catalogue()
    community = _first_community(street_code)
    obj = NeighbourhoodCentre.objects.create(
        name=extra.pop("name", "测试邻里中心"), region_code=street_code,
        total_area=Decimal("800"), activity_area=Decimal("500"), lon=120.58, lat=30.0, **extra,
    )  # fmt: skip
    obj.communities.set([community])
    services._save_modules(obj, [])
    return obj


def done_scenario(district_code: str, sites: list[CandidateSite], **extra: Any) -> SitingScenario:
    """A finished scenario whose result lists ``sites`` (as the optimiser would store it)."""
    scenario = SitingScenario.objects.create(
        district_code=district_code, name="测试方案", services=["centre"], radius_m=300,
        mode="mclp", centres=len(sites), budget_per_year=Decimal("250"), count_per_year=2,
        first_year=2025, status=ScenarioStatus.DONE, **extra,
    )  # fmt: skip
    scenario.candidates.set(sites)
    scenario.result = {
        "chosen": [
            {
                "site_id": s.pk,
                "name": s.name,
                "community": "",
                "alone": 100 * (k + 1),
                "gain": 100 * (len(sites) - k),
                "cost": float(s.cost),
                "lon": s.lon,
                "lat": s.lat,
            }
            for k, s in enumerate(sites)
        ],  # fmt: skip
        "newly_covered": 100 * len(sites),
        "baseline_covered": 50,
        "total": 1000,
        "gap": 0.0,
        "status": "optimal",
    }
    scenario.save()
    return scenario


def plan(street_code: str) -> LayoutPlan:
    s = site(street_code)
    scenario = done_scenario(street_code[:6], [s])
    obj = LayoutPlan.objects.create(
        district_code=street_code[:6], name="测试布点规划", scenario=scenario, first_year=2025
    )
    PlanItem.objects.create(plan=obj, site=s, year=2025, rank=1, newly_covered=100, cost=s.cost)
    return obj
