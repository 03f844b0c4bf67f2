"""Organisations and users. Scope is a region-code prefix derived from the organisation."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

from futurecommunity.common.models import BaseModel


class OrganisationKind(models.TextChoices):
    CITY_OFFICE = "city_office", "市风貌办"
    DISTRICT_OFFICE = "district_office", "区、县（市）风貌办"
    STREET_OFFICE = "street_office", "街道（镇、乡）"
    DEPARTMENT = "department", "职能部门"
    UTILITY = "utility", "公用事业单位"
    OPERATOR = "operator", "运营单位"
    EXPERT = "expert", "评审专家库"  # experts score acceptance (evaluation app); no territory
    PUBLIC = "public", "社会公众"


class Organisation(BaseModel):
    """An office or unit that acts on the platform. ``region_code`` anchors its territory."""

    code = models.SlugField("组织代码", max_length=64, unique=True)
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=32, choices=OrganisationKind.choices)
    region_code = models.CharField("所属区划代码", max_length=12, blank=True, db_index=True)

    class Meta:
        verbose_name = "组织"
        verbose_name_plural = "组织"
        ordering = ["kind", "region_code", "code"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    VIEWER = "viewer", "查看"
    EDITOR = "editor", "经办"
    APPROVER = "approver", "审核/领导"


ROLE_RANK = {Role.VIEWER: 1, Role.EDITOR: 2, Role.APPROVER: 3}


class AdminRole(models.TextChoices):
    """The three separated administrator duties (三员, MLPS 访问控制 d; 安全管理中心).

    One field, so an account holds at most one of them. An administrator account does no business
    work (no territorial scope) and needs a verified second factor for its screens. Django
    super-users exist only to install the platform (see accounts/ADMINISTRATORS.md).
    """

    NONE = "", "无"
    SYSTEM = "system_admin", "系统管理员"
    SECURITY = "security_admin", "安全管理员"
    AUDIT = "audit_admin", "审计管理员"


class User(AbstractUser):
    """A person. Belongs to one organisation; ``role`` is their role within it."""

    full_name = models.CharField("姓名", max_length=50, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="所属组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    role = models.CharField("角色", max_length=16, choices=Role.choices, default=Role.VIEWER)
    is_demo = models.BooleanField("演示账号", default=False)
    mobile = models.CharField(
        "手机号码（短信通知）",
        max_length=11,
        blank=True,
        validators=[RegexValidator(r"^1[3-9][0-9]{9}$", "请填写 11 位手机号码。")],
    )
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    must_change_password = models.BooleanField("下次登录须修改密码", default=False)
    admin_role = models.CharField(
        "管理员职责", max_length=16, choices=AdminRole.choices, default=AdminRole.NONE, blank=True
    )

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        constraints = [
            models.CheckConstraint(
                name="user_admin_role_known",
                condition=models.Q(admin_role__in=[value for value, _ in AdminRole.choices]),
            ),
            models.CheckConstraint(
                name="user_admin_role_not_superuser",
                condition=models.Q(admin_role="") | models.Q(is_superuser=False),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def has_role_at_least(self, role: str) -> bool:
        return ROLE_RANK.get(Role(self.role), 0) >= ROLE_RANK[Role(role)]

    def set_password(self, raw_password: str | None) -> None:
        """Also stamp the change time (password expiry, MLPS 身份鉴别 a).

        Django's hash upgrade on login calls this too but saves only ``password``, so the stored
        change time is not moved by a rehash.
        """
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()


class LoginThrottle(models.Model):
    """Consecutive failed logins per submitted user name (existing or not), and the lock.

    Keyed by the name as typed so that an unknown name behaves exactly like a known one.
    """

    username = models.CharField("用户名", max_length=150, unique=True)
    failures = models.PositiveIntegerField("连续失败次数", default=0)
    last_failure_at = models.DateTimeField("最近失败时间", null=True, blank=True)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)

    class Meta:
        verbose_name = "登录失败计数"
        verbose_name_plural = "登录失败计数"

    def __str__(self) -> str:
        return f"{self.username}：{self.failures}"


class PasswordHistory(models.Model):
    """Hashes of a user's recent passwords (the last five are kept), so none is reused
    (``security.PasswordHistoryValidator``, MLPS 身份鉴别 a)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="password_history", verbose_name="用户"
    )
    password = models.CharField("密码哈希", max_length=128)
    created_at = models.DateTimeField("设置时间", default=timezone.now)

    class Meta:
        verbose_name = "历史密码"
        verbose_name_plural = "历史密码"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.created_at:%Y-%m-%d %H:%M}"
