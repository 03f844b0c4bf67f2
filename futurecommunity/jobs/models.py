"""One background job and its progress."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from futurecommunity.common.models import BaseModel


class JobStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "运行中"
    SUCCEEDED = "succeeded", "已完成"
    FAILED = "failed", "失败"


class Job(BaseModel):
    kind = models.CharField("任务类型", max_length=64, db_index=True)
    title = models.CharField("任务名称", max_length=200)
    params = models.JSONField("参数", default=dict)
    status = models.CharField(
        "状态", max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    message = models.CharField("当前步骤", max_length=200, blank=True)
    result = models.JSONField("结果", default=dict, blank=True)
    error = models.TextField("错误信息", blank=True)
    region_code = models.CharField("区划代码", max_length=12, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    # Who runs it: "host:pid:process start" of the process that claimed it, refreshed by a
    # heartbeat, so a restarted process can tell a job whose process has died (services.job_recover).
    worker = models.CharField("运行进程", max_length=160, blank=True)
    heartbeat_at = models.DateTimeField("最近心跳", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("运行次数", default=0)

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="job_progress_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.get_status_display()}）"

    @property
    def is_finished(self) -> bool:
        return self.status in {JobStatus.SUCCEEDED, JobStatus.FAILED}
