"""Forms parse and validate input shape only; policy lives in services and rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from futurecommunity.lifecircle import engine
from futurecommunity.lifecircle.engine.crs import check_metric_crs
from futurecommunity.lifecircle.models import (
    FacilityKind,
    FacilityStatus,
    LifeCircleLevel,
    ServiceType,
    StreetNetwork,
)
from futurecommunity.lifecircle.rules import DATUMS, to_wgs84
from futurecommunity.lifecircle.services import FacilityInput
from futurecommunity.regions.models import Region

DATUM_CHOICES = list(DATUMS.items())
MAX_NETWORK_UPLOAD = 200 * 1024 * 1024
MAX_TABLE_UPLOAD = 5 * 1024 * 1024


def _region_choices(regions: list[Region]) -> list[tuple[str, str]]:
    return [(r.code, f"{'　' if r.level == 'street' else ''}{r.name}") for r in regions]


class FacilityFilterForm(forms.Form):
    service = forms.ChoiceField(label="服务", required=False)
    kind = forms.ChoiceField(label="设施类型", required=False)
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部"), *FacilityStatus.choices]
    )
    q = forms.CharField(label="名称/地址", required=False, max_length=50)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", "全部")] + list(  # type: ignore[attr-defined]
            ServiceType.objects.values_list("code", "name")
        )
        self.fields["kind"].choices = [("", "全部")] + list(  # type: ignore[attr-defined]
            FacilityKind.objects.values_list("code", "name")
        )


class FacilityForm(forms.Form):
    name = forms.CharField(label="设施名称", max_length=100)
    kind = forms.ModelChoiceField(
        label="设施类型", queryset=FacilityKind.objects.all(), to_field_name="code"
    )
    services = forms.ModelMultipleChoiceField(
        label="所含服务（仅邻里中心）",
        queryset=ServiceType.objects.all(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    datum = forms.ChoiceField(label="坐标系", choices=DATUM_CHOICES, initial="wgs84")
    lon = forms.FloatField(label="经度", min_value=-180, max_value=180)
    lat = forms.FloatField(label="纬度", min_value=-90, max_value=90)
    region = forms.ChoiceField(label="所在区域")
    address = forms.CharField(label="地址", max_length=200, required=False)
    floor_area = forms.DecimalField(
        label="建筑面积（平方米）", min_value=0, max_digits=10, decimal_places=1, required=False
    )
    capacity = forms.IntegerField(label="服务规模", min_value=0, required=False)
    status = forms.ChoiceField(label="状态", choices=FacilityStatus.choices, initial="open")
    operator = forms.CharField(label="运营单位", max_length=100, required=False)

    def __init__(self, *args: Any, regions: list[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = _region_choices(regions)  # type: ignore[attr-defined]

    def to_input(self) -> FacilityInput:
        d = self.cleaned_data
        lon, lat = to_wgs84(d["lon"], d["lat"], d["datum"])
        area: Decimal | None = d["floor_area"]
        return FacilityInput(
            kind_code=d["kind"].code, name=d["name"], lon=lon, lat=lat, region_code=d["region"],
            address=d["address"], floor_area=area, capacity=d["capacity"], status=d["status"],
            operator=d["operator"], service_codes=tuple(s.code for s in d["services"]),
            source="手工录入",
        )  # fmt: skip


class TableUploadForm(forms.Form):
    file = forms.FileField(label="文件")
    datum = forms.ChoiceField(label="坐标系", choices=DATUM_CHOICES, initial="wgs84")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_TABLE_UPLOAD:
            raise forms.ValidationError("文件超过 5 MB，请拆分后分别导入。")
        return upload


class NetworkImportForm(forms.Form):
    name = forms.CharField(label="路网名称", max_length=100)
    region = forms.ChoiceField(label="所属区域")
    file = forms.FileField(
        label="路网文件",
        help_text="OpenStreetMap .osm.pbf / .osm，GeoJSON，GeoPackage（.gpkg），或打包为 .zip 的 Shapefile。",
    )
    crs = forms.CharField(
        label="投影坐标系",
        max_length=32,
        initial=engine.SHAOXING_METRIC_CRS,
        help_text="绍兴市用 EPSG:4549（CGCS2000 3度带 120°E）；市外的数据请填写当地 UTM 分带，如赫尔辛基 EPSG:32635。",
    )
    datum = forms.ChoiceField(
        label="经纬度坐标系（GeoJSON/GPKG/SHP）", choices=DATUM_CHOICES, initial="wgs84"
    )
    source_crs = forms.CharField(
        label="源数据坐标系（可选）",
        max_length=32,
        required=False,
        help_text="文件未注明坐标系且不是经纬度时填写，如 EPSG:4549。",
    )

    def __init__(self, *args: Any, regions: list[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = _region_choices(regions)  # type: ignore[attr-defined]

    def clean_crs(self) -> str:
        value = self.cleaned_data["crs"].strip().upper()
        try:
            check_metric_crs(value)
        except Exception:  # noqa: BLE001 - pyproj raises CRSError, the engine EngineError
            raise forms.ValidationError(
                f"“{value}”不是以米为单位的投影坐标系，请填写如 EPSG:4549。"
            ) from None
        return value

    def clean_file(self) -> Any:
        from futurecommunity.lifecircle.networks import format_for

        upload = self.cleaned_data["file"]
        if upload.size > MAX_NETWORK_UPLOAD:
            raise forms.ValidationError("路网文件超过 200 MB，请按区域裁剪后导入。")
        if format_for(upload.name) is None:
            raise forms.ValidationError(
                "不支持的文件类型：请上传 .osm.pbf、.osm、.geojson、.json、.gpkg 或 Shapefile 的 .zip 包。"
            )
        return upload


class RunForm(forms.Form):
    name = forms.CharField(label="分析名称", max_length=100, required=False)
    network = forms.ModelChoiceField(label="步行路网", queryset=StreetNetwork.objects.none())
    region = forms.ChoiceField(label="分析范围")
    include_planned = forms.BooleanField(
        label="包括规划和在建设施（用于比较新建邻里中心前后的效果）", required=False
    )

    def __init__(
        self, *args: Any, regions: list[Region], networks: Any, city: tuple[str, str] | None = None,
        **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        choices = _region_choices(regions)
        if city is not None:  # city-wide: one queue job per district, merged
            choices.insert(0, (city[0], f"{city[1]}（全市，按区县并行计算）"))
        self.fields["region"].choices = choices  # type: ignore[attr-defined]
        self.fields["network"].queryset = networks  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    reason = forms.CharField(label="修改依据", max_length=200)


class LevelForm(ReasonForm):
    minutes = forms.IntegerField(label="步行时间（分钟）", min_value=1, max_value=120)
    max_distance_m = forms.FloatField(label="步行距离（米）", min_value=1, max_value=10_000)


class ParameterForm(ReasonForm):
    value = forms.CharField(label="取值", max_length=64)


class KindForm(ReasonForm):
    level = forms.ModelChoiceField(label="生活圈层级", queryset=LifeCircleLevel.objects.all())
    serves_lower_levels = forms.BooleanField(label="兼顾较低层级", required=False)
