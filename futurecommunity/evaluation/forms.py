"""Input parsing for the evaluation screens (no policy here)."""

from __future__ import annotations

from django import forms

from futurecommunity.evaluation.models import Outcome, SystemKind


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label="验收结论", choices=Outcome.choices)
    document_number = forms.CharField(label="验收决定文号", max_length=100)
    remark = forms.CharField(label="验收意见", required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip


class VisitForm(forms.Form):
    visited_on = forms.DateField(label="踏勘日期", widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(
        label="踏勘记录", max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class SystemUpdateForm(forms.Form):
    pass_score = forms.DecimalField(
        label="通过分数线", min_value=0, max_value=1000, decimal_places=2
    )
    is_active = forms.BooleanField(label="启用", required=False)
    document_number = forms.CharField(label="文号", max_length=100, required=False)
    issued_on = forms.DateField(label="发布日期", required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip


class SystemImportForm(forms.Form):
    code = forms.SlugField(label="版本编码", max_length=48)
    name = forms.CharField(label="名称", max_length=120)
    kind = forms.ChoiceField(label="类别", choices=SystemKind.choices)
    district_code = forms.CharField(
        label="区、县（市）代码（县级细则）", max_length=6, required=False
    )
    version = forms.CharField(label="版本", max_length=32)
    issuer = forms.CharField(label="发布单位", max_length=100, required=False)
    document_number = forms.CharField(label="文号", max_length=100, required=False)
    issued_on = forms.DateField(label="发布日期", required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    year_from = forms.IntegerField(label="适用创建年度起", min_value=2019, max_value=2035)
    year_to = forms.IntegerField(
        label="适用创建年度止", min_value=2019, max_value=2035, required=False
    )
    pass_score = forms.DecimalField(
        label="通过分数线", min_value=0, max_value=1000, decimal_places=2
    )
    pass_score_source = forms.CharField(label="分数线出处", max_length=300, required=False)
    file = forms.FileField(label="指标表（.xlsx）")
    document = forms.FileField(label="发布文件（可选）", required=False)
