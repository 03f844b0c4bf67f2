"""The audit administrator's screen: filters, detail, export of exactly the filtered entries,
chain verification reporting a tampered row; and a subject's own history."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from futurecommunity.accounts.tests.factories import sign_in_verified
from futurecommunity.audit.models import AuditEntry
from futurecommunity.audit.selectors import audit_entries_for_reference
from futurecommunity.audit.services import audit_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(city_editor, keqiao_editor):
    audit_record(
        actor=city_editor,
        action="project.update",
        reference="FC-330602-2024-001",
        region_code="330602001",
        changes={"name": ["旧名", "新名"]},
        reason="更正名称",
    )
    audit_record(
        actor=keqiao_editor,
        action="project.transition",
        reference="FC-330603-2024-001",
        region_code="330603001",
        changes={"status": ["planned", "declared"]},
    )
    audit_record(actor=keqiao_editor, action="login.success", reason='=HYPERLINK("x")')


@pytest.fixture
def auditor(client, audit_admin):
    sign_in_verified(client, audit_admin)
    return client


def _rows(response) -> list[tuple]:
    book = load_workbook(
        io.BytesIO(
            b"".join(response.streaming_content if response.streaming else [response.content])
        )
    )
    return list(book.active.iter_rows(values_only=True))


def test_filters_by_region_action_and_actor(auditor, entries):
    page = auditor.get(reverse("audit:entry-list"), {"region": "330603"}).content.decode()
    assert "FC-330603-2024-001" in page and "FC-330602-2024-001" not in page
    page = auditor.get(reverse("audit:entry-list"), {"action": "project.update"}).content.decode()
    assert "FC-330602-2024-001" in page and "FC-330603-2024-001" not in page
    page = auditor.get(reverse("audit:entry-list"), {"actor": "keqiao_editor"}).content.decode()
    assert "FC-330603-2024-001" in page and "FC-330602-2024-001" not in page


def test_detail_shows_before_and_after(auditor, entries):
    entry = AuditEntry.objects.get(action="project.update")
    page = auditor.get(reverse("audit:entry-detail", args=[entry.pk])).content.decode()
    assert "旧名" in page and "新名" in page and "更正名称" in page


def test_export_holds_exactly_the_filtered_entries_and_is_audited(auditor, entries, audit_admin):
    response = auditor.get(reverse("audit:entry-export"), {"reference": "FC-330603"})
    assert response["Content-Disposition"].startswith("attachment;")
    rows = _rows(response)
    assert rows[0][0] == "记录ID"
    assert [r[7] for r in rows[1:]] == ["FC-330603-2024-001"]
    export = AuditEntry.objects.get(action="audit.export")
    assert export.actor == audit_admin
    assert export.changes["rows"] == [None, 1]
    assert export.changes["filters"] == [None, {"reference": "FC-330603"}]


def test_export_neutralises_formulas(auditor, entries):
    rows = _rows(auditor.get(reverse("audit:entry-export"), {"action": "login.success"}))
    assert rows[1][11] == '\'=HYPERLINK("x")'


def test_verify_reports_a_tampered_row(auditor, entries):
    assert "校验通过" in auditor.post(reverse("audit:chain-verify")).content.decode()
    tampered = AuditEntry.objects.get(action="project.update")
    AuditEntry.objects.filter(pk=tampered.pk).update(reason="被改过")
    page = auditor.post(reverse("audit:chain-verify")).content.decode()
    assert f"第 {tampered.pk} 条记录的内容与其哈希不符" in page
    assert AuditEntry.objects.filter(action="audit.verify").count() == 2


def test_the_screen_offers_no_way_to_change_an_entry(auditor, entries):
    entry = AuditEntry.objects.first()
    assert auditor.post(reverse("audit:entry-detail", args=[entry.pk])).status_code in (200, 405)
    entry_after = AuditEntry.objects.get(pk=entry.pk)
    assert entry_after.entry_hash == entry.entry_hash
    from futurecommunity.audit import urls

    assert {p.name for p in urls.urlpatterns} == {
        "entry-list",
        "entry-detail",
        "entry-export",
        "chain-verify",
    }


def test_subject_history_lists_its_own_entries_only(entries):
    history = audit_entries_for_reference("FC-330602-2024-001")
    assert [e.action for e in history] == ["project.update"]
    assert audit_entries_for_reference("") == []


def test_subject_history_template_renders(entries):
    from django.template.loader import render_to_string

    html = render_to_string(
        "audit/_subject_history.html",
        {"entries": audit_entries_for_reference("FC-330602-2024-001")},
    )
    assert "旧名" in html and "新名" in html
