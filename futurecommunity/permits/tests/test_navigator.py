"""The approval navigator against 绍政办发〔2023〕21号 三(四) (and 三(一)).

`expected_outcomes` is written from the clause text, line by line, independently of the
navigator's code: a reviewer checks it against the text, the table test checks the
navigator against it for every combination of facts around every threshold.
"""

import csv
import dataclasses
import itertools
from decimal import Decimal

import pytest

from futurecommunity.permits.navigator import (
    BuildType,
    ConfigurationError,
    Funding,
    InvalidFactsError,
    Outcome,
    ProjectFacts,
    StepCode,
    approval_route,
    roster_from_rows,
    thresholds_from_rows,
)
from futurecommunity.permits.tests.factories import DATA_DIR, renovation_facts

FLAGS = (
    "changes_land_rights",
    "changes_land_use",
    "changes_building_use",
    "adds_floor_area",
    "major_structural_change",
    "converts_to_public_service",
    "municipal_or_environment_works",
    "special_construction_project",
    "on_published_list",
    "uses_existing_land",
)
# (total investment, works investment or None) on each side of 200万 and 2000万 元.
MONEY = (
    (1_999_999, None),
    (2_000_000, None),
    (19_999_999, None),
    (20_000_000, None),
    (20_000_001, None),
    (20_000_000, 1_999_999),
    (2_000_000, 2_000_000),
)
AREAS = (999, 1_000)
STEP_ORDER = [
    "plan_filing",
    "public_notice",
    "joint_review",
    "joint_consultation",
    "project_establishment",
    "proposal_feasibility",
    "approval_or_filing",
    "planning_permit",
    "construction_permit",
    "procurement",
]


def expected_outcomes(build_type: str, funding: str, total: int, works, area: int, f) -> dict:
    """Outcome per step as read from the text; `f` maps each flag name to a bool."""
    e = {}
    # 三(一): 实施方案公示7天后，经利害关系人同意，允许利用小区及周边存量土地。
    e["public_notice"] = "required" if f["uses_existing_land"] else "not_applicable"

    if build_type == "new_build":
        # 三(四): 新建类未来社区项目，按照工程建设基本程序实施，方案由街道报各地现代社区
        # 领导小组办公室备案。None of the 旧改类 items 1–5 applies.
        e["plan_filing"] = "filing"
        e["joint_review"] = "not_applicable"
        e["joint_consultation"] = "not_applicable"
        for step in STEP_ORDER[4:]:
            e[step] = "normal_procedure"
        return e
    e["plan_filing"] = "not_applicable"

    # 三(四)1: 利用既有建筑改造设置养老、托育等公共服务设施，及旧改类市政公用配套设施和
    # 环境提升改造建设项目，实行部门联合审查 … 对改造方案进行联合会商。
    in_joint = f["converts_to_public_service"] or f["municipal_or_environment_works"]
    e["joint_review"] = "required" if in_joint else "not_applicable"
    e["joint_consultation"] = "required" if in_joint else "not_applicable"

    # 三(四)2: 公布的旧改类未来社区建设名单可作为依据，申请立项和项目赋码。
    e["project_establishment"] = "required" if f["on_published_list"] else "normal_procedure"

    # 三(四)2: 发改部门根据建设单位申请和联合审查会商意见，对总投资在2000万元以下（含本数，
    # see PROVENANCE.md），不改变土地权属、用地性质和房屋使用性质，不新增建筑面积，建筑主体
    # 和承重结构不发生重大改变的政府投资改造项目，可以合并编报和审批。
    # 对以企业利用自有资金建设的…项目，采用备案制管理。Mixed funding: the text is silent.
    if funding == "government":
        unchanged = not (
            f["changes_land_rights"]
            or f["changes_land_use"]
            or f["changes_building_use"]
            or f["adds_floor_area"]
            or f["major_structural_change"]
        )
        merged = total <= 20_000_000 and unchanged and in_joint
        e["proposal_feasibility"] = "merged" if merged else "normal_procedure"
        e["approval_or_filing"] = "required"
    elif funding == "enterprise":
        e["proposal_feasibility"] = "not_applicable"
        e["approval_or_filing"] = "filing"
    else:
        e["proposal_feasibility"] = "normal_procedure"
        e["approval_or_filing"] = "normal_procedure"

    # 三(四)3: 利用既有建筑改建公共服务设施，不增加建筑面积的，以及旧改类市政公用配套设施和
    # 环境提升改造建设项目，依法无需办理建设工程规划许可的，在联合审查意见中明确。
    conversion = f["converts_to_public_service"] and not f["adds_floor_area"]
    exempt_planning = conversion or f["municipal_or_environment_works"]
    e["planning_permit"] = "exempt" if exempt_planning else "normal_procedure"

    # 三(四)4: 除住建部令第51号特殊建设工程外，工程投资额200万元以下（不含）或者建筑面积
    # 1000平方米以下（不含）可以不申请；200万元以上且1000平方米以上须申领。
    works_amount = total if works is None else works
    may_skip = works_amount < 2_000_000 or area < 1_000
    must_apply = works_amount >= 2_000_000 and area >= 1_000
    assert may_skip != must_apply  # the two sentences of the clause leave no gap
    if f["special_construction_project"]:
        e["construction_permit"] = "required" if must_apply else "normal_procedure"
    else:
        e["construction_permit"] = "exempt" if may_skip else "required"

    # 三(四)5: 鼓励采用全过程工程咨询、工程总承包等模式 — encouragement, no simplification.
    e["procurement"] = "normal_procedure"
    return e


@pytest.mark.parametrize("build_type", ["new_build", "renovation"])
@pytest.mark.parametrize("funding", ["government", "enterprise", "mixed"])
@pytest.mark.parametrize("total, works", MONEY)
def test_every_fact_combination_matches_the_clause(
    build_type, funding, total, works, thresholds, roster
):
    mismatches = []
    for area, values in itertools.product(AREAS, itertools.product((False, True), repeat=10)):
        flags = dict(zip(FLAGS, values, strict=True))
        facts = ProjectFacts(
            build_type=BuildType(build_type),
            funding=Funding(funding),
            total_investment=Decimal(total),
            works_investment=None if works is None else Decimal(works),
            works_floor_area=Decimal(area),
            **flags,
        )
        route = approval_route(facts, thresholds, roster=roster)
        actual = {step.code.value: step.outcome.value for step in route.steps}
        expected = expected_outcomes(build_type, funding, total, works, area, flags)
        if actual != expected or [s.code.value for s in route.steps] != STEP_ORDER:
            mismatches.append((area, flags, actual, expected))
        for step in route.steps:
            if not (step.explanation.endswith("。") and step.clause in step.explanation):
                mismatches.append((area, flags, step.code, step.explanation))
    assert mismatches[:3] == []


# --- construction permit 三(四)4 --------------------------------------------------------


def test_construction_permit_exempt_below_two_million_even_with_large_area(thresholds, roster):
    facts = renovation_facts(total_investment=Decimal("1999999"), works_floor_area=Decimal("5000"))
    step = approval_route(facts, thresholds, roster=roster).step(StepCode.CONSTRUCTION_PERMIT)
    assert step.outcome == Outcome.EXEMPT
    assert "1,999,999元低于2,000,000元" in step.explanation
    assert step.clause == "三(四)4"


def test_construction_permit_exempt_below_1000_m2_even_with_large_investment(thresholds, roster):
    facts = renovation_facts(total_investment=Decimal("9000000"), works_floor_area=Decimal("999"))
    step = approval_route(facts, thresholds, roster=roster).step(StepCode.CONSTRUCTION_PERMIT)
    assert step.outcome == Outcome.EXEMPT
    assert "建筑面积999平方米低于1,000平方米" in step.explanation


def test_construction_permit_required_at_exactly_two_million_and_1000_m2(thresholds, roster):
    facts = renovation_facts(total_investment=Decimal("2000000"), works_floor_area=Decimal("1000"))
    step = approval_route(facts, thresholds, roster=roster).step(StepCode.CONSTRUCTION_PERMIT)
    assert step.outcome == Outcome.REQUIRED
    assert "2,000,000元达到2,000,000元" in step.explanation
    assert "1,000平方米达到1,000平方米" in step.explanation
    assert "绍兴市城镇老旧小区改造工作规程" in step.explanation


def test_construction_permit_compares_works_investment_not_total(thresholds, roster):
    # 三(四)4 says 工程投资额; 总投资 (三(四)2) may include land and equipment.
    facts = renovation_facts(
        total_investment=Decimal("3000000"),
        works_investment=Decimal("1800000"),
        works_floor_area=Decimal("2000"),
    )
    route = approval_route(facts, thresholds, roster=roster)
    assert route.step(StepCode.CONSTRUCTION_PERMIT).outcome == Outcome.EXEMPT
    assert not any("未提供工程投资额" in note for note in route.notes)


def test_unknown_works_investment_compares_total_and_says_so(thresholds, roster):
    facts = renovation_facts(total_investment=Decimal("3000000"), works_floor_area=Decimal("2000"))
    route = approval_route(facts, thresholds, roster=roster)
    assert route.step(StepCode.CONSTRUCTION_PERMIT).outcome == Outcome.REQUIRED
    assert any("未提供工程投资额" in note for note in route.notes)


def test_decree_51_special_project_is_never_exempt(thresholds, roster):
    # The clause excludes special projects from the exemption; it does not itself order a
    # permit below the thresholds, so the general rules apply (normal procedure).
    small = renovation_facts(special_construction_project=True)
    step = approval_route(small, thresholds, roster=roster).step(StepCode.CONSTRUCTION_PERMIT)
    assert step.outcome == Outcome.NORMAL_PROCEDURE
    assert "住房和城乡建设部令第51号" in step.explanation
    assert "特殊建设工程消防设计审查意见" in step.documents
    large = renovation_facts(
        special_construction_project=True,
        total_investment=Decimal("2000000"),
        works_floor_area=Decimal("1000"),
    )
    step = approval_route(large, thresholds, roster=roster).step(StepCode.CONSTRUCTION_PERMIT)
    assert step.outcome == Outcome.REQUIRED


# --- project establishment, proposal and filing 三(四)2 ---------------------------------


def test_merged_proposal_for_small_unchanged_government_conversion(thresholds, roster):
    facts = renovation_facts(total_investment=Decimal("19999999"))
    step = approval_route(facts, thresholds, roster=roster).step(StepCode.PROPOSAL_FEASIBILITY)
    assert step.outcome == Outcome.MERGED
    assert step.outcome_label == "合并办理"
    assert "总投资19,999,999元在20,000,000元（含本数）以下" in step.explanation


def test_exactly_twenty_million_is_merged_because_yixia_includes_the_number(thresholds, roster):
    facts = renovation_facts(total_investment=Decimal("20000000"))
    route = approval_route(facts, thresholds, roster=roster)
    assert route.step(StepCode.PROPOSAL_FEASIBILITY).outcome == Outcome.MERGED
    assert any("未注明是否含本数" in note for note in route.notes)


def test_exclusive_configuration_row_makes_twenty_million_normal(thresholds, roster):
    exclusive = dataclasses.replace(thresholds, merged_proposal_limit_inclusive=False)
    facts = renovation_facts(total_investment=Decimal("20000000"))
    step = approval_route(facts, exclusive, roster=roster).step(StepCode.PROPOSAL_FEASIBILITY)
    assert step.outcome == Outcome.NORMAL_PROCEDURE
    assert "不在20,000,000元（不含本数）以下" in step.explanation


def test_over_twenty_million_lists_every_failed_condition(thresholds, roster):
    facts = renovation_facts(
        total_investment=Decimal("20000001"), adds_floor_area=True, changes_land_use=True
    )
    step = approval_route(facts, thresholds, roster=roster).step(StepCode.PROPOSAL_FEASIBILITY)
    assert step.outcome == Outcome.NORMAL_PROCEDURE
    assert "总投资20,000,001元不在20,000,000元（含本数）以下" in step.explanation
    assert "改变用地性质" in step.explanation
    assert "新增建筑面积" in step.explanation


def test_merger_needs_the_joint_review_opinion(thresholds, roster):
    # 三(四)2: 发改部门根据…联合审查会商意见 merges; outside 三(四)1 there is no opinion.
    facts = renovation_facts(converts_to_public_service=False)
    route = approval_route(facts, thresholds, roster=roster)
    step = route.step(StepCode.PROPOSAL_FEASIBILITY)
    assert step.outcome == Outcome.NORMAL_PROCEDURE
    assert "缺少合并审批所依据的联合审查会商意见" in step.explanation
    assert route.step(StepCode.JOINT_REVIEW).outcome == Outcome.NOT_APPLICABLE


def test_enterprise_self_funded_renovation_is_filed(thresholds, roster):
    facts = renovation_facts(funding=Funding.ENTERPRISE)
    route = approval_route(facts, thresholds, roster=roster)
    assert route.step(StepCode.APPROVAL_OR_FILING).outcome == Outcome.FILING
    assert route.step(StepCode.APPROVAL_OR_FILING).outcome.label == "备案"
    assert route.step(StepCode.PROPOSAL_FEASIBILITY).outcome == Outcome.NOT_APPLICABLE


def test_mixed_funding_routes_to_normal_procedure_and_says_the_text_is_silent(thresholds, roster):
    facts = renovation_facts(funding=Funding.MIXED)
    route = approval_route(facts, thresholds, roster=roster)
    assert route.step(StepCode.APPROVAL_OR_FILING).outcome == Outcome.NORMAL_PROCEDURE
    assert route.step(StepCode.PROPOSAL_FEASIBILITY).outcome == Outcome.NORMAL_PROCEDURE
    assert "未规定政企混合出资的情形" in route.step(StepCode.APPROVAL_OR_FILING).explanation
    assert any("文件未规定政企混合出资" in note for note in route.notes)


def test_project_not_on_published_list_establishes_by_normal_procedure(thresholds, roster):
    facts = renovation_facts(on_published_list=False)
    route = approval_route(facts, thresholds, roster=roster)
    step = route.step(StepCode.PROJECT_ESTABLISHMENT)
    assert step.outcome == Outcome.NORMAL_PROCEDURE
    assert "未列入已公布名单" in step.explanation
    assert any("未列入省、市、县公布的旧改类未来社区建设名单" in note for note in route.notes)
    # The list is only "a basis" for establishment; the other items still apply.
    assert route.step(StepCode.PROPOSAL_FEASIBILITY).outcome == Outcome.MERGED


# --- joint review 三(四)1 and planning 三(四)3 ------------------------------------------


def test_joint_review_is_convened_by_construction_department_with_nine_reviewers(
    thresholds, roster
):
    step = approval_route(renovation_facts(), thresholds, roster=roster).step("joint_review")
    assert step.responsible_units == (
        "建设部门（召集）",
        "发改部门",
        "民政部门",
        "教育部门",
        "卫生健康部门",
        "消防救援机构",
        "财政部门",
        "自然资源和规划部门",
        "公安部门",
        "城市管理部门",
    )
    assert "等9个部门联合审查，出具会议纪要" in step.explanation


def test_joint_consultation_has_seven_utilities_and_resident_representatives(thresholds, roster):
    step = approval_route(renovation_facts(), thresholds, roster=roster).step("joint_consultation")
    assert step.responsible_units[1:] == (
        "电力单位",
        "水务单位",
        "燃气单位",
        "通信单位",
        "广播电视单位",
        "铁塔单位",
        "邮政单位",
        "居民代表",
    )


def test_conversion_adding_floor_area_needs_normal_planning_permit(thresholds, roster):
    facts = renovation_facts(adds_floor_area=True)
    step = approval_route(facts, thresholds, roster=roster).step(StepCode.PLANNING_PERMIT)
    assert step.outcome == Outcome.NORMAL_PROCEDURE
    assert "新增建筑面积" in step.explanation


def test_municipal_works_planning_exemption_has_no_floor_area_condition(thresholds, roster):
    # 三(四)3 attaches "不增加建筑面积" to conversions only.
    facts = renovation_facts(
        converts_to_public_service=False, municipal_or_environment_works=True, adds_floor_area=True
    )
    route = approval_route(facts, thresholds, roster=roster)
    assert route.step(StepCode.PLANNING_PERMIT).outcome == Outcome.EXEMPT
    assert any("联合审查意见中明确" in note for note in route.notes)


# --- new build and 三(一) ---------------------------------------------------------------


def test_new_build_files_the_plan_and_follows_the_normal_route(thresholds, roster):
    facts = renovation_facts(build_type=BuildType.NEW_BUILD, special_construction_project=True)
    route = approval_route(facts, thresholds, roster=roster)
    filing = route.step(StepCode.PLAN_FILING)
    assert filing.outcome == Outcome.FILING
    assert filing.responsible_units == ("街道", "所在地现代社区领导小组办公室")
    assert route.step(StepCode.JOINT_REVIEW).outcome == Outcome.NOT_APPLICABLE
    assert route.step(StepCode.CONSTRUCTION_PERMIT).outcome == Outcome.NORMAL_PROCEDURE
    assert "新建类" in route.notes[0]


def test_using_existing_land_requires_seven_day_notice_and_consent(thresholds, roster):
    step = approval_route(
        renovation_facts(uses_existing_land=True), thresholds, roster=roster
    ).step(StepCode.PUBLIC_NOTICE)
    assert step.outcome == Outcome.REQUIRED
    assert step.clause == "三(一)"
    assert "公示7天后，经利害关系人同意" in step.explanation


# --- facts and configuration ------------------------------------------------------------


def test_route_steps_are_frozen(thresholds, roster):
    step = approval_route(renovation_facts(), thresholds, roster=roster).steps[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        step.outcome = Outcome.EXEMPT  # type: ignore[misc]


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"total_investment": 1999999.0}, "总投资须为非负的十进制数。"),
        ({"works_floor_area": Decimal("-1")}, "建筑面积须为非负的十进制数。"),
        ({"works_investment": Decimal("2000000")}, "工程投资额不能大于总投资额。"),
    ],
)
def test_invalid_facts_are_rejected_with_a_chinese_sentence(overrides, message):
    with pytest.raises(InvalidFactsError, match=message):
        renovation_facts(**overrides)


def test_configuration_rows_carry_the_numbers_of_the_text(thresholds):
    assert thresholds.merged_proposal_total_investment_limit == Decimal("20000000")
    assert thresholds.construction_permit_investment_limit == Decimal("2000000")
    assert thresholds.construction_permit_area_limit == Decimal("1000")
    assert thresholds.public_notice_days == 7
    assert {row.confidence for row in thresholds.rows} == {"sourced", "reconstructed"}
    assert all(row.clause.startswith("三(") and row.source for row in thresholds.rows)


def _rows() -> list[dict[str, str]]:
    with (DATA_DIR / "route_thresholds.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda rows: rows.pop(), "缺少配置项：public_notice_days。"),
        (lambda rows: rows.append(dict(rows[0])), "重复"),
        (lambda rows: rows[0].update(unit="wan_yuan"), "单位应为yuan"),
        (lambda rows: rows[0].update(value="两千万"), "不是数字"),
        (lambda rows: rows[1].update(value="yes"), "须为true或false"),
        (lambda rows: rows[0].update(key="merged_limit"), "未知的配置项merged_limit"),
        (lambda rows: rows[0].update(source=""), "缺少字段：source"),
        (lambda rows: rows[4].update(value="7.5"), "整数天数"),
    ],
)
def test_malformed_configuration_rows_are_refused(mutate, message):
    rows = _rows()
    mutate(rows)
    with pytest.raises(ConfigurationError, match=message):
        thresholds_from_rows(rows)


def test_department_rows_need_exactly_one_convener(roster):
    rows = [
        {"code": d.code, "name": d.name, "role": d.role, "clause": d.clause}
        for d in (roster.convener, roster.convener, *roster.reviewers, *roster.consultees)
    ]
    with pytest.raises(ConfigurationError, match="有且只有一个召集部门"):
        roster_from_rows(rows)
    assert roster.convener.name == "建设部门"
    assert (len(roster.reviewers), len(roster.consultees)) == (9, 8)
