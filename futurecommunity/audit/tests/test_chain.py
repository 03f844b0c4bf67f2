"""The audit hash chain: each entry hashes the previous one, so edits and deletions show."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError

from futurecommunity.audit.models import AuditEntry
from futurecommunity.audit.services import ChainProblem, audit_record, audit_verify_chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_entries(city_editor) -> list[AuditEntry]:
    return [
        audit_record(
            actor=city_editor,
            action="test.action",
            reference=f"REF-{i}",
            region_code="330602",
            changes={"target": [i, i + 1], "名称": ["旧", "新"]},
            reason=f"第{i}次",
        )
        for i in range(3)
    ]


def test_each_entry_links_to_the_hash_of_the_previous_one(three_entries) -> None:
    stored = list(AuditEntry.objects.order_by("id"))
    assert stored[0].previous_hash == ""
    assert stored[1].previous_hash == stored[0].entry_hash
    assert stored[2].previous_hash == stored[1].entry_hash
    assert len({e.entry_hash for e in stored}) == 3
    assert stored[0].organisation_name == "绍兴市风貌办"


def test_a_clean_chain_verifies(three_entries) -> None:
    assert audit_verify_chain() == []


def test_an_empty_chain_verifies() -> None:
    assert audit_verify_chain() == []


def test_an_entry_edited_in_the_database_is_detected(three_entries) -> None:
    middle = three_entries[1]
    AuditEntry.objects.filter(pk=middle.pk).update(reason="改过的原因")
    assert audit_verify_chain() == [
        ChainProblem(middle.pk, f"第 {middle.pk} 条记录的内容与其哈希不符：该记录已被篡改。")
    ]


def test_edited_changes_are_detected(three_entries) -> None:
    first = three_entries[0]
    AuditEntry.objects.filter(pk=first.pk).update(changes={"target": [0, 99]})
    assert [p.entry_id for p in audit_verify_chain()] == [first.pk]


def test_a_deleted_middle_entry_is_detected_at_the_next_entry(three_entries) -> None:
    AuditEntry.objects.filter(pk=three_entries[1].pk).delete()
    last = three_entries[2]
    assert audit_verify_chain() == [
        ChainProblem(last.pk, f"第 {last.pk} 条记录的前序哈希不连续：其前一条记录已被删除或篡改。")
    ]


def test_audit_verify_command_passes_on_a_clean_chain(three_entries) -> None:
    out = StringIO()
    call_command("audit_verify", stdout=out)
    assert out.getvalue().strip().startswith("审计日志校验通过")


def test_audit_verify_command_fails_on_tampering(three_entries) -> None:
    AuditEntry.objects.filter(pk=three_entries[0].pk).update(actor_name="他人")
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("audit_verify", stdout=StringIO(), stderr=err)
    assert str(caught.value) == "审计日志校验失败：发现 1 处问题。"
    assert err.getvalue().strip() == (
        f"第 {three_entries[0].pk} 条记录的内容与其哈希不符：该记录已被篡改。"
    )


def test_audit_verify_command_exits_with_status_1_on_tampering(three_entries, capsys) -> None:
    AuditEntry.objects.filter(pk=three_entries[2].pk).update(reason="x")
    with pytest.raises(SystemExit) as caught:
        ManagementUtility(["manage.py", "audit_verify"]).execute()
    assert caught.value.code == 1
    assert "审计日志校验失败：发现 1 处问题。" in capsys.readouterr().err
