"""Pilot services refuse actors outside their rule and write nothing (issue 3)."""

from __future__ import annotations

import datetime as dt

import pytest

from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.errors import PermissionDenied
from futurecommunity.pilots import services
from futurecommunity.pilots.loaders import load_pilots
from futurecommunity.pilots.models import AncientUnit, WideDeclaration, WideEvidence

pytestmark = pytest.mark.django_db

_TASHAN_DECLARATION = services.DeclarationInput(
    kind="street",
    district_code="330602",
    street_code="330602001",
    year=2024,
    declared_on=dt.date(2024, 3, 1),
)


@pytest.mark.parametrize("who", ["keqiao_editor", "city_viewer", "resident", "outsider"])
def test_declaring_outside_scope_is_refused(request, who):
    with pytest.raises(PermissionDenied):
        services.declaration_create(actor=request.getfixturevalue(who), data=_TASHAN_DECLARATION)
    assert WideDeclaration.objects.count() == 0
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize("who", ["keqiao_editor", "city_viewer", "resident"])
def test_adding_evidence_outside_scope_is_refused(request, tashan_editor, who):
    declaration = services.declaration_create(actor=tashan_editor, data=_TASHAN_DECLARATION)
    before = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        services.declaration_add_evidence(
            actor=request.getfixturevalue(who), declaration=declaration, title="运营报告"
        )
    assert WideEvidence.objects.count() == 0
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("who", ["keqiao_editor", "city_viewer", "tashan_editor"])
def test_ancient_unit_edit_outside_the_ancient_city_offices_is_refused(request, who):
    load_pilots()
    unit = AncientUnit.objects.order_by("pk").first()
    assert unit is not None
    name = unit.name
    with pytest.raises(PermissionDenied):
        services.ancient_unit_update(
            actor=request.getfixturevalue(who), unit=unit, name="改名",
            schedule_year=2030, implementing_body="x",
        )  # fmt: skip
    unit.refresh_from_db()
    assert unit.name == name
    assert AuditEntry.objects.count() == 0
