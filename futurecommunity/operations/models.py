"""Operators, their selection and contract, operating plans, quarterly indicators and funding."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from futurecommunity.accounts.models import Organisation
from futurecommunity.common.models import BaseModel
from futurecommunity.projects.models import Project


class Confidence(models.TextChoices):
    SOURCED = "sourced", "有出处"
    RECONSTRUCTED = "reconstructed", "推定（待核实）"
    LOCAL = "local", "市风貌办已核定"


class Service(models.TextChoices):
    """Services an operator runs (三(三): 托育、养老、社区商业等专业运营)."""

    ELDERLY = "elderly", "养老"
    CHILDCARE = "childcare", "托育"
    ASSISTANCE = "assistance", "帮扶"
    HEALTH = "health", "卫生"
    CULTURE = "culture", "文化"
    EDUCATION = "education", "教育"
    FITNESS = "fitness", "健身"
    COMMERCE = "commerce", "社区商业"
    PROPERTY = "property", "物业服务"
    INTEGRATED = "integrated", "综合运营"


class OperatorKind(models.TextChoices):
    INTEGRATED = "integrated", "综合运营商"
    SPECIALIST = "specialist", "专业运营商"


class OperatorProfile(BaseModel):
    """The operator facts of an organisation of kind 运营单位 (accounts.Organisation)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, related_name="operator_profile"
    )
    operator_kind = models.CharField("运营商类型", max_length=16, choices=OperatorKind.choices)
    services = models.JSONField("运营服务", default=list, blank=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True)
    is_consortium = models.BooleanField("联合体", default=False)
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    is_demo = models.BooleanField("演示数据", default=False, db_index=True)

    class Meta:
        verbose_name = "运营单位"
        verbose_name_plural = "运营单位"
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return self.organisation.name

    def service_labels(self) -> list[str]:
        labels = dict(Service.choices)
        return [str(labels.get(s, s)) for s in self.services]


class MemberKind(models.TextChoices):
    DEVELOPER = "developer", "开发企业"
    PROPERTY = "property", "物业企业"
    STATE_PLATFORM = "state_platform", "地方国有平台"
    SPECIALIST = "specialist", "专业运营机构"
    OTHER = "other", "其他"


class ConsortiumMember(BaseModel):
    """A member firm of a consortium operator (三(三): 开发商、物业企业、地方国有平台组成联合体)."""

    operator = models.ForeignKey(OperatorProfile, on_delete=models.CASCADE, related_name="members")
    name = models.CharField("成员单位", max_length=100)
    member_kind = models.CharField("成员类型", max_length=16, choices=MemberKind.choices)
    role = models.CharField("联合体角色", max_length=50, blank=True, help_text="如：牵头方、成员")
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)

    class Meta:
        verbose_name = "联合体成员"
        verbose_name_plural = "联合体成员"
        ordering = ["operator", "id"]


class SelectionMode(models.TextChoices):
    INVITED = "invited", "邀请招标"
    OPEN = "open", "公开招标"
    OTHER = "other", "其他方式"


class Selection(BaseModel):
    """How a project's integrated operator was chosen and the contract (三(三), 评定分离)."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="selection")
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    operator = models.ForeignKey(
        OperatorProfile, on_delete=models.PROTECT, related_name="selections", verbose_name="运营商"
    )
    mode = models.CharField("选择方式", max_length=16, choices=SelectionMode.choices)
    bidders = models.TextField("参与单位", blank=True, help_text="每行一家")
    evaluation_result = models.TextField("评标委员会评审结果", blank=True)
    evaluated_on = models.DateField("评审日期", null=True, blank=True)
    decided_by = models.CharField("定标主体", max_length=100, blank=True)
    decision_basis = models.TextField("定标依据", blank=True)
    decided_on = models.DateField("定标日期", null=True, blank=True)
    document = models.FileField("定标文件", upload_to="operations/selection/%Y/", blank=True)
    document_name = models.CharField("文件名", max_length=200, blank=True)
    contract_start = models.DateField("合同起始", null=True, blank=True)
    contract_end = models.DateField("合同终止", null=True, blank=True)
    contract_services = models.TextField("合同服务内容", blank=True)
    contract_fees = models.TextField("收费与补贴约定", blank=True)
    performance_clauses = models.TextField("绩效条款", blank=True)
    is_demo = models.BooleanField("演示数据", default=False, db_index=True)

    class Meta:
        verbose_name = "运营商选择与合同"
        verbose_name_plural = "运营商选择与合同"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(contract_end__isnull=True)
                | models.Q(contract_start__isnull=True)
                | models.Q(contract_end__gte=models.F("contract_start")),
                name="selection_contract_dates_ordered",
            )
        ]

    @property
    def is_decided(self) -> bool:
        return self.decided_on is not None


class WorksMode(models.TextChoices):
    WHOLE_PROCESS = "whole_process", "全过程工程咨询"
    EPC = "epc", "工程总承包（EPC）"
    OTHER = "other", "其他"


class WorksProcurement(BaseModel):
    """The procurement mode of a project's works (P5.5: 全过程工程咨询、EPC)."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="procurement")
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    mode = models.CharField("工程建设组织方式", max_length=16, choices=WorksMode.choices)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "工程建设组织方式"
        verbose_name_plural = "工程建设组织方式"


class OperatingPlan(BaseModel):
    """The public-service facility configuration and operating plan of a project (三(三))."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="operating_plan")
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    summary = models.TextField("运营方案概述", blank=True)
    is_demo = models.BooleanField("演示数据", default=False, db_index=True)

    class Meta:
        verbose_name = "运营方案"
        verbose_name_plural = "运营方案"


class PlanItem(BaseModel):
    """One service of an operating plan: who runs it, hours, pricing principle, staff."""

    plan = models.ForeignKey(OperatingPlan, on_delete=models.CASCADE, related_name="items")
    service = models.CharField("服务", max_length=16, choices=Service.choices)
    facility = models.CharField("配套设施", max_length=100)
    operator = models.ForeignKey(
        OperatorProfile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_items",
        verbose_name="运营单位",
    )
    opening_hours = models.CharField("开放时间", max_length=100)
    pricing = models.CharField("收费原则", max_length=100)
    staff = models.PositiveSmallIntegerField("人员（人）", default=0)

    class Meta:
        verbose_name = "运营方案服务项"
        verbose_name_plural = "运营方案服务项"
        ordering = ["plan", "service"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "service"], name="plan_item_service_unique")
        ]


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", "已报送"
    CONFIRMED = "confirmed", "区县已确认"
    RETURNED = "returned", "退回修改"


class QuarterlyReport(BaseModel):
    """An operator's quarterly operating indicators for one community project (三(三), W2)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="op_reports")
    operator = models.ForeignKey(
        OperatorProfile, on_delete=models.PROTECT, related_name="reports", verbose_name="运营商"
    )
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    year = models.PositiveSmallIntegerField("年度")
    quarter = models.PositiveSmallIntegerField("季度")
    hours_kept_percent = models.DecimalField("开放时间履约率（%）", max_digits=5, decimal_places=1)
    survey_responses = models.PositiveIntegerField("满意度调查样本数")
    survey_satisfied = models.PositiveIntegerField("满意及基本满意数")
    revenue = models.DecimalField("运营收入（元）", max_digits=14, decimal_places=2)
    subsidy = models.DecimalField("财政补贴（元）", max_digits=14, decimal_places=2)
    status = models.CharField(
        "状态", max_length=16, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED
    )
    is_late = models.BooleanField("逾期报送", default=False)
    submitted_at = models.DateTimeField("报送时间")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField("确认时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_remark = models.CharField("区县意见", max_length=200, blank=True)
    is_demo = models.BooleanField("演示数据", default=False, db_index=True)

    class Meta:
        verbose_name = "季度运营指标"
        verbose_name_plural = "季度运营指标"
        ordering = ["-year", "-quarter", "project__reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year", "quarter"], name="op_report_one_per_quarter"
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="op_report_quarter_1_4"
            ),
            models.CheckConstraint(
                condition=models.Q(hours_kept_percent__gte=0, hours_kept_percent__lte=100),
                name="op_report_hours_0_100",
            ),
            models.CheckConstraint(
                condition=models.Q(survey_satisfied__lte=models.F("survey_responses")),
                name="op_report_satisfied_le_responses",
            ),
        ]

    @property
    def label(self) -> str:
        return f"{self.year}年第{self.quarter}季度"


class ServiceLine(BaseModel):
    """Per service of a quarterly report: open or not, people served."""

    report = models.ForeignKey(QuarterlyReport, on_delete=models.CASCADE, related_name="lines")
    service = models.CharField("服务", max_length=16, choices=Service.choices)
    is_open = models.BooleanField("正常开放", default=True)
    people_served = models.PositiveIntegerField("服务人次", default=0)

    class Meta:
        verbose_name = "服务开放情况"
        verbose_name_plural = "服务开放情况"
        ordering = ["report", "service"]
        constraints = [
            models.UniqueConstraint(fields=["report", "service"], name="service_line_unique")
        ]


class SourceKind(models.TextChoices):
    """Where the money comes from (三(二): 归集社区资金、引入社会资本)."""

    CENTRAL = "central", "中央资金"
    PROVINCIAL = "provincial", "省级资金"
    MUNICIPAL = "municipal", "市级资金"
    DISTRICT = "district", "区、县（市）资金"
    STREET_POOLED = "street_pooled", "街道归集社区资金"
    SOCIAL_CAPITAL = "social_capital", "社会资本"
    DEVELOPER = "developer", "开发企业配建"


class FundingSource(BaseModel):
    """Planned and received amount of one source for one project in one year (元, Decimal)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="funding_sources")
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    kind = models.CharField("资金来源", max_length=16, choices=SourceKind.choices)
    investor = models.CharField("出资方", max_length=100, blank=True)
    year = models.PositiveSmallIntegerField("年度")
    planned = models.DecimalField("计划金额（元）", max_digits=16, decimal_places=2)
    received = models.DecimalField("到位金额（元）", max_digits=16, decimal_places=2, default=0)
    is_demo = models.BooleanField("演示数据", default=False, db_index=True)

    class Meta:
        verbose_name = "项目资金来源"
        verbose_name_plural = "项目资金来源"
        ordering = ["project", "year", "kind", "investor"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year", "kind", "investor"], name="funding_source_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(planned__gte=0, received__gte=0),
                name="funding_source_non_negative",
            ),
        ]


class FundUse(models.TextChoices):
    CONSTRUCTION = "construction", "用于建设"
    OPERATION = "operation", "用于运营"


class FundDirection(models.TextChoices):
    IN = "in", "归集"
    OUT = "out", "使用"


class StreetFundEntry(BaseModel):
    """One line of a street's pooled community fund ledger (三(二))."""

    street_code = models.CharField("街道代码", max_length=9, db_index=True)
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    occurred_on = models.DateField("日期")
    direction = models.CharField("方向", max_length=8, choices=FundDirection.choices)
    use = models.CharField("用途", max_length=16, choices=FundUse.choices, blank=True)
    amount = models.DecimalField("金额（元）", max_digits=16, decimal_places=2)
    project = models.ForeignKey(
        Project, on_delete=models.SET_NULL, null=True, blank=True, related_name="street_fund_uses"
    )
    source = models.CharField("来源或事由", max_length=200)
    is_demo = models.BooleanField("演示数据", default=False, db_index=True)

    class Meta:
        verbose_name = "街道社区资金台账"
        verbose_name_plural = "街道社区资金台账"
        ordering = ["street_code", "occurred_on", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="street_fund_positive"),
            models.CheckConstraint(
                condition=models.Q(direction="in") | ~models.Q(use=""),
                name="street_fund_out_has_use",
            ),
        ]


class OperationParameter(BaseModel):
    """A policy number of this app (thresholds of effective operation, report due day)."""

    key = models.SlugField("参数键", max_length=64, unique=True)
    name = models.CharField("名称", max_length=100)
    value = models.CharField("取值", max_length=64)
    unit = models.CharField("单位", max_length=16, blank=True)
    clause = models.CharField("条款", max_length=32)
    source = models.CharField("出处", max_length=300)
    confidence = models.CharField("可信度", max_length=24, choices=Confidence.choices)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "运营规则参数"
        verbose_name_plural = "运营规则参数"
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.name}：{self.value}{self.unit}"
