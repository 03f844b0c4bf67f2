"""Every write service is called by an allowed and by each denied actor, on real objects (issue 10).

A service is any public function of a ``services`` module, and any public function elsewhere in
``futurecommunity`` (tests, migrations and ``lifecircle.engine`` aside) taking an ``actor``.
Each one needs a case in its app's ``tests/service_cases.py`` (``SERVICE_CASES``) or an exemption
below with the reason (read helpers, infrastructure called by a service that has checked).

For each case: the setup creates real objects in street A (塔山街道, 越城区); every denied
visitor (``accounts.tests.matrix.VISITORS``) calls the service and must be refused with a
``DomainError`` (or Django's 403/404), and the refusal must have written nothing: the row counts of every
model of the service's app, of the audit log, the inbox and the job queue are unchanged, and
every model instance in the setup's context still has the same values in the database. Then the
allowed visitor calls it on the same objects and must succeed. An import refuses an
out-of-scope actor with per-row errors (a ``ValidationFailed``); such a case names those actors
in ``refused_as_row_errors``.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied as Forbidden
from django.db import models
from django.forms.models import model_to_dict
from django.http import Http404
from django.test import TestCase

import futurecommunity
from futurecommunity.accounts.tests.matrix import STREET_A, VISITORS, make_visitors, service_cases
from futurecommunity.common.errors import DomainError

pytestmark = pytest.mark.django_db

_SKIP = (".tests", ".migrations")
_SKIP_PREFIX = "futurecommunity.lifecircle.engine"

# Functions that are not write services of their own, each with the reason.
EXEMPT: dict[str, str] = {
    "futurecommunity.accounts.access.can_manage_account": "访问判定，只返回真假，不写",
    "futurecommunity.accounts.services.login_is_locked": "查询登录是否锁定，不写",
    "futurecommunity.accounts.services.login_refuse_locked": "登录流程内部：锁定时拒绝登录，不写",
    "futurecommunity.accounts.services.login_register_failure": "登录流程：记录本人登录失败（无操作人）",
    "futurecommunity.accounts.services.login_register_success": "登录流程：记录本人登录成功（无操作人）",
    "futurecommunity.accounts.services.login_unlock": "基础设施：由 login_unlock_by 与后台动作在校验后调用",
    "futurecommunity.accounts.services.logout_record": "登录流程：记录本人退出",
    "futurecommunity.accounts.services.password_change_record": "登录流程：记录本人修改密码",
    "futurecommunity.api.services.token_hash": "计算散列，不写",
    "futurecommunity.api.services.api_token_create": "仅服务器控制台命令 api_token_create",
    "futurecommunity.api.services.api_token_revoke": "仅服务器控制台命令 api_token_revoke",
    "futurecommunity.api.services.api_token_authenticate": "API 认证：核对令牌",
    "futurecommunity.audit.services.diff": "计算差异，不写",
    "futurecommunity.audit.services.audit_record": "基础设施：为已校验权限的服务写审计记录",
    "futurecommunity.audit.services.audit_verify_chain": "基础设施：由 audit_verify_chain_by 校验后调用",
    "futurecommunity.centres.services.scenario_execute": "基础设施：后台任务执行已由 scenario_submit 校验并审计的测算",
    "futurecommunity.evaluation.services.completeness_for": "列出自评缺项，不写",
    "futurecommunity.evaluation.services.parameter": "读取评价验收参数，不写",
    "futurecommunity.evaluation.services.system_for_project": "查询项目适用的指标体系，不写",
    "futurecommunity.jobs.services.job_submit": "基础设施：由已校验权限的服务排队后台任务",
    "futurecommunity.jobs.services.rq_queue": "基础设施：队列连接",
    "futurecommunity.jobs.services.job_run": "基础设施：执行已排队的任务",
    "futurecommunity.jobs.services.job_run_queued": "基础设施：执行已排队的任务（命令行）",
    "futurecommunity.lifecircle.demo.seed_demo": "演示数据，仅服务器控制台命令",
    "futurecommunity.lifecircle.imports.facility_import_check": "解析上传文件，辖区外的行成为行错误，不写",
    "futurecommunity.lifecircle.imports.residential_import_check": "解析上传文件，辖区外的行成为行错误，不写",
    "futurecommunity.lifecircle.services.gap_export_record": "基础设施：视图已按辖区取得分析后写导出审计",
    "futurecommunity.notifications.services.notify": "基础设施：由已校验权限的服务发送待办通知",
    "futurecommunity.notifications.services.notify_on_commit": "基础设施：由已校验权限的服务发送待办通知",
    "futurecommunity.notifications.services.outbox_send_due": "基础设施：发送已排队的邮件/短信（命令行）",
    "futurecommunity.permits.services.checklist_facts_of": "读取清单事实，不写",
    "futurecommunity.permits.services.project_route": "计算审批路径，不写",
    "futurecommunity.permits.services.approval_checklist_preview": "预览审批路径，不写",
    "futurecommunity.permits.services.review_department_reference": "生成编号，不写",
    "futurecommunity.projects.imports.project_import_check": "解析上传文件，辖区外的行成为行错误，不写",
    "futurecommunity.projects.services.project_moves_for": "列出可办理的操作，不写",
    "futurecommunity.rectification.services.order_link": "生成链接，不写",
    "futurecommunity.rectification.services.move_options_for": "列出可办理的操作，不写",
    "futurecommunity.rectification.services.city_office": "查询市风貌办，不写",
    "futurecommunity.reporting.services.report_input_errors": "校验输入，不写",
    "futurecommunity.reporting.services.facts_of_month": "读取月度事实，不写",
    "futurecommunity.audit.services.audit_checkpoint_now": "基础设施：定时与校验后写签名检查点（无操作人）",
    "futurecommunity.audit.services.audit_verify_checkpoint": "基础设施：由 audit_verify_chain_by 校验后调用，不写",
    "futurecommunity.jobs.services.job_recover": "基础设施：重新排队已停止进程留下的任务（无操作人）",
    "futurecommunity.jobs.services.job_recover_soon": "基础设施：请求开始时触发 job_recover",
    "futurecommunity.jobs.services.process_alive": "查询进程是否存活，不写",
    "futurecommunity.jobs.services.process_token": "计算进程标识，不写",
    "futurecommunity.notices.services.opinion_submit": "公众提交意见：无需登录，由公示期、人机校验与频率限制约束",
    "futurecommunity.notices.services.opinions_purge_expired": "仅服务器控制台命令：到期删除个人信息（无操作人）",
    "futurecommunity.operations.guards.satisfy": "演示数据与测试：为项目补齐运营前置条件",
    "futurecommunity.operations.services.funding_input_errors": "校验输入，不写",
    "futurecommunity.operations.services.operator_input_errors": "校验输入，不写",
    "futurecommunity.operations.services.quarter_input_errors": "校验输入，不写",
    "futurecommunity.operations.services.selection_input_errors": "校验输入，不写",
    "futurecommunity.permits.access.can_correct_opinion": "访问判定，只返回真假，不写",
    "futurecommunity.projects.guards.satisfy_all": "演示数据与测试：为项目补齐各环节前置条件",
    "futurecommunity.regions.services.parse_urban_flag_rows": "解析上传文件为行错误清单，不写",
    "futurecommunity.reporting.services.draft_input_errors": "校验月报草稿输入，不写",
    "futurecommunity.targets.compliance.services.compliance_export": "基础设施：视图已为查看人生成看板后写导出审计",
}

CASES = service_cases()
# Counted besides the service's own app: what any write leaves behind.
_ALWAYS = ("audit.AuditEntry", "notifications.Message", "notifications.OutboxItem", "jobs.Job")


def _discover() -> set[str]:
    found: set[str] = set()
    for info in pkgutil.walk_packages(futurecommunity.__path__, "futurecommunity."):
        name = info.name
        if any(part in name for part in _SKIP) or name.startswith(_SKIP_PREFIX):
            continue
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if attr.startswith("_") or not inspect.isfunction(value):
                continue
            if value.__module__ != name:  # imported, not defined here
                continue
            takes_actor = "actor" in inspect.signature(value).parameters
            if takes_actor or name.endswith(".services"):
                found.add(f"{name}.{attr}")
    return found


def test_every_service_has_a_case_or_a_reason():
    discovered = _discover()
    missing = sorted(discovered - CASES.keys() - EXEMPT.keys())
    stale = sorted((CASES.keys() | EXEMPT.keys()) - discovered)
    both = sorted(CASES.keys() & EXEMPT.keys())
    assert missing == [], "写服务缺少矩阵用例：" + "、".join(missing)
    assert stale == [], "用例或豁免对应的服务已不存在：" + "、".join(stale)
    assert both == [], "既有用例又被豁免：" + "、".join(both)
    problems = []
    for name, case in CASES.items():
        if case.get("allowed") not in VISITORS or case["allowed"] == "anonymous":
            problems.append(f"{name}：允许的访问者须为已登录的访问者")
        denied = case.get("denied") or []
        if not denied:
            problems.append(f"{name}：至少一个被拒绝的访问者")
        if set(denied) - set(VISITORS) or case.get("allowed") in denied:
            problems.append(f"{name}：被拒绝的访问者有误 {denied}")
    assert problems == [], "；".join(problems)


def _app_of(service: str) -> str:
    return service.split(".")[1]


def _counts(app_label: str) -> dict[str, int]:
    counted = list(apps.get_app_config(app_label).get_models())
    counted += [apps.get_model(label) for label in _ALWAYS]
    return {m._meta.label: m._default_manager.count() for m in dict.fromkeys(counted)}


def _instances(ctx: Any) -> list[models.Model]:
    values = ctx.values() if isinstance(ctx, dict) else [ctx]
    return [v for v in values if isinstance(v, models.Model) and v.pk is not None]


def _state(ctx: Any) -> dict[str, dict[str, Any]]:
    state = {}
    for obj in _instances(ctx):
        fresh = type(obj)._default_manager.filter(pk=obj.pk).first()
        state[f"{obj._meta.label}#{obj.pk}"] = model_to_dict(fresh) if fresh else {}
    return state


@pytest.mark.parametrize("service", sorted(CASES))
def test_service_refuses_every_denied_actor_and_serves_the_allowed_one(service, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    case = CASES[service]
    visitors = make_visitors()
    ctx = case["setup"](STREET_A)
    app_label = _app_of(service)
    wrong = []
    for who in case["denied"]:
        before, state = _counts(app_label), _state(ctx)
        try:
            with TestCase.captureOnCommitCallbacks(execute=True):
                case["call"](visitors[who], ctx)
        except (DomainError, Forbidden, Http404) as refusal:
            by_rows = who in case.get("refused_as_row_errors", ())
            if (
                isinstance(refusal, DomainError)
                and refusal.code == "validation_failed"
                and not by_rows
            ):
                wrong.append(f"{who}：应因权限被拒绝，实为输入校验 {refusal}")
        else:
            wrong.append(f"{who}：未被拒绝")
        after = _counts(app_label)
        changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
        if changed:
            wrong.append(f"{who}：被拒绝后仍写入了 {changed}")
        if _state(ctx) != state:
            wrong.append(f"{who}：被拒绝后对象被修改")
    assert wrong == [], f"{service}\n" + "\n".join(wrong)
    audits = apps.get_model("audit.AuditEntry")._default_manager.count()
    with TestCase.captureOnCommitCallbacks(execute=True):
        case["call"](visitors[case["allowed"]], ctx)
    if case.get("audited", True):
        written = apps.get_model("audit.AuditEntry")._default_manager.count() - audits
        assert written >= 1, f"{service}：允许的操作未写审计记录"
