"""Every write of the notices app: permission → validation → write → audit, one transaction.

Services take ``today`` so that period arithmetic can be replayed in tests; the default is
today in Shaoxing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from futurecommunity.accounts.models import User
from futurecommunity.audit.services import audit_record
from futurecommunity.common import time as fc_time
from futurecommunity.common.errors import DomainError, PermissionDenied, ValidationFailed
from futurecommunity.common.uploads import upload_check
from futurecommunity.notices import access, challenge, config, imports, rules
from futurecommunity.notices.models import (
    Article,
    ConsentAnswer,
    ConsentMethod,
    Notice,
    NoticeDocument,
    NoticeEvent,
    NoticeEventKind,
    NoticeKind,
    NoticeSetting,
    NoticeStatus,
    Opinion,
    OpinionStance,
    Stakeholder,
)
from futurecommunity.notifications.services import notify_on_commit
from futurecommunity.projects.models import Project
from futurecommunity.regions.models import Region

DOCUMENT_SUFFIXES = {"pdf", "ofd", "jpg", "jpeg", "png"}
PHOTO_SUFFIXES = {"jpg", "jpeg", "png"}
MAX_DOCUMENTS = 10


def _today(today: dt.date | None) -> dt.date:
    return today or fc_time.today_local()


@dataclass(frozen=True)
class NoticeInput:
    kind: str
    title: str
    body: str
    start_on: dt.date
    end_on: dt.date
    contact_office: str
    project: Project | None = None
    community_codes: tuple[str, ...] = ()
    internal_remark: str = ""
    is_demo: bool = False


def _check_documents(documents: Sequence[UploadedFile]) -> list[str]:
    if len(documents) > MAX_DOCUMENTS:
        raise DomainError("too_many_documents", f"一次最多上传 {MAX_DOCUMENTS} 个公示文件。")
    names = []
    for upload in documents:
        name = upload_check(upload)
        if name.rsplit(".", 1)[-1].lower() not in DOCUMENT_SUFFIXES:
            raise DomainError(
                "document_type", f"公示文件“{name}”须为 PDF、OFD 或图片。", field="documents"
            )
        names.append(name)
    return names


def _validate_notice(data: NoticeInput, today: dt.date) -> tuple[str, list[Region]]:
    """Field errors of a notice; returns its region code and the communities concerned."""
    errors: dict[str, list[str]] = {}
    if data.kind not in NoticeKind.values:
        errors["kind"] = ["公示类型无效。"]
    if not data.title.strip() or len(data.title) > 200:
        errors["title"] = ["请填写标题（不超过 200 字）。"]
    if len(data.body) > 20000 or len(data.internal_remark) > 2000 or len(data.contact_office) > 100:
        errors["body"] = [
            "公示内容不超过 20000 字，内部备注不超过 2000 字，受理单位不超过 100 字。"
        ]
    if data.kind == NoticeKind.IMPLEMENTATION_PLAN and data.project is None:
        errors["project"] = ["实施方案公示须选择所属未来社区项目（三(一)）。"]
    if data.start_on < today:
        errors["start_on"] = ["公示开始日期不能早于今天。"]
    policy = config.notice_policy()
    earliest = rules.earliest_end(data.start_on, policy)
    if data.kind == NoticeKind.IMPLEMENTATION_PLAN and data.end_on < earliest:
        errors["end_on"] = [
            f"依据三(一)，实施方案须公示{policy.period_days}天；按现行计算口径"
            f"公示结束日期不能早于 {earliest:%Y-%m-%d}。"
        ]
    elif data.end_on < data.start_on:
        errors["end_on"] = ["公示结束日期不能早于开始日期。"]
    region_code = data.project.region_code if data.project else ""
    codes = set(data.community_codes)
    if data.project is not None and not codes:
        codes = set(data.project.communities.values_list("code", flat=True))
    communities = list(Region.objects.filter(code__in=codes, level="community"))
    if len(communities) != len(codes):
        errors["community_codes"] = ["所选社区不存在。"]
    if data.project is not None:
        allowed = set(data.project.communities.values_list("code", flat=True))
        if not {c.code for c in communities} <= allowed:
            errors["community_codes"] = ["所选社区须为该项目覆盖的社区。"]
    if errors:
        raise ValidationFailed(errors)
    return region_code, communities


def _next_reference(today: dt.date) -> str:
    prefix = f"GS-{today:%Y%m%d}-"
    count = Notice.objects.filter(reference__startswith=prefix).count()
    return f"{prefix}{count + 1:03d}"


def _snapshot(notice: Notice) -> dict[str, object]:
    return {
        "title": notice.title,
        "body": notice.body,
        "start_on": notice.start_on.isoformat(),
        "end_on": notice.end_on.isoformat(),
        "status": notice.status,
        "version": notice.version,
        "documents": list(
            notice.documents.filter(is_current=True).values_list("original_name", flat=True)
        ),
    }


def _event(notice: Notice, kind: str, actor: User, today: dt.date, reason: str = "") -> None:
    NoticeEvent.objects.create(
        notice=notice,
        kind=kind,
        occurred_on=today,
        version=notice.version,
        reason=reason,
        snapshot=_snapshot(notice),
        actor_name=str(actor),
        organisation_name=actor.organisation.name if actor.organisation else "",
    )


def _store_documents(notice: Notice, documents: Sequence[UploadedFile], names: list[str]) -> None:
    for upload, name in zip(documents, names, strict=True):
        NoticeDocument.objects.create(
            notice=notice, file=upload, original_name=name, version=notice.version
        )


def notice_publish(
    *,
    actor: User,
    data: NoticeInput,
    documents: Sequence[UploadedFile] = (),
    today: dt.date | None = None,
) -> Notice:
    """Publish a notice (三(一) for implementation plans); its period counts from ``start_on``."""
    day = _today(today)
    region_code = data.project.region_code if data.project else ""
    if not region_code and actor.organisation:
        region_code = actor.organisation.region_code
    if actor.organisation is None or not access.can_publish_notice_in(actor, region_code):
        raise PermissionDenied("您无权在该辖区发布公示。")
    _region, communities = _validate_notice(data, day)
    names = _check_documents(documents)
    with transaction.atomic():
        notice = Notice.objects.create(
            reference=_next_reference(day),
            kind=data.kind,
            title=data.title.strip(),
            body=data.body.strip(),
            project=data.project,
            organisation=actor.organisation,
            region_code=region_code,
            status=NoticeStatus.PUBLISHED,
            start_on=data.start_on,
            end_on=data.end_on,
            contact_office=data.contact_office.strip() or actor.organisation.name,
            internal_remark=data.internal_remark.strip(),
            is_demo=data.is_demo or bool(data.project and data.project.is_demo),
        )
        notice.communities.set(communities)
        _store_documents(notice, documents, names)
        _event(notice, NoticeEventKind.PUBLISHED, actor, day)
        audit_record(
            actor=actor,
            action="notice.publish",
            subject=notice,
            reference=notice.reference,
            region_code=region_code,
            changes={k: [None, v] for k, v in _snapshot(notice).items()},
        )
    return notice


def _require_reason(reason: str) -> str:
    cleaned = reason.strip()
    if not cleaned:
        raise ValidationFailed({"reason": ["撤回或更正公示须填写原因。"]})
    if len(cleaned) > 2000:
        raise ValidationFailed({"reason": ["原因不能超过 2000 字。"]})
    return cleaned


def notice_correct(
    *,
    actor: User,
    notice: Notice,
    data: NoticeInput,
    reason: str,
    documents: Sequence[UploadedFile] = (),
    today: dt.date | None = None,
) -> Notice:
    """Correct a published notice: new content, and the period restarts from ``start_on``."""
    day = _today(today)
    if not access.can_manage_notice(actor, notice):
        raise PermissionDenied("您无权更正该公示。")
    cleaned = _require_reason(reason)
    if notice.status != NoticeStatus.PUBLISHED:
        raise DomainError("notice_withdrawn", "已撤回的公示不能更正，请重新发布。")
    data = NoticeInput(**{**data.__dict__, "kind": notice.kind, "project": notice.project})
    _validate_notice(data, day)
    names = _check_documents(documents)
    with transaction.atomic():
        locked = Notice.objects.select_for_update().get(pk=notice.pk)
        before = _snapshot(locked)
        locked.title, locked.body = data.title.strip(), data.body.strip()
        locked.start_on, locked.end_on = data.start_on, data.end_on
        locked.version += 1
        locked.save(update_fields=["title", "body", "start_on", "end_on", "version", "updated_at"])
        if documents:
            locked.documents.update(is_current=False)
            _store_documents(locked, documents, names)
        _event(locked, NoticeEventKind.CORRECTED, actor, day, cleaned)
        after = _snapshot(locked)
        audit_record(
            actor=actor,
            action="notice.correct",
            subject=locked,
            reference=locked.reference,
            region_code=locked.region_code,
            changes={k: [before[k], after[k]] for k in after if before[k] != after[k]},
            reason=cleaned,
        )
    return locked


def notice_withdraw(
    *, actor: User, notice: Notice, reason: str, today: dt.date | None = None
) -> Notice:
    """Withdraw a notice (with a reason); it leaves the public site and no longer counts."""
    day = _today(today)
    if not access.can_manage_notice(actor, notice):
        raise PermissionDenied("您无权撤回该公示。")
    cleaned = _require_reason(reason)
    with transaction.atomic():
        locked = Notice.objects.select_for_update().get(pk=notice.pk)
        if locked.status == NoticeStatus.WITHDRAWN:
            raise DomainError("notice_withdrawn", "该公示已撤回。")
        locked.status = NoticeStatus.WITHDRAWN
        locked.save(update_fields=["status", "updated_at"])
        _event(locked, NoticeEventKind.WITHDRAWN, actor, day, cleaned)
        audit_record(
            actor=actor,
            action="notice.withdraw",
            subject=locked,
            reference=locked.reference,
            region_code=locked.region_code,
            changes={"status": [NoticeStatus.PUBLISHED, NoticeStatus.WITHDRAWN]},
            reason=cleaned,
        )
    return locked


@dataclass(frozen=True)
class OpinionInput:
    stance: str
    name: str
    contact: str
    building: str
    text: str
    challenge_token: str
    challenge_answer: str


def _ip_hash(ip: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), ip.encode(), hashlib.sha256).hexdigest()


def _validate_opinion(data: OpinionInput) -> None:
    errors: dict[str, list[str]] = {}
    if data.stance not in OpinionStance.values:
        errors["stance"] = ["请选择意见类型。"]
    if not data.text.strip():
        errors["text"] = ["请填写意见内容。"]
    elif len(data.text) > 2000:
        errors["text"] = ["意见内容不能超过 2000 字。"]
    for field, value, label in (
        ("name", data.name, "姓名"),
        ("contact", data.contact, "联系方式"),
        ("building", data.building, "楼栋/单元"),
    ):
        if len(value.strip()) > 50:
            errors[field] = [f"{label}不能超过 50 字。"]
    if not data.contact.strip():
        errors["contact"] = ["请填写联系方式，以便受理单位联系您（不会公开）。"]
    if errors:
        raise ValidationFailed(errors)


def opinion_submit(
    *,
    notice: Notice,
    data: OpinionInput,
    ip: str,
    photo: UploadedFile | None = None,
    today: dt.date | None = None,
) -> Opinion:
    """A resident's opinion during the notice period; no login, human check and rate limit."""
    day = _today(today)
    if notice.status != NoticeStatus.PUBLISHED or not (notice.start_on <= day <= notice.end_on):
        raise DomainError("notice_closed", "该公示不在公示期内，不能提交意见。")
    _validate_opinion(data)
    nonce = challenge.challenge_check(data.challenge_token, data.challenge_answer)
    ip_hash = _ip_hash(ip)
    since = timezone.now() - dt.timedelta(hours=1)
    limit = config.rate_limit_per_hour()
    if Opinion.objects.filter(ip_hash=ip_hash, created_at__gte=since).count() >= limit:
        raise DomainError(
            "rate_limited", f"同一网络地址每小时最多提交 {limit} 条意见，请稍后再试。"
        )
    if Opinion.objects.filter(challenge_nonce=nonce).exists():
        raise DomainError("challenge_used", "验证题已使用，请刷新页面后重新提交。")
    photo_name = ""
    if photo is not None:
        photo_name = upload_check(photo)
        if photo_name.rsplit(".", 1)[-1].lower() not in PHOTO_SUFFIXES:
            raise DomainError("photo_type", "照片须为 JPG 或 PNG 图片。", field="photo")
    with transaction.atomic():
        opinion = Opinion.objects.create(
            notice=notice,
            receipt=f"YJ{day:%Y%m%d}{secrets.token_hex(4).upper()}",
            stance=data.stance,
            name=data.name.strip(),
            contact=data.contact.strip(),
            building=data.building.strip(),
            text=data.text.strip(),
            ip_hash=ip_hash,
            challenge_nonce=nonce,
        )
        if photo is not None:
            opinion.photo.save(photo_name, photo, save=True)
        audit_record(
            actor=None,
            action="opinion.submit",
            subject=opinion,
            reference=opinion.receipt,
            region_code=notice.region_code,
            changes={"stance": [None, opinion.stance]},
        )
        notify_on_commit(
            recipients=User.objects.filter(organisation=notice.organisation, is_active=True),
            kind="notice_opinion",
            title=f"公示“{notice.title}”收到新的居民{opinion.get_stance_display()}，请答复",
            body=f"回执编号 {opinion.receipt}。",
            link=f"/manage/notices/{notice.pk}/",
        )
    return opinion


def opinion_answer(
    *,
    actor: User,
    opinion: Opinion,
    answer: str,
    internal_remark: str = "",
    today: dt.date | None = None,
) -> Opinion:
    """The office's answer, published under the receipt number (contact details never)."""
    day = _today(today)
    if not access.can_manage_notice(actor, opinion.notice):
        raise PermissionDenied("您无权答复该意见。")
    cleaned = answer.strip()
    if not cleaned:
        raise ValidationFailed({"answer": ["请填写答复内容。"]})
    if len(cleaned) > 4000 or len(internal_remark) > 2000:
        raise ValidationFailed({"answer": ["答复不能超过 4000 字，内部备注不能超过 2000 字。"]})
    with transaction.atomic():
        locked = Opinion.objects.select_for_update().get(pk=opinion.pk)
        before = locked.answer
        locked.answer, locked.answered_on, locked.answered_by = cleaned, day, actor
        locked.internal_remark = internal_remark.strip()
        locked.save(
            update_fields=["answer", "answered_on", "answered_by", "internal_remark", "updated_at"]
        )
        audit_record(
            actor=actor,
            action="opinion.answer",
            subject=locked,
            reference=locked.receipt,
            region_code=locked.notice.region_code,
            changes={"answer": [before or None, cleaned]},
        )
    return locked


def opinions_purge_expired(*, today: dt.date | None = None, dry_run: bool = False) -> int:
    """Delete the personal information of opinions whose retention period has passed
    (PIPL 第十九条, 第四十七条); the text and the published answer stay."""
    day = _today(today)
    cutoff = day - dt.timedelta(days=config.retention_days())
    due = Opinion.objects.filter(notice__end_on__lt=cutoff, personal_data_purged_on__isnull=True)
    count = due.count()
    if dry_run or not count:
        return count
    with transaction.atomic():
        for opinion in due.select_for_update():
            if opinion.photo:
                opinion.photo.delete(save=False)
            opinion.name = opinion.contact = opinion.building = ""
            opinion.photo = ""  # type: ignore[assignment]
            opinion.personal_data_purged_on = day
            opinion.save(
                update_fields=[
                    "name",
                    "contact",
                    "building",
                    "photo",
                    "personal_data_purged_on",
                    "updated_at",
                ]
            )
        audit_record(
            actor=None,
            action="opinion.purge_personal_data",
            subject_type="notices.opinion",
            changes={"count": [None, count], "cutoff": [None, cutoff.isoformat()]},
            reason="个人信息保存期限届满（个人信息保护法 第十九条）",
        )
    return count


def consent_record(
    *,
    actor: User,
    stakeholder: Stakeholder,
    answer: str,
    method: str,
    answered_on: dt.date,
    form: UploadedFile | None = None,
    today: dt.date | None = None,
) -> Stakeholder:
    """Record one household's consent (三(一) 经利害关系人同意), signed form or in person."""
    day = _today(today)
    if not access.can_record_consent(actor, stakeholder.project):
        raise PermissionDenied("您无权登记该项目利害关系人意见。")
    errors: dict[str, list[str]] = {}
    if answer not in (ConsentAnswer.AGREED, ConsentAnswer.REFUSED):
        errors["answer"] = ["请选择同意或不同意。"]
    if method not in ConsentMethod.values:
        errors["method"] = ["请选择确认方式。"]
    if method == ConsentMethod.SIGNED_FORM and form is None and not stakeholder.form:
        errors["form"] = ["书面签字方式须上传签字表扫描件。"]
    if answered_on > day:
        errors["answered_on"] = ["确认日期不能晚于今天。"]
    if errors:
        raise ValidationFailed(errors)
    form_name = upload_check(form) if form is not None else stakeholder.form_name
    with transaction.atomic():
        locked = Stakeholder.objects.select_for_update().get(pk=stakeholder.pk)
        before = [locked.answer, locked.method, locked.answered_on]
        locked.answer, locked.method, locked.answered_on = answer, method, answered_on
        if form is not None:
            locked.form.save(form_name, form, save=False)
            locked.form_name = form_name
        locked.save(
            update_fields=["answer", "method", "answered_on", "form", "form_name", "updated_at"]
        )
        audit_record(
            actor=actor,
            action="consent.record",
            subject=locked,
            reference=f"{locked.project.reference}/{locked}",
            region_code=locked.project.region_code,
            changes={
                "answer": [before[0], answer],
                "method": [before[1], method],
                "answered_on": [str(before[2]) if before[2] else None, answered_on.isoformat()],
            },
        )
    return locked


def stakeholders_import(
    *, actor: User, project: Project, rows: Sequence[tuple[str, str, str, str]]
) -> int:
    """Add register rows (building, unit, room, owner); all or nothing (see ``imports``)."""
    if not access.can_record_consent(actor, project):
        raise PermissionDenied("您无权登记该项目利害关系人名册。")
    problems = imports.rows_errors(project, rows)
    if problems:
        raise ValidationFailed({"file": problems})
    with transaction.atomic():
        Stakeholder.objects.bulk_create(
            Stakeholder(project=project, building=b, unit=u, room=r, owner=o) for b, u, r, o in rows
        )
        audit_record(
            actor=actor,
            action="stakeholder.import",
            subject=project,
            reference=project.reference,
            region_code=project.region_code,
            changes={"stakeholders": [None, len(rows)]},
        )
    return len(rows)


def article_publish(
    *, actor: User, title: str, body: str, today: dt.date | None = None, is_demo: bool = False
) -> Article:
    """A news / publicity article of the city office (四 S4)."""
    if not access.can_write_articles(actor):
        raise PermissionDenied("宣传文章由市风貌办发布。")
    errors: dict[str, list[str]] = {}
    if not title.strip() or len(title) > 200:
        errors["title"] = ["请填写标题（不超过 200 字）。"]
    if not body.strip() or len(body) > 20000:
        errors["body"] = ["请填写正文（不超过 20000 字）。"]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        article = Article.objects.create(
            title=title.strip(),
            body=body.strip(),
            published_on=_today(today),
            author=actor,
            is_demo=is_demo,
        )
        audit_record(
            actor=actor,
            action="article.publish",
            subject=article,
            reference=f"文章{article.pk}",
            changes={"title": [None, article.title]},
        )
    return article


def notice_setting_update(*, actor: User, key: str, value: str) -> NoticeSetting:
    """The city office edits a configuration row; the loader then keeps the edited value."""
    if not access.can_configure_notices(actor):
        raise PermissionDenied("公示参数由市风貌办修改。")
    row = NoticeSetting.objects.filter(key=key).first()
    if row is None:
        raise DomainError("unknown_setting", "该参数不存在。")
    cleaned = value.strip()
    try:
        if key == "consent_required_share":
            rules.parse_share(cleaned)
        elif row.unit:
            if not cleaned.isdigit() or not 0 < int(cleaned) <= 3650:
                raise ValueError("请填写 1 至 3650 之间的整数。")
        elif cleaned not in {"是", "否"}:
            raise ValueError("请填写“是”或“否”。")
    except ValueError as error:
        raise ValidationFailed({"value": [str(error)]}) from error
    with transaction.atomic():
        before = row.value
        row.value, row.is_edited = cleaned, True
        row.save(update_fields=["value", "is_edited", "updated_at"])
        audit_record(
            actor=actor,
            action="notice_setting.update",
            subject=row,
            reference=row.key,
            changes={"value": [before, cleaned]},
        )
    return row
