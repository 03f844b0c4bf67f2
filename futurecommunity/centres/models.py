"""Neighbourhood centres (二(四) N1), candidate sites (三(一) P1/P2), siting scenarios, and each
district's layout plan and three-year plan (二(四) N2/N3).

Size checks are configuration rows (``SizeRule``) with source and confidence; every edit keeps a
``SizeRuleChange`` row. Region codes: a centre, a site and a plan item carry the street code
(9 digits) or, for a plan, the district code (6 digits); scope is the prefix (accounts.access).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from futurecommunity.common.models import BaseModel
from futurecommunity.regions.models import Region


class Confidence(models.TextChoices):
    PLAN = "plan", "方案原文"
    NATIONAL = "national", "国家标准默认值"
    RECONSTRUCTED = "reconstructed", "推定（待核实）"
    LOCAL = "local", "市风貌办确定"


class SizeRule(BaseModel):
    """One size check of the centre (spec neighbourhood-centre.md §2); edited by the city office."""

    key = models.SlugField("参数键", max_length=48, unique=True)
    name = models.CharField("名称", max_length=80)
    value = models.DecimalField("取值", max_digits=10, decimal_places=2)
    unit = models.CharField("单位", max_length=16, blank=True)
    severity = models.CharField(
        "不满足时", max_length=8, choices=[("error", "不符合"), ("warning", "提示")]
    )
    source = models.TextField("出处")
    confidence = models.CharField("可信度", max_length=16, choices=Confidence.choices)
    note = models.TextField("说明", blank=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "邻里中心规模参数"
        verbose_name_plural = "邻里中心规模参数"
        ordering = ["order", "key"]

    def __str__(self) -> str:
        return self.name


class SizeRuleChange(BaseModel):
    rule = models.ForeignKey(SizeRule, on_delete=models.CASCADE, related_name="changes")
    old_value = models.DecimalField("原值", max_digits=10, decimal_places=2)
    new_value = models.DecimalField("新值", max_digits=10, decimal_places=2)
    old_confidence = models.CharField("原可信度", max_length=16, choices=Confidence.choices)
    new_confidence = models.CharField("新可信度", max_length=16, choices=Confidence.choices)
    source = models.TextField("依据")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]


class CentreStatus(models.TextChoices):
    PLANNED = "planned", "规划"
    BUILDING = "building", "在建"
    OPEN = "open", "已开放"


class ModuleState(models.TextChoices):
    PROVIDED = "provided", "中心内设置"
    EXTERNAL = "external", "5分钟范围内外部设施"
    MISSING = "missing", "缺失"


class SiteKind(models.TextChoices):
    BUILDING = "building", "闲置（低效）用房"
    LAND = "land", "存量用地"


class LandType(models.TextChoices):
    VACANT = "vacant", "小区内空地"
    GREEN = "green", "绿地"
    DEMOLISHED = "demolished", "拆除违建腾出用地"


class CandidateSite(BaseModel):
    """An idle building of a public body / state firm, or stock land in or around an estate."""

    kind = models.CharField("类型", max_length=16, choices=SiteKind.choices)
    name = models.CharField("名称", max_length=100)
    region_code = models.CharField("所在街道代码", max_length=12, db_index=True)
    community = models.ForeignKey(
        Region, verbose_name="所在社区", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    address = models.CharField("地址", max_length=200)
    lon = models.FloatField("经度（WGS-84）")
    lat = models.FloatField("纬度（WGS-84）")
    area = models.DecimalField("面积（平方米）", max_digits=10, decimal_places=1)
    cost = models.DecimalField("预计改造费用（万元）", max_digits=10, decimal_places=1)
    # idle building
    owner = models.ForeignKey(
        "accounts.Organisation", verbose_name="产权单位", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    current_use = models.CharField("现状用途", max_length=100, blank=True)
    idle_since = models.DateField("闲置起始", null=True, blank=True)
    condition = models.CharField("房屋状况", max_length=100, blank=True)
    owner_confirmed_at = models.DateTimeField("产权单位确认时间", null=True, blank=True)
    owner_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    # stock land
    land_type = models.CharField("用地类型", max_length=16, choices=LandType.choices, blank=True)
    # The future-community project whose implementation plan is noticed to residents and
    # consented by the stakeholders (三(一)): its notices-app state decides whether the land is
    # usable; the register no longer keeps a state of its own.
    project = models.ForeignKey(
        "projects.Project", verbose_name="所属未来社区项目", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    is_demo = models.BooleanField("演示数据", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "候选点位"
        verbose_name_plural = "候选点位"
        ordering = ["region_code", "kind", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def district_code(self) -> str:
        return self.region_code[:6]


class LendingAgreement(BaseModel):
    """Owner–street agreement for a building lent under 三(一)."""

    site = models.OneToOneField(CandidateSite, on_delete=models.CASCADE, related_name="agreement")
    parties = models.CharField("协议双方", max_length=200)
    term_start = models.DateField("起始日期")
    term_end = models.DateField("终止日期")
    use = models.CharField("约定用途", max_length=100)
    signed_on = models.DateField("签订日期")
    file = models.FileField("协议扫描件", upload_to="centres/agreements/")
    file_name = models.CharField("文件名", max_length=200)


class ScenarioMode(models.TextChoices):
    MCLP = "mclp", "给定中心数量，覆盖人口最多"
    COVER = "cover", "达到目标覆盖比例，中心数量最少"


class ScenarioStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "计算中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class SitingScenario(BaseModel):
    """One siting run of a district: inputs and the optimiser's answer (``result``)."""

    district_code = models.CharField("区县代码", max_length=6, db_index=True)
    name = models.CharField("方案名称", max_length=100)
    services = models.JSONField("服务类型", default=list)
    radius_m = models.PositiveIntegerField("服务半径（米）")
    mode = models.CharField("求解目标", max_length=8, choices=ScenarioMode.choices)
    centres = models.PositiveSmallIntegerField("新建中心数", null=True, blank=True)
    target_share = models.DecimalField(
        "目标覆盖比例", max_digits=4, decimal_places=3, null=True, blank=True
    )
    one_per_community = models.BooleanField("每个社区原则上至多一个中心", default=True)
    fill_every_community = models.BooleanField("尚无邻里中心的社区各至少选一处", default=False)
    candidates = models.ManyToManyField(CandidateSite, verbose_name="候选点位", related_name="+")
    budget_per_year = models.DecimalField("年度预算（万元）", max_digits=12, decimal_places=1)
    count_per_year = models.PositiveSmallIntegerField("每年最多建设个数", default=5)
    first_year = models.PositiveSmallIntegerField("计划首年")
    status = models.CharField(
        "状态", max_length=8, choices=ScenarioStatus.choices, default=ScenarioStatus.QUEUED
    )
    result = models.JSONField("结果", default=dict, blank=True)
    error = models.TextField("错误信息", blank=True)
    job = models.ForeignKey(
        "jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField("演示数据", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "布点测算方案"
        verbose_name_plural = "布点测算方案"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class LayoutPlan(BaseModel):
    """A district's adopted layout plan (布点规划) and its three-year plan (items with years)."""

    district_code = models.CharField("区县代码", max_length=6, db_index=True)
    name = models.CharField("规划名称", max_length=100)
    scenario = models.ForeignKey(SitingScenario, on_delete=models.PROTECT, related_name="+")
    first_year = models.PositiveSmallIntegerField("计划首年")
    baseline_population = models.FloatField("现状覆盖人口", default=0)
    total_population = models.FloatField("总人口", default=0)
    is_current = models.BooleanField("现行规划", default=True)
    is_demo = models.BooleanField("演示数据", default=False)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "邻里中心布点规划"
        verbose_name_plural = "邻里中心布点规划"
        ordering = ["district_code", "-created_at"]

    def __str__(self) -> str:
        return self.name


class NeighbourhoodCentre(BaseModel):
    name = models.CharField("名称", max_length=100)
    region_code = models.CharField("所在街道代码", max_length=12, db_index=True)
    communities = models.ManyToManyField(Region, verbose_name="服务社区", related_name="+")
    host_building = models.CharField("所在建筑", max_length=200, blank=True)
    merged_with_party_centre = models.BooleanField("与党群服务中心融合建设", default=True)
    total_area = models.DecimalField("总建筑面积（平方米）", max_digits=10, decimal_places=1)
    activity_area = models.DecimalField(
        "居民活动用房面积（平方米）", max_digits=10, decimal_places=1
    )
    households = models.PositiveIntegerField("服务户数", default=0)
    lon = models.FloatField("经度（WGS-84）")
    lat = models.FloatField("纬度（WGS-84）")
    status = models.CharField(
        "状态", max_length=16, choices=CentreStatus.choices, default=CentreStatus.PLANNED
    )
    planned_year = models.PositiveSmallIntegerField("计划建成年度", null=True, blank=True)
    site = models.ForeignKey(
        CandidateSite, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    plan = models.ForeignKey(
        LayoutPlan, null=True, blank=True, on_delete=models.SET_NULL, related_name="centres"
    )
    is_demo = models.BooleanField("演示数据", default=False)

    class Meta:
        verbose_name = "邻里中心"
        verbose_name_plural = "邻里中心"
        ordering = ["region_code", "name"]

    def __str__(self) -> str:
        return self.name


class CentreModule(BaseModel):
    """One of the seven services at a centre: in the centre, external within 5 min, or missing."""

    centre = models.ForeignKey(
        NeighbourhoodCentre, on_delete=models.CASCADE, related_name="modules"
    )
    service = models.ForeignKey(
        "lifecircle.ServiceType", on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        "设置方式", max_length=16, choices=ModuleState.choices, default=ModuleState.MISSING
    )
    area = models.DecimalField("面积（平方米）", max_digits=10, decimal_places=1, default=0)
    operator = models.CharField("运营单位", max_length=100, blank=True)
    facility = models.ForeignKey(
        "lifecircle.Facility", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["centre", "service__order"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "service"], name="one_module_per_service")
        ]


class PlanItem(BaseModel):
    """One site of an adopted plan, in a year of the three-year plan."""

    plan = models.ForeignKey(LayoutPlan, on_delete=models.CASCADE, related_name="items")
    site = models.ForeignKey(CandidateSite, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("建设年度")
    rank = models.PositiveSmallIntegerField("排序")
    newly_covered = models.FloatField("新增覆盖人口")
    cost = models.DecimalField("预计费用（万元）", max_digits=10, decimal_places=1)
    centre = models.OneToOneField(
        NeighbourhoodCentre, null=True, blank=True, on_delete=models.SET_NULL, related_name="item"
    )
    edited = models.BooleanField("人工调整", default=False)

    class Meta:
        ordering = ["plan", "year", "rank"]
