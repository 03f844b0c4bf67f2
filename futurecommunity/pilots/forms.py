"""Input parsing for the pilots screens. Shape only; rules live in services."""

from __future__ import annotations

from django import forms

from futurecommunity.pilots.models import AreaStatus, WideKind, WideStatus

_YEARS = [(y, f"{y} 年") for y in range(2023, 2031)]
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AreaForm(forms.Form):
    name = forms.CharField(label="片区名称", max_length=100)
    schedule_year = forms.TypedChoiceField(label="计划建成年度", choices=_YEARS, coerce=int)
    implementing_body = forms.CharField(label="建设主体", max_length=100, required=False)
    status = forms.ChoiceField(label="状态", choices=AreaStatus.choices)
    started_on = forms.DateField(label="开工日期", required=False, widget=_DATE)
    completed_on = forms.DateField(label="建成日期", required=False, widget=_DATE)
    renovation_references = forms.CharField(
        label="联动老旧小区改造项目",
        max_length=300,
        required=False,
        help_text="项目名称或编号，多个用顿号分隔。",
    )
    tourism_references = forms.CharField(
        label="联动文旅项目",
        max_length=300,
        required=False,
        help_text="项目名称或编号，多个用顿号分隔。",
    )
    project_references = forms.CharField(
        label="关联未来社区项目编号",
        max_length=500,
        required=False,
        help_text="多个用空格或逗号分隔。",
    )

    def references(self) -> tuple[str, ...]:
        text = self.cleaned_data["project_references"].replace(",", " ").replace("，", " ")
        return tuple(sorted({part for part in text.split() if part}))


class UnitForm(forms.Form):
    name = forms.CharField(label="单元名称", max_length=100)
    schedule_year = forms.TypedChoiceField(label="计划建成年度", choices=_YEARS, coerce=int)
    implementing_body = forms.CharField(label="建设主体", max_length=100, required=False)


class DeclarationForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=WideKind.choices)
    district = forms.ChoiceField(label="区、县（市）")
    street = forms.ChoiceField(label="街道（街道全域）", required=False)
    year = forms.TypedChoiceField(label="申报年度", choices=_YEARS, coerce=int)
    declared_on = forms.DateField(label="申报日期", widget=_DATE)
    is_pilot = forms.BooleanField(label="2023年试点", required=False)
    notes = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: object, districts: list, streets: list, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["district"].choices = [(d.code, d.name) for d in districts]  # type: ignore[attr-defined]
        self.fields["street"].choices = [("", "—")] + [(s.code, s.name) for s in streets]  # type: ignore[attr-defined]


class TransitionForm(forms.Form):
    target = forms.ChoiceField(choices=WideStatus.choices)
    occurred_on = forms.DateField(widget=_DATE)
    document_number = forms.CharField(max_length=64, required=False)
    remark = forms.CharField(max_length=300, required=False)


class EvidenceForm(forms.Form):
    title = forms.CharField(label="材料名称", max_length=200)
    file = forms.FileField(label="附件", required=False)


class DeliverableDocumentForm(forms.Form):
    title = forms.CharField(label="文件名称", max_length=200)
    file = forms.FileField(label="成果文件")


class DeliverableDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "认可"), ("return", "退回")])
    reason = forms.CharField(label="理由", max_length=300, required=False)
