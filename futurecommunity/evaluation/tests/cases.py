"""Real objects for the route and service matrices: a county project of a given street that has
requested acceptance, its evaluation at each stage, moved by the real services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from futurecommunity.accounts.models import Organisation, OrganisationKind, Role, User
from futurecommunity.accounts.tests.factories import UserFactory
from futurecommunity.evaluation import services
from futurecommunity.evaluation.models import Evaluation, ExpertProfile, IndexSystem
from futurecommunity.evaluation.tests.factories import (
    evidence,
    expert_pool_org,
    filled,
    make_expert,
    score_all,
)
from futurecommunity.projects import guards
from futurecommunity.projects.tests.factories import ProjectFactory, advance
from futurecommunity.regions.models import Region


def _office_user(code: str, role: str, tag: str) -> User:
    org = Organisation.objects.get(code=f"sx-{code}")
    return UserFactory(
        username=f"case-{tag}-{code}-{User.objects.count()}", organisation=org, role=role
    )


def project_ready(street_code: str) -> Any:
    district = street_code[:6]
    community = (
        Region.objects.filter(code__startswith=street_code, level="community")
        .order_by("code")
        .first()
    )
    assert community is not None
    street = _office_user(street_code, Role.EDITOR, "s")
    approver = _office_user(district, Role.APPROVER, "da")
    project = ProjectFactory(actor=street, level="county", district_code=district, street_code=street_code,
                             community_codes=(community.code,))  # fmt: skip
    # 三(三): a renovation project is accepted only with its operating plan (operations app).
    guards.satisfy_all(project, "accepted", street)
    return advance(project, "acceptance_requested", approver=approver, editor=street), street


MATRIX_EXPERT = "m_expert"  # accounts.tests.matrix.make_visitors' ``expert`` account


def enlist_matrix_expert() -> None:
    """The matrices' ``expert`` visitor is a plain account without an organisation; an expert of
    this app is a member of the expert pool organisation. Once the visitors exist (the matrices
    create them before a case's ``make``/``setup``), that account joins the pool, so that the
    cases test a real pooled (and, from ``panel`` on, assigned) expert."""
    user = User.objects.filter(username=MATRIX_EXPERT, organisation__isnull=True).first()
    if user is not None:
        user.organisation = expert_pool_org()
        user.role = Role.EDITOR
        user.save(update_fields=["organisation", "role"])


def pool_experts(n: int = 3) -> list[ExpertProfile]:
    """Every user of an expert organisation gets a profile (the matrix's ``expert`` visitor too)."""
    enlist_matrix_expert()
    for user in User.objects.filter(
        organisation__kind=OrganisationKind.EXPERT, expert_profile__isnull=True
    ):
        ExpertProfile.objects.create(user=user, field="城乡规划", work_unit="测试单位")
    count = ExpertProfile.objects.count()
    for i in range(max(0, n - count)):
        make_expert(f"case-expert-{count + i}")
    return list(ExpertProfile.objects.order_by("pk")[:10])


def evaluation_at(street_code: str, stage: str) -> Evaluation:
    """An evaluation at ``draft``, ``filled`` (draft, complete), ``submitted``, ``panel`` or ``scored``."""
    enlist_matrix_expert()
    project, street = project_ready(street_code)
    evaluation = services.evaluation_start(actor=street, project=project)
    if stage == "draft":
        return evaluation
    filled(evaluation, street)
    if stage == "filled":
        return evaluation
    district = _office_user(street_code[:6], Role.EDITOR, "de")
    services.evaluation_submit(actor=district, evaluation=evaluation)
    if stage == "submitted":
        return evaluation
    experts = pool_experts()
    services.panel_form(actor=district, evaluation=evaluation, experts=experts)
    if stage == "panel":
        for expert in experts:
            services.conflict_declare(actor=expert.user, project=project, has_conflict=False)
        return evaluation
    for expert in experts:
        score_all(evaluation, expert, share=Decimal("0.8"))
    evaluation.refresh_from_db()
    return evaluation


def system_pk(_street_code: str) -> dict[str, int]:
    pool_experts(1)
    return {"pk": IndexSystem.objects.get(code="sx-municipal-2023-draft").pk}


__all__ = ["evaluation_at", "evidence", "pool_experts", "project_ready", "system_pk"]
