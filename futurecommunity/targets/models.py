"""Plan targets, the baseline and rule parameters: configuration rows with their source."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from futurecommunity.common.models import BaseModel
from futurecommunity.projects.models import Level
from futurecommunity.regions.models import Region


class Confidence(models.TextChoices):
    SOURCED = "sourced", "有出处"
    SECONDARY = "sourced_secondary", "二手出处"
    RECONSTRUCTED = "reconstructed", "推定（待核实）"
    LOCAL = "local", "本地调整"


class PlanTarget(BaseModel):
    """Target count of future communities created per district, year and level (附件, G2)."""

    district = models.ForeignKey(
        Region,
        to_field="code",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="区、县（市）",
    )
    year = models.PositiveSmallIntegerField("年度")
    level = models.CharField("等级", max_length=16, choices=Level.choices)
    target = models.PositiveIntegerField("目标数")
    clause = models.CharField("条款", max_length=32, default="附件")
    source = models.CharField("出处", max_length=200)
    confidence = models.CharField(
        "可信度", max_length=24, choices=Confidence.choices, default=Confidence.SOURCED
    )

    class Meta:
        verbose_name = "年度建设计划"
        verbose_name_plural = "年度建设计划"
        ordering = ["district_id", "year", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "year", "level"], name="one_target_per_cell"
            ),
        ]


class TargetRevision(BaseModel):
    """History of a target cell: who changed it, from what, to what, and why."""

    plan_target = models.ForeignKey(PlanTarget, on_delete=models.CASCADE, related_name="revisions")
    old_value = models.PositiveIntegerField("原值")
    new_value = models.PositiveIntegerField("新值")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField("调整依据")

    class Meta:
        ordering = ["-created_at"]


class Baseline(BaseModel):
    """Future communities already built before the plan (附件: 62 provincial by 2022)."""

    level = models.CharField("等级", max_length=16, choices=Level.choices, unique=True)
    count = models.PositiveIntegerField("数量")
    as_of = models.DateField("截至日期")
    clause = models.CharField("条款", max_length=32)
    source = models.CharField("出处", max_length=200)
    confidence = models.CharField("可信度", max_length=24, choices=Confidence.choices)


class RuleParameter(BaseModel):
    """A policy number (threshold, deadline, ratio) with the clause it comes from."""

    key = models.SlugField("参数键", max_length=64, unique=True)
    name = models.CharField("名称", max_length=100)
    value = models.CharField("取值", max_length=64)
    unit = models.CharField("单位", max_length=16, blank=True)
    clause = models.CharField("条款", max_length=32)
    source = models.CharField("出处", max_length=300)
    confidence = models.CharField("可信度", max_length=24, choices=Confidence.choices)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "规则参数"
        verbose_name_plural = "规则参数"
        ordering = ["key"]


class FindingNote(BaseModel):
    """The city office's annotation of a plan-consistency finding (e.g. T2 vs the attachment).

    One current note per rule and subject; every change is in the audit log (its history).
    """

    rule_id = models.CharField("规则", max_length=32)
    subject_code = models.CharField("对象代码", max_length=64)
    text = models.TextField("批注", max_length=2000)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "检查结果批注"
        verbose_name_plural = "检查结果批注"
        constraints = [
            models.UniqueConstraint(fields=["rule_id", "subject_code"], name="one_note_per_finding")
        ]
