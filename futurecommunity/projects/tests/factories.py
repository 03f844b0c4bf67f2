"""Projects for tests, always made and moved by the real services (audit trail included)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import factory

from futurecommunity.accounts.models import User
from futurecommunity.projects import guards, rules, services
from futurecommunity.projects.models import Project

# Real region codes used across the suite.
YUECHENG = "330602"  # 越城区
KEQIAO = "330603"  # 柯桥区
TASHAN = "330602001"  # 塔山街道 (越城区)
FUSHAN = "330602002"  # 府山街道 (越城区)
KEQIAO_STREET = "330603001"  # 柯桥街道 (柯桥区)
HUAYUAN = "330602001004"  # 花园社区 (塔山街道, 居委会)
SHENYUAN = "330602001008"  # 沈园社区 (塔山街道, 居委会)
LUOBEI = "330602001010"  # 罗北社区 (塔山街道, 居委会)
TASHAN_VILLAGE = "330602001200"  # 塔山村委会 (塔山街道, 村委会: not urban)
YUEDU = "330602002001"  # 越都社区 (府山街道)
GUANSHU = "330603001008"  # 管墅社区居委会 (柯桥街道)

DOCUMENT = "绍风貌〔2024〕8号"
REMARK = "材料不全，退回补充。"

# The straight path from 计划 to every status (二(一)).
_MAIN = [
    "planned",
    "declared",
    "listed",
    "under_construction",
    "acceptance_requested",
    "accepted",
    "published",
    "operating",
]
PATHS: dict[str, list[str]] = {status: _MAIN[1 : i + 1] for i, status in enumerate(_MAIN)}
PATHS["rejected"] = ["declared", "rejected"]
PATHS["acceptance_failed"] = [*PATHS["acceptance_requested"], "acceptance_failed"]
PATHS["withdrawn"] = ["withdrawn"]


class ProjectFactory(factory.Factory):
    """``ProjectFactory.build()`` is a ``ProjectInput``; ``ProjectFactory(actor=…)`` registers it
    through ``services.project_create`` and returns the ``Project``."""

    class Meta:
        model = services.ProjectInput

    name = factory.Sequence(lambda n: f"塔山街道测试未来社区{n}")
    district_code = YUECHENG
    street_code = TASHAN
    community_codes = (HUAYUAN,)
    level = "county"
    build_type = "renovation"
    creation_year = 2024
    funding = "government"  # 申报 needs 资金来源 and 实施主体 (projects.rules.DECLARE_NEEDS)
    implementing_body = "塔山街道办事处"

    @classmethod
    def _create(cls, model_class: type, *args: object, **kwargs: object) -> Project:
        actor = kwargs.pop("actor")
        assert isinstance(actor, User)
        return services.project_create(actor=actor, data=model_class(*args, **kwargs))


def advance(
    project: Project,
    to: str,
    *,
    approver: User,
    editor: User,
    on: dt.date | Sequence[dt.date] | None = None,
) -> Project:
    """Move ``project`` along ``PATHS[to]`` by the services: the approver makes the decisions
    (with document number or remark as the table asks), the editor the implementing steps.

    ``on`` is one date for every step or one date per step; the default is today.
    """
    steps = (
        PATHS[to][PATHS[to].index(project.status) + 1 :]
        if project.status in PATHS[to]
        else PATHS[to]
    )
    if on is None or isinstance(on, dt.date):
        days: list[dt.date | None] = [on] * len(steps)
    else:
        days = list(on)
        assert len(days) == len(steps), f"{len(steps)} dates needed for {steps}"
    for target, day in zip(steps, days, strict=True):
        move = rules.find_move(project.status, target)
        assert move is not None, f"{project.status} → {target} is not a move"
        actor = approver if move.role == rules.RoleNeeded.APPROVER else editor
        guards.satisfy_all(project, target, editor)
        services.project_transition(
            actor=actor,
            project=project,
            target=target,
            occurred_on=day,
            document_number=DOCUMENT if move.needs_document else "",
            remark=REMARK if move.needs_remark else "",
            # Test shortcut for municipal/county acceptance, which the evaluation app's decision
            # makes in production (its own tests go through the whole flow).
            by_evaluation=project.level in move.by_evaluation,
        )
        project.refresh_from_db()
    return project
