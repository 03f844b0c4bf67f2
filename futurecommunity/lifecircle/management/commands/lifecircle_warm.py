"""Compile (or load from numba's on-disk cache) the walking-accessibility kernels, so that
the first analysis after install or deploy costs what the tenth does. Run by
scripts/setup.sh; see docs/decisions/0004-engine-compile.md."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from futurecommunity.lifecircle.engine.warm import warm


class Command(BaseCommand):
    help = "预先编译生活圈步行可达性计算内核（写入磁盘缓存），首次分析不再等待编译。"

    def handle(self, *args: Any, **options: Any) -> None:
        states = warm()
        compiled = sum(s.compiled for s in states)
        loaded = sum(s.loaded for s in states)
        where = states[0].cache_path if states else "-"
        self.stdout.write(
            f"生活圈计算内核已就绪：本次编译 {compiled} 个、从缓存载入 {loaded} 个（缓存目录 {where}）。"
        )
