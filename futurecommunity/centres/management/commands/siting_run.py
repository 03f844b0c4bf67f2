"""Where do the next N neighbourhood centres of a district go? Exact answer on the command line.

manage.py siting_run --district 330602 --centres 5 --json
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from futurecommunity.centres import optimise, selectors
from futurecommunity.centres.models import CandidateSite
from futurecommunity.common.errors import DomainError


class Command(BaseCommand):
    help = "为区县测算邻里中心布点（精确最优化），输出选中点位、新增覆盖人口和最优性差距。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--district", required=True, help="区县代码（6位）")
        parser.add_argument("--centres", type=int, help="新建中心数")
        parser.add_argument(
            "--target-share", type=float, help="目标覆盖比例（0—1），与 --centres 二选一"
        )
        parser.add_argument("--radius", type=int, default=300, help="服务半径（米），默认300")
        parser.add_argument("--services", default="centre", help="服务，逗号分隔；默认邻里中心整体")
        parser.add_argument(
            "--usable-only", action="store_true", help="只用可纳入规划的点位（方案三(一)）"
        )
        parser.add_argument("--allow-two-per-community", action="store_true")
        parser.add_argument(
            "--fill-every-community", action="store_true", help="尚无邻里中心的社区各至少选一处"
        )
        parser.add_argument("--time-limit", type=float, default=60.0)
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args: Any, **options: Any) -> None:
        district = str(options["district"])
        if len(district) != 6 or not district.isdigit():
            raise CommandError("区县代码应为6位数字。")
        if (options["centres"] is None) == (options["target_share"] is None):
            raise CommandError("请给出 --centres 或 --target-share 之一。")
        if options["centres"] is not None and not 1 <= options["centres"] <= 500:
            raise CommandError("--centres 应在1—500之间。")
        if not 100 <= options["radius"] <= 2000:
            raise CommandError("--radius 应在100—2000米之间。")
        sites = list(
            CandidateSite.objects.filter(region_code__startswith=district)
            .select_related("community")
            .order_by("pk")
        )
        if options["usable_only"]:
            sites = [s for s in sites if selectors.site_refusal(s) is None]
        services = tuple(s.strip() for s in options["services"].split(",") if s.strip())
        try:
            result = optimise.solve(
                optimise.Inputs(district, services, float(options["radius"]), sites),
                mode="mclp" if options["centres"] is not None else "cover",
                centres=options["centres"],
                target_share=options["target_share"],
                one_per_community=not options["allow_two_per_community"],
                fill_every_community=options["fill_every_community"],
                time_limit_s=float(options["time_limit"]),
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        payload = {
            "district": district,
            "centres": len(result["chosen"]),
            "radius_m": options["radius"],
            "services": list(services),
            "candidates": len(sites),
            "chosen": [
                {
                    "site_id": c["site_id"],
                    "name": c["name"],
                    "community": c["community"],
                    "newly_covered": c["gain"],
                    "cost": c["cost"],
                }
                for c in result["chosen"]
            ],  # fmt: skip
            "population_newly_covered": result["newly_covered"],
            "already_covered": result["baseline_covered"],
            "total_population": result["total"],
            "gap": result["gap"],
            "proven_optimal": result["gap"] == 0 and result["status"] == "optimal",
            "status": result["status"],
            "seconds": result["seconds"],
        }
        if options["json"]:
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        for k, c in enumerate(payload["chosen"], start=1):
            self.stdout.write(f"{k}. {c['name']}（{c['community']}）新增覆盖 {c['newly_covered']}")
        self.stdout.write(
            f"新增覆盖人口 {payload['population_newly_covered']}；最优性差距 {payload['gap']}"
            + ("（已证明最优）" if payload["proven_optimal"] else "")
        )
