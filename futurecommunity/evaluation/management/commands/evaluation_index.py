"""Print the evaluation index version in force (一统、三化、九场景, indicators, points, confidence)."""

from __future__ import annotations

import json
from argparse import ArgumentParser

from django.core.management.base import BaseCommand, CommandError

from futurecommunity.common.time import today_local
from futurecommunity.evaluation.models import SystemKind
from futurecommunity.evaluation.selectors import system_as_dict, system_in_force


class Command(BaseCommand):
    help = "显示在用的未来社区评价指标体系（一统三化九场景、指标、分值、可信度）。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")
        parser.add_argument("--kind", choices=SystemKind.values, default=SystemKind.PROVINCIAL)
        parser.add_argument("--district", default="", help="县级细则的区、县（市）代码")
        parser.add_argument("--year", type=int, default=None, help="创建年度（默认今年）")

    def handle(self, *args: object, **options: object) -> None:
        year = options["year"] or today_local().year
        system = system_in_force(kind=str(options["kind"]), district_code=str(options["district"]),
                                 year=int(str(year)))  # fmt: skip
        if system is None:
            raise CommandError(f"{year}年度没有在用的该类评价指标体系。")
        data = system_as_dict(system)
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{data['name']}（{data['version']}，{data['confidence']}）")
        self.stdout.write(f"通过分数线 {data['pass_score']} 分（{data['pass_score_confidence']}）")
        for group in ("unified", "values", "scenarios"):
            for dim in data[group]:
                self.stdout.write(f"  {dim['name']}（{dim['points']}分）")
                for i in dim["indicators"]:
                    flag = "【必备】" if i["required"] else ""
                    self.stdout.write(
                        f"    {i['code']} {i['name']} {i['kind']} {i['points']}分{flag} {i['confidence']}"
                    )
