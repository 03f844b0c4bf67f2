"""Demo data (演示) for the ancient city and the wide declarations; idempotent.

Areas: the placeholder registry (``load_pilots``) gets a demo schedule — two areas complete in
2023, two in 2024, one under construction, the rest planned — flagged ``is_demo`` so that
``remove_demo`` puts them back to planned. Declarations (flagged ``is_demo``, notes 【演示】):
柯桥区's county-wide pilot and one street-wide pilot per district (2023), a 2024 street-wide
declaration accepted by the city, and a 2025 one pending with evidence submitted.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from futurecommunity.accounts.models import User
from futurecommunity.audit.services import audit_record
from futurecommunity.common.errors import DomainError
from futurecommunity.pilots import selectors, services
from futurecommunity.pilots.loaders import load_pilots
from futurecommunity.pilots.models import AncientArea, AreaStatus, WideDeclaration
from futurecommunity.regions.selectors import district_list, street_list

D = dt.date
KEQIAO = "330603"
_AREAS = {  # code: (status, started, completed, renovation, tourism)
    "GC-01": ("complete", D(2023, 3, 1), D(2023, 11, 30), "【演示】旧改项目A", "【演示】文旅项目A"),
    "GC-02": ("complete", D(2023, 4, 1), D(2023, 12, 20), "【演示】旧改项目B", "【演示】文旅项目B"),
    "GC-03": ("complete", D(2023, 10, 1), D(2024, 9, 30), "【演示】旧改项目C", "【演示】文旅项目C"),
    "GC-04": ("complete", D(2024, 1, 1), D(2024, 12, 15), "【演示】旧改项目D", ""),
    "GC-05": ("under_construction", D(2025, 3, 1), None, "【演示】旧改项目E", "【演示】文旅项目E"),
}


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _seed_areas(actor: User) -> int:
    changed = 0
    for code, (status, started, completed, renovation, tourism) in _AREAS.items():
        area = AncientArea.objects.filter(
            code=code, is_demo=False, status=AreaStatus.PLANNED
        ).first()
        if area is None:
            continue
        area.status, area.started_on, area.completed_on = status, started, completed
        area.renovation_references, area.tourism_references = renovation, tourism
        area.is_demo = True
        area.save(
            update_fields=[
                "status",
                "started_on",
                "completed_on",
                "renovation_references",
                "tourism_references",
                "is_demo",
                "updated_at",
            ]
        )
        audit_record(
            actor=actor,
            action="ancient_area.demo",
            subject=area,
            reference=code,
            region_code="330602",
            reason="【演示】设定古城片区演示进度。",
        )
        changed += 1
    return changed


def _declare(
    actor: User, kind: str, district: str, street: str, year: int, on: dt.date, pilot: bool
) -> WideDeclaration:
    return services.declaration_create(
        actor=actor,
        data=services.DeclarationInput(
            kind=kind,
            district_code=district,
            street_code=street,
            year=year,
            declared_on=on,
            is_pilot=pilot,
            notes="【演示】",
            is_demo=True,
        ),
    )


def _evidence(actor: User, declaration: WideDeclaration, on: dt.date) -> None:
    services.declaration_add_evidence(
        actor=actor, declaration=declaration, title="【演示】社区运营情况报告"
    )
    services.declaration_transition(
        actor=actor, declaration=declaration, target="evidence_submitted", occurred_on=on
    )


def _accept(city: User, declaration: WideDeclaration, on: dt.date, number: str) -> None:
    """Accept through the service. When the demo coverage falls short the service refuses
    (二(三) W2) and the declaration stays pending, which the board then shows as a warning."""
    try:
        services.declaration_transition(
            actor=city,
            declaration=declaration,
            target="city_accepted",
            occurred_on=on,
            document_number=number,
        )
    except DomainError:
        return


def seed_demo() -> int:
    """Demo schedule for the areas and demo declarations; nothing twice."""
    if not AncientArea.objects.exists():
        load_pilots()
    if WideDeclaration.objects.filter(is_demo=True).exists():
        return 0
    city = _user("city_admin")
    with transaction.atomic():
        created = _seed_areas(city)
        county = _declare(city, "county", KEQIAO, "", 2023, D(2023, 8, 20), True)
        _evidence(city, county, D(2023, 12, 1))
        created += 1
        for district in district_list():
            street = street_list(district_code=district.code).first()
            if street is None:
                continue
            _declare(city, "street", district.code, street.code, 2023, D(2023, 9, 15), True)
            created += 1
        streets = list(street_list(district_code=KEQIAO)[1:3])
        best = max(streets, key=lambda s: selectors.coverage_of(s.code, D(2024, 11, 30))[0])
        accepted = _declare(city, "street", KEQIAO, best.code, 2024, D(2024, 6, 1), False)
        _evidence(city, accepted, D(2024, 10, 1))
        _accept(city, accepted, D(2024, 11, 30), "绍风貌〔2024〕演示1号")
        pending_street = next(s for s in streets if s.code != best.code)
        pending = _declare(city, "street", KEQIAO, pending_street.code, 2025, D(2025, 5, 1), False)
        _evidence(city, pending, D(2025, 6, 1))
        created += 2
    return created


def remove_demo() -> int:
    """Delete demo declarations and put demo area progress back to planned."""
    with transaction.atomic():
        removed, _ = WideDeclaration.objects.filter(is_demo=True).delete()
        reset = AncientArea.objects.filter(is_demo=True).update(
            status=AreaStatus.PLANNED,
            started_on=None,
            completed_on=None,
            renovation_references="",
            tourism_references="",
            is_demo=False,
        )
    return removed + reset
