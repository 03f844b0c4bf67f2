"""Region rows keyed by their statistical code."""

from __future__ import annotations

from django.db import models

from futurecommunity.common.models import BaseModel


class RegionLevel(models.TextChoices):
    DISTRICT = "district", "区、县（市）"
    STREET = "street", "街道（镇、乡）"
    COMMUNITY = "community", "社区（村）"


class NbsKind(models.TextChoices):
    """NBS unit kind; for communities from the code's last three digits."""

    DISTRICT = "district", "区县"
    STREET = "street", "街道"
    TOWN = "town", "镇"
    TOWNSHIP = "township", "乡"
    RESIDENTS_COMMITTEE = "residents_committee", "居委会（社区）"
    VILLAGERS_COMMITTEE = "villagers_committee", "村委会"
    RESIDENTS_LIKE = "residents_like", "类似居委会"
    VILLAGERS_LIKE = "villagers_like", "类似村委会"


class Region(BaseModel):
    code = models.CharField("区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=64)
    level = models.CharField("层级", max_length=16, choices=RegionLevel.choices, db_index=True)
    nbs_kind = models.CharField("统计类别", max_length=24, choices=NbsKind.choices)
    parent_code = models.CharField("上级代码", max_length=12, blank=True, db_index=True)
    district_code = models.CharField("所属区县代码", max_length=6, db_index=True)
    is_urban_community = models.BooleanField(
        "计入城镇社区",
        default=False,
        help_text="是否计入覆盖率分母（一、G3）。居委会默认计入，由市风貌办调整。",
    )
    boundary_geojson = models.JSONField("边界（GeoJSON 几何）", null=True, blank=True)
    label_lon = models.FloatField("标注经度", null=True, blank=True)
    label_lat = models.FloatField("标注纬度", null=True, blank=True)

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level="community") | models.Q(is_urban_community=False),
                name="urban_flag_only_on_communities",
            ),
        ]

    def __str__(self) -> str:
        return self.name
