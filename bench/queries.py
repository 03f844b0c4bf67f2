# ruff: noqa: T201 - a command-line benchmark that prints its table
"""Queries and CPU time per page (issue 11 §2): the pages of the load benchmark, requested through
Django's test client as demo officials, each request inside ``CaptureQueriesContext``.

On a shared machine wall time says little; the number of SQL queries and the CPU time the
request spends in this process (``time.process_time``: Python, templates, the driver — not the
database server) do not depend on what else runs. Run it against the demo/bench database:

    FC_DEMO_MODE=1 DATABASE_URL=postgres://…/h_bench .venv/bin/python bench/queries.py

First request of each page per user = "cold" (the figures cache empty), then ``--repeat`` warm
requests; the table gives the queries of the cold and of a warm request and the median warm CPU
and wall milliseconds. ``--top`` prints the most repeated SQL shapes of each warm request (for
finding N+1 queries).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

PAGES = [
    ("dashboard", "/manage/"),
    ("compliance board", "/manage/compliance/"),
    ("project list", "/manage/projects/"),
    ("project detail", None),  # the first project the list links to
]
DETAIL = re.compile(r'href="(/manage/projects/WL-[0-9-]+/)"')


def _shape(sql: str) -> str:
    return re.sub(r"\b\d+\b|'[^']*'", "?", sql)[:160]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", default="city_admin,d330602_lead,s330602001_clerk")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--top", type=int, default=0)
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from futurecommunity.accounts.models import User
    from futurecommunity.projects.models import Project

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    print(
        f"{connection.vendor}, {Project.objects.count()} projects "
        f"({Project.objects.filter(is_demo=True).count()} demo), load average "
        + "/".join(f"{x:.2f}" for x in os.getloadavg())
    )
    print(
        "| user | page | status | KB | queries cold | queries warm | CPU ms warm | wall ms warm |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for username in args.users.split(","):
        client = Client()
        client.force_login(User.objects.get(username=username))
        detail = "/manage/projects/"
        for name, path in PAGES:
            url = path or detail
            runs = []
            for _ in range(args.repeat + 1):
                cpu, wall = time.process_time(), time.perf_counter()
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(url)
                runs.append(
                    (
                        (time.process_time() - cpu) * 1000,
                        (time.perf_counter() - wall) * 1000,
                        len(queries),
                        [q["sql"] for q in queries.captured_queries],
                    )
                )
            if name == "project list":
                found = DETAIL.search(response.content.decode())
                detail = found.group(1) if found else detail
            warm = runs[1:]
            print(
                f"| {username} | {name} | {response.status_code} | {len(response.content) // 1024} "
                f"| {runs[0][2]} | {warm[-1][2]} | {statistics.median(r[0] for r in warm):.0f} "
                f"| {statistics.median(r[1] for r in warm):.0f} |"
            )
            if args.top:
                for shape, n in Counter(_shape(s) for s in warm[-1][3]).most_common(args.top):
                    print(f"    {n:4d} × {shape}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
