"""The scheduler process of the production server (scripts/serve.sh): runs the scheduled
commands of docs/architecture.md at their times, one after another, forever (or --once)."""

from __future__ import annotations

import io
import json
import logging
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from futurecommunity.common.time import SHANGHAI
from futurecommunity.jobs.schedule import due

logger = logging.getLogger("futurecommunity.scheduler")


class Command(BaseCommand):
    help = "定时任务进程：按 docs/architecture.md 的时间表运行通知、提醒、冻结月报、通报、排名与审计检查点。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="只检查并运行一次到期任务后退出")
        parser.add_argument("--interval", type=int, default=30, help="检查间隔（秒）")
        parser.add_argument(
            "--state", default="", help="状态文件（默认 <var>/scheduler-state.json）"
        )

    def handle(self, *args: object, **options: Any) -> None:
        state_path = Path(options["state"] or Path(settings.VAR_DIR) / "scheduler-state.json")
        while True:
            self.tick(state_path)
            if options["once"]:
                return
            time.sleep(max(1, int(options["interval"])))

    def tick(self, state_path: Path) -> None:
        state: dict[str, str] = {}
        if state_path.exists():
            state = json.loads(state_path.read_text(encoding="utf-8") or "{}")
        now = timezone.now().astimezone(SHANGHAI)
        for task in due(now, state):
            argv = task.command(now, Path(settings.VAR_DIR))
            if task.name == "bulletin_generate":
                Path(argv[-1]).parent.mkdir(parents=True, exist_ok=True)
            close_old_connections()
            output = io.StringIO()
            try:
                call_command(*argv, stdout=output, stderr=output)
            except BaseException as exc:  # noqa: BLE001 - one failing task must not stop the rest
                if isinstance(exc, KeyboardInterrupt):
                    raise
                logger.exception("scheduled task %s failed", task.name)
            else:
                logger.info("scheduled task %s done: %s", task.name, output.getvalue().strip())
            state[task.name] = task.slot(now)
            state_path.parent.mkdir(parents=True, exist_ok=True)
            state_path.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
