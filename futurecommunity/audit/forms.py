"""Filter form of the audit screen (shape only)."""

from __future__ import annotations

from django import forms

from futurecommunity.audit.selectors import AuditFilters


class AuditFilterForm(forms.Form):
    date_from = forms.DateField(
        label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    actor = forms.CharField(label="操作人", required=False, max_length=150)
    organisation = forms.CharField(label="操作组织", required=False, max_length=100)
    action = forms.ChoiceField(label="操作", required=False)
    reference = forms.CharField(label="对象编号", required=False, max_length=64)
    region = forms.RegexField(
        label="区划代码",
        required=False,
        regex=r"^\d{0,12}$",
        max_length=12,
        error_messages={"invalid": "区划代码应为不超过 12 位的数字。"},
    )

    def __init__(self, *args: object, actions: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["action"].choices = [("", "全部"), *((a, a) for a in actions)]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError("起始日期不能晚于截止日期。")
        return data

    def to_filters(self) -> AuditFilters:
        if not self.is_valid():
            return AuditFilters()
        d = self.cleaned_data
        return AuditFilters(
            date_from=d["date_from"],
            date_to=d["date_to"],
            actor=d["actor"].strip(),
            organisation=d["organisation"].strip(),
            action=d["action"],
            reference=d["reference"].strip(),
            region=d["region"],
        )
