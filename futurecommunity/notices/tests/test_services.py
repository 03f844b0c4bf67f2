"""Notices, opinions and consent through the services, on real projects of two districts."""

import datetime as dt

import pytest
from django.core.management import call_command

from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.errors import DomainError, PermissionDenied, ValidationFailed
from futurecommunity.notices import services
from futurecommunity.notices.models import Notice, NoticeEvent, NoticeSetting, Opinion
from futurecommunity.notices.tests.factories import (
    MONDAY,
    listed_project,
    opinion_input,
    pdf,
    plan_input,
    publish_plan,
)
from futurecommunity.notifications.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(tashan_editor, yuecheng_approver):
    return listed_project(editor=tashan_editor, approver=yuecheng_approver)


def test_publish_writes_notice_document_history_and_audit(project, tashan_editor):
    notice = publish_plan(tashan_editor, project)
    assert notice.region_code == "330602001"
    assert [d.original_name for d in notice.documents.all()] == ["实施方案.pdf"]
    assert list(notice.communities.values_list("code", flat=True)) == ["330602001004"]
    assert NoticeEvent.objects.get(notice=notice).kind == "published"
    assert (
        AuditEntry.objects.filter(action="notice.publish", subject_id=str(notice.pk)).count() == 1
    )


def test_plan_notice_shorter_than_the_period_is_refused_citing_the_clause(project, tashan_editor):
    data = plan_input(project, MONDAY, MONDAY + dt.timedelta(days=6))
    with pytest.raises(ValidationFailed) as caught:
        services.notice_publish(actor=tashan_editor, data=data, today=MONDAY)
    assert "三(一)" in caught.value.errors["end_on"][0]
    assert "2026-03-09" in caught.value.errors["end_on"][0]
    assert not Notice.objects.exists()


def test_other_district_cannot_publish_for_the_project_and_nothing_is_written(
    project, keqiao_editor
):
    with pytest.raises(PermissionDenied):
        publish_plan(keqiao_editor, project)
    assert not Notice.objects.exists()
    assert not AuditEntry.objects.filter(action="notice.publish").exists()


def test_document_must_be_pdf_ofd_or_image(project, tashan_editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(DomainError, match="PDF、OFD"):
        services.notice_publish(
            actor=tashan_editor,
            data=plan_input(project, MONDAY, MONDAY + dt.timedelta(days=7)),
            documents=[SimpleUploadedFile("方案.docx", b"x")],
            today=MONDAY,
        )
    assert not Notice.objects.exists()


def test_correction_needs_a_reason_and_restarts_the_period(project, tashan_editor):
    notice = publish_plan(tashan_editor, project)
    later = MONDAY + dt.timedelta(days=5)
    with pytest.raises(ValidationFailed):
        services.notice_correct(
            actor=tashan_editor,
            notice=notice,
            data=plan_input(project, later, later + dt.timedelta(days=7)),
            reason="  ",
            today=later,
        )
    corrected = services.notice_correct(
        actor=tashan_editor,
        notice=notice,
        data=plan_input(project, later, later + dt.timedelta(days=7)),
        reason="公示文件漏附日照分析图",
        documents=[pdf("实施方案（更正）.pdf")],
        today=later,
    )
    assert (corrected.version, corrected.start_on) == (2, later)
    assert list(
        corrected.documents.filter(is_current=True).values_list("original_name", flat=True)
    ) == ["实施方案（更正）.pdf"]
    kinds = list(NoticeEvent.objects.filter(notice=notice).values_list("kind", "reason"))
    assert kinds == [("published", ""), ("corrected", "公示文件漏附日照分析图")]


def test_withdraw_needs_a_reason(project, tashan_editor):
    notice = publish_plan(tashan_editor, project)
    with pytest.raises(ValidationFailed):
        services.notice_withdraw(actor=tashan_editor, notice=notice, reason="")
    services.notice_withdraw(actor=tashan_editor, notice=notice, reason="方案调整")
    notice.refresh_from_db()
    assert notice.status == "withdrawn"
    assert AuditEntry.objects.get(action="notice.withdraw").reason == "方案调整"


def test_opinion_gets_a_receipt_notifies_the_office_and_audits(
    project, tashan_editor, django_capture_on_commit_callbacks
):
    notice = publish_plan(tashan_editor, project)
    with django_capture_on_commit_callbacks(execute=True):
        opinion = services.opinion_submit(
            notice=notice, data=opinion_input(), ip="10.0.0.1", today=MONDAY + dt.timedelta(days=2)
        )
    assert opinion.receipt.startswith("YJ20260304")
    assert Message.objects.get(recipient=tashan_editor).kind == "notice_opinion"
    assert AuditEntry.objects.get(action="opinion.submit").subject_reference == opinion.receipt


def test_wrong_challenge_answer_is_refused(project, tashan_editor):
    notice = publish_plan(tashan_editor, project)
    with pytest.raises(DomainError, match="验证题答案不正确"):
        services.opinion_submit(
            notice=notice, data=opinion_input(challenge_answer="8"), ip="10.0.0.1", today=MONDAY
        )
    assert not Opinion.objects.exists()


def test_forged_challenge_token_is_refused(project, tashan_editor):
    notice = publish_plan(tashan_editor, project)
    with pytest.raises(DomainError, match="验证题已过期"):
        services.opinion_submit(
            notice=notice,
            data=opinion_input(challenge_token="abc:def"),
            ip="10.0.0.1",
            today=MONDAY,
        )


def test_a_solved_challenge_cannot_be_replayed(project, tashan_editor):
    notice = publish_plan(tashan_editor, project)
    data = opinion_input()
    services.opinion_submit(notice=notice, data=data, ip="10.0.0.1", today=MONDAY)
    with pytest.raises(DomainError, match="验证题已使用"):
        services.opinion_submit(notice=notice, data=data, ip="10.0.0.2", today=MONDAY)
    assert Opinion.objects.count() == 1


def test_rate_limit_per_address_is_a_configuration_row(project, tashan_editor):
    NoticeSetting.objects.filter(key="opinion_rate_limit").update(value="2")
    notice = publish_plan(tashan_editor, project)
    for _ in range(2):
        services.opinion_submit(notice=notice, data=opinion_input(), ip="10.0.0.9", today=MONDAY)
    with pytest.raises(DomainError, match="每小时最多提交 2 条"):
        services.opinion_submit(notice=notice, data=opinion_input(), ip="10.0.0.9", today=MONDAY)
    services.opinion_submit(notice=notice, data=opinion_input(), ip="10.0.0.10", today=MONDAY)
    assert Opinion.objects.count() == 3


def test_opinion_outside_the_period_is_refused(project, tashan_editor):
    notice = publish_plan(tashan_editor, project)
    with pytest.raises(DomainError, match="不在公示期内"):
        services.opinion_submit(
            notice=notice,
            data=opinion_input(),
            ip="10.0.0.1",
            today=notice.end_on + dt.timedelta(days=1),
        )


def test_only_the_notice_territory_answers(project, tashan_editor, keqiao_editor, yuecheng_editor):
    notice = publish_plan(tashan_editor, project)
    opinion = services.opinion_submit(
        notice=notice, data=opinion_input(), ip="1.1.1.1", today=MONDAY
    )
    with pytest.raises(PermissionDenied):
        services.opinion_answer(actor=keqiao_editor, opinion=opinion, answer="不予采纳")
    opinion.refresh_from_db()
    assert opinion.answer == ""
    services.opinion_answer(
        actor=yuecheng_editor, opinion=opinion, answer="已调整方案", today=MONDAY
    )
    opinion.refresh_from_db()
    assert (opinion.answer, opinion.answered_by) == ("已调整方案", yuecheng_editor)


def test_purge_deletes_personal_data_after_the_retention_period(project, tashan_editor, tmp_path):
    notice = publish_plan(tashan_editor, project)
    opinion = services.opinion_submit(
        notice=notice, data=opinion_input(), ip="1.1.1.1", today=MONDAY
    )
    day_before = notice.end_on + dt.timedelta(days=180)
    assert services.opinions_purge_expired(today=day_before) == 0
    call_command(
        "purge_expired_opinions", "--today", (day_before + dt.timedelta(days=1)).isoformat()
    )
    opinion.refresh_from_db()
    assert (opinion.name, opinion.contact, opinion.building) == ("", "", "")
    assert opinion.text == "加装电梯影响一楼采光。"
    assert AuditEntry.objects.filter(action="opinion.purge_personal_data").count() == 1


def test_city_edits_the_consent_share_and_bad_values_are_refused(city_editor, yuecheng_editor):
    with pytest.raises(PermissionDenied):
        services.notice_setting_update(
            actor=yuecheng_editor, key="consent_required_share", value="2/3"
        )
    with pytest.raises(ValidationFailed):
        services.notice_setting_update(actor=city_editor, key="consent_required_share", value="3/2")
    row = services.notice_setting_update(
        actor=city_editor, key="consent_required_share", value="2/3"
    )
    assert (row.value, row.is_edited) == ("2/3", True)
