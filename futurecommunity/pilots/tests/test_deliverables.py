"""W1 pilot deliverables: items per pilot kind, documents, submit by the pilot's office, 认可 or
return by the city office, scope of district A vs B, to-dos for whoever acts next."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from futurecommunity.accounts.models import Role
from futurecommunity.accounts.tests.factories import member_of
from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.errors import DomainError, PermissionDenied, ValidationFailed
from futurecommunity.common.time import today_local
from futurecommunity.notifications.models import Message
from futurecommunity.notifications.todos import todos_for
from futurecommunity.pilots import services
from futurecommunity.pilots.models import DeliverableDocument, PilotDeliverable, WideDeclaration
from futurecommunity.pilots.selectors import declaration_facts
from futurecommunity.projects.tests.factories import KEQIAO, TASHAN, YUECHENG

pytestmark = pytest.mark.django_db
POLICY = "county-policy-system"


def _pdf(name: str = "政策体系.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 policy", content_type="application/pdf")


def _declare(actor, kind: str, district: str, street: str = "", *, pilot: bool = True):  # type: ignore[no-untyped-def]
    return services.declaration_create(
        actor=actor,
        data=services.DeclarationInput(
            kind=kind,
            district_code=district,
            street_code=street,
            year=2023,
            declared_on=dt.date(2023, 3, 1),
            is_pilot=pilot,
        ),
    )


@pytest.fixture
def keqiao_pilot(settings, tmp_path, keqiao_editor) -> WideDeclaration:
    settings.MEDIA_ROOT = tmp_path / "media"
    return _declare(keqiao_editor, "county", KEQIAO)


def _statuses(client, declaration) -> dict[str, str]:  # type: ignore[no-untyped-def]
    page = client.get(reverse("pilots:declaration-detail", args=[declaration.reference]))
    html = page.content.decode()
    out = {}
    for key in ("county-policy-system", "county-operating-mechanism", "county-newbuild-controls",
                "county-pilot-summary", "street-path-method"):  # fmt: skip
        if f'id="deliverable-{key}"' in html:
            row = html.split(f'id="deliverable-{key}"')[1]
            out[key] = row.split('class="deliverable-status">')[1].split("<")[0]
    return out


def test_keqiao_pilot_page_lists_its_items_with_the_reconstructed_one_labelled(
    client, keqiao_pilot, keqiao_editor
) -> None:
    client.force_login(keqiao_editor)
    html = client.get(
        reverse("pilots:declaration-detail", args=[keqiao_pilot.reference])
    ).content.decode()
    assert _statuses(client, keqiao_pilot) == {
        "county-policy-system": "未开始",
        "county-operating-mechanism": "未开始",
        "county-newbuild-controls": "未开始",
        "county-pilot-summary": "未开始",
    }
    summary = html.split('id="deliverable-county-pilot-summary"')[1].split("</tr>")[0]
    policy = html.split('id="deliverable-county-policy-system"')[1].split("</tr>")[0]
    assert "推定（待核实）" in summary and "推定（待核实）" not in policy


def test_deliverable_workflow_submit_return_with_reason_resubmit_accept(
    client, keqiao_pilot, keqiao_editor, city_editor, city_approver,
    django_capture_on_commit_callbacks,
) -> None:  # fmt: skip
    ref = keqiao_pilot.reference
    client.force_login(keqiao_editor)
    # Submitting with no document is refused, naming the item.
    with pytest.raises(ValidationFailed, match="请先上传“县域存量社区建设政策体系”"):
        services.deliverable_submit(actor=keqiao_editor, declaration=keqiao_pilot, item_key=POLICY)
    client.post(
        reverse("pilots:deliverable-document-add", args=[ref, POLICY]),
        {"title": "柯桥区存量社区建设政策", "file": _pdf()},
    )
    assert _statuses(client, keqiao_pilot)[POLICY] == "编制中"
    todo_titles = [t.title for t in todos_for(keqiao_editor) if t.source == "pilots.deliverables"]
    assert todo_titles == ["待编制并提交试点成果"] * 4
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pilots:deliverable-submit", args=[ref, POLICY]))
    assert _statuses(client, keqiao_pilot)[POLICY] == "已提交"
    deliverable = PilotDeliverable.objects.get(declaration=keqiao_pilot, item__key=POLICY)
    # Locked while the city judges it.
    with pytest.raises(DomainError, match="已提交，不能再上传文件"):
        services.deliverable_document_add(
            actor=keqiao_editor, declaration=keqiao_pilot, item_key=POLICY, title="x", file=_pdf()
        )
    assert Message.objects.filter(recipient=city_approver, kind="pilot_deliverable").count() == 1
    assert [t.title for t in todos_for(city_approver) if t.source == "pilots.deliverables"] == [
        "待认可试点成果"
    ]
    # A city editor does not decide; a return needs a reason.
    with pytest.raises(PermissionDenied):
        services.deliverable_decide(actor=city_editor, deliverable=deliverable, accept=True)
    with pytest.raises(ValidationFailed, match="须填写理由"):
        services.deliverable_decide(actor=city_approver, deliverable=deliverable, accept=False)
    deliverable.refresh_from_db()
    assert deliverable.status == "submitted"
    client.force_login(city_approver)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("pilots:deliverable-decide", args=[ref, deliverable.pk]),
            {"decision": "return", "reason": "缺少存量社区改造资金政策"},
        )
    assert _statuses(client, keqiao_pilot)[POLICY] == "编制中"
    page = client.get(reverse("pilots:declaration-detail", args=[ref])).content.decode()
    assert "退回理由：缺少存量社区改造资金政策" in page
    assert Message.objects.filter(recipient=keqiao_editor, kind="pilot_deliverable").count() == 1
    returned = [
        t for t in todos_for(keqiao_editor) if t.subject.endswith("县域存量社区建设政策体系")
    ]
    assert [t.title for t in returned] == ["试点成果被退回，待修改后重新提交"]
    # Resubmitted with a second document, then accepted.
    services.deliverable_document_add(
        actor=keqiao_editor, declaration=keqiao_pilot, item_key=POLICY, title="补充", file=_pdf()
    )
    services.deliverable_submit(actor=keqiao_editor, declaration=keqiao_pilot, item_key=POLICY)
    client.post(
        reverse("pilots:deliverable-decide", args=[ref, deliverable.pk]), {"decision": "accept"}
    )
    assert _statuses(client, keqiao_pilot)[POLICY] == "已认可"
    deliverable.refresh_from_db()
    assert deliverable.decided_by == city_approver and deliverable.return_reason == ""
    assert list(
        AuditEntry.objects.filter(subject_reference=ref, action__startswith="pilot_deliverable.")
        .order_by("id")
        .values_list("action", flat=True)
    ) == [
        "pilot_deliverable.document",
        "pilot_deliverable.submit",
        "pilot_deliverable.return",
        "pilot_deliverable.document",
        "pilot_deliverable.submit",
        "pilot_deliverable.accept",
    ]
    assert not [t for t in todos_for(city_approver) if t.source == "pilots.deliverables"]
    # The compliance snapshot carries when each deliverable was accepted (the W1 rule's text).
    [fact] = [d for d in declaration_facts() if d.reference == ref]
    assert fact.deliverables == (
        ("县域存量社区建设政策体系", today_local()),
        ("县域运营管理机制", None),
        ("新建社区建设管控办法", None),
        ("县域试点工作总结", None),
    )
    with pytest.raises(DomainError, match="只有已提交的成果"):
        services.deliverable_decide(actor=city_approver, deliverable=deliverable, accept=True)


def test_district_a_cannot_touch_or_read_district_b_pilot_deliverables(
    client, keqiao_pilot, keqiao_editor, yuecheng_editor, city_viewer, city_editor
) -> None:
    document = services.deliverable_document_add(
        actor=keqiao_editor, declaration=keqiao_pilot, item_key=POLICY, title="政策", file=_pdf()
    )
    url = reverse("pilots:deliverable-document", args=[keqiao_pilot.reference, document.pk])
    client.force_login(yuecheng_editor)
    assert client.get(url).status_code == 404
    response = client.post(
        reverse("pilots:deliverable-document-add", args=[keqiao_pilot.reference, POLICY]),
        {"title": "越界", "file": _pdf()},
    )
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        services.deliverable_submit(
            actor=yuecheng_editor, declaration=keqiao_pilot, item_key=POLICY
        )
    # The city reads it but does not prepare or submit the pilot's work.
    with pytest.raises(PermissionDenied):
        services.deliverable_submit(actor=city_editor, declaration=keqiao_pilot, item_key=POLICY)
    assert DeliverableDocument.objects.count() == 1
    for viewer in (keqiao_editor, city_viewer):
        client.force_login(viewer)
        response = client.get(url)
        assert response.status_code == 200 and b"".join(response.streaming_content) == (
            b"%PDF-1.4 policy"
        )
    assert AuditEntry.objects.filter(action="pilots.deliverable_download").count() == 2


def test_street_pilot_is_prepared_by_its_street_or_district_not_another_street(
    settings, tmp_path, tashan_editor, yuecheng_editor
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    pilot = _declare(yuecheng_editor, "street", YUECHENG, TASHAN)
    other_street = member_of("sx-330602002", Role.EDITOR, "fushan_editor")
    with pytest.raises(PermissionDenied):
        services.deliverable_document_add(
            actor=other_street, declaration=pilot, item_key="street-path-method", title="x",
            file=_pdf(),
        )  # fmt: skip
    with pytest.raises(ValidationFailed, match="不是本类试点的成果事项"):
        services.deliverable_document_add(
            actor=tashan_editor, declaration=pilot, item_key=POLICY, title="x", file=_pdf()
        )
    for actor in (tashan_editor, yuecheng_editor):
        services.deliverable_document_add(
            actor=actor, declaration=pilot, item_key="street-path-method", title="路径",
            file=_pdf(),
        )  # fmt: skip
    assert PilotDeliverable.objects.get(declaration=pilot).documents.count() == 2
    # The street owes it: its to-do, not the district's.
    owed = [t.subject for t in todos_for(tashan_editor) if t.source == "pilots.deliverables"]
    assert owed == [
        f"{pilot.reference} 街道全域建设路径和方法",
        f"{pilot.reference} 街道试点工作总结",
    ]
    assert not [t for t in todos_for(yuecheng_editor) if t.source == "pilots.deliverables"]


def test_a_declaration_that_is_not_a_pilot_owes_no_deliverables(
    client, settings, tmp_path, tashan_editor
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    declaration = _declare(tashan_editor, "street", YUECHENG, TASHAN, pilot=False)
    with pytest.raises(DomainError, match="不是2023年试点"):
        services.deliverable_document_add(
            actor=tashan_editor, declaration=declaration, item_key="street-path-method",
            title="x", file=_pdf(),
        )  # fmt: skip
    client.force_login(tashan_editor)
    page = client.get(reverse("pilots:declaration-detail", args=[declaration.reference]))
    assert 'id="deliverables"' not in page.content.decode()
