"""Forms parse and validate input shape only; policy lives in services and rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from futurecommunity.accounts.models import Organisation, OrganisationKind
from futurecommunity.centres.models import (
    CandidateSite,
    Confidence,
    LandType,
    ModuleState,
    ScenarioMode,
    SiteKind,
)
from futurecommunity.centres.rules import SEVEN
from futurecommunity.regions.models import Region, RegionLevel

SERVICE_NAMES = dict(
    zip(SEVEN, ("养老", "托育", "帮扶", "卫生", "文化", "教育", "健身"), strict=True)
)
SERVICE_CHOICES = [("centre", "邻里中心整体"), *SERVICE_NAMES.items()]
DATE = forms.DateInput(attrs={"type": "date"})


def street_choices(prefix: str) -> list[tuple[str, str]]:
    return [
        (r.code, r.name)
        for r in Region.objects.filter(
            level=RegionLevel.STREET, code__startswith=prefix[:9]
        ).order_by("code")
    ]


def owner_choices() -> list[tuple[str, str]]:
    return [("", "—")] + [
        (o.code, o.name)
        for o in Organisation.objects.filter(
            kind__in=[
                OrganisationKind.DEPARTMENT,
                OrganisationKind.UTILITY,
                OrganisationKind.OPERATOR,
            ]
        ).order_by("code")
    ]


class SiteForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=SiteKind.choices)
    name = forms.CharField(label="名称", max_length=100)
    street_code = forms.ChoiceField(label="所在街道")
    community_code = forms.CharField(label="所在社区代码（12位）", max_length=12, required=False)
    address = forms.CharField(label="地址", max_length=200)
    lon = forms.FloatField(label="经度（WGS-84）", min_value=118, max_value=123)
    lat = forms.FloatField(label="纬度（WGS-84）", min_value=28, max_value=31)
    area = forms.DecimalField(
        label="面积（平方米）", max_digits=10, decimal_places=1, min_value=Decimal("0.1")
    )
    cost = forms.DecimalField(
        label="预计改造费用（万元）", max_digits=10, decimal_places=1, min_value=0
    )
    owner_code = forms.ChoiceField(label="产权单位（闲置用房）", required=False)
    current_use = forms.CharField(label="现状用途", max_length=100, required=False)
    idle_since = forms.DateField(label="闲置起始", required=False, widget=DATE)
    condition = forms.CharField(label="房屋状况", max_length=100, required=False)
    land_type = forms.ChoiceField(
        label="用地类型（存量用地）", required=False, choices=[("", "—"), *LandType.choices]
    )
    project_reference = forms.CharField(
        label="所属未来社区项目编号（存量用地）", max_length=32, required=False,
        help_text="以该项目的实施方案公示和利害关系人同意为准（方案三(一)）",
    )  # fmt: skip

    def __init__(self, *args: Any, prefix_code: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["street_code"].choices = street_choices(prefix_code)  # type: ignore[attr-defined]
        self.fields["owner_code"].choices = owner_choices()  # type: ignore[attr-defined]


class LandProjectForm(forms.Form):
    project_reference = forms.CharField(label="所属未来社区项目编号", max_length=32)


class AgreementForm(forms.Form):
    parties = forms.CharField(label="协议双方", max_length=200)
    term_start = forms.DateField(label="起始日期", widget=DATE)
    term_end = forms.DateField(label="终止日期", widget=DATE)
    use = forms.CharField(label="约定用途", max_length=100)
    signed_on = forms.DateField(label="签订日期", widget=DATE)
    file = forms.FileField(label="协议扫描件")


class ImportForm(forms.Form):
    file = forms.FileField(label="候选点位表（.xlsx）")


class CentreForm(forms.Form):
    name = forms.CharField(label="名称", max_length=100)
    street_code = forms.ChoiceField(label="所在街道")
    community_codes = forms.CharField(
        label="服务社区代码（12位，多个用逗号分隔）", max_length=400,
        help_text="原则上每个社区一个邻里中心（方案二(四)）",
    )  # fmt: skip
    host_building = forms.CharField(label="所在建筑", max_length=200, required=False)
    merged_with_party_centre = forms.BooleanField(
        label="与党群服务中心融合建设", required=False, initial=True
    )
    total_area = forms.DecimalField(
        label="总建筑面积（平方米）", max_digits=10, decimal_places=1, min_value=Decimal("0.1")
    )
    activity_area = forms.DecimalField(
        label="居民活动用房面积（平方米）", max_digits=10, decimal_places=1, min_value=0
    )
    households = forms.IntegerField(label="服务户数", min_value=0, max_value=200000, initial=0)
    lon = forms.FloatField(label="经度（WGS-84）", min_value=118, max_value=123)
    lat = forms.FloatField(label="纬度（WGS-84）", min_value=28, max_value=31)
    planned_year = forms.IntegerField(
        label="计划建成年度", min_value=2023, max_value=2035, required=False
    )

    def __init__(self, *args: Any, prefix_code: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["street_code"].choices = street_choices(prefix_code)  # type: ignore[attr-defined]
        for code, name in SERVICE_NAMES.items():
            self.fields[f"m_{code}_state"] = forms.ChoiceField(
                label=f"{name}：设置方式", choices=ModuleState.choices, initial=ModuleState.MISSING
            )
            self.fields[f"m_{code}_area"] = forms.DecimalField(
                label=f"{name}：面积（平方米）", max_digits=10, decimal_places=1, min_value=0,
                required=False,
            )  # fmt: skip
            self.fields[f"m_{code}_operator"] = forms.CharField(
                label=f"{name}：运营单位", max_length=100, required=False
            )


class ScenarioForm(forms.Form):
    name = forms.CharField(label="方案名称", max_length=100)
    services = forms.MultipleChoiceField(
        label="服务",
        choices=SERVICE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        initial=["centre"],
    )
    radius_m = forms.IntegerField(label="服务半径（米）", min_value=100, max_value=2000, initial=300,
                                  help_text="5分钟生活圈约300米（GB 50180-2018）")  # fmt: skip
    mode = forms.ChoiceField(label="求解目标", choices=ScenarioMode.choices)
    centres = forms.IntegerField(label="新建中心数", min_value=1, max_value=200, required=False)
    target_share = forms.DecimalField(
        label="目标覆盖比例（%）", min_value=10, max_value=100, required=False
    )
    one_per_community = forms.BooleanField(
        label="每个社区至多一个新中心（方案二(四)）", required=False, initial=True
    )
    fill_every_community = forms.BooleanField(
        label="尚无邻里中心的社区各至少选一处（方案二(四)）", required=False
    )
    sites = forms.ModelMultipleChoiceField(
        label="候选点位", queryset=CandidateSite.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    budget_per_year = forms.DecimalField(
        label="年度预算（万元）", min_value=Decimal("0.1"), max_digits=12, decimal_places=1
    )
    count_per_year = forms.IntegerField(
        label="每年最多建设个数", min_value=1, max_value=200, initial=5
    )
    first_year = forms.IntegerField(label="计划首年", min_value=2023, max_value=2035, initial=2025)

    def __init__(self, *args: Any, sites: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if sites is not None:
            self.fields["sites"].queryset = sites  # type: ignore[attr-defined]
            self.fields["sites"].initial = [s.pk for s in sites]


class RuleForm(forms.Form):
    value = forms.DecimalField(label="取值", max_digits=10, decimal_places=2, min_value=0)
    confidence = forms.ChoiceField(label="可信度", choices=Confidence.choices)
    source = forms.CharField(
        label="依据（文件名称、文号）", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
