"""Print every compliance finding of the programme on a date (issue 4), as text or JSON."""

from __future__ import annotations

import json
from argparse import ArgumentParser

from django.core.management.base import BaseCommand, CommandError

from futurecommunity.common.time import parse_date, today_local
from futurecommunity.targets.compliance.engine import evaluate
from futurecommunity.targets.compliance.findings import Finding
from futurecommunity.targets.compliance.snapshot import programme_snapshot


def _as_json(finding: Finding) -> dict[str, object]:
    return {
        "rule_id": finding.rule_id,
        "clause": finding.clause,
        "subject": {
            "kind": finding.subject_kind,
            "code": finding.subject_code,
            "name": finding.subject_name,
            "region_code": finding.region_code,
        },
        "severity": finding.severity.value,
        "required": str(finding.required),
        "actual": str(finding.actual),
        "gap": str(finding.gap),
        "unit": finding.unit,
        "explanation": finding.explanation,
    }


class Command(BaseCommand):
    help = "输出指定日期全市未来社区建设合规检查的全部结果（一、二(一)）。只读，可重复执行。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--as-of", default="", help="日期 YYYY-MM-DD，默认今天")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args: object, **options: object) -> None:
        try:
            as_of = parse_date(str(options["as_of"])) if options["as_of"] else today_local()
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        try:
            findings = evaluate(programme_snapshot(as_of=as_of))
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            payload = {"as_of": as_of.isoformat(), "findings": [_as_json(f) for f in findings]}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        for f in findings:
            self.stdout.write(f"[{f.severity_label}] {f.rule_id} {f.clause} {f.explanation}")
        counts = {label: 0 for label in ("不符合", "预警")}
        for f in findings:
            if f.severity_label in counts:
                counts[f.severity_label] += 1
        self.stdout.write(
            f"截至{as_of:%Y-%m-%d}共{len(findings)}条检查结果，其中不符合{counts['不符合']}条、预警{counts['预警']}条。"
        )
