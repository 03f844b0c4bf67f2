"""The project registry and its lifecycle history."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from futurecommunity.common.models import BaseModel
from futurecommunity.regions.models import Region


class Level(models.TextChoices):
    PROVINCIAL = "provincial", "省级"
    MUNICIPAL = "municipal", "市级"
    COUNTY = "county", "县级"


class BuildType(models.TextChoices):
    NEW_BUILD = "new_build", "新建类"
    RENOVATION = "renovation", "旧改类"


class Ambition(models.TextChoices):
    LEADING = "leading", "引领型"
    INCLUSIVE = "inclusive", "普惠型"


class Funding(models.TextChoices):
    GOVERNMENT = "government", "政府投资"
    ENTERPRISE = "enterprise", "企业自筹"
    MIXED = "mixed", "混合投资"


class Status(models.TextChoices):
    PLANNED = "planned", "计划"
    DECLARED = "declared", "申报"
    LISTED = "listed", "列入创建名单"
    UNDER_CONSTRUCTION = "under_construction", "建设中"
    ACCEPTANCE_REQUESTED = "acceptance_requested", "提请验收"
    ACCEPTANCE_FAILED = "acceptance_failed", "验收未通过"
    ACCEPTED = "accepted", "验收通过"
    PUBLISHED = "published", "命名公布"
    OPERATING = "operating", "运营中"
    WITHDRAWN = "withdrawn", "撤回"
    REJECTED = "rejected", "不予列入"


class Project(BaseModel):
    """One creation project; may cover several administrative communities."""

    reference = models.CharField("项目编号", max_length=32, unique=True)
    name = models.CharField("项目名称", max_length=100)
    district = models.ForeignKey(
        Region,
        verbose_name="所属区、县（市）",
        to_field="code",
        on_delete=models.PROTECT,
        related_name="+",
    )
    street = models.ForeignKey(
        Region,
        verbose_name="实施街道（镇、乡）",
        to_field="code",
        on_delete=models.PROTECT,
        related_name="+",
    )
    region_code = models.CharField("区划代码", max_length=12, db_index=True, editable=False)
    communities = models.ManyToManyField(
        Region, verbose_name="覆盖社区", related_name="future_projects", blank=True
    )
    level = models.CharField("创建等级", max_length=16, choices=Level.choices)
    build_type = models.CharField("建设类型", max_length=16, choices=BuildType.choices)
    ambition = models.CharField("创建类型", max_length=16, choices=Ambition.choices, blank=True)
    creation_year = models.PositiveSmallIntegerField("创建年度")
    batch = models.CharField("批次", max_length=32, blank=True)
    is_key_area = models.BooleanField("位于重点片区", default=False)
    is_linked_renovation = models.BooleanField("联动老旧小区改造", default=False)
    linked_renovation_reference = models.CharField(
        "老旧小区改造项目编号", max_length=64, blank=True
    )
    total_investment = models.DecimalField(
        "总投资（元）", max_digits=16, decimal_places=2, null=True, blank=True
    )
    floor_area = models.DecimalField(
        "建筑面积（㎡）", max_digits=12, decimal_places=2, null=True, blank=True
    )
    funding = models.CharField("资金来源", max_length=16, choices=Funding.choices, blank=True)
    implementing_body = models.CharField("实施主体", max_length=100, blank=True)
    operator = models.CharField("运营单位", max_length=100, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    notes = models.TextField("备注", blank=True)
    status = models.CharField(
        "状态", max_length=24, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    status_changed_on = models.DateField("状态变更日期", null=True, blank=True)
    upgraded_from = models.ForeignKey(
        "self",
        verbose_name="升级自",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="upgrades",
    )
    is_demo = models.BooleanField("演示数据", default=False, db_index=True)

    class Meta:
        verbose_name = "未来社区项目"
        verbose_name_plural = "未来社区项目"
        ordering = ["-creation_year", "reference"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(creation_year__gte=2019, creation_year__lte=2035),
                name="project_creation_year_range",
            ),
            models.CheckConstraint(
                condition=models.Q(total_investment__isnull=True)
                | models.Q(total_investment__gte=0),
                name="project_investment_non_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(floor_area__isnull=True) | models.Q(floor_area__gte=0),
                name="project_area_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}"


class Transition(BaseModel):
    """One lifecycle move, with its evidence. Never edited after it is recorded."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField("原状态", max_length=24, choices=Status.choices)
    to_status = models.CharField("新状态", max_length=24, choices=Status.choices)
    occurred_on = models.DateField("发生日期", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.PROTECT, related_name="+"
    )
    organisation_name = models.CharField("操作组织", max_length=100, blank=True)
    document_number = models.CharField("文号", max_length=100, blank=True)
    remark = models.TextField("说明/意见", blank=True)

    class Meta:
        verbose_name = "状态变更"
        verbose_name_plural = "状态变更"
        ordering = ["occurred_on", "id"]


class TransitionAttachment(BaseModel):
    transition = models.ForeignKey(Transition, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("附件", upload_to="transitions/%Y/%m/")
    original_name = models.CharField("文件名", max_length=200)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"


from futurecommunity.projects.assignments import ProjectAssignment  # noqa: E402, F401  (model lives in its own module)
