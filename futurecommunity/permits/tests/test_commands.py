"""`manage.py approval_route`: a thin wrapper that prints the navigator's route."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from futurecommunity.permits.management.commands.approval_route import Command

# The command reads the DB configuration rows when present, so it needs the database.
pytestmark = pytest.mark.django_db

SMALL_CONVERSION = (
    "--build-type=renovation",
    "--funding=government",
    "--investment=1999999",
    "--area=999",
    "--converts-to-public-service",
    "--on-published-list",
)


def _run(*args: str) -> str:
    # Passing the command object works without Django settings (no app registry lookup).
    out = StringIO()
    call_command(Command(), *args, stdout=out)
    return out.getvalue()


def test_prints_the_route_in_chinese():
    text = _run(*SMALL_CONVERSION)
    assert text.startswith("未来社区项目审批路径\n")
    assert "3. 部门联合审查【须办理】（三(四)1）" in text
    assert "6. 项目建议书和可行性研究报告【合并办理】（三(四)2）" in text
    assert "9. 施工许可【可免于办理】（三(四)4）" in text
    assert "1,999,999元低于2,000,000元" in text


def test_prints_json_with_stable_codes():
    route = json.loads(_run(*SMALL_CONVERSION, "--json", "--works-investment=1500000"))
    outcomes = {step["code"]: step["outcome"] for step in route["steps"]}
    assert outcomes["proposal_feasibility"] == "merged"
    assert outcomes["planning_permit"] == "exempt"
    assert outcomes["construction_permit"] == "exempt"
    assert route["facts"]["works_investment"] == "1500000"
    assert route["facts"]["total_investment"] == "1999999"


def test_flags_reach_the_navigator():
    route = json.loads(
        _run(
            "--build-type=renovation",
            "--funding=enterprise",
            "--investment=5000000",
            "--area=3000",
            "--municipal-or-environment-works",
            "--adds-floor-area",
            "--special-construction-project",
            "--json",
        )
    )
    outcomes = {step["code"]: step["outcome"] for step in route["steps"]}
    assert outcomes["approval_or_filing"] == "filing"
    assert outcomes["construction_permit"] == "required"
    assert route["facts"]["special_construction_project"] is True


def test_invalid_facts_become_a_command_error():
    with pytest.raises(CommandError, match="工程投资额不能大于总投资额。"):
        _run(*SMALL_CONVERSION, "--works-investment=3000000")


def _django_settings_available() -> bool:
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        return bool(settings.INSTALLED_APPS)
    except (ImproperlyConfigured, ImportError):
        return False


@pytest.mark.skipif(not _django_settings_available(), reason="no Django settings in this run")
def test_command_is_registered_under_its_name():
    out = StringIO()
    call_command("approval_route", *SMALL_CONVERSION, stdout=out)
    assert "部门联合审查【须办理】" in out.getvalue()
