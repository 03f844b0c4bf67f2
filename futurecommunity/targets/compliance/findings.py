"""The data the compliance rules work on and produce: frozen, ORM-free."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from futurecommunity.projects.snapshot import ProjectFact
from futurecommunity.targets.rules import BaselineRow, TargetRow


class Severity(StrEnum):
    OK = "ok"
    WARNING = "warning"
    VIOLATION = "violation"
    NOT_DUE = "not_due"


SEVERITY_LABELS = {
    Severity.OK: "符合",
    Severity.WARNING: "预警",
    Severity.VIOLATION: "不符合",
    Severity.NOT_DUE: "未到期",
}
SUBJECT_LABELS = {
    "city": "全市",
    "district": "区、县（市）",
    "street": "街道",
    "project": "项目",
    "area": "古城片区",
    "declaration": "全域申报",
}


@dataclass(frozen=True)
class Finding:
    """One rule's verdict on one subject, with the numbers behind it."""

    rule_id: str
    clause: str
    subject_kind: str  # city / district / street / project
    subject_code: str  # region code, or the project reference
    subject_name: str
    region_code: str  # where the subject lies: "" for the city, else a region code
    severity: Severity
    required: Decimal
    actual: Decimal
    gap: Decimal  # shortfall (or days overdue); 0 when met
    unit: str
    explanation: str  # one full Chinese sentence citing the clause and the numbers

    @property
    def district_code(self) -> str:
        return self.region_code[:6]

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS[self.severity]

    @property
    def subject_label(self) -> str:
        return SUBJECT_LABELS[self.subject_kind]


@dataclass(frozen=True)
class StreetInfo:
    code: str
    name: str
    district_code: str
    kind: str  # street / town / township (regions.NbsKind)
    urban_communities: int


@dataclass(frozen=True)
class ProgrammeSnapshot:
    """Everything the rules need about the programme on ``as_of``; built by ``snapshot.py``."""

    as_of: dt.date
    facts: tuple[ProjectFact, ...]
    targets: tuple[TargetRow, ...]
    baseline: tuple[BaselineRow, ...]
    urban_codes: frozenset[str]
    streets: tuple[StreetInfo, ...]
    district_names: dict[str, str]
    parameters: dict[str, str] = field(default_factory=dict)
    city_code: str = "330600"
    city_name: str = "绍兴市"

    def param(self, key: str) -> str:
        try:
            return self.parameters[key]
        except KeyError:
            raise LookupError(f"规则参数“{key}”未配置，请执行 manage.py load_targets。") from None

    def decimal(self, key: str) -> Decimal:
        return Decimal(self.param(key))

    def integer(self, key: str) -> int:
        return int(self.param(key))

    def date(self, key: str) -> dt.date:
        return dt.date.fromisoformat(self.param(key))

    def flag(self, key: str) -> bool:
        return self.param(key).strip().lower() in {"true", "1", "yes", "是"}
