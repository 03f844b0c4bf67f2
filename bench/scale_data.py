# ruff: noqa: T201 - a command-line tool that reports what it wrote
"""10× demo data for the load benchmark (issue 11 §2): tops the demo set up to 3,000 demo
projects with three years of monthly reports, in a DEMO instance only.

    FC_DEMO_MODE=1 DATABASE_URL=postgres://…/h_bench .venv/bin/python manage.py seed_demo
    FC_DEMO_MODE=1 DATABASE_URL=postgres://…/h_bench .venv/bin/python bench/scale_data.py \\
        --projects 3000 --months 36

Refuses exactly where ``seed_demo`` refuses (not a demo instance, or a database holding real
projects) and when the demo set is not there yet (it needs the demo accounts). Every row is
flagged ``is_demo`` and every project named 【演示】…（压测）, so ``seed_demo --remove`` takes
them away and no real figure counts them (``common.demo_filter.counted``).

Rows are written in bulk, not through the services, so there is no audit entry per generated
row (one ``bench.scale_data`` entry records the run): this is load-test scenery, not history.
Projects follow the lifecycle path with dated transitions; every project that reached 开工建设
reports every month from then on (at most ``--months`` months back), with rising progress and
investment, each report with its first version.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

_PATH = [
    "declared",
    "listed",
    "under_construction",
    "acceptance_requested",
    "accepted",
    "published",
    "operating",
]


def _month_add(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, default=3000, help="demo projects in total")
    parser.add_argument("--months", type=int, default=36, help="months of reports, back from now")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.db import transaction

    from futurecommunity.accounts.models import User
    from futurecommunity.audit.services import audit_record
    from futurecommunity.common.time import today_local
    from futurecommunity.projects.management.commands.seed_demo import seed_refusal
    from futurecommunity.projects.models import Project, Transition
    from futurecommunity.regions.models import Region, RegionLevel
    from futurecommunity.reporting.models import MonthlyReport, ReportVersion

    refusal = seed_refusal()
    if refusal:
        print(refusal, file=sys.stderr)
        return 2
    if not Project.objects.filter(is_demo=True).exists():
        print("请先运行 manage.py seed_demo（需要演示账号和演示项目）。", file=sys.stderr)
        return 2
    have = Project.objects.filter(is_demo=True).count()
    wanted = args.projects - have
    if wanted <= 0:
        print(f"已有 {have} 个演示项目，无需补充。")
        return 0
    started = time.perf_counter()
    rng = random.Random(args.seed)  # noqa: S311 - scenery, not security
    today = today_local()
    users = {u.username: u for u in User.objects.filter(is_demo=True)}
    streets: dict[str, list[Region]] = {}
    communities: dict[str, list[Region]] = {}
    for c in Region.objects.filter(level=RegionLevel.COMMUNITY, is_urban_community=True):
        communities.setdefault(c.parent_code, []).append(c)
    for s in Region.objects.filter(level=RegionLevel.STREET, code__in=list(communities)):
        streets.setdefault(s.parent_code, []).append(s)
    districts = sorted(d for d in streets if f"d{d}_clerk" in users)
    first_month = _month_add(today.replace(day=1), -args.months)
    last_month = _month_add(today.replace(day=1), -1)
    seq: dict[tuple[str, int], int] = {}
    for ref in Project.objects.values_list("reference", flat=True):
        _wl, ref_district, ref_year, number = ref.split("-", 3)
        if number.isdigit():
            key = (ref_district, int(ref_year))
            seq[key] = max(seq.get(key, 0), int(number))

    through = Project.communities.through
    batch = 500
    made = reports_made = 0
    while made < wanted:
        n = min(batch, wanted - made)
        projects, plans = [], []
        for _ in range(n):
            district = rng.choice(districts)
            street = rng.choice(streets[district])
            year = rng.choice([2021, 2022, 2023, 2024, 2025])
            seq[(district, year)] = seq.get((district, year), 0) + 1
            level = rng.choice(["provincial", "municipal", "county", "county"])
            steps = min(len(_PATH), max(0, today.year - year) * 2 + rng.randrange(0, 3))
            start = dt.date(year, 3, 1) + dt.timedelta(days=rng.randrange(0, 60))
            dates = [
                min(start + dt.timedelta(days=90 * i + rng.randrange(0, 30)), today)
                for i in range(steps)
            ]
            status = _PATH[steps - 1] if steps else "planned"
            projects.append(
                Project(
                    reference=f"WL-{district}-{year}-{seq[(district, year)]:03d}",
                    name=f"【演示】{street.name}第{seq[(district, year)]}号未来社区（压测）",
                    district_id=district,
                    street_id=street.code,
                    region_code=street.code,
                    level=level,
                    build_type="renovation",
                    ambition=rng.choice(["leading", "inclusive"]),
                    creation_year=year,
                    batch=f"{year}年第一批",
                    total_investment=Decimal(rng.randrange(800, 60000) * 10000),
                    floor_area=Decimal(rng.randrange(500, 40000)),
                    funding="government",
                    implementing_body=street.name,
                    notes="压测演示数据，非真实项目。",
                    status=status,
                    status_changed_on=dates[-1] if dates else None,
                    is_demo=True,
                )
            )
            plans.append((district, street, dates))
        with transaction.atomic():
            Project.objects.bulk_create(projects)
            created = {p.reference: p for p in Project.objects.filter(
                reference__in=[p.reference for p in projects])}  # fmt: skip
            links, transitions, reports = [], [], []
            for project, (district, street, dates) in zip(projects, plans, strict=True):
                saved = created[project.reference]
                for community in rng.sample(
                    communities[street.code], min(2, len(communities[street.code]))
                ):
                    links.append(through(project_id=saved.pk, region_id=community.pk))
                clerk, lead = users[f"d{district}_clerk"], users[f"d{district}_lead"]
                previous = "planned"
                for target, day in zip(_PATH, dates, strict=False):
                    decider = target in {"listed", "accepted", "published"}
                    transitions.append(
                        Transition(
                            project_id=saved.pk,
                            from_status=previous,
                            to_status=target,
                            occurred_on=day,
                            actor=lead if decider else clerk,
                            organisation_name="演示",
                            document_number=f"绍风貌〔{day.year}〕1号（演示）" if decider else "",
                        )
                    )
                    previous = target
                if len(dates) < 3:  # not yet 开工建设: no monthly reports
                    continue
                month = max(dates[2].replace(day=1), first_month)
                total = saved.total_investment or Decimal(0)
                months = []
                while month <= last_month:
                    months.append(month)
                    month = _month_add(month, 1)
                done = Decimal(0)
                for i, month in enumerate(months):
                    share = Decimal(i + 1) / Decimal(len(months) + 6)
                    step = (total * share - done).quantize(Decimal("0.01"))
                    done += step
                    reports.append(
                        MonthlyReport(
                            project_id=saved.pk,
                            month=month,
                            region_code=saved.region_code,
                            percent_complete=(share * 100).quantize(Decimal("0.1")),
                            investment_month=step,
                            investment_to_date=done,
                            milestones="按计划推进（演示）",
                            submitted_at=dt.datetime.combine(
                                _month_add(month, 1) + dt.timedelta(days=rng.randrange(0, 12)),
                                dt.time(10),
                                tzinfo=dt.UTC,
                            ),
                            submitted_by=clerk,
                            is_late=False,
                            is_demo=True,
                        )
                    )
            through.objects.bulk_create(links)
            Transition.objects.bulk_create(transitions, batch_size=2000)
            MonthlyReport.objects.bulk_create(reports, batch_size=2000)
            ids = dict(
                MonthlyReport.objects.filter(project_id__in=[p.pk for p in created.values()])
                .values_list("pk", "submitted_by_id")
            )  # fmt: skip
            ReportVersion.objects.bulk_create(
                [
                    ReportVersion(report_id=pk, number=1, values={"source": "bench"}, actor_id=by)
                    for pk, by in ids.items()
                ],
                batch_size=2000,
            )
        made += n
        reports_made += len(reports)
        print(f"  {made}/{wanted} 个项目，{reports_made} 份月报")
    audit_record(
        actor=None,
        action="bench.scale_data",
        reason=f"压测演示数据：新增 {made} 个演示项目、{reports_made} 份月报",
    )
    print(
        f"新增 {made} 个演示项目（共 {have + made} 个）、{reports_made} 份月报，"
        f"用时 {time.perf_counter() - started:.0f} 秒。"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
