"""The project lifecycle as data (house style §6) and the one function that judges a move.

Who decides what comes from clause 二(一) of 绍政办发〔2023〕21号:
- provincial level (T1): the province decides; the city office records the outcome with the
  provincial document number;
- municipal level (T2): the city office decides, accepts and publishes;
- county level (T3): the district office declares, accepts and publishes; the street implements.
Implementation steps (declare, start works, request acceptance, start operating) belong to the
implementing street or the district office above it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Actor(StrEnum):
    """Organisation kinds as the table sees them (values match accounts.OrganisationKind)."""

    CITY = "city_office"
    DISTRICT = "district_office"
    STREET = "street_office"


class RoleNeeded(StrEnum):
    EDITOR = "editor"
    APPROVER = "approver"


LEVELS = ("provincial", "municipal", "county")
IMPLEMENTERS = frozenset({Actor.STREET, Actor.DISTRICT, Actor.CITY})


@dataclass(frozen=True)
class Move:
    """One allowed edge of the lifecycle graph."""

    source: str
    target: str
    label: str
    clause: str
    deciders: dict[str, frozenset[Actor]]
    role: RoleNeeded
    needs_document: bool = False
    needs_remark: bool = False
    # Levels at which only the evaluation app's acceptance decision may make this move.
    by_evaluation: frozenset[str] = frozenset()


def _same(actors: frozenset[Actor]) -> dict[str, frozenset[Actor]]:
    return {level: actors for level in LEVELS}


# Creation/acceptance/publication decisions per level (二(一) T1/T2/T3).
_DECISION = {
    "provincial": frozenset({Actor.CITY}),
    "municipal": frozenset({Actor.CITY}),
    "county": frozenset({Actor.DISTRICT}),
}
# Municipal and county acceptance is decided by scoring against the index, an expert panel and the
# office's decision (二(一) T2/T3, evaluation app); a typed document number alone is not enough.
# Provincial acceptance stays a record of the province's outcome with its 文号 (T1).
_EVALUATED = frozenset({"municipal", "county"})
_WITHDRAW = {
    "provincial": frozenset({Actor.CITY, Actor.DISTRICT}),
    "municipal": frozenset({Actor.CITY, Actor.DISTRICT}),
    "county": frozenset({Actor.CITY, Actor.DISTRICT}),
}

MOVES: tuple[Move, ...] = (
    Move("planned", "declared", "申报", "二(一)", _same(IMPLEMENTERS), RoleNeeded.EDITOR),
    Move(
        "declared",
        "listed",
        "列入创建名单",
        "二(一)",
        _DECISION,
        RoleNeeded.APPROVER,
        needs_document=True,
    ),
    Move(
        "declared",
        "rejected",
        "不予列入",
        "二(一)",
        _DECISION,
        RoleNeeded.APPROVER,
        needs_remark=True,
    ),
    Move(
        "listed", "under_construction", "开工建设", "二(一)", _same(IMPLEMENTERS), RoleNeeded.EDITOR
    ),
    Move(
        "under_construction",
        "acceptance_requested",
        "提请验收",
        "二(一) T4",
        _same(IMPLEMENTERS),
        RoleNeeded.EDITOR,
    ),
    Move(
        "acceptance_requested",
        "accepted",
        "验收通过",
        "二(一)",
        _DECISION,
        RoleNeeded.APPROVER,
        needs_document=True,
        by_evaluation=_EVALUATED,
    ),
    Move(
        "acceptance_requested",
        "acceptance_failed",
        "验收未通过",
        "二(一)",
        _DECISION,
        RoleNeeded.APPROVER,
        needs_remark=True,
        by_evaluation=_EVALUATED,
    ),
    Move(
        "acceptance_failed",
        "under_construction",
        "整改后继续建设",
        "二(一)",
        _same(IMPLEMENTERS),
        RoleNeeded.EDITOR,
    ),
    Move(
        "accepted",
        "published",
        "命名公布",
        "二(一)",
        _DECISION,
        RoleNeeded.APPROVER,
        needs_document=True,
    ),
    Move("published", "operating", "投入运营", "三(四) P4", _same(IMPLEMENTERS), RoleNeeded.EDITOR),
    *(
        Move(src, "withdrawn", "撤回", "二(一)", _WITHDRAW, RoleNeeded.APPROVER, needs_remark=True)
        for src in ("planned", "declared", "listed", "under_construction", "acceptance_failed")
    ),
)

ACCEPTED_OR_LATER = frozenset({"accepted", "published", "operating"})
LISTED_OR_LATER = frozenset(
    {
        "listed",
        "under_construction",
        "acceptance_requested",
        "acceptance_failed",
        *ACCEPTED_OR_LATER,
    }
)
# 二(一) T4 "完成建设并提请验收": acceptance requested (then passed, failed or later).
REQUESTED_OR_LATER = frozenset({"acceptance_requested", "acceptance_failed", *ACCEPTED_OR_LATER})
BUILDING = frozenset({"under_construction", "acceptance_requested", "acceptance_failed"})
ENDED = frozenset({"withdrawn", "rejected"})

_DECIDER_NAMES = {
    Actor.CITY: "市风貌办",
    Actor.DISTRICT: "区、县（市）风貌办",
    Actor.STREET: "街道",
}
_LEVEL_NAMES = {"provincial": "省级", "municipal": "市级", "county": "县级"}
_ROLE_NAMES = {RoleNeeded.EDITOR: "经办及以上", RoleNeeded.APPROVER: "审核/领导"}


@dataclass(frozen=True)
class MoveRequest:
    level: str
    source: str
    target: str
    actor_kind: str
    actor_role_rank: int
    document_number: str
    remark: str
    by_evaluation: bool = False


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reason: str = ""
    move: Move | None = None


ROLE_RANK = {"viewer": 1, "editor": 2, "approver": 3}


def find_move(source: str, target: str) -> Move | None:
    return next((m for m in MOVES if m.source == source and m.target == target), None)


def moves_from(source: str) -> list[Move]:
    return [m for m in MOVES if m.source == source]


def judge_move(request: MoveRequest) -> Verdict:
    """May this actor move a project of this level from source to target with this evidence?"""
    move = find_move(request.source, request.target)
    if move is None:
        return Verdict(
            False, "状态不能从当前状态直接变更为目标状态（二(一)），请按生命周期逐步办理。"
        )
    deciders = move.deciders[request.level]
    if request.actor_kind not in deciders:
        names = "、".join(_DECIDER_NAMES[a] for a in sorted(deciders))
        return Verdict(
            False,
            f"{_LEVEL_NAMES[request.level]}未来社区的“{move.label}”由{names}办理（{move.clause}）。",
            move,
        )
    if request.level in move.by_evaluation and not request.by_evaluation:
        return Verdict(
            False,
            f"{_LEVEL_NAMES[request.level]}未来社区的“{move.label}”须经评价验收（自评、专家评分、"
            f"验收决定）作出，不能直接填写文号办理（二(一) T2/T3）。",
            move,
        )
    if request.actor_role_rank < ROLE_RANK[move.role]:
        return Verdict(
            False, f"“{move.label}”需要{_ROLE_NAMES[move.role]}角色（{move.clause}）。", move
        )
    if move.needs_document and not request.document_number.strip():
        return Verdict(False, f"“{move.label}”须填写批准文号（{move.clause}）。", move)
    if move.needs_remark and not request.remark.strip():
        return Verdict(False, f"“{move.label}”须填写意见或原因（{move.clause}）。", move)
    return Verdict(True, "", move)


def available_moves(
    *, level: str, source: str, actor_kind: str, actor_role_rank: int
) -> list[Move]:
    """Moves this actor could make now (evidence aside): what the buttons show."""
    return [
        m
        for m in moves_from(source)
        if actor_kind in m.deciders[level]
        and actor_role_rank >= ROLE_RANK[m.role]
        and level not in m.by_evaluation
    ]


LEVEL_NAMES = {"provincial": "省级", "municipal": "市级", "county": "县级"}


def t1_level_warning(*, build_type: str, is_key_area: bool, level: str) -> str:
    """二(一) T1: new-build communities and communities in a key area must go for the provincial
    level. Returns the warning sentence for a project that does not ("" when it does)."""
    if level == "provincial" or (build_type != "new_build" and not is_key_area):
        return ""
    why = "新建类" if build_type == "new_build" else "重点片区内"
    return (
        f"按二(一) T1，{why}社区均需开展省级未来社区建设，本项目登记为"
        f"{LEVEL_NAMES.get(level, level)}，申报前请改为省级或说明理由。"
    )


# --- 待办: who acts next (the work inbox reads this; a new waiting state is one row here) -----


@dataclass(frozen=True)
class Waiting:
    """A status that waits for someone: the to-do's wording, and a deadline where one is set.

    Who must act comes from ``MOVES`` (the non-withdrawal moves out of the status), so the
    to-do follows the lifecycle table; ``deadline_days`` counts from the status change date.
    """

    title: str
    deadline_days: int | None = None


WAITING: dict[str, Waiting] = {
    "planned": Waiting("待申报"),
    "declared": Waiting("待审定是否列入创建名单"),
    "listed": Waiting("待开工建设"),
    "acceptance_requested": Waiting("待组织验收"),
    "acceptance_failed": Waiting("待整改后继续建设"),
    "accepted": Waiting("待命名公布"),
}

# The most local office acts first: an implementing step waits for the street.
_LOCAL_FIRST = (Actor.STREET, Actor.DISTRICT, Actor.CITY)


@dataclass(frozen=True)
class NextStep:
    """Who the project waits for: the organisation kind, the role, the moves it may make."""

    actor: Actor
    role: RoleNeeded
    title: str
    labels: tuple[str, ...]
    clause: str
    deadline_days: int | None

    @property
    def sentence(self) -> str:
        return (
            f"下一步由{_DECIDER_NAMES[self.actor]}（{_ROLE_NAMES[self.role]}）办理"
            f"“{'”或“'.join(self.labels)}”（{self.clause}）。"
        )


def next_step(level: str, status: str) -> NextStep | None:
    """The office that the project waits for in this status, or None (nothing pending)."""
    waiting = WAITING.get(status)
    if waiting is None:
        return None
    moves = [m for m in moves_from(status) if m.target != "withdrawn"]
    if not moves:
        return None
    kinds = set().union(*(m.deciders[level] for m in moves))
    actor = next(a for a in _LOCAL_FIRST if a in kinds)
    mine = [m for m in moves if actor in m.deciders[level]]
    role = max((m.role for m in mine), key=lambda r: ROLE_RANK[r])
    return NextStep(
        actor=actor,
        role=role,
        title=waiting.title,
        labels=tuple(m.label for m in mine),
        clause=mine[0].clause,
        deadline_days=waiting.deadline_days,
    )


def waiting_for(actor_kind: str, role_rank: int) -> list[tuple[str, str]]:
    """(level, status) pairs whose next step belongs to this organisation kind and role."""
    pairs = []
    for status in WAITING:
        for level in LEVELS:
            step = next_step(level, status)
            if step and step.actor == actor_kind and role_rank >= ROLE_RANK[step.role]:
                pairs.append((level, status))
    return pairs


# --- 申报 checks: facts the next steps need (listed with links on the project page) ----------


@dataclass(frozen=True)
class NeededFact:
    field: str
    label: str
    why: str


DECLARE_NEEDS: tuple[NeededFact, ...] = (
    NeededFact("funding", "资金来源", "审批路径按是否政府投资判断（三(四)2）"),
    NeededFact("implementing_body", "实施主体", "街道为实施主体，申报须写明（二(一) T3）"),
)


def missing_for_declaration(values: dict[str, object]) -> list[NeededFact]:
    """The facts a declaration still lacks (empty list: ready to declare)."""
    return [n for n in DECLARE_NEEDS if values.get(n.field) in (None, "")]
