"""The production server under concurrent writers, and scaled out (issue 11 §1, §7).

Both tests start the real thing as subprocesses (``common/tests/live.py``): gunicorn with the
production settings (DJANGO_DEBUG=0, collected static files), two workers × four threads.

* Concurrent writers: 12 logged-in clients save monthly reports and move projects along their
  lifecycle for about 10 s, several on the same project and month at once. No answer may be a
  server error. The one answer ≥ 500 the platform documents as a clean refusal is the Chinese
  "系统正忙" 503 page (``common.middleware.BusyDatabaseMiddleware``: nothing was written, submit
  again); it is counted and reported, any other 5xx fails. The audit chain verifies afterwards.
  On SQLite (a file, both gunicorn processes writing to it) and, when DATABASE_URL is set, on a
  PostgreSQL database of its own.
* Scale-out (PostgreSQL only): two web processes and two RQ workers against one database and one
  Redis (its own database numbers): a bulletin job runs exactly once while a write load runs,
  and a session opened on one web process works on the other.

Select them with ``-m live_server``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import threading
import time
from collections import Counter

import pytest
import requests

from futurecommunity.common.middleware import BUSY_MESSAGE
from futurecommunity.common.tests import live

pytestmark = pytest.mark.live_server

CLIENTS = 12
SECONDS = 10.0
MONTHS = [f"2025-{m:02d}" for m in range(1, 13)]
# The next move per status, and who makes it: the street editor declares and starts building,
# the district approver lists (with a 文号).
NEXT: dict[str, list[tuple[str, dict[str, str]]]] = {
    "live_street": [("declared", {}), ("under_construction", {})],
    "live_district": [("listed", {"document_number": "越风貌〔2025〕9号"})],
}
REFERENCES = """
import json
from futurecommunity.projects.models import Project
print(json.dumps(sorted(Project.objects.values_list("reference", flat=True))))
"""
COUNTS = """
import json
from futurecommunity.projects.models import Transition
from futurecommunity.reporting.models import MonthlyReport, ReportVersion
print(json.dumps({"reports": MonthlyReport.objects.count(),
    "versions": ReportVersion.objects.count(), "transitions": Transition.objects.count()}))
"""


@pytest.fixture
def instance(tmp_path):
    made: list[live.Instance] = []

    def make(**kwargs: object) -> live.Instance:
        made.append(live.new_instance(tmp_path, **kwargs))  # type: ignore[arg-type]
        return made[-1]

    yield make
    for one in made:
        one.cleanup()


class Tally:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.statuses: Counter[int] = Counter()
        self.busy = 0
        self.errors: list[str] = []

    def record(self, what: str, response: requests.Response) -> None:
        with self.lock:
            self.statuses[response.status_code] += 1
            if response.status_code == 503 and BUSY_MESSAGE in response.text:
                self.busy += 1
            elif response.status_code >= 500:
                self.errors.append(f"{what} → {response.status_code}: {response.text[:300]}")

    def failure(self, what: str, exc: Exception) -> None:
        with self.lock:
            self.errors.append(f"{what} → {type(exc).__name__}: {exc}")


def _write_load(bases: list[str], references: list[str], tally: Tally, seconds: float) -> int:
    """CLIENTS clients (street editors and district approvers), each on the web process
    ``bases[i % len(bases)]``, writing until ``seconds`` have passed. Returns the requests made."""
    sessions = []
    for i in range(CLIENTS):
        user = "live_district" if i % 4 == 3 else "live_street"
        sessions.append((user, bases[i % len(bases)], live.login(bases[i % len(bases)], user)))
    start = threading.Barrier(CLIENTS)
    stop_at = time.monotonic() + seconds + 5  # barrier and first requests
    made = Counter[int]()
    today = dt.date.today().isoformat()

    def client(index: int, user: str, base: str, session: requests.Session) -> None:
        rng = random.Random(index)  # noqa: S311 - test load, not security
        start.wait()
        deadline = time.monotonic() + seconds
        n = 0
        while time.monotonic() < min(deadline, stop_at):
            reference = rng.choice(references[:8])  # few projects: clients collide on them
            token = live.csrf(session)
            try:
                if user == "live_street" and n % 3 != 2:
                    month = rng.choice(MONTHS[:4])
                    url = f"{base}/manage/reporting/reports/{reference}/{month}/"
                    pct = rng.randint(1, 99)
                    answer = session.post(
                        url,
                        data={
                            "csrfmiddlewaretoken": token,
                            "percent_complete": f"{pct}.0",
                            "investment_month": "10000.00",
                            "investment_to_date": f"{10000 * pct}.00",
                            "milestones": f"第{n}次保存",
                            "reason": "并发保存测试",
                        },
                        allow_redirects=False,
                        timeout=120,
                    )
                    tally.record(f"POST {url}", answer)
                else:
                    target, extra = rng.choice(NEXT[user])
                    url = f"{base}/manage/projects/{reference}/transition/"
                    answer = session.post(
                        url,
                        data={
                            "csrfmiddlewaretoken": token,
                            "target": target,
                            "occurred_on": today,
                            **extra,
                        },
                        allow_redirects=False,
                        timeout=120,
                    )
                    tally.record(f"POST {url} {target}", answer)
                    # The page the official lands on, with the refusal or confirmation message.
                    page = session.get(f"{base}/manage/projects/{reference}/", timeout=120)
                    tally.record(f"GET {reference}", page)
            except requests.RequestException as exc:
                tally.failure(reference, exc)
            n += 1
        with tally.lock:
            made[index] = n

    threads = [
        threading.Thread(target=client, args=(i, *sessions[i])) for i in range(len(sessions))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(made.values())


def _assert_clean(tally: Tally, instance: live.Instance) -> None:
    assert tally.errors == [], "\n".join(tally.errors[:10]) + "\n" + instance.log_text()
    assert sum(tally.statuses.values()) > 0
    # Every answer: a redirect after a save or a refusal, or a page.
    assert set(tally.statuses) <= {200, 302, 503}, tally.statuses


def test_concurrent_writers_against_the_production_server(instance) -> None:
    server = instance()
    server.prepare()
    references = json.loads(server.shell(REFERENCES))
    base = server.start_web()
    tally = Tally()
    requests_made = _write_load([base], references, tally, SECONDS)
    counts = json.loads(server.shell(COUNTS))
    print(  # noqa: T201 - the figures of the run, shown with -s
        f"\n{server.database_url and 'PostgreSQL' or 'SQLite'}: {requests_made} client "
        f"iterations, statuses {dict(tally.statuses)}, busy 503 {tally.busy}, rows {counts}"
    )
    _assert_clean(tally, server)
    # The writes happened (not only refusals): reports and their versions, and transitions.
    assert counts["versions"] >= 20 and counts["reports"] >= 4
    assert counts["transitions"] > 0
    # The busy refusal is the exception, not the answer: most saves got through.
    assert tally.busy <= tally.statuses[302] // 10
    # The hash chain stayed one chain under concurrent writers (no fork, no gap).
    assert "审计日志校验通过" in server.manage("audit_verify")


@pytest.mark.skipif(
    "DATABASE_URL" not in os.environ,
    reason="scale-out needs one shared PostgreSQL: several web processes on one SQLite file is "
    "not a supported deployment (set DATABASE_URL to run it)",
)
def test_two_web_processes_and_two_workers_share_one_database_and_redis(instance) -> None:
    import redis

    redis_db = int(os.environ.get("FC_TEST_REDIS_DB", "13"))
    server = instance(redis_db=redis_db, suffix="scale")
    try:
        redis.Redis.from_url(server.redis_url).ping()
    except redis.RedisError as exc:
        pytest.skip(f"no Redis at {server.redis_url}: {exc}")
    for url in (server.redis_url, server.cache_url):
        redis.Redis.from_url(url).flushdb()
    server.prepare()
    # A frozen month with reports: the bulletin job has work to do.
    server.shell(
        "import datetime as dt\n"
        "from futurecommunity.reporting.services import month_freeze\n"
        "month_freeze(actor=None, month=dt.date(2025, 1, 1))\n"
    )
    references = json.loads(server.shell(REFERENCES))
    web_a, web_b = server.start_web(), server.start_web()
    server.start_worker("worker-1")
    server.start_worker("worker-2")

    # A session opened on one process is the same session on the other (database sessions,
    # one SECRET_KEY): log in on A, work on B.
    city = live.login(web_a, "live_city")
    dashboard = city.get(web_b + "/manage/", allow_redirects=False, timeout=120)
    assert dashboard.status_code == 200 and "工作台" in dashboard.text
    answer = city.post(
        web_b + "/manage/reporting/bulletins/generate/",
        data={"csrfmiddlewaretoken": live.csrf(city), "month": "2025-01"},
        allow_redirects=False,
        timeout=120,
    )
    assert answer.status_code == 302 and "/manage/jobs/" in answer.headers["Location"], answer.text
    job_id = int(answer.headers["Location"].rstrip("/").split("/")[-1])
    # The same job handed to the queue a second time (a retried enqueue): both workers may
    # pick it up, only one may run it.
    server.shell(
        "from futurecommunity.jobs.services import rq_queue\n"
        f"rq_queue().enqueue('futurecommunity.jobs.services.job_run', {job_id})\n"
    )

    tally = Tally()
    _write_load([web_a, web_b], references, tally, SECONDS)
    deadline = time.monotonic() + 180
    state: dict[str, object] = {}
    while time.monotonic() < deadline:
        state = json.loads(
            server.shell(
                "import json\n"
                "from futurecommunity.jobs.models import Job\n"
                "from futurecommunity.reporting.models import Bulletin\n"
                f"j = Job.objects.get(pk={job_id})\n"
                "print(json.dumps({'status': j.status, 'attempts': j.attempts, 'worker': j.worker,"
                " 'bulletins': Bulletin.objects.count(), 'error': j.error}))\n"
            )
        )
        if state["status"] in {"succeeded", "failed"}:
            break
        time.sleep(2)
    _assert_clean(tally, server)
    assert state["status"] == "succeeded", (state, server.log_text())
    assert state["attempts"] == 1 and state["bulletins"] == 1, state
    # Both workers were up and listening on the queue.
    workers = redis.Redis.from_url(server.redis_url).smembers("rq:workers")
    assert len(workers) == 2, workers
    assert "审计日志校验通过" in server.manage("audit_verify")
