"""Demo data (演示): one municipal project through the whole acceptance with a three-expert panel.

Runs after the projects demo (which creates the demo users); ``seed_demo`` finds this module by
itself. Every step goes through the real services: street self-assessment → district submits →
city forms the panel → three experts declare and score → site visit → pass with conditions →
rectification order → 验收通过. Everything is labelled 【演示】 and flagged ``is_demo``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from futurecommunity.accounts.models import Organisation, OrganisationKind, Role, User
from futurecommunity.common.time import today_local
from futurecommunity.evaluation import services
from futurecommunity.evaluation.models import Evaluation, ExpertProfile
from futurecommunity.projects import guards
from futurecommunity.projects import services as project_services
from futurecommunity.projects.demo import DEMO_PASSWORD
from futurecommunity.projects.models import Project

POOL_CODE = "sx-expert-pool-demo"
NAME = "【演示】塔山街道花园未来社区（市级验收示范）"
EXPERTS = (
    ("demo_expert1", "【演示】专家 陈教授", "城乡规划", "浙江大学建筑工程学院", Decimal("0.86")),
    ("demo_expert2", "【演示】专家 周高工", "社区治理", "绍兴文理学院", Decimal("0.80")),
    ("demo_expert3", "【演示】专家 吴工", "建筑设计", "绍兴市建筑设计研究院", Decimal("0.78")),
)


def _user(username: str) -> User | None:
    return User.objects.filter(username=username, is_active=True).first()


def _experts() -> list[ExpertProfile]:
    pool, _ = Organisation.objects.get_or_create(
        code=POOL_CODE,
        defaults={"name": "【演示】绍兴市未来社区评审专家库", "kind": OrganisationKind.EXPERT},
    )
    profiles = []
    for username, full_name, field, unit, _share in EXPERTS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "full_name": full_name,
                "organisation": pool,
                "role": Role.EDITOR,
                "is_demo": True,
            },
        )
        if created or not user.is_active:
            user.set_password(DEMO_PASSWORD)
            user.is_active = True
            user.save(update_fields=["password", "is_active"])
        profile, _ = ExpertProfile.objects.get_or_create(
            user=user, defaults={"field": field, "work_unit": unit, "is_demo": True}
        )
        profiles.append(profile)
    return profiles


def _project(street: User, city: User, district: User) -> Project:
    data = project_services.ProjectInput(
        name=NAME, district_code="330602", street_code="330602001", community_codes=("330602001004",),
        level="municipal", build_type="renovation", creation_year=today_local().year - 1,
        ambition="inclusive", is_linked_renovation=True, linked_renovation_reference="【演示】老旧小区改造-越城-01",
        operator="【演示】塔山社区综合运营公司", notes="演示数据，非真实项目。", is_demo=True,
        funding="government", implementing_body="塔山街道",
    )  # fmt: skip
    project = project_services.project_create(actor=district, data=data)
    start = today_local() - dt.timedelta(days=200)
    steps = (("declared", street, ""), ("listed", city, "绍风貌〔演示〕1号"),
             ("under_construction", street, ""), ("acceptance_requested", street, ""))  # fmt: skip
    for n, (target, actor, document) in enumerate(steps):
        project_services.project_transition(actor=actor, project=project, target=target,
                                            occurred_on=start + dt.timedelta(days=40 * n),
                                            document_number=document)  # fmt: skip
        project.refresh_from_db()
    # 三(三): the renovation plan states the operating plan before acceptance (operations app).
    guards.satisfy_all(project, "accepted", street)
    return project


def _photo(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 demo evidence", content_type="application/pdf")


def seed_demo() -> int:
    """Create the demo acceptance; returns 1 when created, 0 when present or users are missing."""
    if Evaluation.objects.filter(is_demo=True).exists():
        return 0
    street, district = _user("s330602001_clerk"), _user("d330602_clerk")
    city_clerk, city_lead = _user("city_clerk"), _user("city_admin")
    if None in (street, district, city_clerk, city_lead):
        return 0
    assert street and district and city_clerk and city_lead
    with transaction.atomic():
        experts = _experts()
        project = _project(street, city_lead, district)
        evaluation = services.evaluation_start(actor=street, project=project, is_demo=True)
        services.answers_save(actor=street, evaluation=evaluation, answers=[
            services.AnswerInput(indicator_id=a.indicator_id, declared="done", note="【演示】",
                                 files=[_photo(f"【演示】{a.indicator.code}佐证.pdf")])
            for a in evaluation.answers.select_related("indicator")
        ])  # fmt: skip
        services.evaluation_submit(
            actor=district, evaluation=evaluation, summary="【演示】自评完成，报送市风貌办。"
        )
        services.panel_form(
            actor=city_clerk, evaluation=evaluation, experts=experts, leader=experts[0]
        )
        services.site_visit_record(actor=city_clerk, evaluation=evaluation,
                                   visited_on=today_local() - dt.timedelta(days=3),
                                   notes="【演示】专家组踏勘邻里中心、托育点和老年食堂，召开座谈会。",
                                   photos=[_photo("【演示】踏勘照片.pdf")])  # fmt: skip
        for profile, (*_rest, share) in zip(experts, EXPERTS, strict=True):
            services.conflict_declare(actor=profile.user, project=project, has_conflict=False)
            scores = {i.pk: (str((i.points * share).quantize(Decimal("0.01"))), "")
                      for i in evaluation.system.indicators.all()}  # fmt: skip
            services.scores_save(
                actor=profile.user, evaluation=evaluation, scores=scores, submit=True
            )
        services.decision_record(
            actor=city_lead, evaluation=evaluation, outcome="conditional",
            document_number="绍风貌验〔演示〕1号", remark="【演示】有条件通过：补齐托育备案材料。",
            conditions=[services.ConditionInput("【演示】补齐托育机构备案材料并上传",
                                                today_local() + dt.timedelta(days=60))],
        )  # fmt: skip
    return 1


@transaction.atomic
def remove_demo() -> int:
    """Delete the demo evaluations (before the projects demo removes their projects)."""
    evaluations = Evaluation.objects.filter(is_demo=True)
    count = evaluations.count()
    evaluations.delete()
    ExpertProfile.objects.filter(is_demo=True).delete()
    User.objects.filter(organisation__code=POOL_CODE).update(is_active=False)
    return count
