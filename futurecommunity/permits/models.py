"""Permit configuration rows (thresholds, departments) and per-project approval tracking."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from futurecommunity.accounts.models import Organisation
from futurecommunity.common.models import BaseModel
from futurecommunity.permits.route_types import STEP_TITLES, Outcome
from futurecommunity.projects.models import Project

STEP_CHOICES = list(STEP_TITLES.items())
OUTCOME_CHOICES = [(o.value, o.label) for o in Outcome]


class RouteThreshold(BaseModel):
    """One policy number of the navigator; seeded from data/permits/route_thresholds.csv.

    `is_edited` marks a value the city office changed: the catalogue loader then keeps it.
    """

    key = models.CharField("配置项", max_length=64, unique=True)
    value = models.CharField("取值", max_length=64)
    unit = models.CharField("单位", max_length=16)
    clause = models.CharField("依据条款", max_length=32)
    source = models.TextField("出处")
    confidence = models.CharField("可信度", max_length=32)
    note = models.TextField("说明", blank=True)
    is_edited = models.BooleanField("已由市风貌办修改", default=False)

    class Meta:
        verbose_name = "审批路径阈值"
        verbose_name_plural = "审批路径阈值"
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.key}={self.value}{self.unit}"


class DepartmentRole(models.TextChoices):
    CONVENER = "convener", "召集部门"
    JOINT_REVIEW = "joint_review", "联合审查部门"
    JOINT_CONSULTATION = "joint_consultation", "联合会商单位"


class ReviewDepartment(BaseModel):
    """A department or unit of the 三(四)1 joint review and consultation roster."""

    code = models.CharField("编码", max_length=64, unique=True)
    name = models.CharField("名称", max_length=64)
    role = models.CharField("角色", max_length=24, choices=DepartmentRole.choices)
    clause = models.CharField("依据条款", max_length=32)
    note = models.TextField("说明", blank=True)
    is_edited = models.BooleanField("已由市风貌办修改", default=False)

    class Meta:
        verbose_name = "联合审查部门"
        verbose_name_plural = "联合审查部门"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class ApprovalChecklist(BaseModel):
    """The approval route of one project and the yes/no facts it was computed from."""

    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, related_name="approval_checklist"
    )
    works_investment = models.DecimalField(
        "工程投资额（元）", max_digits=16, decimal_places=2, null=True, blank=True
    )
    changes_land_rights = models.BooleanField("改变土地权属", default=False)
    changes_land_use = models.BooleanField("改变用地性质", default=False)
    changes_building_use = models.BooleanField("改变房屋使用性质", default=False)
    adds_floor_area = models.BooleanField("新增建筑面积", default=False)
    major_structural_change = models.BooleanField("主体和承重结构重大改变", default=False)
    converts_to_public_service = models.BooleanField("改造设置公共服务设施", default=False)
    municipal_or_environment_works = models.BooleanField("市政配套和环境提升改造", default=False)
    special_construction_project = models.BooleanField("特殊建设工程", default=False)
    on_published_list = models.BooleanField("列入公布的旧改类名单", default=False)
    uses_existing_land = models.BooleanField("利用存量土地", default=False)

    class Meta:
        verbose_name = "审批清单"
        verbose_name_plural = "审批清单"
        constraints = [
            models.CheckConstraint(
                condition=Q(works_investment__isnull=True) | Q(works_investment__gte=0),
                name="checklist_works_investment_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.reference} 审批清单"


class StepStatus(models.TextChoices):
    PENDING = "pending", "未开始"
    IN_PROGRESS = "in_progress", "办理中"
    DONE = "done", "已办结"
    EXEMPT = "exempt", "免办/不适用"


class ApprovalStep(BaseModel):
    """One step of a project's route and how far it has got."""

    checklist = models.ForeignKey(ApprovalChecklist, on_delete=models.CASCADE, related_name="steps")
    code = models.CharField("审批事项", max_length=32, choices=STEP_CHOICES)
    position = models.PositiveSmallIntegerField("序号")
    outcome = models.CharField("结论", max_length=24, choices=OUTCOME_CHOICES)
    clause = models.CharField("依据条款", max_length=32)
    explanation = models.TextField("说明")
    responsible_units = models.CharField("负责单位", max_length=400, blank=True)
    status = models.CharField(
        "办理状态", max_length=16, choices=StepStatus.choices, default=StepStatus.PENDING
    )
    responsible_department = models.CharField("责任部门", max_length=100, blank=True)
    planned_on = models.DateField("计划办结日期", null=True, blank=True)
    started_on = models.DateField("开始办理日期", null=True, blank=True)
    done_on = models.DateField("办结日期", null=True, blank=True)
    document_number = models.CharField("文号", max_length=100, blank=True)
    note = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "审批事项"
        verbose_name_plural = "审批事项"
        ordering = ["checklist", "position"]
        constraints = [
            models.UniqueConstraint(fields=["checklist", "code"], name="approval_step_unique_code"),
            models.CheckConstraint(
                condition=Q(started_on__isnull=True)
                | Q(done_on__isnull=True)
                | Q(done_on__gte=F("started_on")),
                name="approval_step_done_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(done_on__isnull=False),
                name="approval_step_done_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.get_code_display()

    def is_overdue_on(self, day) -> bool:  # type: ignore[no-untyped-def]
        """Planned date passed and the step is still open."""
        open_status = self.status in (StepStatus.PENDING, StepStatus.IN_PROGRESS)
        return open_status and self.planned_on is not None and self.planned_on < day


class StepAttachment(BaseModel):
    step = models.ForeignKey(ApprovalStep, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("附件", upload_to="permits/steps/%Y/%m/")
    original_name = models.CharField("文件名", max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "审批事项附件"
        verbose_name_plural = "审批事项附件"


class JointReviewMeeting(BaseModel):
    """三(四)1 joint review / consultation meeting: date, attendees, minutes."""

    checklist = models.ForeignKey(
        ApprovalChecklist, on_delete=models.CASCADE, related_name="meetings"
    )
    held_on = models.DateField("会议日期")
    attendees = models.TextField("参会单位和人员")
    minutes = models.FileField("会议纪要", upload_to="permits/minutes/%Y/%m/", blank=True)
    minutes_name = models.CharField("纪要文件名", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # 三(四)1 "由各地建设部门召集": the city's or the district's construction department.
    convener = models.ForeignKey(
        Organisation,
        verbose_name="召集部门",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    # 三(四)1 "……以及居民代表，对改造方案进行联合会商": who was invited (their opinions are
    # DepartmentOpinion rows with department_code "resident").
    invited_residents = models.TextField("受邀居民代表", blank=True, max_length=2000)

    class Meta:
        verbose_name = "联合审查会议"
        verbose_name_plural = "联合审查会议"
        ordering = ["-held_on", "-id"]


class OpinionStance(models.TextChoices):
    AGREE = "agree", "同意"
    AGREE_WITH_CONDITIONS = "agree_with_conditions", "有条件同意"
    DISAGREE = "disagree", "不同意"


class DepartmentOpinion(BaseModel):
    """One department's opinion on a joint review meeting (三(四)1).

    Opinions typed in by the convener with the meeting have no `organisation`; an assigned
    department's own answer has it (one current answer per department and meeting; a correction
    is a new version, see `supersedes`).
    """

    meeting = models.ForeignKey(
        JointReviewMeeting, on_delete=models.CASCADE, related_name="opinions"
    )
    department_code = models.CharField("部门编码", max_length=64)
    department_name = models.CharField("部门", max_length=64)
    opinion = models.TextField("意见")
    stance = models.CharField(
        "审查结论", max_length=24, choices=OpinionStance.choices, blank=True, default=""
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="答复单位",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    attachment = models.FileField("附件", upload_to="permits/opinions/%Y/%m/", blank=True)
    attachment_name = models.CharField("附件文件名", max_length=200, blank=True)
    # A submitted answer is final; a correction is a new version that supersedes it (the old
    # one is kept, no longer current). The current answer is the latest version.
    version = models.PositiveSmallIntegerField("版本", default=1)
    is_current = models.BooleanField("当前有效", default=True)
    supersedes = models.OneToOneField(
        "self",
        verbose_name="更正前的意见",
        on_delete=models.PROTECT,
        related_name="superseded_by",
        null=True,
        blank=True,
    )
    correction_reason = models.TextField("更正原因", blank=True, max_length=500)

    class Meta:
        verbose_name = "部门意见"
        verbose_name_plural = "部门意见"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation"],
                condition=Q(organisation__isnull=False, is_current=True),
                name="department_opinion_once_per_organisation",
            ),
        ]
