"""Input shape of the reporting screens (no policy here)."""

from __future__ import annotations

from django import forms

from futurecommunity.reporting.services import DraftInput, ReportInput

FIGURES = ("percent_complete", "investment_month", "investment_to_date")


class ReportForm(forms.Form):
    """One form for both buttons: 保存草稿 keeps what is entered (figures may still be empty),
    提交 needs every figure (checked in the view, which knows which button was pressed)."""

    percent_complete = forms.DecimalField(
        label="形象进度（%）", max_digits=4, decimal_places=1, required=False
    )
    investment_month = forms.DecimalField(
        label="当月完成投资（元）", max_digits=16, decimal_places=2, required=False
    )
    investment_to_date = forms.DecimalField(
        label="累计完成投资（元）", max_digits=16, decimal_places=2, required=False
    )
    milestones = forms.CharField(
        label="本月节点完成情况", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    problems = forms.CharField(
        label="存在问题", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    help_needed = forms.CharField(
        label="需协调事项", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reason = forms.CharField(label="原因（冻结后更正或与上月不一致时必填）", required=False)

    def missing_figures(self) -> list[str]:
        return [name for name in FIGURES if self.cleaned_data.get(name) is None]

    def to_draft(self) -> DraftInput:
        d = self.cleaned_data
        return DraftInput(
            d["percent_complete"],
            d["investment_month"],
            d["investment_to_date"],
            d["milestones"],
            d["problems"],
            d["help_needed"],
        )

    def to_input(self) -> ReportInput:
        d = self.cleaned_data
        return ReportInput(
            d["percent_complete"],
            d["investment_month"],
            d["investment_to_date"],
            d["milestones"],
            d["problems"],
            d["help_needed"],
        )


class ImportForm(forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）")
    reason = forms.CharField(label="原因（冻结后更正或与上月不一致时必填）", required=False)

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(".xlsx"):
            raise forms.ValidationError("请上传 .xlsx 格式的 Excel 文件（可先下载模板）。")
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("文件超过 5 MB，请按月拆分后再导入。")
        return upload


class BulletinForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    opening = forms.CharField(label="主送与开头", widget=forms.Textarea(attrs={"rows": 3}))
    overview = forms.CharField(label="总体进展", widget=forms.Textarea(attrs={"rows": 4}))
    commentary = forms.CharField(label="排名点评", widget=forms.Textarea(attrs={"rows": 3}))
    requirements = forms.CharField(label="下步工作要求", widget=forms.Textarea(attrs={"rows": 3}))
