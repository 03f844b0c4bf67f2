"""Print the approval route of a project: options → facts → navigator → text or JSON.

Read-only (writes nothing), so it needs no --dry-run. Thresholds and departments come from
the DB configuration rows when loaded (`load_permit_catalogue`), else from data/permits/*.csv;
--thresholds/--departments force a CSV file.
"""

from __future__ import annotations

import argparse
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import AppRegistryNotReady, ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from futurecommunity.permits.navigator import (
    BuildType,
    ConfigurationError,
    DepartmentRoster,
    Funding,
    InvalidFactsError,
    ProjectFacts,
    RouteThresholds,
    approval_route,
    load_roster_csv,
    load_thresholds_csv,
)
from futurecommunity.permits.route_text import route_as_dict, route_as_text
from futurecommunity.permits.route_types import FACT_LABELS

DATA_DIR = Path(__file__).resolve().parents[4] / "data" / "permits"
THRESHOLDS, DEPARTMENTS = "route_thresholds.csv", "departments.csv"
FLAGS = (
    "changes_land_rights",
    "changes_land_use",
    "changes_building_use",
    "adds_floor_area",
    "major_structural_change",
    "converts_to_public_service",
    "municipal_or_environment_works",
    "special_construction_project",
    "on_published_list",
    "uses_existing_land",
)


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation as error:
        raise argparse.ArgumentTypeError(f"“{text}”不是数字。") from error


def _configuration(
    thresholds_csv: Path | None, departments_csv: Path | None
) -> tuple[RouteThresholds, DepartmentRoster]:
    """CSV files when given; else the DB rows when present (and Django is set up), else CSV."""
    thresholds = load_thresholds_csv(thresholds_csv) if thresholds_csv else None
    roster = load_roster_csv(departments_csv) if departments_csv else None
    if thresholds is None or roster is None:
        db_thresholds, db_roster = _db_configuration()
        thresholds = thresholds or db_thresholds or load_thresholds_csv(DATA_DIR / THRESHOLDS)
        roster = roster or db_roster or load_roster_csv(DATA_DIR / DEPARTMENTS)
    return thresholds, roster


def _db_configuration() -> tuple[RouteThresholds | None, DepartmentRoster | None]:
    try:
        from futurecommunity.permits.catalogue import roster_from_db, thresholds_from_db

        return thresholds_from_db(), roster_from_db()
    except (ImproperlyConfigured, AppRegistryNotReady, DatabaseError):
        # Without Django settings or a migrated database the seed CSVs are the configuration.
        return None, None


class Command(BaseCommand):
    help = "按绍政办发〔2023〕21号三(四)输出未来社区项目的审批路径。"
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--build-type", required=True, choices=[b.value for b in BuildType])
        parser.add_argument("--funding", required=True, choices=[f.value for f in Funding])
        parser.add_argument("--investment", required=True, type=_decimal, help="总投资（元）")
        parser.add_argument("--works-investment", type=_decimal, help="工程投资额（元）")
        parser.add_argument("--area", required=True, type=_decimal, help="建筑面积（平方米）")
        for name in FLAGS:
            parser.add_argument(
                f"--{name.replace('_', '-')}", action="store_true", help=FACT_LABELS[name]
            )
        parser.add_argument("--json", action="store_true", help="输出JSON")
        parser.add_argument("--thresholds", type=Path, help="阈值CSV（默认读数据库配置）")
        parser.add_argument("--departments", type=Path, help="部门CSV（默认读数据库配置）")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            facts = ProjectFacts(
                build_type=BuildType(options["build_type"]),
                funding=Funding(options["funding"]),
                total_investment=options["investment"],
                works_investment=options["works_investment"],
                works_floor_area=options["area"],
                **{name: options[name] for name in FLAGS},
            )
            thresholds, roster = _configuration(options["thresholds"], options["departments"])
        except (InvalidFactsError, ConfigurationError, OSError) as error:
            raise CommandError(str(error)) from error
        route = approval_route(facts, thresholds, roster=roster)
        if options["json"]:
            self.stdout.write(json.dumps(route_as_dict(route), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(route_as_text(route), ending="")
