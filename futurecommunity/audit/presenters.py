"""Audit entries in words: the action as a Chinese phrase, each change as “字段：前 → 后”.

Labels come from the subject's own model (field ``verbose_name`` and ``choices``, looked up by
the entry's ``subject_type``, so this app imports no app above it), then from the tables below.
An app may add its own with ``register_labels(actions={...}, fields={...})``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

ACTIONS: dict[str, str] = {
    "login.success": "登录成功",
    "login.failure": "登录失败",
    "login.locked": "账号锁定",
    "login.unlock": "解除锁定",
    "logout": "退出登录",
    "password.change": "修改密码",
    "otp.enrol": "绑定动态口令",
    "otp.enrol_failure": "绑定动态口令失败",
    "otp.success": "动态口令验证成功",
    "otp.failure": "动态口令验证失败",
    "otp.reset": "重置动态口令",
    "user.create": "新建用户",
    "user.create_administrator": "创建管理员",
    "user.activate": "启用账号",
    "user.deactivate": "停用账号",
    "user.reset_password": "重置密码",
    "audit.export": "导出审计日志",
    "audit.verify": "校验审计哈希链",
    "project.create": "登记项目",
    "project.update": "修改项目信息",
    "project.transition": "项目状态变更",
    "project.remind": "催办",
    "project.import": "导入项目",
    "project.assign_department": "指派审查部门",
    "project.unassign_department": "撤销审查指派",
    "project.attachment_download": "下载项目附件",
    "approval_checklist.create": "建立审批清单",
    "approval_checklist.recompute": "重新生成审批清单",
    "approval_step.update": "更新审批环节",
    "joint_review_meeting.record": "登记联合审查会议",
    "department_opinion.record": "提交部门审查意见",
    "permits.attachment_download": "下载审批附件",
    "route_threshold.update": "修改审批阈值",
    "review_department.update": "修改审查部门",
    "monthly_report.correct": "更正月报",
    "monthly_report.freeze": "冻结月报",
    "monthly_report.remind": "催报",
    "bulletin.generate": "生成月度通报",
    "bulletin.edit": "修改月度通报",
    "bulletin.issue": "印发月度通报",
    "ranking.compute": "计算季度考评",
    "ranking.publish": "发布季度考评",
    "rectification.inspection_record": "登记督查检查",
    "rectification.order_issue": "下发整改单",
    "rectification.order_move": "整改单办理",
    "rectification.order_escalate": "整改单逾期升级",
    "rectification.attachment_download": "下载整改附件",
    "region.urban_flag": "修改城镇社区口径",
    "plan_target.update": "修改年度计划",
    "wide_declaration.create": "登记全域申报",
    "wide_declaration.transition": "全域申报状态变更",
    "wide_declaration.evidence": "上传全域申报佐证",
    "pilots.evidence_download": "下载全域申报佐证",
    "demo.seed": "生成演示数据",
    "demo.remove": "删除演示数据",
    "job.submit": "提交后台任务",
    "api_token.create": "创建接口令牌",
    "api_token.revoke": "吊销接口令牌",
}

VERBS: dict[str, str] = {
    "create": "新建",
    "update": "修改",
    "delete": "删除",
    "export": "导出",
    "import": "导入",
    "transition": "状态变更",
    "record": "登记",
    "submit": "提交",
    "download": "下载",
    "seed_demo": "生成演示数据",
    "demo": "演示数据",
    "edit": "修改",
    "issue": "下发",
    "publish": "发布",
    "compute": "计算",
    "remind": "催办",
}

SUBJECTS: dict[str, str] = {
    "project": "项目",
    "monthly_report": "月报",
    "bulletin": "月度通报",
    "ranking": "季度考评",
    "facility": "设施",
    "analysis_run": "生活圈分析",
    "street_network": "路网",
    "residential_point": "居住点",
    "inspection": "督查检查",
    "rectification_order": "整改单",
    "plan_target": "年度计划",
    "compliance": "合规检查",
    "region": "社区口径",
    "ancient_area": "古城片区",
    "ancient_unit": "古城单元",
    "wide_declaration": "全域申报",
}

FIELDS: dict[str, str] = {
    "status": "状态",
    "occurred_on": "发生日期",
    "document_number": "文号",
    "organisation": "部门或单位",
    "purpose": "事由",
    "stance": "审查结论",
    "opinion": "意见",
    "attachment": "附件",
    "filters": "筛选条件",
    "count": "数量",
    "ids": "记录",
    "references": "编号",
    "value": "取值",
    "target": "目标",
    "source": "出处",
    "kind": "类型",
    "is_active": "启用",
    "is_published": "已发布",
    "is_urban_community": "计入城镇社区",
    "escalation_level": "升级层级",
    "admin_role": "管理员职责",
    "revoked_at": "吊销时间",
    "findings": "问题数",
    "problems": "问题",
    "network": "路网",
    "role": "角色",
    "route": "审批路径",
    "added": "新增环节",
    "removed": "取消环节",
    "changed": "变更环节",
}

VALUES: dict[str, str] = {"True": "是", "False": "否", "true": "是", "false": "否"}


def register_labels(
    *,
    actions: dict[str, str] | None = None,
    fields: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> None:
    """Let an app name its own actions, fields and coded values (from ``AppConfig.ready()``)."""
    ACTIONS.update(actions or {})
    FIELDS.update(fields or {})
    VALUES.update(values or {})


def action_label(action: str) -> str:
    if action in ACTIONS:
        return ACTIONS[action]
    subject, _, verb = action.rpartition(".")
    parts = [SUBJECTS.get(subject, ""), VERBS.get(verb, "")]
    text = "".join(p for p in parts if p)
    return text or "其他操作"


def _model(subject_type: str) -> Any:
    if "." not in subject_type:
        return None
    try:
        return apps.get_model(subject_type)
    except (LookupError, ValueError):
        return None


def _field(model: Any, name: str) -> Any:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if hasattr(field, "verbose_name") else None  # not a reverse relation


def _related_names(field: Any, value: Any) -> str | None:
    """A foreign key / many-to-many value (pk or pks) as the related rows' names."""
    model = getattr(field, "related_model", None) if getattr(field, "is_relation", False) else None
    if model is None or not any(f.name == "name" for f in model._meta.concrete_fields):
        return None
    keys = value if isinstance(value, list) else [value]
    fields = {f.name for f in model._meta.concrete_fields}
    key = (getattr(field, "to_fields", None) or [None])[0]
    if key is None:
        key = "code" if "code" in fields and all(isinstance(k, str) for k in keys) else "pk"
    try:
        names = dict(model.objects.filter(**{f"{key}__in": keys}).values_list(key, "name"))
    except (ValueError, TypeError):
        return None
    return "、".join(str(names.get(k, k)) for k in keys)


def _value(field: Any, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    related = _related_names(field, value) if field is not None else None
    if related is not None:
        return related
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(_value(field, v) for v in value)
    if isinstance(value, dict):
        return "；".join(
            f"{VALUES.get(k, FIELDS.get(k, k))}：{_value(None, v)}" for k, v in value.items()
        )
    choices = dict(getattr(field, "flatchoices", None) or []) if field is not None else {}
    if value in choices:
        return str(choices[value])
    return VALUES.get(str(value), str(value))


@dataclass(frozen=True)
class ChangeLine:
    label: str
    before: str
    after: str

    @property
    def sentence(self) -> str:
        if self.before == "—":
            return f"{self.label}：{self.after}"
        return f"{self.label}：{self.before} → {self.after}"


def change_lines(subject_type: str, changes: dict[str, Any]) -> list[ChangeLine]:
    model = _model(subject_type)
    rows = []
    for name, values in (changes or {}).items():
        field = _field(model, name)
        label = str(field.verbose_name) if field is not None else FIELDS.get(name, "其他")
        if isinstance(values, list | tuple) and len(values) == 2:
            before, after = values
        else:
            before, after = None, values
        rows.append(ChangeLine(label, _value(field, before), _value(field, after)))
    return rows
