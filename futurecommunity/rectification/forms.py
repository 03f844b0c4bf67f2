"""Input parsing for inspection and order screens (no policy here)."""

from __future__ import annotations

from django import forms

from futurecommunity.accounts.models import Organisation


class OrderForm(forms.Form):
    recipient = forms.ModelChoiceField(
        label="责任单位", queryset=Organisation.objects.none(), empty_label="请选择"
    )
    title = forms.CharField(label="标题", max_length=200)
    requirement = forms.CharField(label="整改要求", widget=forms.Textarea(attrs={"rows": 5}))
    deadline = forms.DateField(label="整改期限", widget=forms.DateInput(attrs={"type": "date"}))
    finding = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, recipients: list[Organisation], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        ids = [o.pk for o in recipients]
        self.fields["recipient"].queryset = Organisation.objects.filter(pk__in=ids).order_by(  # type: ignore[attr-defined]
            "region_code"
        )


class MoveForm(forms.Form):
    target = forms.CharField(widget=forms.HiddenInput)
    remark = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))


FINDING_SLOTS = 3


class InspectionForm(forms.Form):
    title = forms.CharField(label="督查名称", max_length=200)
    inspected_on = forms.DateField(label="督查日期", widget=forms.DateInput(attrs={"type": "date"}))
    team = forms.CharField(label="督查组", max_length=200)
    scope_regions = forms.CharField(
        label="督查范围（区划代码，逗号分隔）", required=False, max_length=300
    )
    project_references = forms.CharField(
        label="督查项目（项目编号，逗号分隔）", required=False, max_length=500
    )
    summary = forms.CharField(
        label="总体情况", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for n in range(1, FINDING_SLOTS + 1):
            self.fields[f"finding_{n}"] = forms.CharField(
                label=f"问题 {n}", required=n == 1, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"region_{n}"] = forms.CharField(
                label=f"问题 {n} 所在区划代码", required=False, max_length=12
            )
            self.fields[f"photo_{n}"] = forms.FileField(label=f"问题 {n} 照片/附件", required=False)

    def finding_rows(self) -> list[tuple[str, str, str]]:
        rows = []
        for n in range(1, FINDING_SLOTS + 1):
            text = self.cleaned_data.get(f"finding_{n}", "").strip()
            if text:
                rows.append((text, self.cleaned_data.get(f"region_{n}", "").strip(), f"photo_{n}"))
        return rows


def split_codes(text: str) -> list[str]:
    return [part.strip() for part in text.replace("，", ",").split(",") if part.strip()]
