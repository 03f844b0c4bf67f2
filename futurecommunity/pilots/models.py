"""Ancient-city areas and units (二(二)) and county-/street-wide declarations (二(三))."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from futurecommunity.common.models import BaseModel
from futurecommunity.projects.models import Project
from futurecommunity.regions.models import Region


class Confidence(models.TextChoices):
    SOURCED = "sourced", "有出处"
    RECONSTRUCTED = "reconstructed", "推定（待核实）"
    LOCAL = "local", "越城区/市风貌办已核定"


class AreaStatus(models.TextChoices):
    PLANNED = "planned", "计划"
    UNDER_CONSTRUCTION = "under_construction", "建设中"
    COMPLETE = "complete", "已建成"


class AncientArea(BaseModel):
    """One of the 9 areas (片区) of the ancient-city region-wide future community (二(二))."""

    code = models.CharField("片区编号", max_length=16, unique=True)
    name = models.CharField("片区名称", max_length=100)
    schedule_year = models.PositiveSmallIntegerField("计划建成年度")
    implementing_body = models.CharField("建设主体", max_length=100, blank=True)
    status = models.CharField(
        "状态", max_length=24, choices=AreaStatus.choices, default=AreaStatus.PLANNED
    )
    started_on = models.DateField("开工日期", null=True, blank=True)
    completed_on = models.DateField("建成日期", null=True, blank=True)
    renovation_references = models.CharField("联动老旧小区改造项目", max_length=300, blank=True)
    tourism_references = models.CharField("联动文旅项目", max_length=300, blank=True)
    projects = models.ManyToManyField(
        Project, blank=True, related_name="ancient_areas", verbose_name="关联未来社区项目"
    )
    confidence = models.CharField(
        "可信度", max_length=24, choices=Confidence.choices, default=Confidence.RECONSTRUCTED
    )
    note = models.CharField("说明", max_length=200, blank=True)
    is_demo = models.BooleanField("演示进度", default=False, db_index=True)

    class Meta:
        verbose_name = "古城片区"
        verbose_name_plural = "古城片区"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class AncientUnit(BaseModel):
    """One of the 18 units (单元) into which the areas are divided (二(二))."""

    area = models.ForeignKey(AncientArea, on_delete=models.PROTECT, related_name="units")
    code = models.CharField("单元编号", max_length=16, unique=True)
    name = models.CharField("单元名称", max_length=100)
    schedule_year = models.PositiveSmallIntegerField("计划建成年度")
    implementing_body = models.CharField("建设主体", max_length=100, blank=True)
    confidence = models.CharField(
        "可信度", max_length=24, choices=Confidence.choices, default=Confidence.RECONSTRUCTED
    )
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "古城单元"
        verbose_name_plural = "古城单元"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class WideKind(models.TextChoices):
    COUNTY = "county", "县域全域"
    STREET = "street", "街道全域"


class WideStatus(models.TextChoices):
    DECLARED = "declared", "已申报"
    EVIDENCE_SUBMITTED = "evidence_submitted", "已提交运营材料"
    CITY_ACCEPTED = "city_accepted", "市风貌办验收通过"
    PUBLISHED = "published", "已公布"
    REJECTED = "rejected", "未通过"


class CoverageRequirement(BaseModel):
    """Coverage a county-/street-wide declaration must reach (二(三): "覆盖率达到要求")."""

    kind = models.CharField("类型", max_length=16, choices=WideKind.choices, unique=True)
    min_coverage = models.DecimalField("覆盖率下限", max_digits=5, decimal_places=4)
    first_year = models.PositiveSmallIntegerField("起始年度")
    clause = models.CharField("条款", max_length=32)
    source = models.CharField("出处", max_length=200)
    confidence = models.CharField("可信度", max_length=24, choices=Confidence.choices)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "全域覆盖率要求"
        verbose_name_plural = "全域覆盖率要求"


class WideDeclaration(BaseModel):
    """A district's county-wide or a street's street-wide declaration (or 2023 pilot)."""

    reference = models.CharField("申报编号", max_length=32, unique=True)
    kind = models.CharField("类型", max_length=16, choices=WideKind.choices)
    district = models.ForeignKey(
        Region, to_field="code", on_delete=models.PROTECT, related_name="+"
    )
    street = models.ForeignKey(
        Region, to_field="code", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    region_code = models.CharField("区划代码", max_length=12, db_index=True, editable=False)
    year = models.PositiveSmallIntegerField("年度")
    is_pilot = models.BooleanField("2023年试点", default=False)
    status = models.CharField(
        "状态", max_length=24, choices=WideStatus.choices, default=WideStatus.DECLARED
    )
    declared_on = models.DateField("申报日期")
    acceptance_document = models.CharField("市验收文号", max_length=64, blank=True)
    coverage_at_acceptance = models.DecimalField(
        "验收时覆盖率", max_digits=5, decimal_places=4, null=True, blank=True
    )
    notes = models.TextField("备注", blank=True)
    is_demo = models.BooleanField("演示数据", default=False, db_index=True)

    class Meta:
        verbose_name = "全域未来社区申报"
        verbose_name_plural = "全域未来社区申报"
        ordering = ["-year", "reference"]

    def __str__(self) -> str:
        return self.reference

    @property
    def coverage_percent(self) -> Decimal | None:
        if self.coverage_at_acceptance is None:
            return None
        return (self.coverage_at_acceptance * 100).quantize(Decimal("0.1"))


class WideTransition(BaseModel):
    """One dated step of a declaration; replaying these gives its status on any date."""

    declaration = models.ForeignKey(
        WideDeclaration, on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField("原状态", max_length=24, choices=WideStatus.choices)
    to_status = models.CharField("新状态", max_length=24, choices=WideStatus.choices)
    occurred_on = models.DateField("发生日期")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    document_number = models.CharField("文号", max_length=64, blank=True)
    remark = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        ordering = ["occurred_on", "id"]


class WideEvidence(BaseModel):
    """Operating evidence attached to a declaration (社区运营有效的佐证材料)."""

    declaration = models.ForeignKey(
        WideDeclaration, on_delete=models.CASCADE, related_name="evidence"
    )
    title = models.CharField("材料名称", max_length=200)
    file = models.FileField("附件", upload_to="pilots/evidence/%Y/", blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]


class DeliverableItem(BaseModel):
    """A deliverable a pilot of a kind owes (二(三) W1), configuration loaded from data/pilots."""

    kind = models.CharField("试点类型", max_length=16, choices=WideKind.choices)
    key = models.SlugField("成果键", max_length=64, unique=True)
    order = models.PositiveSmallIntegerField("顺序", default=0)
    name = models.CharField("成果名称", max_length=100)
    description = models.CharField("说明", max_length=300, blank=True)
    clause = models.CharField("条款", max_length=32)
    source = models.CharField("出处", max_length=300)
    confidence = models.CharField("可信度", max_length=24, choices=Confidence.choices)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "试点成果事项"
        verbose_name_plural = "试点成果事项"
        ordering = ["kind", "order", "key"]

    def __str__(self) -> str:
        return self.name


class DeliverableStatus(models.TextChoices):
    NOT_STARTED = "not_started", "未开始"
    DRAFTING = "drafting", "编制中"
    SUBMITTED = "submitted", "已提交"
    ACCEPTED = "accepted", "已认可"


class PilotDeliverable(BaseModel):
    """One deliverable of one pilot declaration: its status and the city's decision."""

    declaration = models.ForeignKey(
        WideDeclaration, on_delete=models.CASCADE, related_name="deliverables"
    )
    item = models.ForeignKey(DeliverableItem, on_delete=models.PROTECT, related_name="+")
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    status = models.CharField(
        "状态",
        max_length=16,
        choices=DeliverableStatus.choices,
        default=DeliverableStatus.NOT_STARTED,
    )
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField("认可或退回时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    return_reason = models.CharField("退回理由", max_length=300, blank=True)

    class Meta:
        verbose_name = "试点成果"
        verbose_name_plural = "试点成果"
        ordering = ["declaration", "item__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["declaration", "item"], name="pilot_deliverable_one_per_item"
            )
        ]


class DeliverableDocument(BaseModel):
    """A document of a pilot deliverable (policy text, mechanism, controls, path and method)."""

    deliverable = models.ForeignKey(
        PilotDeliverable, on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField("文件名称", max_length=200)
    file = models.FileField("附件", upload_to="pilots/deliverables/%Y/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
