"""Notices (公示), their documents and history, opinions, the stakeholder register, articles."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from futurecommunity.accounts.models import Organisation
from futurecommunity.common.models import BaseModel
from futurecommunity.projects.models import Project
from futurecommunity.regions.models import Region


class Confidence(models.TextChoices):
    SOURCED = "sourced", "有出处"
    RECONSTRUCTED = "reconstructed", "推定（待核实）"


class NoticeSetting(BaseModel):
    """A policy number of this app with its source; ``decision`` says how it is applied."""

    key = models.CharField("参数键", max_length=64, unique=True)
    name = models.CharField("名称", max_length=100)
    value = models.CharField("取值", max_length=32)
    unit = models.CharField("单位", max_length=16, blank=True)
    clause = models.CharField("条款", max_length=40)
    source = models.CharField("出处", max_length=300)
    confidence = models.CharField("可信度", max_length=24, choices=Confidence.choices)
    decision = models.CharField("计算口径", max_length=200, blank=True)
    is_edited = models.BooleanField("已由市风貌办修改", default=False)

    class Meta:
        verbose_name = "公示参数"
        verbose_name_plural = "公示参数"
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.name}：{self.value}{self.unit}"


class NoticeKind(models.TextChoices):
    IMPLEMENTATION_PLAN = "implementation_plan", "实施方案公示"
    CREATION_LIST = "creation_list", "创建名单公示"
    ACCEPTANCE_RESULT = "acceptance_result", "验收结果公示"
    NAMED_COMMUNITIES = "named_communities", "命名公布名单公示"
    RANKING = "ranking", "季度排名晾晒"
    PILOT_RESULT = "pilot_result", "全域/全街道创建结果公示"


class NoticeStatus(models.TextChoices):
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"


class Notice(BaseModel):
    """One public notice; a correction restarts its period (``start_on`` moves), a withdrawal
    ends it. ``version`` counts corrections; ``NoticeEvent`` keeps every state."""

    reference = models.CharField("公示编号", max_length=32, unique=True)
    kind = models.CharField("公示类型", max_length=32, choices=NoticeKind.choices)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("公示内容", max_length=20000)
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="notices", null=True, blank=True
    )
    communities = models.ManyToManyField(Region, related_name="+", blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    status = models.CharField("状态", max_length=16, choices=NoticeStatus.choices)
    start_on = models.DateField("公示开始日期")
    end_on = models.DateField("公示结束日期")
    version = models.PositiveSmallIntegerField("版本", default=1)
    contact_office = models.CharField("意见受理单位", max_length=100)
    internal_remark = models.TextField("内部备注（不公开）", blank=True, max_length=2000)
    is_demo = models.BooleanField("演示数据", default=False, db_index=True)

    class Meta:
        verbose_name = "公示"
        verbose_name_plural = "公示"
        ordering = ["-start_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__gte=F("start_on")), name="notice_end_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(kind="implementation_plan") | Q(project__isnull=False),
                name="notice_plan_has_project",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class NoticeEventKind(models.TextChoices):
    PUBLISHED = "published", "发布"
    CORRECTED = "corrected", "更正（公示期重新计算）"
    WITHDRAWN = "withdrawn", "撤回"


class NoticeEvent(BaseModel):
    """One step of a notice's history with the state it left the notice in."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事项", max_length=16, choices=NoticeEventKind.choices)
    occurred_on = models.DateField("日期")
    version = models.PositiveSmallIntegerField("版本")
    reason = models.TextField("原因", blank=True, max_length=2000)
    snapshot = models.JSONField("当时内容")
    actor_name = models.CharField("经办人", max_length=100)
    organisation_name = models.CharField("经办单位", max_length=100)

    class Meta:
        verbose_name = "公示记录"
        verbose_name_plural = "公示记录"
        ordering = ["notice", "id"]


class NoticeDocument(BaseModel):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField("文件", upload_to="notices/%Y/%m/")
    original_name = models.CharField("文件名", max_length=200)
    version = models.PositiveSmallIntegerField("版本")
    is_current = models.BooleanField("现行版本", default=True)

    class Meta:
        verbose_name = "公示文件"
        verbose_name_plural = "公示文件"
        ordering = ["notice", "-version", "id"]


class OpinionStance(models.TextChoices):
    OPINION = "opinion", "意见建议"
    OBJECTION = "objection", "异议"


class Opinion(BaseModel):
    """A resident's opinion on a notice. Name, contact, building and photo are personal
    information: shown (contact masked) to officials only and deleted on expiry (PIPL 第十九条)."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="opinions")
    receipt = models.CharField("回执编号", max_length=24, unique=True)
    stance = models.CharField("类型", max_length=16, choices=OpinionStance.choices)
    name = models.CharField("姓名", max_length=50, blank=True)
    contact = models.CharField("联系方式", max_length=50, blank=True)
    building = models.CharField("楼栋/单元", max_length=50, blank=True)
    text = models.TextField("意见内容", max_length=2000)
    photo = models.FileField("照片", upload_to="notices/opinions/%Y/%m/", blank=True)
    ip_hash = models.CharField("来源地址摘要", max_length=64, db_index=True)
    challenge_nonce = models.CharField("校验码标识", max_length=32, unique=True)
    answer = models.TextField("答复（公开）", blank=True, max_length=4000)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    internal_remark = models.TextField("内部备注（不公开）", blank=True, max_length=2000)
    personal_data_purged_on = models.DateField("个人信息删除日期", null=True, blank=True)

    class Meta:
        verbose_name = "居民意见"
        verbose_name_plural = "居民意见"
        ordering = ["notice", "created_at"]

    def __str__(self) -> str:
        return self.receipt


class ConsentMethod(models.TextChoices):
    SIGNED_FORM = "signed_form", "书面签字（扫描件）"
    IN_PERSON = "in_person", "社区现场确认"


class ConsentAnswer(models.TextChoices):
    PENDING = "pending", "未表态"
    AGREED = "agreed", "同意"
    REFUSED = "refused", "不同意"


class Stakeholder(BaseModel):
    """One row of a project's stakeholder register (利害关系人) and its consent response."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stakeholders")
    building = models.CharField("楼栋", max_length=20)
    unit = models.CharField("单元", max_length=20, blank=True)
    room = models.CharField("室号", max_length=20, blank=True)
    owner = models.CharField("权利人/户主", max_length=50)
    answer = models.CharField(
        "意见", max_length=16, choices=ConsentAnswer.choices, default=ConsentAnswer.PENDING
    )
    method = models.CharField("确认方式", max_length=16, choices=ConsentMethod.choices, blank=True)
    answered_on = models.DateField("确认日期", null=True, blank=True)
    form = models.FileField("签字表扫描件", upload_to="notices/consent/%Y/%m/", blank=True)
    form_name = models.CharField("扫描件文件名", max_length=200, blank=True)

    class Meta:
        verbose_name = "利害关系人"
        verbose_name_plural = "利害关系人"
        ordering = ["project", "building", "unit", "room", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "building", "unit", "room", "owner"],
                name="stakeholder_unique_household",
            ),
            models.CheckConstraint(
                condition=Q(answer="pending") | ~Q(method="") & Q(answered_on__isnull=False),
                name="stakeholder_answer_has_method_and_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.building}-{self.unit}-{self.room} {self.owner}"


class Article(BaseModel):
    """A news / publicity article of the city office (四 S4), shown on the public site."""

    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文", max_length=20000)
    published_on = models.DateField("发布日期")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    is_published = models.BooleanField("已发布", default=True)
    is_demo = models.BooleanField("演示数据", default=False, db_index=True)

    class Meta:
        verbose_name = "宣传文章"
        verbose_name_plural = "宣传文章"
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return self.title
