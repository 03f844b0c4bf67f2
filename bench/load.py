"""Load benchmark of the production server (issue 11 §2) with locust.

Simulated officials (demo accounts of the city, two districts and a street) log in once and then
browse: dashboard, compliance board, project list and project detail pages. Run against
`scripts/serve.sh` on PostgreSQL with the demo data (see docs/benchmarks.md), e.g.:

    .venv/bin/locust -f bench/load.py --headless -u 50 -r 10 -t 60s \\
        --host http://127.0.0.1:8000 --csv var/bench/load

Requires `locust` (bench/requirements.txt). The password is the published demo password; the
accounts exist only in a demo instance.
"""

from __future__ import annotations

import itertools
import os
import random
import re

from locust import HttpUser, between, task

ACCOUNTS = itertools.cycle(
    (os.environ.get("FC_BENCH_USERS") or "city_admin,city_clerk,d330602_lead,d330603_clerk,"
     "s330602001_clerk").split(",")
)  # fmt: skip
PASSWORD = os.environ.get("FC_BENCH_PASSWORD", "Demo@2026fc")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
DETAIL = re.compile(r'href="(/manage/projects/WL-[0-9-]+/)"')


class Official(HttpUser):
    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        page = self.client.get("/accounts/login/", name="login page")
        token = TOKEN.search(page.text)
        self.client.post(
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "username": next(ACCOUNTS),
                "password": PASSWORD,
            },
            headers={"Referer": self.host + "/accounts/login/"},
            name="login",
        )
        listing = self.client.get("/manage/projects/", name="project list")
        self.details = DETAIL.findall(listing.text) or ["/manage/projects/"]

    @task(3)
    def dashboard(self) -> None:
        self.client.get("/manage/", name="dashboard")

    @task(2)
    def compliance_board(self) -> None:
        self.client.get("/manage/compliance/", name="compliance board")

    @task(3)
    def project_list(self) -> None:
        self.client.get("/manage/projects/", name="project list")

    @task(2)
    def project_detail(self) -> None:
        self.client.get(random.choice(self.details), name="project detail")  # noqa: S311
