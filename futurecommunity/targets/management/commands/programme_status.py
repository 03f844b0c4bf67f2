"""Print the programme's position on a date: targets vs actual, totals, coverage (G1–G3)."""

from __future__ import annotations

import json
from argparse import ArgumentParser

from django.core.management.base import BaseCommand, CommandError

from futurecommunity.common.time import parse_date, today_local
from futurecommunity.targets.selectors import programme_view

_LEVEL = {"provincial": "省级", "municipal": "市级", "county": "县级"}


class Command(BaseCommand):
    help = "输出指定日期的全市未来社区建设进度（计划对比、累计数、覆盖率）。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--as-of", default="", help="日期 YYYY-MM-DD，默认今天")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args: object, **options: object) -> None:
        try:
            as_of = parse_date(str(options["as_of"])) if options["as_of"] else today_local()
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        view = programme_view(prefix="", as_of=as_of)
        status = view.status
        names = {d.code: d.name for d in view.districts}
        payload = {
            "as_of": as_of.isoformat(),
            "plan_total": status.plan_total,
            "baseline_total": status.baseline_total,
            "created_total": status.created_total,
            "built_total": status.built_total,
            "built_by_level": status.built_by_level,
            "count_goal": view.count_goal,
            "coverage": {
                "covered": status.coverage_city.covered,
                "total": status.coverage_city.total,
                "percent": str(status.coverage_city.percent),
                "goal_percent": str(view.coverage_goal * 100),
            },
            "districts": {
                code: {
                    "name": names[code],
                    "covered": c.covered,
                    "total": c.total,
                    "percent": str(c.percent),
                }
                for code, c in status.coverage_by_district.items()
            },
            "cells": [
                {
                    "district_code": c.district_code,
                    "year": c.year,
                    "level": c.level,
                    "target": c.target,
                    "created": c.created,
                    "building": c.building,
                    "built": c.built,
                }
                for c in status.cells
            ],
        }
        if options["json"]:
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"截至 {as_of:%Y-%m-%d}：累计建成 {status.built_total} 个（含 2022 年基数 {status.baseline_total} 个），目标 {view.count_goal} 个以上（一）。"
        )
        cov = status.coverage_city
        self.stdout.write(
            f"城镇社区覆盖率 {cov.percent}%（{cov.covered}/{cov.total}），目标 {view.coverage_goal * 100:.0f}% 以上（一、G3）。"
        )
        self.stdout.write("区县  年度  等级  计划  创建  在建  建成")
        for c in status.cells:
            self.stdout.write(
                f"{names[c.district_code]}  {c.year}  {_LEVEL[c.level]}  {c.target}  {c.created}  {c.building}  {c.built}"
            )
