"""The wide-declaration export (issue 3): the rows the page lists, within scope, audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.tests.xlsx import data_rows
from futurecommunity.pilots import services
from futurecommunity.projects.tests.factories import KEQIAO, KEQIAO_STREET, TASHAN, YUECHENG

pytestmark = pytest.mark.django_db
EXPORT = reverse("pilots:declaration-export")


def _declare(user, district: str, street: str) -> str:  # type: ignore[no-untyped-def]
    data = services.DeclarationInput(
        kind="street",
        district_code=district,
        street_code=street,
        year=2024,
        declared_on=dt.date(2024, 3, 1),
    )
    return services.declaration_create(actor=user, data=data).reference


def test_district_user_exports_only_its_declarations(
    client, tashan_editor, keqiao_editor, city_viewer
):
    tashan = _declare(tashan_editor, YUECHENG, TASHAN)
    keqiao = _declare(keqiao_editor, KEQIAO, KEQIAO_STREET)
    client.force_login(keqiao_editor)

    rows = data_rows(client.get(EXPORT).content)

    listed = client.get(reverse("pilots:pilot-index")).context["declarations"]
    assert [r[0] for r in rows] == [d.reference for d in listed] == [keqiao]
    assert rows[0][2:4] == ("柯桥区", "柯桥街道")
    entry = AuditEntry.objects.get(action="wide_declaration.export")
    assert entry.actor == keqiao_editor
    assert entry.changes["rows"] == [None, 1]
    client.force_login(city_viewer)
    assert sorted(r[0] for r in data_rows(client.get(EXPORT).content)) == sorted([tashan, keqiao])


def test_account_without_pilots_access_gets_404_and_no_audit(client, outsider):
    client.force_login(outsider)
    assert client.get(EXPORT).status_code == 404
    assert not AuditEntry.objects.filter(action="wide_declaration.export").exists()
