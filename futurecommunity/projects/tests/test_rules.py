"""The lifecycle table (projects.rules) against a hand-written reading of clause 二(一).

Expectation, written from the module docstring and 绍政办发〔2023〕21号 二(一):
- provincial (T1): the province decides; the city office records listing, acceptance and
  publication with the provincial document number;
- municipal (T2): the city office lists, accepts and publishes;
- county (T3): the district office declares, accepts and publishes;
- implementing moves (declare, start works, request acceptance, resume after a failed
  acceptance, start operating) are done by editors of the street, the district or the city;
- decisions need the approver role; listing/acceptance/publication need a document number;
  refusals (不予列入, 验收未通过) and withdrawals need a remark;
- a withdrawal (撤回) before acceptance is requested, or after a failed acceptance, is an
  approver decision of the city or district office at every level.
"""

from __future__ import annotations

import itertools

import pytest

from futurecommunity.projects import rules
from futurecommunity.projects.models import Status

STATUSES = [s.value for s in Status]
LEVELS = ["provincial", "municipal", "county"]
KINDS = ["city_office", "district_office", "street_office", "department", ""]
ROLES = {"viewer": 1, "editor": 2, "approver": 3}

IMPLEMENT = "implement"
DECIDE = "decide"
WITHDRAW = "withdraw"

# (source, target) → (who, clause, needs_document, needs_remark)
EXPECTED_EDGES: dict[tuple[str, str], tuple[str, str, bool, bool]] = {
    ("planned", "declared"): (IMPLEMENT, "二(一)", False, False),
    ("declared", "listed"): (DECIDE, "二(一)", True, False),
    ("declared", "rejected"): (DECIDE, "二(一)", False, True),
    ("listed", "under_construction"): (IMPLEMENT, "二(一)", False, False),
    ("under_construction", "acceptance_requested"): (IMPLEMENT, "二(一) T4", False, False),
    ("acceptance_requested", "accepted"): (DECIDE, "二(一)", True, False),
    ("acceptance_requested", "acceptance_failed"): (DECIDE, "二(一)", False, True),
    ("acceptance_failed", "under_construction"): (IMPLEMENT, "二(一)", False, False),
    ("accepted", "published"): (DECIDE, "二(一)", True, False),
    ("published", "operating"): (IMPLEMENT, "三(四) P4", False, False),
    ("planned", "withdrawn"): (WITHDRAW, "二(一)", False, True),
    ("declared", "withdrawn"): (WITHDRAW, "二(一)", False, True),
    ("listed", "withdrawn"): (WITHDRAW, "二(一)", False, True),
    ("under_construction", "withdrawn"): (WITHDRAW, "二(一)", False, True),
    ("acceptance_failed", "withdrawn"): (WITHDRAW, "二(一)", False, True),
}


def expected_allowed(who: str, level: str, kind: str, rank: int) -> bool:
    if who == IMPLEMENT:
        return kind in {"city_office", "district_office", "street_office"} and rank >= 2
    if who == WITHDRAW:
        return kind in {"city_office", "district_office"} and rank >= 3
    decider = "district_office" if level == "county" else "city_office"
    return kind == decider and rank >= 3


def request(
    level: str,
    source: str,
    target: str,
    kind: str,
    role: str,
    *,
    document_number: str = "绍风貌〔2024〕8号",
    remark: str = "理由",
    by_evaluation: bool = True,
) -> rules.MoveRequest:
    return rules.MoveRequest(
        level=level,
        source=source,
        target=target,
        actor_kind=kind,
        actor_role_rank=ROLES[role],
        document_number=document_number,
        remark=remark,
        by_evaluation=by_evaluation,
    )


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize(("source", "target"), list(itertools.product(STATUSES, STATUSES)))
def test_every_move_is_allowed_exactly_for_the_offices_and_roles_of_clause_two_one(
    source: str, target: str, level: str
) -> None:
    edge = EXPECTED_EDGES.get((source, target))
    outcomes = {}
    expected = {}
    for kind, role in itertools.product(KINDS, ROLES):
        verdict = rules.judge_move(request(level, source, target, kind, role))
        outcomes[kind, role] = verdict.allowed
        if edge is None:
            expected[kind, role] = False
            assert verdict.reason == (
                "状态不能从当前状态直接变更为目标状态（二(一)），请按生命周期逐步办理。"
            )
            assert verdict.move is None
        else:
            expected[kind, role] = expected_allowed(edge[0], level, kind, ROLES[role])
            assert verdict.move == rules.find_move(source, target)
            if verdict.allowed:
                assert verdict.reason == ""
            else:
                assert verdict.reason.endswith(f"（{edge[1]}）。")
    assert outcomes == expected


def test_the_table_has_exactly_the_expected_moves_and_evidence() -> None:
    actual = {
        (m.source, m.target): (m.clause, m.needs_document, m.needs_remark) for m in rules.MOVES
    }
    assert actual == {pair: edge[1:] for pair, edge in EXPECTED_EDGES.items()}
    assert len(rules.MOVES) == len(EXPECTED_EDGES)


@pytest.mark.parametrize(
    ("level", "kind", "reason"),
    [
        ("provincial", "district_office", "省级未来社区的“列入创建名单”由市风貌办办理（二(一)）。"),
        ("municipal", "street_office", "市级未来社区的“列入创建名单”由市风貌办办理（二(一)）。"),
        (
            "county",
            "city_office",
            "县级未来社区的“列入创建名单”由区、县（市）风貌办办理（二(一)）。",
        ),
    ],
)
def test_listing_by_the_wrong_office_is_refused_naming_the_deciding_office(
    level: str, kind: str, reason: str
) -> None:
    verdict = rules.judge_move(request(level, "declared", "listed", kind, "approver"))
    assert verdict == rules.Verdict(False, reason, rules.find_move("declared", "listed"))


def test_withdrawal_by_a_street_names_both_city_and_district_offices() -> None:
    verdict = rules.judge_move(
        request("county", "listed", "withdrawn", "street_office", "approver")
    )
    assert verdict.reason == "县级未来社区的“撤回”由市风貌办、区、县（市）风貌办办理（二(一)）。"


def test_decision_by_an_editor_of_the_deciding_office_needs_the_approver_role() -> None:
    verdict = rules.judge_move(
        request("municipal", "acceptance_requested", "accepted", "city_office", "editor")
    )
    assert verdict.allowed is False
    assert verdict.reason == "“验收通过”需要审核/领导角色（二(一)）。"


def test_implementing_step_by_a_viewer_needs_the_editor_role() -> None:
    verdict = rules.judge_move(request("county", "planned", "declared", "street_office", "viewer"))
    assert verdict.allowed is False
    assert verdict.reason == "“申报”需要经办及以上角色（二(一)）。"


@pytest.mark.parametrize(
    ("level", "source", "target", "kind", "label"),
    [
        ("municipal", "declared", "listed", "city_office", "列入创建名单"),
        ("provincial", "acceptance_requested", "accepted", "city_office", "验收通过"),
        ("county", "accepted", "published", "district_office", "命名公布"),
    ],
)
@pytest.mark.parametrize("document_number", ["", "   "])
def test_listing_acceptance_and_publication_require_a_document_number(
    level: str, source: str, target: str, kind: str, label: str, document_number: str
) -> None:
    verdict = rules.judge_move(
        request(level, source, target, kind, "approver", document_number=document_number)
    )
    assert verdict.allowed is False
    assert verdict.reason == f"“{label}”须填写批准文号（二(一)）。"


@pytest.mark.parametrize(
    ("source", "target", "label"),
    [
        ("declared", "rejected", "不予列入"),
        ("acceptance_requested", "acceptance_failed", "验收未通过"),
        ("under_construction", "withdrawn", "撤回"),
    ],
)
@pytest.mark.parametrize("remark", ["", " \n"])
def test_refusals_and_withdrawals_require_a_remark(
    source: str, target: str, label: str, remark: str
) -> None:
    verdict = rules.judge_move(
        request("county", source, target, "district_office", "approver", remark=remark)
    )
    assert verdict.allowed is False
    assert verdict.reason == f"“{label}”须填写意见或原因（二(一)）。"


def test_implementing_steps_need_no_document_or_remark() -> None:
    verdict = rules.judge_move(
        request(
            "provincial",
            "listed",
            "under_construction",
            "street_office",
            "editor",
            document_number="",
            remark="",
        )
    )
    assert verdict.allowed is True


@pytest.mark.parametrize("level", ["municipal", "county"])
@pytest.mark.parametrize("target", ["accepted", "acceptance_failed"])
def test_municipal_and_county_acceptance_only_through_the_evaluation_decision(
    level: str, target: str
) -> None:
    kind = "district_office" if level == "county" else "city_office"
    verdict = rules.judge_move(
        request(level, "acceptance_requested", target, kind, "approver", by_evaluation=False)
    )
    assert verdict.allowed is False
    assert "须经评价验收" in verdict.reason and "二(一) T2/T3" in verdict.reason
    assert (
        rules.available_moves(
            level=level, source="acceptance_requested", actor_kind=kind, actor_role_rank=3
        )
        == []
    )


def test_provincial_acceptance_buttons_show_for_the_city_approver_only() -> None:
    def targets(kind: str, rank: int) -> list[str]:
        moves = rules.available_moves(
            level="provincial", source="acceptance_requested", actor_kind=kind, actor_role_rank=rank
        )
        return [m.target for m in moves]

    assert targets("city_office", 3) == ["accepted", "acceptance_failed"]
    assert targets("city_office", 2) == []
    assert targets("district_office", 3) == []
    assert targets("street_office", 2) == []


def test_a_street_editor_on_a_listed_project_sees_only_start_works() -> None:
    moves = rules.available_moves(
        level="municipal", source="listed", actor_kind="street_office", actor_role_rank=2
    )
    assert [m.target for m in moves] == ["under_construction"]


def test_ended_and_operating_projects_have_no_moves() -> None:
    for source in ("withdrawn", "rejected", "operating"):
        assert rules.moves_from(source) == []
