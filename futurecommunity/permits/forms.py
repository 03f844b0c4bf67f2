"""Input parsing for the permits screens. Shape only; rules live in the navigator and services."""

from __future__ import annotations

from typing import Any

from django import forms

from futurecommunity.accounts.models import Organisation
from futurecommunity.permits.access import REVIEW_PURPOSES
from futurecommunity.permits.models import DepartmentRole, OpinionStance, StepStatus
from futurecommunity.permits.navigator import BuildType, Funding, ProjectFacts
from futurecommunity.permits.services import (
    FACT_FIELDS,
    ChecklistFacts,
    MeetingInput,
    OpinionInput,
)
from futurecommunity.permits.tracking import StepUpdate
from futurecommunity.projects.assignments import REVIEWING_KINDS

# (field, plain-language question, help text with the clause it feeds)
FLAG_QUESTIONS = (
    (
        "converts_to_public_service",
        "是否利用既有建筑改造设置养老、托育等公共服务设施？",
        "如把闲置用房改成养老服务中心、托育园、社区食堂等（三(四)1）。",
    ),
    (
        "municipal_or_environment_works",
        "是否属于市政公用配套设施和环境提升改造？",
        "如管网、道路、停车、绿化、加装电梯等旧改配套工程（三(四)1）。",
    ),
    (
        "on_published_list",
        "是否已列入省、市、县公布的旧改类未来社区建设名单？",
        "已列入的，可凭名单办理立项和赋码（三(四)2）。",
    ),
    (
        "uses_existing_land",
        "是否利用小区及周边存量土地（空地、荒地、绿地、拆违腾空土地）？",
        "需先将实施方案公示并经利害关系人同意（三(一)）。",
    ),
    (
        "changes_land_rights",
        "是否改变土地权属？",
        "不改变土地权属、用地性质和房屋使用性质（并符合总投资、建筑面积、结构条件）的政府投资"
        "改造项目，可合并编报和审批项目建议书、可行性研究报告（三(四)2）。规划许可不看此项，"
        "另按三(四)3 判断。",
    ),
    (
        "changes_land_use",
        "是否改变用地性质？",
        "如把住宅用地改为商业用地；不改变是合并编报审批的条件之一（三(四)2）。",
    ),
    (
        "changes_building_use",
        "是否改变房屋使用性质？",
        "如住宅改为商业用房；不改变是合并编报审批的条件之一（三(四)2）。利用既有建筑设置公共"
        "服务设施的联合审查和规划许可另按三(四)1、三(四)3 判断。",
    ),
    (
        "adds_floor_area",
        "是否新增建筑面积？",
        "加建、扩建、夹层等都算新增；不新增是合并编报审批的条件（三(四)2），也是利用既有建筑改建"
        "公共服务设施免于规划许可的条件（三(四)3）。",
    ),
    (
        "major_structural_change",
        "建筑主体和承重结构是否发生重大改变？",
        "如拆改承重墙、梁柱；不发生重大改变是合并编报审批的条件之一（三(四)2）。",
    ),
    (
        "special_construction_project",
        "是否属于住房和城乡建设部令第51号规定的特殊建设工程？",
        "如人员密集场所等，须办理消防设计审查（三(四)4）。",
    ),
)
FLAG_NAMES = tuple(name for name, _q, _h in FLAG_QUESTIONS)
assert set(FLAG_NAMES) | {"works_investment"} == set(FACT_FIELDS)

_MONEY = {"max_digits": 16, "decimal_places": 2, "min_value": 0}
_ERRORS = {
    "required": "请填写此项。",
    "invalid": "请输入数字。",
    "min_value": "不能为负数。",
    "max_digits": "数字位数过多。",
    "max_decimal_places": "最多保留两位小数。",
    "max_whole_digits": "数字位数过多。",
    "invalid_choice": "请选择列表中的一项。",
}


def _add_flags(form: forms.Form) -> None:
    for name, question, help_text in FLAG_QUESTIONS:
        form.fields[name] = forms.TypedChoiceField(
            label=question,
            help_text=help_text,
            choices=[("no", "否"), ("yes", "是")],
            coerce=lambda v: v == "yes",
            initial="no",
            required=False,  # an unanswered question reads as 否
            empty_value=False,  # type: ignore[arg-type]
            widget=forms.RadioSelect,
            error_messages=_ERRORS,
        )


class RouteFactsForm(forms.Form):
    """The wizard questionnaire: one project's facts for the navigator."""

    build_type = forms.ChoiceField(
        label="项目类型",
        choices=[(b.value, b.label) for b in BuildType],
        help_text="旧改类可适用三(四)的简化审批；新建类按工程建设基本程序（三(四)）。",
        error_messages=_ERRORS,
    )
    funding = forms.ChoiceField(
        label="资金来源",
        choices=[(f.value, f.label) for f in Funding],
        help_text="政府投资的改造项目可合并编报项目建议书和可研（三(四)2）。",
        error_messages=_ERRORS,
    )
    total_investment = forms.DecimalField(
        label="总投资（元）",
        help_text="单位为元，如 1500000。",
        error_messages=_ERRORS,
        **_MONEY,  # type: ignore[arg-type]
    )
    works_investment = forms.DecimalField(
        label="工程投资额（元）",
        required=False,
        help_text="施工许可按工程投资额判断（三(四)4）；不清楚可不填，按总投资从严判断。",
        error_messages=_ERRORS,
        **_MONEY,  # type: ignore[arg-type]
    )
    works_floor_area = forms.DecimalField(
        label="建筑面积（平方米）",
        help_text="本次改造涉及的建筑面积（三(四)4）。",
        error_messages=_ERRORS,
        max_digits=12,
        decimal_places=2,
        min_value=0,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _add_flags(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        total, works = data.get("total_investment"), data.get("works_investment")
        if total is not None and works is not None and works > total:
            self.add_error("works_investment", "工程投资额不能大于总投资（三(四)4）。")
        return data

    def to_facts(self) -> ProjectFacts:
        d = self.cleaned_data
        return ProjectFacts(
            build_type=BuildType(d["build_type"]),
            funding=Funding(d["funding"]),
            total_investment=d["total_investment"],
            works_investment=d["works_investment"],
            works_floor_area=d["works_floor_area"],
            **{name: d[name] for name in FLAG_NAMES},
        )


class ChecklistFactsForm(forms.Form):
    """The facts a project record does not hold (the rest comes from the project)."""

    works_investment = RouteFactsForm.base_fields["works_investment"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _add_flags(self)

    def to_facts(self) -> ChecklistFacts:
        d = self.cleaned_data
        return ChecklistFacts(
            works_investment=d["works_investment"], **{name: d[name] for name in FLAG_NAMES}
        )


def initial_from_facts(facts: ChecklistFacts) -> dict[str, Any]:
    initial: dict[str, Any] = {name: "yes" if getattr(facts, name) else "no" for name in FLAG_NAMES}
    initial["works_investment"] = facts.works_investment
    return initial


_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StepForm(forms.Form):
    status = forms.ChoiceField(label="办理状态", choices=StepStatus.choices, error_messages=_ERRORS)
    responsible_department = forms.CharField(label="责任部门", max_length=100, required=False)
    planned_on = forms.DateField(label="计划办结日期", required=False, widget=_DATE)
    started_on = forms.DateField(label="开始办理日期", required=False, widget=_DATE)
    done_on = forms.DateField(label="办结日期", required=False, widget=_DATE)
    document_number = forms.CharField(label="文号", max_length=100, required=False)
    note = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def to_update(self) -> StepUpdate:
        return StepUpdate(**self.cleaned_data)


class MeetingForm(forms.Form):
    held_on = forms.DateField(label="会议日期", widget=_DATE)
    attendees = forms.CharField(
        label="参会单位和人员", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    minutes = forms.FileField(label="会议纪要", required=False)
    convener_code = forms.ChoiceField(
        label="召集部门（三(四)1 由各地建设部门召集）", required=False, choices=()
    )
    invited_residents = forms.CharField(
        label="受邀居民代表",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 1}),
        help_text="三(四)1 联合会商须有居民代表参加，写明姓名或楼幢。",
    )
    resident_opinions = forms.CharField(
        label="居民代表意见",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="每行一位，格式“姓名：意见”。",
    )

    def __init__(
        self,
        *args: Any,
        departments: list[tuple[str, str]],
        conveners: list[tuple[str, str]] = (),  # type: ignore[assignment]
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.departments = departments
        convener = self.fields["convener_code"]
        assert isinstance(convener, forms.ChoiceField)
        convener.choices = [("", "按记录人所在部门或区建设部门"), *conveners]
        for code, name in departments:
            self.fields[f"opinion_{code}"] = forms.CharField(
                label=f"{name}意见", required=False, widget=forms.Textarea(attrs={"rows": 1})
            )

    def clean_resident_opinions(self) -> tuple[tuple[str, str], ...]:
        """ "姓名：意见" per line → pairs; every bad line named in Chinese."""
        pairs, errors = [], []
        for number, line in enumerate(self.cleaned_data["resident_opinions"].splitlines(), 1):
            if not line.strip():
                continue
            name, sep, text = line.replace(":", "：").partition("：")
            if not sep or not name.strip() or not text.strip():
                errors.append(f"第{number}行应为“姓名：意见”。")
            else:
                pairs.append((name.strip(), text.strip()))
        if errors:
            raise forms.ValidationError(errors)
        return tuple(pairs)

    def to_input(self) -> MeetingInput:
        d = self.cleaned_data
        opinions = tuple((code, name, d[f"opinion_{code}"]) for code, name in self.departments)
        return MeetingInput(
            held_on=d["held_on"],
            attendees=d["attendees"],
            opinions=opinions,
            convener_code=d.get("convener_code") or "",
            invited_residents=d.get("invited_residents") or "",
            resident_opinions=d.get("resident_opinions") or (),
        )


_TEXT_ERRORS = {"required": "请填写此项。", "max_length": "内容过长，最多 %(limit_value)d 个字。"}
_REASON = {
    "label": "修改依据",
    "help_text": "必填，写入操作记录（如发改部门确认文件文号）。",
    "max_length": 500,
    "error_messages": _TEXT_ERRORS,
    "widget": forms.Textarea(attrs={"rows": 2}),
}


class ThresholdForm(forms.Form):
    value = forms.CharField(label="取值", max_length=64, error_messages=_TEXT_ERRORS)
    reason = forms.CharField(**_REASON)  # type: ignore[arg-type]


class DepartmentForm(forms.Form):
    name = forms.CharField(label="名称", max_length=64, error_messages=_TEXT_ERRORS)
    role = forms.ChoiceField(label="角色", choices=DepartmentRole.choices, error_messages=_ERRORS)
    note = forms.CharField(
        label="说明",
        required=False,
        max_length=1000,
        error_messages=_TEXT_ERRORS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reason = forms.CharField(**_REASON)  # type: ignore[arg-type]


class OpinionForm(forms.Form):
    stance = forms.ChoiceField(
        label="审查结论",
        choices=OpinionStance.choices,
        widget=forms.RadioSelect,
        error_messages={**_ERRORS, "required": "请选择审查结论：同意、有条件同意或不同意。"},
    )
    opinion = forms.CharField(
        label="意见",
        required=False,
        max_length=4000,
        help_text="有条件同意的写明条件，不同意的写明理由和依据（三(四)1）。",
        error_messages=_TEXT_ERRORS,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    attachment = forms.FileField(
        label="附件",
        required=False,
        help_text="可上传书面意见扫描件，20 MB 以内。",
        error_messages={"invalid": "附件无效，请重新选择文件。", "empty": "附件是空文件。"},
    )

    def to_input(self) -> OpinionInput:
        d = self.cleaned_data
        return OpinionInput(stance=d["stance"], opinion=d["opinion"])


class CorrectionForm(OpinionForm):
    """A correction of a submitted answer: the new answer and why (三(四)1)."""

    reason = forms.CharField(
        label="更正原因",
        max_length=500,
        help_text="必填。更正后原意见保留在记录中并标为已更正。",
        error_messages={**_TEXT_ERRORS, "required": "请写明更正原因（三(四)1）。"},
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AssignForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="审查部门或单位",
        queryset=Organisation.objects.filter(kind__in=REVIEWING_KINDS).order_by("kind", "code"),
        empty_label="请选择",
        error_messages={"required": "请选择部门或单位。", "invalid_choice": "请选择列表中的一项。"},
    )
    purpose = forms.ChoiceField(
        label="事由",
        choices=[(p.value, p.label) for p in REVIEW_PURPOSES],
        error_messages=_ERRORS,
    )
