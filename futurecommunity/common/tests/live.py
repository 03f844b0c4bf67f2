"""A real production instance for tests (issue 11 §1, §7): gunicorn with the production settings
(DJANGO_DEBUG=0, collected static files, whitenoise), RQ workers, on a SQLite file in a temporary
var dir or on a PostgreSQL database of its own next to the test database.

Used by ``test_live_server.py``; each instance is migrated, loaded with the reference data the
pages need and a small cast (a 塔山街道 editor and approver, a city editor, projects in 塔山街道),
then started as subprocesses and stopped (by their own process ids) at the end.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "Live#2026fcQz"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

SETUP = """
import datetime as dt
from django.core.management import call_command
from futurecommunity.accounts.loaders import load_organisations
from futurecommunity.accounts.tests.factories import member_of
from futurecommunity.regions.loaders import load_regions
from futurecommunity.targets.loaders import load_targets
from futurecommunity.projects.tests.factories import ProjectFactory

load_regions(); load_organisations(); load_targets()
call_command("load_reporting", verbosity=0)
users = {{
    "live_street": member_of("sx-330602001", "editor", "live_street"),
    "live_district": member_of("sx-330602", "approver", "live_district"),
    "live_city": member_of("sx-city-office", "approver", "live_city"),
}}
for user in users.values():
    user.set_password({password!r}); user.save()
for i in range({projects}):
    ProjectFactory(actor=users["live_street"], name=f"塔山街道并发测试社区{{i}}")
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _postgres_database(url: str, suffix: str) -> str:
    """A fresh database named after the test database's (``h_x`` → ``h_x_live``); returns its
    URL. Dropped first when it is left over from an earlier run."""
    import psycopg

    parsed = urllib.parse.urlsplit(url)
    name = f"{parsed.path.lstrip('/')}_{suffix}"
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return parsed._replace(path=f"/{name}").geturl()


def drop_postgres_database(url: str) -> None:
    import psycopg

    parsed = urllib.parse.urlsplit(url)
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parsed.path.lstrip("/")}" WITH (FORCE)')


@dataclass
class Instance:
    work: Path
    database_url: str = ""
    redis_url: str = ""
    cache_url: str = ""
    processes: list[subprocess.Popen] = field(default_factory=list)
    logs: list[Path] = field(default_factory=list)

    @property
    def env(self) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("FC_", "DJANGO_", "PYTEST", "DATABASE_URL"))
        }
        env.update(
            DJANGO_DEBUG="0",
            DJANGO_SECRET_KEY="live-" + "k" * 50,
            DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
            DJANGO_SETTINGS_MODULE="config.settings",
            FC_VAR_DIR=str(self.work / "var"),
            FC_SECURE_SSL_REDIRECT="0",
            FC_SECURE_COOKIES="0",
            FC_HSTS_SECONDS="0",
            FC_LOG_FORMAT="json",
            FC_LOG_LEVEL="WARNING",
            FC_AUDIT_KEY="live-test-audit-key",
            FC_JOB_BACKEND="rq" if self.redis_url else "thread",
            FC_WEB_WORKERS="2",
            FC_WEB_THREADS="4",
        )
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        if self.redis_url:
            env["FC_REDIS_URL"] = self.redis_url
        if self.cache_url:
            env["FC_CACHE_URL"] = self.cache_url
        return env

    def manage(self, *args: str, timeout: int = 600) -> str:
        result = subprocess.run(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True,
            text=True, timeout=timeout,
        )  # fmt: skip
        if result.returncode != 0:
            raise AssertionError(f"manage.py {args[0]} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def prepare(self, *, projects: int = 24) -> None:
        (self.work / "var").mkdir(parents=True, exist_ok=True)
        self.manage("migrate", "--noinput", "-v0")
        self.manage("collectstatic", "--noinput", "-v0")
        self.manage(
            "shell", "--no-imports", "-c", SETUP.format(password=PASSWORD, projects=projects)
        )

    def shell(self, code: str) -> str:
        """Run ``code`` in ``manage.py shell``; returns the last line it printed."""
        lines = self.manage("shell", "--no-imports", "-c", code).strip().splitlines()
        return lines[-1] if lines else ""

    def _spawn(self, name: str, args: list[str], extra: dict[str, str] | None = None) -> None:
        log = self.work / f"{name}.log"
        self.logs.append(log)
        handle = log.open("w")
        process = subprocess.Popen(  # noqa: S603 - our own server
            args, cwd=ROOT, env={**self.env, **(extra or {})}, stdout=handle,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        self.processes.append(process)

    def start_web(self) -> str:
        port = free_port()
        self._spawn(
            f"web-{port}",
            [sys.executable, "-m", "gunicorn", "config.wsgi:application",
             "-c", "config/gunicorn.conf.py"],
            {"FC_BIND": f"127.0.0.1:{port}"},
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if requests.get(base + "/healthz", timeout=5).status_code == 200:
                    return base
            except requests.RequestException:
                pass
            if any(p.poll() is not None for p in self.processes):
                break
            time.sleep(0.5)
        raise AssertionError("server did not come up:\n" + self.log_text())

    def start_worker(self, name: str) -> None:
        self._spawn(name, [sys.executable, "manage.py", "run_jobs", "--rq"])

    def log_text(self) -> str:
        return "\n".join(
            f"== {log.name}\n" + log.read_text(errors="replace")[-4000:] for log in self.logs
        )

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, 15)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, 9)
                process.wait(timeout=10)
        self.processes.clear()

    def cleanup(self) -> None:
        self.stop()
        if self.database_url:
            drop_postgres_database(self.database_url)
        shutil.rmtree(self.work, ignore_errors=True)


def new_instance(tmp: Path, *, redis_db: int | None = None, suffix: str = "live") -> Instance:
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url:
        database_url = _postgres_database(database_url, suffix)
    instance = Instance(work=tmp / f"instance-{secrets.token_hex(3)}", database_url=database_url)
    if redis_db is not None:
        instance.redis_url = f"redis://127.0.0.1:6379/{redis_db}"
        instance.cache_url = f"redis://127.0.0.1:6379/{redis_db + 1}"
    return instance


def login(base: str, username: str) -> requests.Session:
    session = requests.Session()
    page = session.get(base + "/accounts/login/", timeout=60)
    token = TOKEN.search(page.text)
    assert token, page.text[:500]
    answer = session.post(
        base + "/accounts/login/",
        data={"csrfmiddlewaretoken": token.group(1), "username": username, "password": PASSWORD},
        headers={"Referer": base + "/accounts/login/"},
        timeout=60,
    )
    assert answer.status_code == 200 and "/accounts/login/" not in answer.url, answer.text[:800]
    return session


def csrf(session: requests.Session) -> str:
    return session.cookies.get("csrftoken") or ""
