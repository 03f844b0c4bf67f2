"""Input parsing for project screens. Shape only; rules live in services."""

from __future__ import annotations

import datetime as dt

from django import forms

from futurecommunity.projects.models import Ambition, BuildType, Funding, Level, Project
from futurecommunity.projects.services import ProjectInput
from futurecommunity.regions.models import Region

_YEARS = [(y, f"{y} 年") for y in range(2019, 2031)]


class ProjectForm(forms.Form):
    name = forms.CharField(label="项目名称", max_length=100)
    district = forms.ChoiceField(label="所属区、县（市）")
    street = forms.ChoiceField(label="实施街道（镇、乡）")
    communities = forms.MultipleChoiceField(
        label="覆盖社区", help_text="可多选；覆盖率按行政社区计算（一、G3）。"
    )
    level = forms.ChoiceField(label="创建等级", choices=Level.choices)
    build_type = forms.ChoiceField(label="建设类型", choices=BuildType.choices)
    ambition = forms.ChoiceField(
        label="创建类型", choices=[("", "—"), *Ambition.choices], required=False
    )
    creation_year = forms.TypedChoiceField(label="创建年度", choices=_YEARS, coerce=int)
    batch = forms.CharField(label="批次", max_length=32, required=False)
    is_key_area = forms.BooleanField(label="位于重点片区", required=False)
    is_linked_renovation = forms.BooleanField(label="联动老旧小区改造", required=False)
    linked_renovation_reference = forms.CharField(
        label="老旧小区改造项目编号", max_length=64, required=False
    )
    total_investment = forms.DecimalField(
        label="总投资（元）", max_digits=16, decimal_places=2, min_value=0, required=False
    )
    floor_area = forms.DecimalField(
        label="建筑面积（㎡）", max_digits=12, decimal_places=2, min_value=0, required=False
    )
    funding = forms.ChoiceField(
        label="资金来源", choices=[("", "—"), *Funding.choices], required=False
    )
    implementing_body = forms.CharField(label="实施主体", max_length=100, required=False)
    operator = forms.CharField(
        label="运营单位（原填报）",
        max_length=100,
        required=False,
        help_text="仅作登记时的参考；运营单位以“社区运营”中的运营商选择记录为准（三(三)）。",
    )
    longitude = forms.DecimalField(
        label="经度", max_digits=9, decimal_places=6, min_value=118, max_value=122, required=False
    )
    latitude = forms.DecimalField(
        label="纬度", max_digits=9, decimal_places=6, min_value=28, max_value=31, required=False
    )
    notes = forms.CharField(label="备注", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    reason = forms.CharField(label="修改原因", max_length=200, required=False)

    def __init__(
        self,
        *args: object,
        districts: list[Region],
        streets: list[Region],
        communities: list[Region],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["district"].choices = [(d.code, d.name) for d in districts]  # type: ignore[attr-defined]
        self.fields["street"].choices = [(s.code, s.name) for s in streets]  # type: ignore[attr-defined]
        street_names = {s.code: s.name for s in streets}
        # Urban communities (residents' committees, counted for G3) first; villages marked.
        ordered = sorted(communities, key=lambda c: (not c.is_urban_community, c.code))
        self.fields["communities"].choices = [  # type: ignore[attr-defined]
            (
                c.code,
                f"{c.name}（{street_names.get(c.parent_code, '')}）"
                + ("" if c.is_urban_community else "·村，不计入覆盖率"),
            )
            for c in ordered
        ]
        self.community_meta = {c.code: c.district_code for c in communities}
        self.fields["creation_year"].initial = dt.date.today().year

    def to_input(self) -> ProjectInput:
        d = self.cleaned_data
        return ProjectInput(
            name=d["name"],
            district_code=d["district"],
            street_code=d["street"],
            community_codes=tuple(d["communities"]),
            level=d["level"],
            build_type=d["build_type"],
            creation_year=d["creation_year"],
            ambition=d["ambition"],
            batch=d["batch"],
            is_key_area=d["is_key_area"],
            is_linked_renovation=d["is_linked_renovation"],
            linked_renovation_reference=d["linked_renovation_reference"],
            total_investment=d["total_investment"],
            floor_area=d["floor_area"],
            funding=d["funding"],
            implementing_body=d["implementing_body"],
            operator=d["operator"],
            longitude=d["longitude"],
            latitude=d["latitude"],
            notes=d["notes"],
        )


def initial_from(project: Project) -> dict[str, object]:
    initial = {
        name: getattr(project, name)
        for name in (
            "name",
            "level",
            "build_type",
            "ambition",
            "creation_year",
            "batch",
            "is_key_area",
            "is_linked_renovation",
            "linked_renovation_reference",
            "total_investment",
            "floor_area",
            "funding",
            "implementing_body",
            "operator",
            "longitude",
            "latitude",
            "notes",
        )
    }
    initial["district"] = project.district_id
    initial["street"] = project.street_id
    initial["communities"] = [c.code for c in project.communities.all()]
    return initial


class TransitionForm(forms.Form):
    target = forms.CharField(widget=forms.HiddenInput)
    occurred_on = forms.DateField(label="发生日期", widget=forms.DateInput(attrs={"type": "date"}))
    document_number = forms.CharField(label="文号", max_length=100, required=False)
    remark = forms.CharField(
        label="说明/意见", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    attachments = forms.FileField(label="附件", required=False)


class FilterForm(forms.Form):
    district = forms.ChoiceField(label="区、县（市）", required=False)
    street = forms.ChoiceField(label="街道", required=False)
    level = forms.ChoiceField(
        label="等级", choices=[("", "全部等级"), *Level.choices], required=False
    )
    build_type = forms.ChoiceField(
        label="类型", choices=[("", "全部类型"), *BuildType.choices], required=False
    )
    year = forms.TypedChoiceField(
        label="年度",
        choices=[("", "全部年度"), *_YEARS],
        coerce=int,
        empty_value=None,
        required=False,
    )
    status = forms.ChoiceField(label="状态", required=False)
    q = forms.CharField(label="搜索", required=False, max_length=50)

    def __init__(
        self,
        *args: object,
        districts: list[Region],
        streets: list[Region],
        statuses: list[tuple[str, str]],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["district"].choices = [("", "全部区县"), *((d.code, d.name) for d in districts)]  # type: ignore[attr-defined]
        self.fields["street"].choices = [("", "全部街道"), *((s.code, s.name) for s in streets)]  # type: ignore[attr-defined]
        self.fields["status"].choices = [("", "全部状态"), *statuses]  # type: ignore[attr-defined]
