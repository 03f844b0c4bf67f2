"""Input parsing for the operations screens. Shape only; rules live in services."""

from __future__ import annotations

from django import forms

from futurecommunity.operations.models import (
    FundDirection,
    FundUse,
    MemberKind,
    OperatorKind,
    SelectionMode,
    Service,
    SourceKind,
    WorksMode,
)

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_AMOUNT = {"max_digits": 16, "decimal_places": 2, "min_value": 0}


class OperatorForm(forms.Form):
    name = forms.CharField(label="运营单位名称", max_length=100)
    operator_kind = forms.ChoiceField(label="运营商类型", choices=OperatorKind.choices)
    credit_code = forms.CharField(label="统一社会信用代码", max_length=18, min_length=18)
    services = forms.MultipleChoiceField(
        label="运营服务",
        choices=Service.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contact_name = forms.CharField(label="联系人", max_length=50, required=False)
    contact_phone = forms.CharField(label="联系电话", max_length=30, required=False)
    address = forms.CharField(label="地址", max_length=200, required=False)
    members = forms.CharField(
        label="联合体成员",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="联合体每行一家：成员名称，类型（开发企业/物业企业/地方国有平台/专业运营机构/其他），角色，统一社会信用代码（可空）。",
    )

    def member_rows(self) -> list[tuple[str, str, str, str]]:
        labels = {str(label): value for value, label in MemberKind.choices}
        out = []
        for line in self.cleaned_data.get("members", "").splitlines():
            parts = [p.strip() for p in line.replace("，", ",").split(",")]
            if not any(parts):
                continue
            parts += [""] * (4 - len(parts))
            out.append((parts[0], labels.get(parts[1], parts[1]), parts[2], parts[3]))
        return out


class SelectionForm(forms.Form):
    operator_id = forms.TypedChoiceField(label="综合集成运营商", coerce=int)
    mode = forms.ChoiceField(label="确定方式", choices=SelectionMode.choices)
    bidders = forms.CharField(
        label="参与投标单位",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一家。",
    )
    evaluation_result = forms.CharField(
        label="评标委员会评审结果", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evaluated_on = forms.DateField(label="评审日期", required=False, widget=_DATE)
    decided_by = forms.CharField(label="定标主体", max_length=100, required=False)
    decision_basis = forms.CharField(
        label="定标依据", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    decided_on = forms.DateField(label="定标日期", required=False, widget=_DATE)
    contract_start = forms.DateField(label="合同起始", required=False, widget=_DATE)
    contract_end = forms.DateField(label="合同终止", required=False, widget=_DATE)
    contract_services = forms.CharField(
        label="合同服务内容", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    contract_fees = forms.CharField(
        label="收费与补贴约定", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    performance_clauses = forms.CharField(
        label="绩效条款", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    document = forms.FileField(label="定标文件", required=False)

    def __init__(self, *args: object, operators: list, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["operator_id"].choices = [("", "请选择")] + [  # type: ignore[attr-defined]
            (o.pk, o.organisation.name) for o in operators
        ]


class ProcurementForm(forms.Form):
    mode = forms.ChoiceField(label="工程建设组织方式", choices=WorksMode.choices)
    note = forms.CharField(label="说明", max_length=200, required=False)


class PlanItemForm(forms.Form):
    service = forms.ChoiceField(label="服务", choices=Service.choices)
    facility = forms.CharField(label="配套设施", max_length=100)
    operator_id = forms.TypedChoiceField(
        label="运营单位", coerce=int, required=False, empty_value=None
    )
    opening_hours = forms.CharField(label="开放时间", max_length=100)
    pricing = forms.CharField(label="收费原则", max_length=100)
    staff = forms.IntegerField(label="人员（人）", min_value=0, max_value=10000, initial=0)

    def __init__(self, *args: object, operators: list, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["operator_id"].choices = [("", "（未定）")] + [  # type: ignore[attr-defined]
            (o.pk, o.organisation.name) for o in operators
        ]


class FundingForm(forms.Form):
    kind = forms.ChoiceField(label="资金来源", choices=SourceKind.choices)
    investor = forms.CharField(
        label="出资方", max_length=100, required=False, help_text="社会资本须填写。"
    )
    year = forms.IntegerField(label="年度", min_value=2019, max_value=2035)
    planned = forms.DecimalField(label="计划金额（元）", **_AMOUNT)  # type: ignore[arg-type]
    received = forms.DecimalField(label="到位金额（元）", initial=0, **_AMOUNT)  # type: ignore[arg-type]


class QuarterForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2023, max_value=2035)
    quarter = forms.TypedChoiceField(
        label="季度", choices=[(q, f"第{q}季度") for q in range(1, 5)], coerce=int
    )
    hours_kept_percent = forms.DecimalField(
        label="开放时间履约率（%）", max_digits=5, decimal_places=1, min_value=0, max_value=100
    )
    survey_responses = forms.IntegerField(
        label="满意度调查样本数", min_value=0, max_value=1_000_000
    )
    survey_satisfied = forms.IntegerField(
        label="满意及基本满意数", min_value=0, max_value=1_000_000
    )
    revenue = forms.DecimalField(label="运营收入（元）", **_AMOUNT)  # type: ignore[arg-type]
    subsidy = forms.DecimalField(label="财政补贴（元）", **_AMOUNT)  # type: ignore[arg-type]

    def __init__(self, *args: object, services: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        labels = dict(Service.choices)
        self.service_keys = services
        for key in services:
            self.fields[f"open_{key}"] = forms.BooleanField(
                label=f"{labels[key]}正常开放", required=False, initial=True
            )
            self.fields[f"people_{key}"] = forms.IntegerField(
                label=f"{labels[key]}服务人次", min_value=0, max_value=10_000_000, initial=0
            )


class ReviewForm(forms.Form):
    remark = forms.CharField(label="意见", max_length=200, required=False)


class StreetFundForm(forms.Form):
    street_code = forms.ChoiceField(label="街道")
    occurred_on = forms.DateField(label="日期", widget=_DATE)
    direction = forms.ChoiceField(label="方向", choices=FundDirection.choices)
    use = forms.ChoiceField(
        label="用途", choices=[("", "（归集时不填）"), *FundUse.choices], required=False
    )
    amount = forms.DecimalField(label="金额（元）", **_AMOUNT)  # type: ignore[arg-type]
    project_reference = forms.CharField(label="项目编号", max_length=32, required=False)
    source = forms.CharField(label="来源或事由", max_length=200)

    def __init__(self, *args: object, streets: list, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["street_code"].choices = [(s.code, s.name) for s in streets]  # type: ignore[attr-defined]


class ParameterForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput)
    value = forms.CharField(label="新取值", max_length=32)
    reason = forms.CharField(label="修改依据", max_length=200)


class ImportForm(forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）")
