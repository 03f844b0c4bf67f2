"""Monthly reports, frozen months, bulletins, rankings and their configuration rows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from futurecommunity.common.models import BaseModel
from futurecommunity.projects.models import Project


class Confidence(models.TextChoices):
    SOURCED = "sourced", "有出处"
    RECONSTRUCTED = "reconstructed", "推定（待核实）"
    LOCAL = "local", "本地调整"


class ReportingParameter(BaseModel):
    """A policy number of this app (due day of the monthly report…) with its source."""

    key = models.SlugField("参数键", max_length=64, unique=True)
    name = models.CharField("名称", max_length=100)
    value = models.CharField("取值", max_length=64)
    unit = models.CharField("单位", max_length=16, blank=True)
    clause = models.CharField("条款", max_length=32)
    source = models.CharField("出处", max_length=300)
    confidence = models.CharField("可信度", max_length=24, choices=Confidence.choices)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "月报考评参数"
        verbose_name_plural = "月报考评参数"
        ordering = ["key"]


class Indicator(BaseModel):
    """One weighted indicator of the quarterly evaluation (四 S2)."""

    code = models.SlugField("指标代码", max_length=32, unique=True)
    name = models.CharField("指标名称", max_length=100)
    weight = models.DecimalField("权重（分）", max_digits=5, decimal_places=2)
    position = models.PositiveSmallIntegerField("序号", default=0)
    definition = models.CharField("计分口径", max_length=300)
    clause = models.CharField("条款", max_length=32)
    source = models.CharField("出处", max_length=300)
    confidence = models.CharField("可信度", max_length=24, choices=Confidence.choices)

    class Meta:
        verbose_name = "考评指标"
        verbose_name_plural = "考评指标"
        ordering = ["position", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=0), name="indicator_weight_non_negative")
        ]


class MonthlyReport(BaseModel):
    """The current values of one project's report for one month (one per project per month)."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="monthly_reports")
    month = models.DateField("月份", help_text="当月 1 日")
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    percent_complete = models.DecimalField("形象进度（%）", max_digits=4, decimal_places=1)
    investment_month = models.DecimalField("当月完成投资（元）", max_digits=16, decimal_places=2)
    investment_to_date = models.DecimalField("累计完成投资（元）", max_digits=16, decimal_places=2)
    milestones = models.TextField("本月节点完成情况", blank=True)
    problems = models.TextField("存在问题", blank=True)
    help_needed = models.TextField("需协调事项", blank=True)
    submitted_at = models.DateTimeField("首次报送时间")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    is_late = models.BooleanField("逾期报送", default=False)
    version = models.PositiveIntegerField("版本", default=1)
    is_demo = models.BooleanField("演示数据", default=False)

    class Meta:
        verbose_name = "月报"
        verbose_name_plural = "月报"
        ordering = ["-month", "project__reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "month"], name="one_report_per_project_month"
            ),
            models.CheckConstraint(
                condition=Q(percent_complete__gte=0) & Q(percent_complete__lte=100),
                name="report_percent_0_100",
            ),
            models.CheckConstraint(
                condition=Q(investment_month__gte=0) & Q(investment_to_date__gte=0),
                name="report_investment_non_negative",
            ),
        ]

    @property
    def reference(self) -> str:
        return f"YB-{self.project.reference}-{self.month:%Y%m}"


class ReportVersion(BaseModel):
    """Every version of a report as it was saved: the first submission and each correction."""

    report = models.ForeignKey(MonthlyReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本号")
    values = models.JSONField("填报内容")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField("更正原因", blank=True)
    after_freeze = models.BooleanField("冻结后更正", default=False)

    class Meta:
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="one_report_version_number")
        ]


class ReportDraft(BaseModel):
    """A report saved but not submitted (四 S1): the street's own working copy.

    Kept apart from ``MonthlyReport`` so that no figure, freeze, bulletin, ranking or API ever
    reads it: until it is submitted the project's report for the month is still missing.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="report_drafts")
    month = models.DateField("月份", help_text="当月 1 日")
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    values = models.JSONField("草稿内容")
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "月报草稿"
        verbose_name_plural = "月报草稿"
        ordering = ["-month", "project__reference"]
        constraints = [
            models.UniqueConstraint(fields=["project", "month"], name="one_draft_per_project_month")
        ]


class ReportPhoto(BaseModel):
    """A site photo of a project's report for a month (四 S1).

    While ``report`` is empty the photo belongs to the draft and only the people who may submit
    the report see it; on submission it joins the report with the version it came with.
    """

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="report_photos")
    month = models.DateField("月份", help_text="当月 1 日")
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    report = models.ForeignKey(
        MonthlyReport, null=True, blank=True, on_delete=models.PROTECT, related_name="photos"
    )
    version = models.PositiveIntegerField("随第几版报送", null=True, blank=True)
    file = models.FileField("照片", upload_to="reporting/photos/%Y/%m/")
    original_name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "月报现场照片"
        verbose_name_plural = "月报现场照片"
        ordering = ["project", "month", "id"]


class MonthSnapshot(BaseModel):
    """A month frozen at month end: the reports as they stood, never changed afterwards."""

    month = models.DateField("月份", unique=True)
    frozen_at = models.DateTimeField("冻结时间")
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    due_day = models.PositiveSmallIntegerField("报送截止日")
    data = models.JSONField("快照内容")

    class Meta:
        verbose_name = "月度冻结快照"
        verbose_name_plural = "月度冻结快照"
        ordering = ["-month"]


class BulletinStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    ISSUED = "issued", "已印发"


class Bulletin(BaseModel):
    """The monthly bulletin (通报): a draft the city office edits, then an issued, numbered copy."""

    month = models.DateField("通报月份", unique=True)
    status = models.CharField(
        "状态", max_length=16, choices=BulletinStatus.choices, default=BulletinStatus.DRAFT
    )
    title = models.CharField("标题", max_length=200)
    body = models.JSONField("正文段落", default=dict)
    figures = models.JSONField("数据")
    year = models.PositiveSmallIntegerField("发文年度", null=True, blank=True)
    serial = models.PositiveIntegerField("发文序号", null=True, blank=True)
    document_number = models.CharField("文号", max_length=64, blank=True)
    issued_at = models.DateTimeField("印发时间", null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    docx = models.BinaryField("Word 文件", blank=True, default=b"")
    pdf = models.BinaryField("PDF 文件", blank=True, default=b"")
    generation_seconds = models.FloatField("生成耗时（秒）", null=True, blank=True)

    class Meta:
        verbose_name = "月度通报"
        verbose_name_plural = "月度通报"
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "serial"],
                condition=Q(serial__isnull=False),
                name="one_bulletin_per_number",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(serial__isnull=False),
                name="issued_bulletin_has_number",
            ),
        ]


class QuarterlyRanking(BaseModel):
    """The computed scores of one quarter; published once the city office approves it."""

    quarter = models.CharField("季度", max_length=6, unique=True)  # e.g. 2025Q2
    computed_at = models.DateTimeField("计算时间")
    indicators = models.JSONField("指标与权重")
    is_published = models.BooleanField("已公布", default=False)
    published_at = models.DateTimeField("公布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "季度考评排名"
        verbose_name_plural = "季度考评排名"
        ordering = ["-quarter"]


class RankingRow(BaseModel):
    """One district's (or street's) score, rank and the breakdown behind the score."""

    ranking = models.ForeignKey(QuarterlyRanking, on_delete=models.CASCADE, related_name="rows")
    region_code = models.CharField("区划代码", max_length=12)
    region_name = models.CharField("名称", max_length=100)
    parent_code = models.CharField("上级区划", max_length=12, blank=True)
    score = models.DecimalField("得分", max_digits=6, decimal_places=2)
    rank = models.PositiveSmallIntegerField("名次")
    breakdown = models.JSONField("得分明细")

    class Meta:
        ordering = ["ranking", "parent_code", "rank", "region_code"]
        constraints = [
            models.UniqueConstraint(fields=["ranking", "region_code"], name="one_row_per_region"),
        ]
