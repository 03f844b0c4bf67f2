import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.errors import DomainError, PermissionDenied
from futurecommunity.notifications.models import Message
from futurecommunity.projects.tests.factories import FUSHAN, KEQIAO, KEQIAO_STREET, TASHAN
from futurecommunity.rectification import rules, services
from futurecommunity.rectification.models import OrderEvent, RectificationOrder
from futurecommunity.rectification.printing import order_docx
from futurecommunity.rectification.tests.factories import freeze, issue, org

D = dt.date


@pytest.fixture
def order(city_editor, tashan_editor, monkeypatch, django_capture_on_commit_callbacks):
    freeze(monkeypatch, D(2025, 3, 3))
    with django_capture_on_commit_callbacks(execute=True):
        return issue(city_editor, f"sx-{TASHAN}", issued_on=D(2025, 3, 3), deadline=D(2025, 3, 31))


def test_full_cycle_issued_answered_sent_back_answered_verified(
    order, city_editor, tashan_editor, django_capture_on_commit_callbacks
):
    assert order.reference == "绍风貌整〔2025〕1号"
    assert Message.objects.get(recipient=tashan_editor).kind == "rectification.order_issued"
    evidence = SimpleUploadedFile("现场照片.jpg", b"jpeg-bytes", content_type="image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        services.order_move(
            actor=tashan_editor,
            order=order,
            target="responded",
            remark="已拆除广告牌。",
            attachments=[evidence],
        )
        services.order_move(
            actor=city_editor, order=order, target="sent_back", remark="立面未恢复。"
        )
        services.order_move(
            actor=tashan_editor, order=order, target="responded", remark="立面已恢复。"
        )
        services.order_move(actor=city_editor, order=order, target="closed")

    order.refresh_from_db()
    assert (order.status, order.closed_on) == ("closed", D(2025, 3, 3))
    assert list(OrderEvent.objects.filter(order=order).values_list("to_status", flat=True)) == [
        "issued",
        "responded",
        "sent_back",
        "responded",
        "closed",
    ]
    assert OrderEvent.objects.get(to_status="sent_back").remark == "立面未恢复。"
    assert OrderEvent.objects.filter(attachments__original_name="现场照片.jpg").count() == 1
    assert (
        list(
            AuditEntry.objects.filter(subject_reference=order.reference)
            .order_by("id")
            .values_list("action", flat=True)
        )
        == ["rectification.order_issue"] + ["rectification.order_move"] * 4
    )
    assert sorted(
        Message.objects.filter(recipient=tashan_editor).values_list("kind", flat=True)
    ) == [
        "rectification.order_closed",
        "rectification.order_issued",
        "rectification.order_sent_back",
    ]
    assert Message.objects.filter(recipient=city_editor).count() == 2  # two responses


MOVE_MATRIX = [
    # (user, target, allowed) for an order issued by the city office to 塔山街道, state responded
    ("city_editor", "closed", True),
    ("city_editor", "sent_back", True),
    ("city_approver", "closed", True),
    ("city_viewer", "closed", False),
    ("tashan_editor", "closed", False),
    ("tashan_editor", "responded", False),
    ("yuecheng_approver", "closed", False),
    ("keqiao_editor", "closed", False),
    ("department_reviewer", "closed", False),
    ("resident", "closed", False),
    ("outsider", "closed", False),
]


@pytest.mark.parametrize(("who", "target", "allowed"), MOVE_MATRIX)
def test_order_move_role_matrix(
    who, target, allowed, order, tashan_editor, request, django_capture_on_commit_callbacks
):
    services.order_move(actor=tashan_editor, order=order, target="responded", remark="已整改。")
    actor = request.getfixturevalue(who)
    audits, messages = AuditEntry.objects.count(), Message.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        if allowed:
            services.order_move(actor=actor, order=order, target=target, remark="意见。")
        else:
            with pytest.raises(DomainError) as refused:
                services.order_move(actor=actor, order=order, target=target, remark="意见。")
            assert "四 S3" in refused.value.message
    order.refresh_from_db()
    if allowed:
        assert order.status == target
        assert AuditEntry.objects.count() == audits + 1
        assert Message.objects.count() == messages + 1
    else:
        assert order.status == "responded"
        assert OrderEvent.objects.filter(order=order).count() == 2
        assert AuditEntry.objects.count() == audits
        assert Message.objects.count() == messages


def test_recipient_must_describe_actions_when_responding(order, tashan_editor):
    with pytest.raises(DomainError) as refused:
        services.order_move(actor=tashan_editor, order=order, target="responded", remark=" ")
    assert refused.value.message == "“反馈整改情况”须填写整改措施（四 S3）。"
    order.refresh_from_db()
    assert order.status == "issued"


def test_a_closed_order_cannot_be_sent_back(order, city_editor, tashan_editor):
    services.order_move(actor=tashan_editor, order=order, target="responded", remark="已整改。")
    services.order_move(actor=city_editor, order=order, target="closed")
    with pytest.raises(DomainError) as refused:
        services.order_move(actor=city_editor, order=order, target="sent_back", remark="再改。")
    assert refused.value.message == "整改单不能从“核查通过已办结”变为“退回重改”（四 S3）。"


ISSUE_MATRIX = [
    ("city_editor", f"sx-{KEQIAO}", True),
    ("city_editor", f"sx-{TASHAN}", True),
    ("city_viewer", f"sx-{TASHAN}", False),
    ("yuecheng_editor", f"sx-{TASHAN}", True),
    ("yuecheng_editor", f"sx-{FUSHAN}", True),
    ("yuecheng_editor", f"sx-{KEQIAO_STREET}", False),
    ("yuecheng_editor", f"sx-{KEQIAO}", False),
    ("tashan_editor", f"sx-{FUSHAN}", False),
    ("outsider", f"sx-{TASHAN}", False),
]


@pytest.mark.parametrize(("who", "recipient", "allowed"), ISSUE_MATRIX)
def test_who_may_issue_to_whom(who, recipient, allowed, request, monkeypatch):
    freeze(monkeypatch, D(2025, 3, 3))
    actor = request.getfixturevalue(who)
    if allowed:
        order = issue(actor, recipient, issued_on=D(2025, 3, 3), deadline=D(2025, 3, 31))
        assert order.recipient == org(recipient)
    else:
        with pytest.raises(PermissionDenied):
            issue(actor, recipient, issued_on=D(2025, 3, 3), deadline=D(2025, 3, 31))
        assert RectificationOrder.objects.count() == 0
        assert not AuditEntry.objects.filter(action="rectification.order_issue").exists()


def test_references_are_numbered_per_issuer_and_year(city_editor, yuecheng_editor, monkeypatch):
    freeze(monkeypatch, D(2026, 1, 5))
    refs = [
        issue(city_editor, f"sx-{TASHAN}", issued_on=D(2025, 12, 30), deadline=D(2026, 1, 30)),
        issue(city_editor, f"sx-{TASHAN}", issued_on=D(2025, 12, 31), deadline=D(2026, 1, 30)),
        issue(city_editor, f"sx-{TASHAN}", issued_on=D(2026, 1, 2), deadline=D(2026, 1, 30)),
        issue(yuecheng_editor, f"sx-{TASHAN}", issued_on=D(2026, 1, 3), deadline=D(2026, 1, 30)),
    ]
    assert [o.reference for o in refs] == [
        "绍风貌整〔2025〕1号",
        "绍风貌整〔2025〕2号",
        "绍风貌整〔2026〕1号",
        "越风貌整〔2026〕1号",
    ]


def test_inspection_finding_becomes_an_order(city_editor, monkeypatch):
    freeze(monkeypatch, D(2025, 3, 3))
    photo = SimpleUploadedFile("问题.jpg", b"jpg", content_type="image/jpeg")
    inspection = services.inspection_record(
        actor=city_editor,
        title="2025 年一季度风貌督查",
        inspected_on=D(2025, 3, 1),
        team="市风貌办督查一组",
        scope_regions=["330602"],
        project_references=[],
        findings=[services.FindingInput("沿街店招杂乱。", TASHAN, attachments=[photo])],
    )
    finding = inspection.findings.get()
    order = services.order_issue(
        actor=city_editor,
        recipient=org(f"sx-{TASHAN}"),
        title="店招整治",
        requirement=finding.description,
        deadline=D(2025, 3, 20),
        finding=finding,
    )
    assert order.finding == finding
    assert finding.attachments.get().original_name == "问题.jpg"
    with pytest.raises(DomainError) as twice:
        services.order_issue(
            actor=city_editor,
            recipient=org(f"sx-{TASHAN}"),
            title="重复",
            requirement="重复",
            deadline=D(2025, 3, 20),
            finding=finding,
        )
    assert twice.value.code == "finding_has_order"


def test_order_prints_as_official_docx(order):
    document = Document(io.BytesIO(order_docx(order)))
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts == [
        "整改通知书",
        "绍风貌整〔2025〕1号",
        "立面风貌不协调",
        "塔山街道办事处：",
        "拆除违规广告牌，恢复立面原貌。",
        "请于2025年3月31日前完成整改，并将整改情况及佐证材料通过平台反馈。",
        "绍兴市风貌办",
        "2025年3月3日",
    ]
    body = document.paragraphs[4].runs[0]
    assert body.font.name == "仿宋_GB2312"
    assert body.font.size.pt == 16
    fonts = body._element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == (
        "仿宋_GB2312"
    )


def test_rules_reject_unknown_moves():
    verdict = rules.judge_move(rules.MoveRequest("issued", "closed", "issuer", 3))
    assert verdict == rules.Verdict(False, "整改单不能从“已下发”变为“核查通过已办结”（四 S3）。")
