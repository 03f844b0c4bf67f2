"""Inspections (督查), their findings, rectification orders (整改单) and the order history."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from futurecommunity.accounts.models import Organisation
from futurecommunity.common.models import BaseModel


class Confidence(models.TextChoices):
    SOURCED = "sourced", "有出处"
    ASSUMED = "assumed", "假设（待确认）"
    LOCAL = "local", "市风貌办已修改"


class RectificationSetting(BaseModel):
    """A policy number for orders (reminder days, escalation thresholds) with its source."""

    key = models.CharField("参数键", max_length=64, unique=True)
    name = models.CharField("名称", max_length=100)
    value = models.CharField("取值", max_length=100)
    unit = models.CharField("单位", max_length=16, blank=True)
    clause = models.CharField("条款", max_length=32)
    source = models.CharField("出处", max_length=300)
    confidence = models.CharField("可信度", max_length=24, choices=Confidence.choices)

    class Meta:
        verbose_name = "整改参数"
        verbose_name_plural = "整改参数"
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.name}：{self.value}{self.unit}"


class Inspection(BaseModel):
    """One inspection visit: when, by whom, over which districts/projects."""

    title = models.CharField("督查名称", max_length=200)
    inspected_on = models.DateField("督查日期")
    team = models.CharField("督查组", max_length=200)
    organisation = models.ForeignKey(
        Organisation, verbose_name="组织单位", on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField("组织单位区划", max_length=12, blank=True, db_index=True)
    scope_regions = models.JSONField("督查范围（区划代码）", default=list, blank=True)
    projects = models.ManyToManyField(
        "projects.Project", verbose_name="督查项目", blank=True, related_name="+"
    )
    summary = models.TextField("总体情况", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    is_demo = models.BooleanField("演示数据", default=False, db_index=True)

    class Meta:
        verbose_name = "督查"
        verbose_name_plural = "督查"
        ordering = ["-inspected_on", "-id"]

    def __str__(self) -> str:
        return self.title


class Finding(BaseModel):
    """A problem found during an inspection; may become one rectification order."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    description = models.TextField("问题描述")
    region_code = models.CharField("问题所在区划", max_length=12, db_index=True)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name="相关项目",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "督查问题"
        verbose_name_plural = "督查问题"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description[:40]


class FindingAttachment(BaseModel):
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("照片/附件", upload_to="rectification/findings/%Y/%m/")
    original_name = models.CharField("文件名", max_length=200)

    class Meta:
        verbose_name = "问题附件"
        verbose_name_plural = "问题附件"


class OrderStatus(models.TextChoices):
    ISSUED = "issued", "已下发"
    RESPONDED = "responded", "已反馈待核查"
    SENT_BACK = "sent_back", "退回重改"
    CLOSED = "closed", "核查通过已办结"


OPEN_STATUSES = (OrderStatus.ISSUED, OrderStatus.RESPONDED, OrderStatus.SENT_BACK)


class RectificationOrder(BaseModel):
    """An order to a responsible office; overdue is derived (deadline passed, not closed)."""

    reference = models.CharField("文号", max_length=64, unique=True)
    year = models.PositiveSmallIntegerField("年度")
    sequence = models.PositiveIntegerField("序号")
    finding = models.OneToOneField(
        Finding,
        verbose_name="督查问题",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="order",
    )
    # The compliance finding the order answers (合规检查: rule and subject), when it came from
    # the board; plain text so that this lower app does not import targets.
    source_rule = models.CharField("合规检查规则", max_length=32, blank=True, db_index=True)
    source_subject = models.CharField("合规检查对象", max_length=64, blank=True)
    source_clause = models.CharField("合规检查条款", max_length=32, blank=True)
    title = models.CharField("标题", max_length=200)
    requirement = models.TextField("整改要求")
    deadline = models.DateField("整改期限", db_index=True)
    issuer = models.ForeignKey(
        Organisation, verbose_name="下发单位", on_delete=models.PROTECT, related_name="+"
    )
    recipient = models.ForeignKey(
        Organisation, verbose_name="责任单位", on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField("责任单位区划", max_length=12, db_index=True)
    status = models.CharField(
        "状态", max_length=16, choices=OrderStatus.choices, default=OrderStatus.ISSUED
    )
    issued_on = models.DateField("下发日期", db_index=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="下发人", on_delete=models.PROTECT, related_name="+"
    )
    is_demo = models.BooleanField("演示数据", default=False, db_index=True)

    class Meta:
        verbose_name = "整改单"
        verbose_name_plural = "整改单"
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "sequence"], name="rect_order_sequence_per_year"
            ),
            models.CheckConstraint(
                condition=models.Q(deadline__gte=models.F("issued_on")),
                name="rect_order_deadline_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def district_code(self) -> str:
        return self.region_code[:6]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue_on(self, day) -> bool:  # type: ignore[no-untyped-def]
        return self.is_open and self.deadline < day


class OrderEvent(BaseModel):
    """One step in an order's cycle (issue, response, verification). Never edited."""

    order = models.ForeignKey(RectificationOrder, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField("原状态", max_length=16, choices=OrderStatus.choices, blank=True)
    to_status = models.CharField("新状态", max_length=16, choices=OrderStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.PROTECT, related_name="+"
    )
    organisation_name = models.CharField("操作单位", max_length=100, blank=True)
    remark = models.TextField("整改措施/核查意见", blank=True)
    occurred_on = models.DateField("日期")

    class Meta:
        verbose_name = "整改记录"
        verbose_name_plural = "整改记录"
        ordering = ["created_at", "id"]


class OrderEventAttachment(BaseModel):
    event = models.ForeignKey(OrderEvent, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("佐证材料", upload_to="rectification/evidence/%Y/%m/")
    original_name = models.CharField("文件名", max_length=200)

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"


class AlertKind(models.TextChoices):
    REMINDER = "reminder", "到期提醒"
    ESCALATION = "escalation", "逾期督办"


class OrderAlert(BaseModel):
    """Marks a reminder threshold or escalation level as done, so commands run twice are safe."""

    order = models.ForeignKey(RectificationOrder, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField("类型", max_length=16, choices=AlertKind.choices)
    level = models.PositiveSmallIntegerField("阈值（天）/督办级别")
    sent_on = models.DateField("发出日期")

    class Meta:
        verbose_name = "提醒/督办记录"
        verbose_name_plural = "提醒/督办记录"
        constraints = [
            models.UniqueConstraint(fields=["order", "kind", "level"], name="rect_alert_once")
        ]
