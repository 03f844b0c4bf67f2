"""Every write service has an access rule and a test proving the rule refuses (issue 3).

A service is any public function defined in a ``futurecommunity`` module (tests, migrations and
``lifecircle.engine`` aside) that takes a parameter named ``actor``. ``SERVICES`` must name each
one: who may call it and the test(s) showing that an unauthorised actor is refused and nothing
is written. Infrastructure and read helpers do no permission check by design; they say why.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from dataclasses import dataclass
from pathlib import Path

import futurecommunity

ROOT = Path(futurecommunity.__file__).resolve().parent.parent
_SKIP = (".tests", ".migrations")
_SKIP_PREFIX = "futurecommunity.lifecircle.engine"
INFRASTRUCTURE = "infrastructure"
READ = "read"


@dataclass(frozen=True)
class Rule:
    who: str
    denials: tuple[str, ...] = ()
    why: str = ""  # required for infrastructure/read rules


def _t(app: str, module: str, name: str) -> str:
    return f"futurecommunity/{app}/tests/{module}.py::{name}"


def _d(app: str, name: str) -> str:
    return _t(app, "test_denials", name)


_CALLERS = "callers check"
SERVICES: dict[str, Rule] = {
    # accounts
    "futurecommunity.accounts.access.can_manage_account": Rule(
        READ, why="access predicate; returns a bool, writes nothing"
    ),
    "futurecommunity.accounts.administration.user_create": Rule(
        "system administrator",
        (_t("accounts", "test_user_admin", "test_others_cannot_create_users"),),
    ),
    "futurecommunity.accounts.administration.user_set_active": Rule(
        "system administrator (not other administrators)",
        (
            _t(
                "accounts",
                "test_user_admin",
                "test_system_admin_cannot_touch_another_administrator",
            ),
        ),
    ),
    "futurecommunity.accounts.administration.user_reset_password": Rule(
        "system administrator (not other administrators)",
        (_d("accounts", "test_only_the_system_admin_resets_passwords"),),
    ),
    "futurecommunity.accounts.administration.login_unlock_by": Rule(
        "security administrator", (_d("accounts", "test_only_the_security_admin_unlocks_logins"),)
    ),
    "futurecommunity.accounts.otp.otp_reset": Rule(
        "security administrator (not for oneself)",
        (_t("accounts", "test_user_admin", "test_only_the_security_admin_resets_second_factors"),),
    ),
    "futurecommunity.accounts.services.login_unlock": Rule(
        INFRASTRUCTURE, why=f"{_CALLERS}: login_unlock_by and the Django admin action"
    ),
    # api
    "futurecommunity.api.services.api_token_create": Rule(
        INFRASTRUCTURE, why="server console only (management command api_token_create)"
    ),
    "futurecommunity.api.services.api_token_revoke": Rule(
        INFRASTRUCTURE, why="server console only (management command api_token_revoke)"
    ),
    # audit
    "futurecommunity.audit.export.audit_export": Rule(
        "audit administrator", (_d("audit", "test_only_the_audit_admin_exports_the_log"),)
    ),
    "futurecommunity.audit.services.audit_record": Rule(
        INFRASTRUCTURE, why="writes the audit entry for a service that has already checked"
    ),
    "futurecommunity.audit.services.audit_verify_chain_by": Rule(
        "audit administrator",
        (_t("accounts", "test_separation", "test_city_approver_cannot_verify_the_chain"),),
    ),
    # jobs
    "futurecommunity.jobs.services.job_submit": Rule(
        INFRASTRUCTURE, why=f"{_CALLERS}: queues a job for a service that has already checked"
    ),
    # lifecircle
    "futurecommunity.lifecircle.demo.seed_demo": Rule(
        INFRASTRUCTURE, why="management command (demo data), server console only"
    ),
    "futurecommunity.lifecircle.imports.facility_import_check": Rule(
        READ, why="parses an upload; rows outside scope become row errors; writes nothing"
    ),
    "futurecommunity.lifecircle.imports.residential_import_check": Rule(
        READ, why="parses an upload; rows outside scope become row errors; writes nothing"
    ),
    "futurecommunity.lifecircle.services.analysis_run_prepare": Rule(
        "territory editor", (_d("lifecircle", "test_analysis_outside_scope_is_refused"),)
    ),
    "futurecommunity.lifecircle.services.analysis_run_submit": Rule(
        "territory editor", (_d("lifecircle", "test_analysis_outside_scope_is_refused"),)
    ),
    "futurecommunity.lifecircle.services.facility_create": Rule(
        "territory editor", (_d("lifecircle", "test_facility_create_outside_scope_is_refused"),)
    ),
    "futurecommunity.lifecircle.services.facility_import": Rule(
        "territory editor",
        (
            _t(
                "lifecircle",
                "test_imports",
                "test_a_district_office_cannot_import_into_another_district",
            ),
        ),
    ),
    "futurecommunity.lifecircle.services.residential_point_import": Rule(
        "territory editor", (_d("lifecircle", "test_residential_import_outside_scope_is_refused"),)
    ),
    "futurecommunity.lifecircle.services.street_network_import_submit": Rule(
        "territory editor", (_d("lifecircle", "test_network_import_outside_scope_is_refused"),)
    ),
    "futurecommunity.lifecircle.services.facility_kind_update": Rule(
        "city office editor",
        (_d("lifecircle", "test_only_the_city_office_edits_levels_and_facility_kinds"),),
    ),
    "futurecommunity.lifecircle.services.level_update": Rule(
        "city office editor",
        (_d("lifecircle", "test_only_the_city_office_edits_levels_and_facility_kinds"),),
    ),
    "futurecommunity.lifecircle.services.parameter_update": Rule(
        "city office editor",
        (_t("lifecircle", "test_catalogue", "test_only_the_city_office_edits_configuration"),),
    ),
    "futurecommunity.lifecircle.services.gap_export_record": Rule(
        INFRASTRUCTURE, why=f"{_CALLERS}: audit line for an export the view already scoped"
    ),
    # notifications
    "futurecommunity.notifications.services.message_mark_read": Rule(
        "recipient (own messages only)",
        (_d("notifications", "test_another_users_message_stays_unread"),),
    ),
    # permits
    "futurecommunity.permits.services.approval_checklist_create": Rule(
        "territory editor",
        (_t("permits", "test_services", "test_create_denied_outside_edit_scope_writes_nothing"),),
    ),
    "futurecommunity.permits.services.approval_checklist_recompute": Rule(
        "territory editor",
        (_t("permits", "test_services", "test_recompute_denied_for_other_district"),),
    ),
    "futurecommunity.permits.services.approval_step_update": Rule(
        "territory editor",
        (
            _t(
                "permits",
                "test_services",
                "test_step_update_denied_for_other_district_changes_nothing",
            ),
        ),
    ),
    "futurecommunity.permits.services.joint_review_meeting_record": Rule(
        "territory editor", (_d("permits", "test_recording_a_meeting_outside_scope_is_refused"),)
    ),
    "futurecommunity.permits.services.department_opinion_record": Rule(
        "assigned department reviewer",
        (
            _t("permits", "test_reviews", "test_office_user_cannot_answer_for_a_department"),
            _t("permits", "test_reviews", "test_department_viewer_role_cannot_answer"),
        ),
    ),
    "futurecommunity.permits.services.review_department_update": Rule(
        "city office editor", (_d("permits", "test_only_the_city_office_edits_review_departments"),)
    ),
    "futurecommunity.permits.services.route_threshold_update": Rule(
        "city office editor",
        (_t("permits", "test_reviews", "test_district_office_cannot_edit_thresholds"),),
    ),
    # pilots
    "futurecommunity.pilots.services.ancient_area_update": Rule(
        "city or Yuecheng office editor",
        (
            _t(
                "pilots",
                "test_services",
                "test_only_city_and_yuecheng_offices_edit_the_ancient_city",
            ),
        ),
    ),
    "futurecommunity.pilots.services.ancient_unit_update": Rule(
        "city or Yuecheng office editor",
        (_d("pilots", "test_ancient_unit_edit_outside_the_ancient_city_offices_is_refused"),),
    ),
    "futurecommunity.pilots.services.declaration_create": Rule(
        "territory editor", (_d("pilots", "test_declaring_outside_scope_is_refused"),)
    ),
    "futurecommunity.pilots.services.declaration_add_evidence": Rule(
        "territory editor", (_d("pilots", "test_adding_evidence_outside_scope_is_refused"),)
    ),
    "futurecommunity.pilots.services.declaration_transition": Rule(
        "territory editor; city approver decides",
        (_t("pilots", "test_services", "test_only_city_approvers_accept_declarations"),),
    ),
    # projects
    "futurecommunity.projects.assignments.project_assign_department": Rule(
        "city or district office",
        (_t("projects", "test_assignments", "test_others_cannot_assign_and_nothing_is_written"),),
    ),
    "futurecommunity.projects.assignments.project_unassign_department": Rule(
        "city or district office",
        (_d("projects", "test_unassigning_a_department_is_refused_outside_scope"),),
    ),
    "futurecommunity.projects.imports.project_import": Rule(
        "territory editor", (_d("projects", "test_project_import_outside_scope_is_refused"),)
    ),
    "futurecommunity.projects.imports.project_import_check": Rule(
        READ, why="parses an upload; rows outside scope become row errors; writes nothing"
    ),
    "futurecommunity.projects.services.project_create": Rule(
        "territory editor", (_d("projects", "test_project_create_outside_scope_is_refused"),)
    ),
    "futurecommunity.projects.services.project_upgrade": Rule(
        "territory editor (checked by project_create, which it calls)",
        (_d("projects", "test_project_create_outside_scope_is_refused"),),
    ),
    "futurecommunity.projects.services.project_update": Rule(
        "territory editor",
        (
            _t(
                "projects",
                "test_access",
                "test_update_of_a_tashan_project_is_allowed_exactly_for_its_writers",
            ),
        ),
    ),
    "futurecommunity.projects.services.project_transition": Rule(
        "territory editor / approver by move",
        (
            _t(
                "projects",
                "test_access",
                "test_declaring_a_tashan_project_is_allowed_exactly_for_implementers_in_scope",
            ),
        ),
    ),
    "futurecommunity.projects.services.project_moves_for": Rule(
        READ, why="lists the moves offered to the actor; writes nothing"
    ),
    # rectification
    "futurecommunity.rectification.services.inspection_record": Rule(
        "city or district office editor",
        (_d("rectification", "test_recording_an_inspection_is_refused"),),
    ),
    "futurecommunity.rectification.services.order_issue": Rule(
        "city or district office editor", (_d("rectification", "test_issuing_an_order_is_refused"),)
    ),
    "futurecommunity.rectification.services.order_move": Rule(
        "party to the order, by move",
        (_t("rectification", "test_services", "test_order_move_role_matrix"),),
    ),
    "futurecommunity.rectification.services.move_options_for": Rule(
        READ, why="lists the moves offered to the actor; writes nothing"
    ),
    # regions
    "futurecommunity.regions.services.region_set_urban_flag": Rule(
        "city office editor",
        (_t("regions", "test_loaders", "test_only_the_city_office_may_set_the_urban_flag"),),
    ),
    # reporting
    "futurecommunity.reporting.bulletins.bulletin_generate": Rule(
        "city office editor",
        (_d("reporting", "test_only_the_city_office_generates_or_submits_bulletins"),),
    ),
    "futurecommunity.reporting.bulletins.bulletin_submit": Rule(
        "city office editor",
        (_d("reporting", "test_only_the_city_office_generates_or_submits_bulletins"),),
    ),
    "futurecommunity.reporting.bulletins.bulletin_edit": Rule(
        "city office editor", (_d("reporting", "test_only_the_city_office_edits_a_bulletin"),)
    ),
    "futurecommunity.reporting.bulletins.bulletin_issue": Rule(
        "city office approver", (_d("reporting", "test_only_the_city_approver_issues_a_bulletin"),)
    ),
    "futurecommunity.reporting.rankings.ranking_compute": Rule(
        "city office editor", (_d("reporting", "test_only_the_city_office_computes_a_ranking"),)
    ),
    "futurecommunity.reporting.rankings.ranking_publish": Rule(
        "city office approver",
        (_d("reporting", "test_only_the_city_approver_publishes_a_ranking"),),
    ),
    "futurecommunity.reporting.services.month_freeze": Rule(
        "city office editor", (_d("reporting", "test_only_the_city_office_freezes_a_month"),)
    ),
    "futurecommunity.reporting.services.monthly_report_save": Rule(
        "territory editor",
        (_d("reporting", "test_a_district_office_cannot_report_for_another_districts_project"),),
    ),
    "futurecommunity.reporting.services.monthly_report_import": Rule(
        "territory editor",
        (_d("reporting", "test_a_district_office_cannot_import_reports_for_another_district"),),
    ),
    # evaluation (the cases also run in evaluation/tests/test_cases.py)
    **{
        f"futurecommunity.evaluation.{name}": Rule(
            who, (_t("evaluation", "test_cases", "test_service_case_allows_and_denies"),)
        )
        for name, who in (
            ("services.evaluation_start", "project's street or district editor"),
            ("services.answers_save", "project's street or district editor, before submission"),
            ("services.evaluation_submit", "project's district office editor"),
            ("services.panel_form", "deciding office editor (city: municipal, district: county)"),
            ("services.conflict_declare", "an expert of the pool"),
            ("services.scores_save", "an expert on the panel with a no-conflict declaration"),
            ("services.site_visit_record", "deciding office editor"),
            ("services.decision_record", "deciding office approver"),
            ("services.expert_register", "city office editor"),
            ("services.parameter_update", "city office editor"),
            ("imports.system_update", "city office editor; a district for its county rules"),
            ("imports.indicator_update", "city office editor; a district for its county rules"),
        )
    },
    "futurecommunity.evaluation.imports.system_import": Rule(
        "city office editor; a district for its county rules",
        (
            _t(
                "evaluation",
                "test_views",
                "test_import_creates_a_sourced_version_that_then_applies",
            ),
        ),
    ),
    # targets
    "futurecommunity.targets.compliance.services.compliance_export": Rule(
        INFRASTRUCTURE, why=f"{_CALLERS}: audit line for a board the view built for the viewer"
    ),
    "futurecommunity.targets.services.plan_target_update": Rule(
        "city office editor",
        (_t("targets", "test_services", "test_only_the_city_office_may_change_the_plan"),),
    ),
}


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
            if "actor" in inspect.signature(value).parameters:
                found.add(f"{name}.{attr}")
    return found


def _test_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}


def test_every_service_has_an_access_rule():
    discovered = _discover()
    missing = sorted(discovered - SERVICES.keys())
    stale = sorted(SERVICES.keys() - discovered)
    assert missing == [], "新服务缺少访问规则：" + "、".join(missing)
    assert stale == [], "规则表中的服务已不存在：" + "、".join(stale)


def test_every_referenced_denial_test_exists():
    cache: dict[Path, set[str]] = {}
    absent = []
    for service, rule in SERVICES.items():
        for node in rule.denials:
            file, _, name = node.partition("::")
            path = ROOT / file
            if path not in cache:
                cache[path] = _test_names(path) if path.is_file() else set()
            if name not in cache[path]:
                absent.append(f"{service} → {node}")
    assert absent == [], "引用的拒绝测试不存在：" + "、".join(absent)


def test_every_checked_service_has_a_denial_test_and_every_exemption_a_reason():
    problems = []
    for service, rule in SERVICES.items():
        if rule.who in (INFRASTRUCTURE, READ):
            if not rule.why or rule.denials:
                problems.append(f"{service}：免检须写明原因且不列拒绝测试")
        elif not rule.denials:
            problems.append(f"{service}：缺少拒绝测试")
    assert problems == [], "；".join(problems)
