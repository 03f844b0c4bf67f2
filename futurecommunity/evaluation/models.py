"""Index systems (versioned configuration), evaluations (self-assessment → panel → decision)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from futurecommunity.common.models import BaseModel


class Confidence(models.TextChoices):
    SOURCED = "sourced", "有出处"
    SECONDARY = "secondary", "有出处（二手）"
    RECONSTRUCTED = "reconstructed", "推定（待核实）"


class SystemKind(models.TextChoices):
    PROVINCIAL = "provincial", "省级评价指标体系"
    MUNICIPAL = "municipal", "市级建设标准"
    COUNTY = "county", "县级建设验收细则"


class EvaluationParameter(BaseModel):
    """A policy number of the acceptance process (aggregation method, panel size, deadlines)."""

    key = models.SlugField("参数键", max_length=48, unique=True)
    name = models.CharField("名称", max_length=60)
    value = models.CharField("取值", max_length=60)
    unit = models.CharField("单位", max_length=16, blank=True)
    clause = models.CharField("条款", max_length=32)
    source = models.CharField("出处", max_length=300)
    confidence = models.CharField("可信度", max_length=24, choices=Confidence.choices)

    class Meta:
        verbose_name = "评价验收参数"
        verbose_name_plural = "评价验收参数"
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.name}：{self.value}{self.unit}"


class IndexSystem(BaseModel):
    """One version of an evaluation index: the province's, the city's or one district's."""

    code = models.SlugField("版本编码", max_length=48, unique=True)
    name = models.CharField("名称", max_length=120)
    kind = models.CharField("类别", max_length=16, choices=SystemKind.choices)
    district_code = models.CharField("适用区、县（市）", max_length=6, blank=True)
    version = models.CharField("版本", max_length=32)
    issuer = models.CharField("发布单位", max_length=100, blank=True)
    document_number = models.CharField("文号", max_length=100, blank=True)
    issued_on = models.DateField("发布日期", null=True, blank=True)
    document = models.FileField("文件", upload_to="evaluation/systems/%Y/", blank=True)
    document_name = models.CharField("文件名", max_length=200, blank=True)
    year_from = models.PositiveSmallIntegerField("适用创建年度起")
    year_to = models.PositiveSmallIntegerField("适用创建年度止", null=True, blank=True)
    pass_score = models.DecimalField("通过分数线", max_digits=6, decimal_places=2)
    pass_score_source = models.CharField("分数线出处", max_length=300)
    pass_score_confidence = models.CharField(
        "分数线可信度", max_length=24, choices=Confidence.choices
    )
    source = models.CharField("出处", max_length=300)
    confidence = models.CharField("可信度", max_length=24, choices=Confidence.choices)
    is_active = models.BooleanField("启用", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "评价指标体系"
        verbose_name_plural = "评价指标体系"
        ordering = ["kind", "district_code", "-year_from", "-issued_on", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year_to__isnull=True)
                | models.Q(year_to__gte=models.F("year_from")),
                name="index_system_years_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(pass_score__gte=0), name="index_system_pass_score_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.version}）"

    @property
    def years_label(self) -> str:
        return f"{self.year_from}—{self.year_to or '今'}"


class DimensionGroup(models.TextChoices):
    UNIFIED = "unified", "一统"
    VALUES = "values", "三化"
    SCENARIOS = "scenarios", "九场景"


class Dimension(BaseModel):
    system = models.ForeignKey(IndexSystem, on_delete=models.CASCADE, related_name="dimensions")
    code = models.CharField("编码", max_length=32)
    group = models.CharField("层次", max_length=16, choices=DimensionGroup.choices)
    name = models.CharField("名称", max_length=32)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "评价维度"
        verbose_name_plural = "评价维度"
        ordering = ["system", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["system", "code"], name="one_dimension_code_per_system")
        ]

    def __str__(self) -> str:
        return self.name


class IndicatorKind(models.TextChoices):
    STANDARD = "standard", "标配"
    OPTIONAL = "optional", "选配"


class Proof(models.TextChoices):
    """What the platform itself knows that can pre-fill (计算) the indicator."""

    NONE = "", "无（仅申报）"
    LIFECIRCLE = "lifecircle", "生活圈覆盖（最近一次分析）"
    FACILITY = "facility", "设施库已登记（覆盖社区内）"
    OPERATOR = "operator", "运营单位已登记"
    RENOVATION = "renovation", "联动老旧小区改造"


class Indicator(BaseModel):
    system = models.ForeignKey(IndexSystem, on_delete=models.CASCADE, related_name="indicators")
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField("指标编码", max_length=32)
    name = models.CharField("指标名称", max_length=120)
    kind = models.CharField("配置", max_length=16, choices=IndicatorKind.choices)
    points = models.DecimalField("分值", max_digits=6, decimal_places=2)
    evidence = models.CharField("佐证方式", max_length=300, blank=True)
    proof = models.CharField("平台核验来源", max_length=16, choices=Proof.choices, blank=True)
    service_code = models.CharField("生活圈服务", max_length=32, blank=True)
    facility_kind_code = models.CharField("设施类型", max_length=48, blank=True)
    is_required = models.BooleanField("必备（约束性）", default=False)
    source = models.CharField("出处", max_length=300)
    confidence = models.CharField("可信度", max_length=24, choices=Confidence.choices)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "评价指标"
        verbose_name_plural = "评价指标"
        ordering = ["system", "dimension__order", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["system", "code"], name="one_indicator_code_per_system"
            ),
            models.CheckConstraint(
                condition=models.Q(points__gt=0), name="indicator_points_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", "自评中"
    SUBMITTED = "submitted", "区县已报送"
    PANEL = "panel", "专家评审中"
    SCORED = "scored", "评分完成"
    DECIDED = "decided", "已作出验收决定"


OPEN_STATUSES = ("draft", "submitted", "panel", "scored")


class Evaluation(BaseModel):
    """One acceptance round of a project against the index system in force for it."""

    reference = models.CharField("验收编号", max_length=48, unique=True)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="evaluations"
    )
    system = models.ForeignKey(IndexSystem, on_delete=models.PROTECT, related_name="evaluations")
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    status = models.CharField(
        "状态", max_length=16, choices=EvaluationStatus.choices, default=EvaluationStatus.DRAFT
    )
    summary = models.TextField("自评说明", blank=True)
    submitted_on = models.DateField("报送日期", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    is_demo = models.BooleanField("演示数据", default=False, db_index=True)

    class Meta:
        verbose_name = "评价验收"
        verbose_name_plural = "评价验收"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["project"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="one_open_evaluation_per_project",
            )
        ]

    def __str__(self) -> str:
        return self.reference


class Declared(models.TextChoices):
    DONE = "done", "已完成"
    PARTLY = "partly", "部分完成"
    NOT_DONE = "not", "未完成"


class Answer(BaseModel):
    """The street's self-assessment of one indicator, beside what the platform computed."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="answers")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    declared = models.CharField("申报", max_length=8, choices=Declared.choices, blank=True)
    quantity = models.DecimalField("数量", max_digits=12, decimal_places=2, null=True, blank=True)
    note = models.CharField("说明", max_length=500, blank=True)
    computed = models.CharField("计算", max_length=8, choices=Declared.choices, blank=True)
    computed_note = models.CharField("计算依据", max_length=300, blank=True)

    class Meta:
        verbose_name = "自评"
        verbose_name_plural = "自评"
        ordering = ["indicator__dimension__order", "indicator__order", "indicator__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "indicator"], name="one_answer_per_indicator"
            )
        ]


class AnswerEvidence(BaseModel):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("佐证材料", upload_to="evaluation/evidence/%Y/%m/")
    original_name = models.CharField("文件名", max_length=200)

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"


class ExpertProfile(BaseModel):
    """An expert of the pool: a user of an organisation of kind 评审专家库."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expert_profile"
    )
    field = models.CharField("专业领域", max_length=60)
    work_unit = models.CharField("工作单位", max_length=100)
    title = models.CharField("职称", max_length=40, blank=True)
    is_active = models.BooleanField("在库", default=True)
    is_demo = models.BooleanField("演示数据", default=False)

    class Meta:
        verbose_name = "评审专家"
        verbose_name_plural = "评审专家"
        ordering = ["field", "user__full_name"]

    def __str__(self) -> str:
        return f"{self.user}（{self.work_unit}）"


class ConflictDeclaration(BaseModel):
    """An expert's statement of interest for one project (利益冲突声明)."""

    expert = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="declarations")
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+")
    has_conflict = models.BooleanField("存在利益冲突")
    statement = models.CharField("说明", max_length=500, blank=True)

    class Meta:
        verbose_name = "利益冲突声明"
        verbose_name_plural = "利益冲突声明"
        constraints = [
            models.UniqueConstraint(
                fields=["expert", "project"], name="one_declaration_per_project"
            )
        ]


class PanelMember(BaseModel):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="panel")
    expert = models.ForeignKey(ExpertProfile, on_delete=models.PROTECT, related_name="panels")
    is_leader = models.BooleanField("组长", default=False)
    submitted_at = models.DateTimeField("评分提交时间", null=True, blank=True)

    class Meta:
        verbose_name = "专家组成员"
        verbose_name_plural = "专家组成员"
        ordering = ["-is_leader", "id"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "expert"], name="one_seat_per_expert")
        ]


class Score(BaseModel):
    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField("得分", max_digits=6, decimal_places=2)
    comment = models.CharField("意见", max_length=500, blank=True)

    class Meta:
        verbose_name = "专家评分"
        verbose_name_plural = "专家评分"
        constraints = [
            models.UniqueConstraint(fields=["member", "indicator"], name="one_score_per_indicator"),
            models.CheckConstraint(condition=models.Q(score__gte=0), name="score_non_negative"),
        ]


class SiteVisit(BaseModel):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField("踏勘日期")
    notes = models.TextField("踏勘记录")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "现场踏勘"
        verbose_name_plural = "现场踏勘"
        ordering = ["visited_on", "id"]


class SiteVisitPhoto(BaseModel):
    visit = models.ForeignKey(SiteVisit, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField("照片", upload_to="evaluation/visits/%Y/%m/")
    original_name = models.CharField("文件名", max_length=200)


class Outcome(models.TextChoices):
    PASS = "pass", "通过"
    CONDITIONAL = "conditional", "有条件通过"
    FAIL = "fail", "不通过"


class Decision(BaseModel):
    evaluation = models.OneToOneField(Evaluation, on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField("验收结论", max_length=16, choices=Outcome.choices)
    score = models.DecimalField("综合得分", max_digits=7, decimal_places=2)
    pass_score = models.DecimalField("分数线", max_digits=6, decimal_places=2)
    method = models.CharField("汇总方法", max_length=32)
    decided_on = models.DateField("决定日期")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation_name = models.CharField("决定单位", max_length=100)
    document_number = models.CharField("文号", max_length=100)
    remark = models.TextField("验收意见", blank=True)

    class Meta:
        verbose_name = "验收决定"
        verbose_name_plural = "验收决定"


class Condition(BaseModel):
    """A condition of a conditional pass; becomes a rectification order with its deadline."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="conditions")
    requirement = models.CharField("整改要求", max_length=500)
    deadline = models.DateField("整改期限")
    order = models.ForeignKey(
        "rectification.RectificationOrder",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "验收附加条件"
        verbose_name_plural = "验收附加条件"
        ordering = ["deadline", "id"]
