"""Experts, projects ready for acceptance and evaluations moved by the real services."""

from __future__ import annotations

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from futurecommunity.accounts.models import Organisation, OrganisationKind, Role, User
from futurecommunity.accounts.tests.factories import OrganisationFactory, UserFactory
from futurecommunity.evaluation import services
from futurecommunity.evaluation.models import Evaluation, ExpertProfile
from futurecommunity.projects import guards
from futurecommunity.projects.models import Project
from futurecommunity.projects.tests.factories import ProjectFactory, advance


def expert_pool_org() -> Organisation:
    return OrganisationFactory(
        code="sx-expert-pool", name="绍兴市未来社区评审专家库", kind=OrganisationKind.EXPERT
    )


def make_expert(username: str, field: str = "城乡规划") -> ExpertProfile:
    user = UserFactory(username=username, organisation=expert_pool_org(), role=Role.EDITOR)
    return ExpertProfile.objects.create(user=user, field=field, work_unit="浙江工业大学")


def evidence(name: str = "照片.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"\xff\xd8\xff evidence", content_type="image/jpeg")


def ready_project(
    *, level: str, approver: User, editor: User, street_editor: User, **kw
) -> Project:
    """A project of Tashan street that has requested acceptance."""
    project = ProjectFactory(actor=street_editor, level=level, **kw)
    # 三(三): a renovation project is accepted only with its operating plan (operations app).
    guards.satisfy_all(project, "accepted", street_editor)
    return advance(project, "acceptance_requested", approver=approver, editor=editor)


def filled(evaluation: Evaluation, actor: User, *, declared: str = "done") -> Evaluation:
    answers = [
        services.AnswerInput(indicator_id=a.indicator_id, declared=declared, files=[evidence()])
        for a in evaluation.answers.all()
    ]
    services.answers_save(actor=actor, evaluation=evaluation, answers=answers)
    return evaluation


def score_all(
    evaluation: Evaluation, expert: ExpertProfile, *, share: Decimal, submit: bool = True
) -> None:
    """The expert declares no conflict and gives every indicator ``share`` of its points."""
    services.conflict_declare(actor=expert.user, project=evaluation.project, has_conflict=False)
    scores = {
        i.pk: (str((i.points * share).quantize(Decimal("0.01"))), "")
        for i in evaluation.system.indicators.all()
    }
    services.scores_save(actor=expert.user, evaluation=evaluation, scores=scores, submit=submit)
