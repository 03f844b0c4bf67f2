"""Neighbourhood-centre demo data (演示数据) for 越城区, on top of the life-circle demo network
and residents: idle buildings (owned by 国资委 and 机关事务服务中心) and stock land in the four
demo streets (the land linked to its street's demo project, whose notice and consent the
notices demo records), two siting scenarios (one only with usable sites, one with sites not yet
usable), the adopted layout plan with its three-year plan, modules for every planned centre, one
of them open (so its modules are life-circle facilities), and one owner–street lending agreement
with its scanned file.

Every name starts with 【演示】 and every row is flagged ``is_demo``; ``seed_demo --remove``
takes it all away. Writes go through the real services (audited).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import numpy as np

from futurecommunity.accounts.models import Organisation, Role, User
from futurecommunity.centres import services
from futurecommunity.centres.models import (
    CandidateSite,
    LayoutPlan,
    LendingAgreement,
    NeighbourhoodCentre,
    SitingScenario,
)
from futurecommunity.lifecircle.demo import DISTRICT, NETWORK_NAME, _cells, _lonlat
from futurecommunity.lifecircle.models import StreetNetwork
from futurecommunity.projects.models import Project

OWNERS = ("sx-dept-state-assets", "sx-dept-government-affairs")
FIRST_YEAR = 2025


def _owner_user(org_code: str) -> User:
    username = f"owner_{org_code.removeprefix('sx-dept-').replace('-', '_')}"
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "full_name": "产权单位（演示）经办",
            "organisation": Organisation.objects.get(code=org_code),
            "role": Role.EDITOR,
            "is_demo": True,
        },
    )
    if created:
        from futurecommunity.projects.demo import DEMO_PASSWORD

        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _street_projects() -> dict[str, str]:
    """Each demo street's first demo project: its stock land belongs to it, so the notices
    demo's implementation-plan notice and consent decide whether the land is usable (三(一))."""
    refs: dict[str, str] = {}
    for street, ref in (
        Project.objects.filter(is_demo=True, region_code__startswith=DISTRICT)
        .order_by("reference")
        .values_list("region_code", "reference")
    ):
        refs.setdefault(str(street), ref)
    return refs


def _sites(clerk: User, rng: np.random.Generator) -> list[CandidateSite]:
    projects = _street_projects()
    sites = []
    for k, cell in enumerate(_cells()):
        if k % 4 == 3:
            continue
        dx, dy = rng.uniform(-0.3, 0.3, 2) * cell.size
        lon, lat = _lonlat(cell.x + dx, cell.y + dy)
        building = k % 3 != 2
        data = services.SiteInput(
            kind="building" if building else "land",
            name=f"【演示】{cell.name}{'闲置办公用房' if building else '小区存量用地'}",
            street_code=cell.code[:9], community_code=cell.code,
            address=f"【演示】{cell.name}（示意位置）", lon=lon, lat=lat,
            area=Decimal(int(rng.integers(6, 16)) * 100), cost=Decimal(int(rng.integers(8, 30)) * 10),
            owner_code=OWNERS[k % 2] if building else "",
            current_use="闲置办公" if building else "", condition="结构完好" if building else "",
            idle_since=dt.date(2022, 1 + k % 12, 1) if building else None,
            land_type="" if building else ("vacant", "green", "demolished")[k % 3],
            project_reference="" if building else projects.get(cell.code[:9], ""),
            is_demo=True,
        )  # fmt: skip
        sites.append(services.site_create(actor=clerk, data=data))
    return sites


def seed_demo() -> int | str:
    if not StreetNetwork.objects.filter(is_demo=True, name=NETWORK_NAME).exists():
        return "0（缺少生活圈演示路网，已跳过）"
    if CandidateSite.objects.filter(is_demo=True).exists():
        return 0
    clerk = User.objects.get(username=f"d{DISTRICT}_clerk")
    rng = np.random.default_rng(13)
    sites = _sites(clerk, rng)
    owners = {code: _owner_user(code) for code in OWNERS}
    for k, site in enumerate(s for s in sites if s.kind == "building"):
        if k % 6 == 5:
            continue  # left unconfirmed: shows the 三(一) refusal
        assert site.owner is not None
        services.site_confirm(actor=owners[site.owner.code], site=site)
    usable = [s for s in sites if _usable(s)]
    base = services.ScenarioInput(
        district_code=DISTRICT, name="", services=("centre",), radius_m=300, mode="mclp",
        centres=6, target_share=None, one_per_community=True, site_ids=(),
        budget_per_year=Decimal("500"), count_per_year=3, first_year=FIRST_YEAR, is_demo=True,
    )  # fmt: skip
    adopted = services.scenario_submit(
        actor=clerk,
        data=replace(
            base, name="【演示】6个中心（仅可用点位）", site_ids=tuple(s.pk for s in usable)
        ),
        queue=False,
    )
    services.scenario_execute(adopted)
    wide = services.scenario_submit(
        actor=clerk,
        data=replace(
            base, name="【演示】6个中心（含未确认点位）", site_ids=tuple(s.pk for s in sites)
        ),
        queue=False,
    )
    services.scenario_execute(wide)
    plan = services.plan_adopt(
        actor=clerk, scenario=adopted, name="【演示】越城区邻里中心布点规划（2025—2027）"
    )
    _modules_and_one_open(plan, clerk)
    _agreement(sites, clerk)
    return len(sites)


# The planned centres' modules: 养老 and 托育 inside (一老一小), 卫生 within 5 minutes outside,
# the rest still to find; the first one of the first year is built and open.
_MODULES = (
    ("elderly", "provided", Decimal("350"), "【演示】颐养服务社"),
    ("childcare", "provided", Decimal("200"), "【演示】小星星托育"),
    ("culture", "provided", Decimal("120"), ""),
    ("health", "external", Decimal("0"), ""),
)


def _modules_and_one_open(plan: LayoutPlan, clerk: User) -> None:
    centres = list(
        NeighbourhoodCentre.objects.filter(plan=plan)
        .prefetch_related("communities")
        .order_by("planned_year", "pk")
    )
    for centre in centres:
        services.centre_update(
            actor=clerk,
            centre=centre,
            data=services.CentreInput(
                name=f"【演示】{centre.name.removeprefix('【演示】')}",
                street_code=centre.region_code,
                community_codes=tuple(c.code for c in centre.communities.all()),
                host_building=centre.host_building, merged_with_party_centre=True,
                total_area=centre.total_area, activity_area=centre.activity_area,
                households=centre.households, lon=centre.lon, lat=centre.lat,
                planned_year=centre.planned_year,
                modules=tuple(services.ModuleInput(*m) for m in _MODULES), is_demo=True,
            ),
        )  # fmt: skip
    if centres:
        first = centres[0]
        services.centre_advance(actor=clerk, centre=first, status="building")
        services.centre_advance(actor=clerk, centre=first, status="open")


# A one-page PDF standing in for the scanned agreement (it says it is demo data).
_SCAN = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _agreement(sites: list[CandidateSite], clerk: User) -> None:
    """One confirmed building gets its owner–street lending agreement with a scan (三(一))."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    for site in sites:
        site.refresh_from_db()
        if site.kind == "building" and site.owner_confirmed_at is not None and site.owner:
            services.agreement_attach(
                actor=clerk, site=site,
                data=services.AgreementInput(
                    parties=f"{site.owner.name}（出借方）与街道办事处（借用方）【演示】",
                    term_start=dt.date(FIRST_YEAR, 1, 1), term_end=dt.date(FIRST_YEAR + 10, 12, 31),
                    use="邻里中心（与党群服务中心融合建设）【演示】",
                    signed_on=dt.date(FIRST_YEAR - 1, 12, 20),
                ),
                upload=SimpleUploadedFile("【演示】闲置用房借用协议扫描件.pdf", _SCAN, "application/pdf"),
            )  # fmt: skip
            return


def _usable(site: CandidateSite) -> bool:
    from futurecommunity.centres.selectors import site_refusal

    site.refresh_from_db()
    return site_refusal(site) is None


def remove_demo() -> int:
    removed = 0
    plans = LayoutPlan.objects.filter(is_demo=True)
    removed += NeighbourhoodCentre.objects.filter(is_demo=True).delete()[0]
    removed += plans.delete()[0]
    removed += SitingScenario.objects.filter(is_demo=True).delete()[0]
    for agreement in LendingAgreement.objects.filter(site__is_demo=True):
        agreement.file.delete(save=False)
    removed += CandidateSite.objects.filter(is_demo=True).delete()[0]
    User.objects.filter(username__startswith="owner_", is_demo=True).update(is_active=False)
    return removed
