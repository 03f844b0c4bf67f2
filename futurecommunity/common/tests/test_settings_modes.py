"""Settings modes read from a clean environment in a child process: test mode only when asked
for, the local secret key under var/ for a local instance, strict for a deployment."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SHOW = (
    "import pytest, django; django.setup(); from django.conf import settings as s; "
    "print(s.TESTING, s.SECRET_KEY, ','.join(s.ALLOWED_HOSTS), s.FC_JOB_BACKEND)"
)


def _settings(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings"}
    return subprocess.run(
        [sys.executable, "-c", SHOW],
        env={**base, "FC_VAR_DIR": str(tmp_path), **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_importing_pytest_does_not_switch_test_mode_on(tmp_path):
    (tmp_path / "secret_key").write_text("local-key-from-setup\n")
    done = _settings(tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "local-key-from-setup", "127.0.0.1,localhost", "thread"]


def test_test_mode_only_when_asked_for(tmp_path):
    done = _settings(tmp_path, FC_TESTING="1")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[0] == "True" and done.stdout.split()[-1] == "sync"


def test_a_deployment_needs_its_own_secret_key(tmp_path):
    """With hosts named (a deployment) the local key file is not used."""
    (tmp_path / "secret_key").write_text("local-key-from-setup\n")
    done = _settings(tmp_path, DJANGO_ALLOWED_HOSTS="fc.example.gov.cn")
    assert done.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in done.stderr


def test_without_setup_a_plain_command_says_what_to_do(tmp_path):
    done = _settings(tmp_path)
    assert done.returncode != 0
    assert "scripts/setup.sh writes var/secret_key" in done.stderr


DATABASE = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.DATABASES['default']['NAME'])"
)


def _database(tmp_path: Path, **env: str) -> str:
    (tmp_path / "secret_key").write_text("local-key-from-setup\n")
    base = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings"}
    done = subprocess.run(
        [sys.executable, "-c", DATABASE],
        env={**base, "FC_VAR_DIR": str(tmp_path), **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_demo_instance_never_uses_the_real_database(tmp_path):
    """SQLite: var/demo.sqlite3; PostgreSQL: the URL's database with "_demo" appended."""
    url = "postgres://fc@127.0.0.1:5432/futurecommunity"
    assert _database(tmp_path).endswith("futurecommunity.sqlite3")
    assert _database(tmp_path, FC_DEMO_MODE="1").endswith("demo.sqlite3")
    assert _database(tmp_path, DATABASE_URL=url) == "futurecommunity"
    assert _database(tmp_path, DATABASE_URL=url, FC_DEMO_MODE="1") == "futurecommunity_demo"
    demo_url = url + "_demo"
    assert _database(tmp_path, DATABASE_URL=demo_url, FC_DEMO_MODE="1") == "futurecommunity_demo"
