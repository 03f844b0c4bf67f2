"""Input shape only; the services decide."""

from __future__ import annotations

from django import forms

from futurecommunity.notices.models import ConsentMethod, NoticeKind, OpinionStance

DATE = forms.DateInput(attrs={"type": "date"})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):  # type: ignore[no-untyped-def]
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class _Prefixed(forms.Form):
    """Several forms share the notice page: each gets its own element ids."""

    id_prefix = "id"

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


class NoticeForm(forms.Form):
    kind = forms.ChoiceField(label="公示类型", choices=NoticeKind.choices)
    project = forms.CharField(label="项目编号（实施方案公示必填）", max_length=32, required=False)
    title = forms.CharField(label="标题", max_length=200)
    body = forms.CharField(
        label="公示内容", max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )
    communities = forms.CharField(
        label="涉及社区代码（多个用逗号分隔，可留空）", max_length=500, required=False
    )
    start_on = forms.DateField(label="公示开始日期", widget=DATE)
    end_on = forms.DateField(label="公示结束日期", widget=DATE)
    contact_office = forms.CharField(label="意见受理单位及电话", max_length=100, required=False)
    internal_remark = forms.CharField(
        label="内部备注（不公开）",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    documents = MultipleFileField(label="公示文件（PDF、OFD 或图片）", required=False)


class CorrectForm(_Prefixed):
    id_prefix = "correct"
    title = forms.CharField(label="标题", max_length=200)
    body = forms.CharField(
        label="公示内容", max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )
    start_on = forms.DateField(label="重新公示开始日期", widget=DATE)
    end_on = forms.DateField(label="重新公示结束日期", widget=DATE)
    reason = forms.CharField(
        label="更正原因", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    documents = MultipleFileField(label="更正后的公示文件（不上传则沿用原文件）", required=False)


class ReasonForm(_Prefixed):
    id_prefix = "withdraw"
    reason = forms.CharField(
        label="撤回原因", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class OpinionForm(forms.Form):
    stance = forms.ChoiceField(label="类型", choices=OpinionStance.choices)
    name = forms.CharField(label="姓名（可不填）", max_length=50, required=False)
    contact = forms.CharField(label="联系方式（不公开）", max_length=50)
    building = forms.CharField(label="楼栋/单元（可不填）", max_length=50, required=False)
    text = forms.CharField(
        label="意见内容", max_length=2000, widget=forms.Textarea(attrs={"rows": 5})
    )
    photo = forms.FileField(label="照片（可不传，JPG/PNG）", required=False)
    challenge = forms.CharField(label="验证题", max_length=4)
    token = forms.CharField(widget=forms.HiddenInput, max_length=400)


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="答复（公开）", max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    internal_remark = forms.CharField(
        label="内部备注（不公开）",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ConsentForm(forms.Form):
    answer = forms.ChoiceField(label="意见", choices=[("agreed", "同意"), ("refused", "不同意")])
    method = forms.ChoiceField(label="确认方式", choices=ConsentMethod.choices)
    answered_on = forms.DateField(label="确认日期", widget=DATE)
    form = forms.FileField(label="签字表扫描件", required=False)


class RegisterImportForm(forms.Form):
    file = forms.FileField(label="利害关系人名册（.xlsx）")


class ArticleForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    body = forms.CharField(
        label="正文", max_length=20000, widget=forms.Textarea(attrs={"rows": 10})
    )


class SettingForm(forms.Form):
    key = forms.CharField(max_length=64, widget=forms.HiddenInput)
    value = forms.CharField(label="取值", max_length=32)
