"""Demo data (演示): one finished and one open implementation-plan notice, a finished list
notice, residents' opinions (one answered), a stakeholder register and a news article.

Runs after the projects and permits demos; everything goes through the real services (``today``
replays the publication day of the finished notice) and is labelled 【演示】.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core import signing
from django.db import transaction

from futurecommunity.accounts.models import User
from futurecommunity.common.time import today_local
from futurecommunity.notices import challenge, config, rules, services
from futurecommunity.notices.models import Article, Notice, NoticeKind, Opinion, Stakeholder
from futurecommunity.permits.models import ApprovalChecklist
from futurecommunity.permits.services import ChecklistFacts, approval_checklist_create
from futurecommunity.projects.models import Project


def _user(username: str) -> User | None:
    return User.objects.filter(username=username, is_active=True).first()


def _solved(answer_nonce: str | None = None) -> tuple[str, str]:
    token = signing.dumps({"s": 7, "n": answer_nonce or secrets.token_hex(8)}, salt=challenge.SALT)
    return token, "7"


def _checklist(project: Project, clerk: User) -> None:
    if ApprovalChecklist.objects.filter(project=project).exists():
        return
    try:
        approval_checklist_create(
            actor=clerk, project=project, facts=ChecklistFacts(uses_existing_land=True)
        )
    except Exception:  # noqa: BLE001 - a demo project missing route facts simply has no gate
        return


def _plan_notice(project: Project, clerk: User, start: dt.date, *, today: dt.date) -> Notice:
    policy = config.notice_policy()
    return services.notice_publish(
        actor=clerk,
        data=services.NoticeInput(
            kind=NoticeKind.IMPLEMENTATION_PLAN,
            title=f"【演示】{project.name.removeprefix('【演示】')}建设实施方案公示",
            body="【演示】本实施方案拟利用小区及周边存量土地建设邻里中心、加装电梯和新增停车位，"
            "现予公示。公示期内如有意见或异议，请通过本页提交或向街道反映。",
            start_on=start,
            end_on=rules.earliest_end(start, policy),
            contact_office=f"{clerk.organisation.name if clerk.organisation else ''}（演示）",
            project=project,
            community_codes=tuple(project.communities.values_list("code", flat=True)),
            internal_remark="【演示】内部备注：加装电梯涉及 3 号楼低层住户，需重点沟通。",
        ),
        today=today,
    )


def _opinion(notice: Notice, text: str, day: dt.date) -> Opinion:
    token, answer = _solved()
    return services.opinion_submit(
        notice=notice,
        data=services.OpinionInput(
            stance="objection",
            name="【演示】张女士",
            contact="13800001234",
            building="3幢2单元",
            text=text,
            challenge_token=token,
            challenge_answer=answer,
        ),
        ip="192.0.2.10",
        today=day,
    )


@transaction.atomic
def seed_demo() -> int | str:
    """Create the demo notices; returns notices created (0 if present or prerequisites absent)."""
    if Notice.objects.filter(is_demo=True).exists():
        return 0
    city = _user("city_clerk")
    projects = list(Project.objects.filter(is_demo=True, status="listed").order_by("reference")[:2])
    if city is None or len(projects) < 2:
        return 0
    today = today_local()
    finished_project, open_project = projects
    clerks = [_user(f"d{p.district_id}_clerk") for p in projects]
    if clerks[0] is None or clerks[1] is None:
        return 0
    start = today - dt.timedelta(days=20)
    finished = _plan_notice(finished_project, clerks[0], start, today=start)
    opinion = _opinion(finished, "【演示】担心加装电梯影响一楼采光，请说明遮挡情况。", start)
    services.opinion_answer(
        actor=clerks[0],
        opinion=opinion,
        answer="【演示】经日照分析，加装电梯后一楼冬至日照仍满足 2 小时要求，详见公示文件第 3 页。",
        today=start + dt.timedelta(days=2),
    )
    _checklist(finished_project, clerks[0])
    Stakeholder.objects.bulk_create(
        Stakeholder(
            project=finished_project,
            building=f"{b}幢",
            unit="1单元",
            room=f"{r}01",
            owner=f"【演示】住户{b}-{r}",
            answer="agreed" if (b, r) != (3, 1) else "pending",
            method="in_person" if (b, r) != (3, 1) else "",
            answered_on=start + dt.timedelta(days=9) if (b, r) != (3, 1) else None,
        )
        for b in (1, 2, 3)
        for r in (1, 2, 3)
    )
    _plan_notice(open_project, clerks[1], today, today=today)
    services.notice_publish(
        actor=city,
        data=services.NoticeInput(
            kind=NoticeKind.CREATION_LIST,
            title="【演示】绍兴市未来社区创建名单公示",
            body="【演示】经各区、县（市）申报、市风貌办审核，拟列入本年度未来社区创建名单的项目如下，"
            "现予公示。",
            start_on=start,
            end_on=start + dt.timedelta(days=7),
            contact_office="市风貌办（演示）",
            is_demo=True,
        ),
        today=start,
    )
    services.article_publish(
        actor=city,
        title="【演示】我市未来社区建设进展顺利",
        body="【演示】今年以来，全市各地按照“一老一小”服务场景建设要求，稳步推进未来社区建设……",
        is_demo=True,
    )
    return 3


@transaction.atomic
def remove_demo() -> int:
    notices = Notice.objects.filter(is_demo=True)
    count = notices.count()
    for notice in notices:
        notice.delete()
    Stakeholder.objects.filter(project__is_demo=True).delete()
    Article.objects.filter(is_demo=True).delete()
    return count
