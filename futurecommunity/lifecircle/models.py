"""Life-circle configuration rows, the inputs of an analysis and its stored results.

Configuration (``ServiceType``, ``LifeCircleLevel``, ``FacilityKind``, ``AnalysisParameter``) is
seeded from ``data/lifecircle/*.csv`` by ``load_lifecircle_catalogue``; a row the city office
edited (``is_edited``) keeps its value when the seed is loaded again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from futurecommunity.common.models import BaseModel
from futurecommunity.regions.models import Region


class Confidence(models.TextChoices):
    SOURCED = "sourced", "有出处"
    SECONDARY = "sourced_secondary", "二手出处"
    RECONSTRUCTED = "reconstructed", "推定（待核实）"
    LOCAL = "local", "本地调整"


class ConfigurationRow(BaseModel):
    source = models.TextField("出处")
    confidence = models.CharField("可信度", max_length=24, choices=Confidence.choices)
    note = models.TextField("说明", blank=True)
    is_edited = models.BooleanField("已由市风貌办修改", default=False)

    class Meta:
        abstract = True


class ServiceType(ConfigurationRow):
    """One of the seven neighbourhood-centre services (二(四) N1)."""

    code = models.SlugField("编码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=16)
    order = models.PositiveSmallIntegerField("排序", default=0)
    description = models.CharField("内容", max_length=200, blank=True)

    class Meta:
        verbose_name = "服务类型"
        verbose_name_plural = "服务类型"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class LifeCircleLevel(ConfigurationRow):
    """A 5/10/15-minute level and the walking distance within which it must be served."""

    code = models.SlugField("编码", max_length=16, unique=True)
    name = models.CharField("名称", max_length=32)
    minutes = models.PositiveSmallIntegerField("步行时间（分钟）")
    max_distance_m = models.FloatField("步行距离（米）")
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "生活圈层级"
        verbose_name_plural = "生活圈层级"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class FacilityKind(ConfigurationRow):
    """A kind of facility, the service it provides and the level whose circle it serves.

    ``serves_lower_levels``: it also counts for the smaller circles (a community health centre
    also gives the primary care of a health station). A neighbourhood centre has no service of
    its own: each centre lists the services it gathers.
    """

    code = models.SlugField("编码", max_length=48, unique=True)
    name = models.CharField("名称", max_length=48)
    service = models.ForeignKey(
        ServiceType, verbose_name="服务类型", null=True, blank=True, on_delete=models.PROTECT
    )
    level = models.ForeignKey(LifeCircleLevel, verbose_name="生活圈层级", on_delete=models.PROTECT)
    serves_lower_levels = models.BooleanField("兼顾较低层级", default=False)
    is_neighbourhood_centre = models.BooleanField("邻里中心", default=False)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "设施类型"
        verbose_name_plural = "设施类型"
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_neighbourhood_centre=True) | models.Q(service__isnull=False),
                name="facility_kind_has_service_unless_centre",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AnalysisParameter(ConfigurationRow):
    """A number the analysis uses (walking speed, radii, snap distance, gap share)."""

    key = models.SlugField("参数键", max_length=48, unique=True)
    name = models.CharField("名称", max_length=48)
    value = models.CharField("取值", max_length=64)
    unit = models.CharField("单位", max_length=16, blank=True)

    class Meta:
        verbose_name = "分析参数"
        verbose_name_plural = "分析参数"
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.name}={self.value}{self.unit}"


class FacilityStatus(models.TextChoices):
    PLANNED = "planned", "规划"
    BUILDING = "building", "在建"
    OPEN = "open", "已开放"
    CLOSED = "closed", "已停用"


class Facility(BaseModel):
    """A public service facility at a WGS-84 point; ``region_code`` is its district, street or
    community code (the deepest known). A neighbourhood centre lists its services in
    ``services``; any other facility provides its kind's service."""

    kind = models.ForeignKey(FacilityKind, verbose_name="设施类型", on_delete=models.PROTECT)
    name = models.CharField("名称", max_length=100)
    address = models.CharField("地址", max_length=200, blank=True)
    lon = models.FloatField("经度（WGS-84）")
    lat = models.FloatField("纬度（WGS-84）")
    floor_area = models.DecimalField(
        "建筑面积（平方米）", max_digits=10, decimal_places=1, null=True, blank=True
    )
    capacity = models.PositiveIntegerField("服务规模（床位/座位/人）", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=FacilityStatus.choices, default=FacilityStatus.OPEN
    )
    operator = models.CharField("运营单位", max_length=100, blank=True)
    region_code = models.CharField("所在区划代码", max_length=12, db_index=True)
    services = models.ManyToManyField(
        ServiceType, verbose_name="所含服务（邻里中心）", blank=True, related_name="centres"
    )
    source = models.CharField("来源", max_length=100, blank=True)
    is_demo = models.BooleanField("演示数据", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "公共服务设施"
        verbose_name_plural = "公共服务设施"
        ordering = ["region_code", "kind__order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(lon__gte=-180, lon__lte=180, lat__gte=-90, lat__lte=90),
                name="facility_lonlat_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ResidentialPoint(BaseModel):
    """Where residents live (an estate, a building or a block centroid) and how many."""

    community = models.ForeignKey(
        Region, verbose_name="所属社区", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("名称（小区/楼栋）", max_length=100, blank=True)
    lon = models.FloatField("经度（WGS-84）")
    lat = models.FloatField("纬度（WGS-84）")
    population = models.PositiveIntegerField("常住人口")
    source = models.CharField("来源", max_length=100, blank=True)
    is_demo = models.BooleanField("演示数据", default=False)

    class Meta:
        verbose_name = "居住点"
        verbose_name_plural = "居住点"
        ordering = ["community__code", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(lon__gte=-180, lon__lte=180, lat__gte=-90, lat__lte=90),
                name="residential_point_lonlat_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name or f"居住点 {self.pk}"


class NetworkFormat(models.TextChoices):
    OSM = "osm", "OpenStreetMap（.osm.pbf / .osm）"
    GEOJSON = "geojson", "GeoJSON"
    GPKG = "gpkg", "GeoPackage"
    SHP = "shp", "Shapefile（.zip）"


class NetworkStatus(models.TextChoices):
    IMPORTING = "importing", "导入中"
    READY = "ready", "可用"
    FAILED = "failed", "导入失败"


class StreetNetwork(BaseModel):
    """A walking network built by the engine and stored as ``.npz`` under MEDIA_ROOT/networks/."""

    name = models.CharField("名称", max_length=100)
    region_code = models.CharField("所属区划代码", max_length=12, db_index=True)
    source_format = models.CharField("源格式", max_length=16, choices=NetworkFormat.choices)
    source_name = models.CharField("源文件", max_length=200, blank=True)
    crs = models.CharField("投影坐标系", max_length=32)
    status = models.CharField(
        "状态", max_length=16, choices=NetworkStatus.choices, default=NetworkStatus.IMPORTING
    )
    node_count = models.PositiveIntegerField("节点数", default=0)
    edge_count = models.PositiveIntegerField("路段数", default=0)
    length_km = models.FloatField("路网总长（千米）", default=0)
    nodes_dropped = models.PositiveIntegerField("舍弃节点数（不连通）", default=0)
    edges_dropped = models.PositiveIntegerField("舍弃路段数（不连通）", default=0)
    components = models.PositiveIntegerField("连通分量数", default=0)
    features_read = models.PositiveIntegerField("读取要素数", default=0)
    features_used = models.PositiveIntegerField("采用要素数", default=0)
    problems = models.JSONField("问题要素（前若干条）", default=list, blank=True)
    problem_count = models.PositiveIntegerField("问题要素数", default=0)
    graph_file = models.FileField("路网文件（.npz）", upload_to="networks/", blank=True)
    error = models.TextField("错误信息", blank=True)
    job = models.ForeignKey(
        "jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField("演示数据", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "步行路网"
        verbose_name_plural = "步行路网"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class RunStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "运行中"
    SUCCEEDED = "succeeded", "已完成"
    FAILED = "failed", "失败"


class AnalysisRun(BaseModel):
    """One accessibility analysis: its inputs (network, parameter snapshot) and its summary.

    Per-point results (walking distance of every residential point to every service) live in
    ``result_file`` (``.npz`` under MEDIA_ROOT/analyses/); per-region rows in AnalysisResult.
    """

    name = models.CharField("名称", max_length=100)
    network = models.ForeignKey(StreetNetwork, verbose_name="路网", on_delete=models.PROTECT)
    region_code = models.CharField("分析范围区划代码", max_length=12, db_index=True)
    parameters = models.JSONField("参数", default=dict)
    job = models.ForeignKey(
        "jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        "状态", max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    summary = models.JSONField("结果摘要", default=dict, blank=True)
    result_file = models.FileField("逐点结果（.npz）", upload_to="analyses/", blank=True)
    error = models.TextField("错误信息", blank=True)
    is_demo = models.BooleanField("演示数据", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "生活圈分析"
        verbose_name_plural = "生活圈分析"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    @property
    def reference(self) -> str:
        return f"SHQ-{self.pk}"


class AnalysisResult(BaseModel):
    """Coverage of one community (or street, or district) in one run.

    ``coverage``: {level code: {"services": {service code: share}, "all": share}};
    ``gaps``: [{"level", "service", "affected_population", "covered_share"}] below the run's
    minimum share, most residents affected first within a level.
    """

    run = models.ForeignKey(AnalysisRun, on_delete=models.CASCADE, related_name="results")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    region_level = models.CharField("层级", max_length=16, db_index=True)
    population = models.FloatField("常住人口")
    point_count = models.PositiveIntegerField("居住点数")
    coverage = models.JSONField("覆盖比例", default=dict)
    gaps = models.JSONField("缺项", default=list)

    class Meta:
        verbose_name = "生活圈分析结果"
        verbose_name_plural = "生活圈分析结果"
        ordering = ["run", "region__code"]
        constraints = [
            models.UniqueConstraint(fields=["run", "region"], name="one_result_per_run_region"),
        ]

    def __str__(self) -> str:
        return f"{self.run_id}:{self.region_id}"
