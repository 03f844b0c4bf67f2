"""Demo data never reaches a real instance's figures (issue 10 item 3).

A real instance (FC_DEMO_MODE off) computes the programme status, the compliance board, the
month's reports, the bulletin figures, the public pages and the API's programme figures; then the
whole labelled demo set (projects, pilots, rectification, monthly reports) is written into the
same database, and every figure must read exactly as before. The same figures in a demo instance
do change, so the comparison can fail.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from futurecommunity.accounts.models import User
from futurecommunity.common.time import today_local
from futurecommunity.projects.management.commands.seed_demo import seed_refusal
from futurecommunity.projects.models import Project
from futurecommunity.projects.tests.factories import (
    GUANSHU,
    KEQIAO,
    KEQIAO_STREET,
    ProjectFactory,
    advance,
)
from futurecommunity.reporting.models import MonthlyReport
from futurecommunity.reporting.services import month_freeze

pytestmark = pytest.mark.django_db

AS_OF = today_local()
MONTH = (AS_OF.replace(day=1) - dt.timedelta(days=1)).replace(day=1)  # has demo reports
BULLETIN_MONTH = (MONTH - dt.timedelta(days=200)).replace(day=1)  # frozen by the real instance


def _figures(api: Any, client: Client) -> dict[str, Any]:
    from futurecommunity.reporting.figures import bulletin_figures
    from futurecommunity.reporting.selectors import month_snapshot_data, reporting_facts
    from futurecommunity.targets.compliance.engine import evaluate
    from futurecommunity.targets.compliance.snapshot import programme_snapshot
    from futurecommunity.targets.selectors import programme_view

    _, status = api.get("programme-status", as_of=AS_OF.isoformat())
    _, findings = api.get("compliance-findings", as_of=AS_OF.isoformat())
    public = client.get("/public/")
    district = client.get(f"/public/districts/{KEQIAO}/")
    assert public.status_code == district.status_code == 200
    return {
        "programme": repr(programme_view(prefix="", as_of=AS_OF).status),
        "board": sorted(repr(f) for f in evaluate(programme_snapshot(as_of=AS_OF))),
        "month": month_snapshot_data(month=MONTH, facts=reporting_facts()),
        "bulletin": json.dumps(bulletin_figures(BULLETIN_MONTH), sort_keys=True, default=str),
        "api_status": status,
        "api_findings": findings,
        "public": public.content.decode(),
        "public_district": district.content.decode(),
    }


def _seed_everything(settings: Any) -> None:
    """The demo set as a demo instance writes it, left in this (real) instance's database."""
    from futurecommunity.pilots import demo as pilots_demo
    from futurecommunity.projects import demo as projects_demo
    from futurecommunity.rectification import demo as rectification_demo
    from futurecommunity.reporting import demo as reporting_demo

    settings.FC_DEMO_MODE = True
    assert projects_demo.seed_demo() > 300
    pilots_demo.seed_demo()
    rectification_demo.seed_demo()
    reporting_demo.seed_demo()
    assert MonthlyReport.objects.filter(is_demo=True, month=MONTH).exists()
    settings.FC_DEMO_MODE = False


def test_a_real_instances_figures_ignore_demo_rows(
    settings, api_as, city_viewer, keqiao_editor, keqiao_approver
):
    settings.FC_DEMO_MODE = False
    real = ProjectFactory(
        actor=keqiao_editor,
        name="柯桥街道管墅未来社区",
        district_code=KEQIAO,
        street_code=KEQIAO_STREET,
        community_codes=(GUANSHU,),
        creation_year=2024,
    )
    advance(
        real, "published", approver=keqiao_approver, editor=keqiao_editor, on=dt.date(2025, 3, 1)
    )
    month_freeze(actor=None, month=BULLETIN_MONTH, today=AS_OF)
    api, client = api_as(city_viewer), Client()

    before = _figures(api, client)
    assert "柯桥街道管墅未来社区" in before["public"]

    _seed_everything(settings)
    after = _figures(api, client)
    for name in before:
        assert after[name] == before[name], f"演示数据改变了正式实例的“{name}”"
    assert "【演示】" not in after["public"] + after["public_district"] + after["bulletin"]

    # The comparison can fail: a demo instance counts the same rows.
    settings.FC_DEMO_MODE = True
    demo = _figures(api, client)
    changed = {name for name in before if demo[name] != before[name]}
    assert {"programme", "board", "month", "bulletin", "api_status", "public"} <= changed


def test_seed_demo_refuses_outside_a_demo_instance(settings):
    settings.FC_DEMO_MODE = False
    with pytest.raises(CommandError, match="本实例不是演示实例"):
        call_command("seed_demo")
    assert not Project.objects.exists()
    assert not User.objects.filter(is_demo=True).exists()


def test_seed_demo_refuses_a_database_holding_real_projects(settings, keqiao_editor):
    settings.FC_DEMO_MODE = True
    assert seed_refusal() == ""
    ProjectFactory(
        actor=keqiao_editor,
        district_code=KEQIAO,
        street_code=KEQIAO_STREET,
        community_codes=(GUANSHU,),
    )
    with pytest.raises(CommandError, match="已有 1 个真实（非演示）项目"):
        call_command("seed_demo")
    assert Project.objects.filter(is_demo=True).count() == 0
    assert not User.objects.filter(is_demo=True).exists()


def test_a_demo_instance_has_its_own_database(tmp_path):
    """FC_DEMO_MODE selects var/demo.sqlite3; a real instance keeps futurecommunity.sqlite3."""
    import subprocess
    import sys

    code = "from django.conf import settings as s; print(s.DATABASES['default']['NAME'])"
    names = []
    for demo in ("1", "0"):
        env = {
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_DEBUG": "1",
            "FC_VAR_DIR": str(tmp_path),
            "FC_DEMO_MODE": demo,
        }
        out = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
            cwd=str(Path(__file__).resolve().parents[3]),
        )
        names.append(out.stdout.strip())
    assert names == [str(tmp_path / "demo.sqlite3"), str(tmp_path / "futurecommunity.sqlite3")]


def test_every_demo_module_seed_demo_finds_can_seed_and_remove():
    from futurecommunity.projects.management.commands.seed_demo import _demo_modules

    modules = _demo_modules()
    assert len(modules) >= 5
    for _label, module in modules:
        assert callable(module.seed_demo) and callable(module.remove_demo), module.__name__
