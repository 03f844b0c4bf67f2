"""Demo data (演示数据): users for each kind of office and ~300 projects consistent with the plan.

Everything created here is flagged ``is_demo`` and named with the 【演示】 prefix, so it can never
be mistaken for real data and ``seed_demo --remove`` takes it away again. Projects are created and
moved through their lifecycle by the real services, so the audit trail is as for real work.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction

from futurecommunity.accounts.loaders import CITY_OFFICE_CODE
from futurecommunity.accounts.models import Organisation, Role, User
from futurecommunity.audit.services import audit_record
from futurecommunity.common.time import today_local
from futurecommunity.projects import guards, services
from futurecommunity.projects.models import Project
from futurecommunity.regions.models import Region, RegionLevel
from futurecommunity.targets.models import PlanTarget

DEMO_PASSWORD = "Demo@2026fc"  # noqa: S105 - printed on purpose for the demo login
DEMO_STREETS = {"330602": "330602001", "330603": "330603001"}
_PATH = [
    "declared",
    "listed",
    "under_construction",
    "acceptance_requested",
    "accepted",
    "published",
    "operating",
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    org_code: str
    role: str


def demo_users() -> list[DemoUser]:
    users = [
        DemoUser("city_admin", "市风貌办（演示）王主任", CITY_OFFICE_CODE, Role.APPROVER),
        DemoUser("city_clerk", "市风貌办（演示）李经办", CITY_OFFICE_CODE, Role.EDITOR),
    ]
    for region in Region.objects.filter(level=RegionLevel.DISTRICT).order_by("code"):
        users.append(
            DemoUser(
                f"d{region.code}_lead",
                f"{region.name}风貌办（演示）负责人",
                f"sx-{region.code}",
                Role.APPROVER,
            )
        )
        users.append(
            DemoUser(
                f"d{region.code}_clerk",
                f"{region.name}风貌办（演示）经办",
                f"sx-{region.code}",
                Role.EDITOR,
            )
        )
    for street_code in DEMO_STREETS.values():
        users.append(
            DemoUser(f"s{street_code}_clerk", "街道（演示）经办", f"sx-{street_code}", Role.EDITOR)
        )
    users.append(DemoUser("city_viewer", "市风貌办（演示）查看", CITY_OFFICE_CODE, Role.VIEWER))
    return users


def _ensure_users() -> dict[str, User]:
    result: dict[str, User] = {}
    for spec in demo_users():
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "full_name": spec.full_name,
                "organisation": Organisation.objects.get(code=spec.org_code),
                "role": spec.role,
                "is_demo": True,
            },
        )
        if created or not user.is_active:
            user.set_password(DEMO_PASSWORD)
            user.is_active = True
            user.save(update_fields=["password", "is_active"])
        result[spec.username] = user
    return result


def _progress_for(year: int, rng: random.Random, today: dt.date) -> int:
    """How far along the path a project of this creation year plausibly is today (index into _PATH)."""
    age = today.year - year
    choices = {0: [0, 1, 1, 2, 2], 1: [2, 2, 3, 3, 4, 5], 2: [3, 4, 5, 5, 6], 3: [5, 6, 6, 6]}
    return rng.choice(choices.get(min(age, 3), [6]))


def _dates(year: int, steps: int, today: dt.date, rng: random.Random) -> list[dt.date]:
    start = max(dt.date(year, 3, 1), dt.date(2023, 8, 1)) if year >= 2023 else dt.date(year, 3, 1)
    span = max((today - start).days, steps * 5)
    gaps = sorted(rng.sample(range(1, span), steps)) if span > steps else list(range(1, steps + 1))
    return [min(start + dt.timedelta(days=g), today) for g in gaps]


def _pick_communities(
    district: str, pool: dict[str, list[Region]], rng: random.Random
) -> list[Region]:
    """Uncovered communities of one street first; once a district runs out, overlap (counts once)."""
    streets = [s for s, items in pool.items() if s.startswith(district) and items]
    if not streets:
        covered = _USED.get(district, [])
        return [rng.choice(covered)] if covered else []
    street = rng.choice(streets)
    take = min(len(pool[street]), rng.choice([1, 1, 1, 2, 2, 3]))
    chosen = [pool[street].pop() for _ in range(take)]
    _USED.setdefault(district, []).extend(chosen)
    return chosen


_USED: dict[str, list[Region]] = {}


@transaction.atomic
def seed_demo(*, seed: int = 2023) -> int:
    """Create the demo set; returns the number of projects created (0 when it already exists)."""
    users = _ensure_users()
    if Project.objects.filter(is_demo=True).exists():
        return 0
    rng = random.Random(seed)
    _USED.clear()
    today = today_local()
    pool: dict[str, list[Region]] = {}
    for c in Region.objects.filter(level=RegionLevel.COMMUNITY, is_urban_community=True).order_by(
        "code"
    ):
        pool.setdefault(c.parent_code, []).append(c)
    for items in pool.values():
        rng.shuffle(items)
    plan = [
        (t.district_id, t.year, t.level, t.target)
        for t in PlanTarget.objects.order_by("district_id", "year", "level")
    ]
    baseline_share = {
        "330602": 20,
        "330603": 16,
        "330604": 9,
        "330681": 8,
        "330683": 5,
        "330624": 4,
    }
    cells = [
        (d, 2021 + i % 2, "provincial", n) for i, (d, n) in enumerate(baseline_share.items())
    ] + plan
    created = 0
    for district, year, level, target in cells:
        count = max(target + rng.choice([-1, 0, 0, 0, 1]), 0) if year >= 2023 else target
        for _ in range(count):
            if _create_one(users, district, year, level, pool, rng, today):
                created += 1
    audit_record(
        actor=users["city_admin"], action="demo.seed", reason=f"创建演示数据 {created} 个项目"
    )
    return created


def _create_one(users, district, year, level, pool, rng, today) -> bool:  # type: ignore[no-untyped-def]
    communities = _pick_communities(district, pool, rng)
    if not communities:
        return False
    street = Region.objects.get(code=communities[0].parent_code)
    build_type = "new_build" if level == "provincial" and rng.random() < 0.2 else "renovation"
    investment = rng.randrange(800, 60000) * 10000
    data = services.ProjectInput(
        name=f"【演示】{street.name}{_short_name(communities[0].name)}未来社区",
        district_code=district,
        street_code=street.code,
        community_codes=tuple(c.code for c in communities),
        level=level,
        build_type=build_type,
        creation_year=year,
        ambition=rng.choice(["leading", "inclusive", "inclusive"]),
        batch=f"{year}年第{rng.choice(['一', '二'])}批",
        is_key_area=build_type == "new_build" or rng.random() < 0.1,
        is_linked_renovation=build_type == "renovation" and rng.random() < 0.7,
        total_investment=investment,
        floor_area=rng.randrange(500, 40000),
        funding=rng.choice(["government", "government", "enterprise", "mixed"]),
        implementing_body=f"{street.name}",
        operator=rng.choice(["", "绍兴城投运营（演示）", "社区综合运营商（演示）"]),
        notes="演示数据，非真实项目。",
        is_demo=True,
    )
    clerk = users[f"d{district}_clerk"]
    project = services.project_create(actor=clerk, data=data)
    steps = _progress_for(year, rng, today) + 1 if year >= 2023 else len(_PATH)
    for target, day in zip(_PATH[:steps], _dates(year, steps, today, rng), strict=True):
        decider = users["city_admin"] if level != "county" else users[f"d{district}_lead"]
        actor = decider if target in {"listed", "accepted", "published"} else clerk
        guards.satisfy_all(project, target, clerk)
        services.project_transition(
            actor=actor,
            project=project,
            target=target,
            occurred_on=day,
            document_number=f"绍风貌〔{day.year}〕{rng.randrange(1, 99)}号（演示）"
            if actor is decider
            else "",
            by_evaluation=True,  # demo history; the evaluation demo runs one full acceptance
        )
    return True


@transaction.atomic
def remove_demo() -> int:
    """Delete every demo project and demo user; the audit trail keeps its record of them."""
    projects = Project.objects.filter(is_demo=True)
    count = projects.count()
    admin = User.objects.filter(username="city_admin", is_demo=True).first()
    for project in projects.order_by("-id"):
        project.delete()
    audit_record(actor=None, action="demo.remove", reason=f"删除演示数据 {count} 个项目")
    User.objects.filter(is_demo=True).exclude(pk=getattr(admin, "pk", None)).update(is_active=False)  # type: ignore[misc]
    if admin:
        admin.is_active = False
        admin.save(update_fields=["is_active"])
    return count


def _short_name(community: str) -> str:
    """花园社区 → 花园, 永泰居委会 → 永泰, 天和社区居委会 → 天和 (for readable demo names)."""
    for suffix in ("社区居委会", "居委会", "社区"):
        if community.endswith(suffix) and len(community) > len(suffix):
            return community[: -len(suffix)]
    return community
