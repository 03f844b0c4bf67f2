"""Approval step rules of 绍政办发〔2023〕21号 三(四), one pure function per step.

Each function cites its clause in the docstring and in the explanation it returns.
Policy numbers arrive through `RouteThresholds` (configuration rows), never as constants.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from futurecommunity.permits.route_types import (
    BuildType,
    DepartmentRoster,
    Funding,
    Outcome,
    ProjectFacts,
    RouteStep,
    RouteThresholds,
    StepCode,
)

NEW_BUILD_CLAUSE = "三(四)"
JOINT_CLAUSE = "三(四)1"
ESTABLISHMENT_CLAUSE = "三(四)2"
PLANNING_CLAUSE = "三(四)3"
CONSTRUCTION_CLAUSE = "三(四)4"
PROCUREMENT_CLAUSE = "三(四)5"
LAND_CLAUSE = "三(一)"

DECREE_51 = "《建设工程消防设计审查验收管理暂行规定》（住房和城乡建设部令第51号）"


def format_yuan(amount: Decimal) -> str:
    """Format 元 with thousands separators and no trailing zeros: 1,999,999元."""
    return f"{amount.normalize():,f}元"


def format_area(area: Decimal) -> str:
    """Format m² the Chinese way: 1,000平方米."""
    return f"{area.normalize():,f}平方米"


def _step(
    code: StepCode,
    outcome: Outcome,
    *,
    units: Iterable[str],
    clause: str,
    explanation: str,
    documents: Iterable[str] = (),
) -> RouteStep:
    return RouteStep(
        code=code,
        title=code.label,
        outcome=outcome,
        responsible_units=tuple(units),
        clause=clause,
        documents=tuple(documents),
        explanation=explanation,
    )


def _new_build_normal(code: StepCode, units: Iterable[str]) -> RouteStep:
    """三(四) first paragraph: new-build projects follow the basic construction procedure."""
    return _step(
        code,
        Outcome.NORMAL_PROCEDURE,
        units=units,
        clause=NEW_BUILD_CLAUSE,
        explanation=(
            f"新建类未来社区项目按照工程建设基本程序实施（{NEW_BUILD_CLAUSE}），"
            f"“{code.label}”按常规程序办理，不适用旧改类简化措施。"
        ),
    )


def is_renovation(facts: ProjectFacts) -> bool:
    return facts.build_type == BuildType.RENOVATION


def in_joint_review_scope(facts: ProjectFacts) -> bool:
    """三(四)1 scope: renovation converting buildings to public services, or municipal works."""
    return is_renovation(facts) and (
        facts.converts_to_public_service or facts.municipal_or_environment_works
    )


def _joint_scope_phrase(facts: ProjectFacts) -> str:
    parts = []
    if facts.converts_to_public_service:
        parts.append("利用既有建筑改造设置养老、托育等公共服务设施")
    if facts.municipal_or_environment_works:
        parts.append("旧改类市政公用配套设施和环境提升改造建设项目")
    return "，并属于".join(parts)


def plan_filing(facts: ProjectFacts) -> RouteStep:
    """三(四): a new-build plan is filed by the street with the leading-group office."""
    if is_renovation(facts):
        return _step(
            StepCode.PLAN_FILING,
            Outcome.NOT_APPLICABLE,
            units=(),
            clause=NEW_BUILD_CLAUSE,
            explanation=(
                f"{NEW_BUILD_CLAUSE}仅要求新建类项目的方案报现代社区领导小组办公室备案；"
                "本项目为旧改类，按旧改类办法实施。"
            ),
        )
    return _step(
        StepCode.PLAN_FILING,
        Outcome.FILING,
        units=("街道", "所在地现代社区领导小组办公室"),
        clause=NEW_BUILD_CLAUSE,
        documents=("未来社区建设方案",),
        explanation=(
            f"本项目为新建类未来社区项目，依据{NEW_BUILD_CLAUSE}按照工程建设基本程序实施，"
            "建设方案由街道报所在地现代社区领导小组办公室备案。"
        ),
    )


def public_notice(facts: ProjectFacts, thresholds: RouteThresholds) -> RouteStep:
    """三(一): using existing land needs a public notice of N days and stakeholder consent."""
    days = thresholds.public_notice_days
    if not facts.uses_existing_land:
        return _step(
            StepCode.PUBLIC_NOTICE,
            Outcome.NOT_APPLICABLE,
            units=(),
            clause=LAND_CLAUSE,
            explanation=(
                f"本项目不利用小区及周边存量土地，{LAND_CLAUSE}关于实施方案公示{days}天"
                "并经利害关系人同意的要求不适用。"
            ),
        )
    return _step(
        StepCode.PUBLIC_NOTICE,
        Outcome.REQUIRED,
        units=("街道", "自然资源和规划部门"),
        clause=LAND_CLAUSE,
        documents=(
            "未来社区建设实施方案（公示稿）",
            f"公示情况说明（公示期不少于{days}天）",
            "利害关系人同意材料",
            "符合规划的说明",
        ),
        explanation=(
            f"本项目利用小区及周边存量土地，依据{LAND_CLAUSE}须在符合规划的前提下将实施方案"
            f"公示{days}天后，经利害关系人同意方可建设；利用空地、荒地、绿地及拆违腾空土地"
            "加装电梯和新增公共配套服务设施的，可不增收土地价款。"
        ),
    )


def joint_review(facts: ProjectFacts, roster: DepartmentRoster) -> RouteStep:
    """三(四)1: the construction department convenes the listed departments' joint review."""
    if not in_joint_review_scope(facts):
        return _joint_not_applicable(StepCode.JOINT_REVIEW, facts)
    reviewers = tuple(d.name for d in roster.reviewers)
    return _step(
        StepCode.JOINT_REVIEW,
        Outcome.REQUIRED,
        units=(f"{roster.convener.name}（召集）", *reviewers),
        clause=JOINT_CLAUSE,
        documents=(
            "改造方案（含公共服务设施配置和运营方案）",
            "项目基本情况（投资、建筑面积、结构、用地和房屋权属）",
            "现状图纸和照片",
        ),
        explanation=(
            f"本项目属于{_joint_scope_phrase(facts)}，依据{JOINT_CLAUSE}实行部门联合审查，"
            f"由{roster.convener.name}召集{'、'.join(reviewers)}等{len(reviewers)}个部门"
            "联合审查，出具会议纪要，相关部门据此进行项目审批。"
        ),
    )


def joint_consultation(facts: ProjectFacts, roster: DepartmentRoster) -> RouteStep:
    """三(四)1: utilities and resident representatives jointly consult on the plan."""
    if not in_joint_review_scope(facts):
        return _joint_not_applicable(StepCode.JOINT_CONSULTATION, facts)
    consultees = tuple(d.name for d in roster.consultees)
    return _step(
        StepCode.JOINT_CONSULTATION,
        Outcome.REQUIRED,
        units=(f"{roster.convener.name}（召集）", *consultees),
        clause=JOINT_CLAUSE,
        documents=("改造方案", "涉及管线、杆线和设施迁改的说明", "居民代表名单"),
        explanation=(
            f"本项目属于{_joint_scope_phrase(facts)}，依据{JOINT_CLAUSE}须与"
            f"{'、'.join(consultees)}对改造方案进行联合会商，并出具会议纪要。"
        ),
    )


def _joint_not_applicable(code: StepCode, facts: ProjectFacts) -> RouteStep:
    """三(四)1 scope is closed: other projects get no joint review or consultation."""
    if not is_renovation(facts):
        reason = (
            f"{JOINT_CLAUSE}联合审查会商仅适用于旧改类项目，新建类项目按照工程建设基本程序实施。"
        )
    else:
        reason = (
            "本项目既不属于利用既有建筑改造设置养老、托育等公共服务设施，也不属于旧改类市政"
            f"公用配套设施和环境提升改造建设项目，不在{JOINT_CLAUSE}联合审查会商范围内，"
            "各审批事项按常规程序分别办理。"
        )
    return _step(code, Outcome.NOT_APPLICABLE, units=(), clause=JOINT_CLAUSE, explanation=reason)


def project_establishment(facts: ProjectFacts) -> RouteStep:
    """三(四)2: a published old-renovation list may be the basis for establishment and code."""
    units = ("建设单位", "发改部门")
    if not is_renovation(facts):
        return _new_build_normal(StepCode.PROJECT_ESTABLISHMENT, units)
    if not facts.on_published_list:
        return _step(
            StepCode.PROJECT_ESTABLISHMENT,
            Outcome.NORMAL_PROCEDURE,
            units=units,
            clause=ESTABLISHMENT_CLAUSE,
            documents=("立项申请", "立项依据材料"),
            explanation=(
                f"{ESTABLISHMENT_CLAUSE}规定省、市、县公布的旧改类未来社区建设名单可作为立项"
                "依据，本项目未列入已公布名单，文件对此情形未作规定，按常规程序申请立项和项目赋码。"
            ),
        )
    return _step(
        StepCode.PROJECT_ESTABLISHMENT,
        Outcome.REQUIRED,
        units=units,
        clause=ESTABLISHMENT_CLAUSE,
        documents=("立项申请", "列入省、市、县公布的旧改类未来社区建设名单的证明"),
        explanation=(
            "本项目已列入省、市、县公布的旧改类未来社区建设名单，依据"
            f"{ESTABLISHMENT_CLAUSE}可以该名单为依据申请立项和项目赋码。"
        ),
    )


def _merged_blockers(facts: ProjectFacts, thresholds: RouteThresholds) -> list[str]:
    """三(四)2 merger conditions that the project fails, each as a Chinese phrase."""
    limit = thresholds.merged_proposal_total_investment_limit
    inclusive = thresholds.merged_proposal_limit_inclusive
    over = facts.total_investment > limit if inclusive else facts.total_investment >= limit
    bound = "（含本数）" if inclusive else "（不含本数）"
    blockers = []
    if over:
        blockers.append(
            f"总投资{format_yuan(facts.total_investment)}不在{format_yuan(limit)}{bound}以下"
        )
    flags = (
        (facts.changes_land_rights, "改变土地权属"),
        (facts.changes_land_use, "改变用地性质"),
        (facts.changes_building_use, "改变房屋使用性质"),
        (facts.adds_floor_area, "新增建筑面积"),
        (facts.major_structural_change, "建筑主体和承重结构发生重大改变"),
    )
    blockers.extend(label for is_set, label in flags if is_set)
    return blockers


def proposal_feasibility(facts: ProjectFacts, thresholds: RouteThresholds) -> RouteStep:
    """三(四)2: small unchanged government renovations merge proposal and feasibility study."""
    code, units = StepCode.PROPOSAL_FEASIBILITY, ("建设单位", "发改部门")
    if not is_renovation(facts):
        return _new_build_normal(code, units)
    if facts.funding == Funding.ENTERPRISE:
        return _step(
            code,
            Outcome.NOT_APPLICABLE,
            units=units,
            clause=ESTABLISHMENT_CLAUSE,
            explanation=(
                f"本项目由企业利用自有资金建设，依据{ESTABLISHMENT_CLAUSE}实行备案制管理，"
                "无需报批项目建议书和可行性研究报告。"
            ),
        )
    documents = ("项目建议书", "可行性研究报告")
    if facts.funding == Funding.MIXED:
        reason = (
            f"{ESTABLISHMENT_CLAUSE}仅规定政府投资改造项目可以合并编报审批，未规定政企混合"
            "出资的情形，项目建议书和可行性研究报告按常规程序编报审批。"
        )
        return _step(
            code,
            Outcome.NORMAL_PROCEDURE,
            units=units,
            clause=ESTABLISHMENT_CLAUSE,
            documents=documents,
            explanation=reason,
        )
    return _government_proposal(facts, thresholds, documents)


def _government_proposal(
    facts: ProjectFacts, thresholds: RouteThresholds, documents: tuple[str, ...]
) -> RouteStep:
    """三(四)2 for government funding: merged only when every condition holds."""
    code, units = StepCode.PROPOSAL_FEASIBILITY, ("建设单位", "发改部门")
    blockers = _merged_blockers(facts, thresholds)
    if not in_joint_review_scope(facts):
        blockers.append("不在联合审查会商范围内，缺少合并审批所依据的联合审查会商意见")
    limit = format_yuan(thresholds.merged_proposal_total_investment_limit)
    if blockers:
        return _step(
            code,
            Outcome.NORMAL_PROCEDURE,
            units=units,
            clause=ESTABLISHMENT_CLAUSE,
            documents=documents,
            explanation=(
                f"本项目{'；'.join(blockers)}，不符合{ESTABLISHMENT_CLAUSE}合并编报审批的条件，"
                "项目建议书和可行性研究报告按常规程序分别编报审批。"
            ),
        )
    bound = "含本数" if thresholds.merged_proposal_limit_inclusive else "不含本数"
    return _step(
        code,
        Outcome.MERGED,
        units=units,
        clause=ESTABLISHMENT_CLAUSE,
        documents=("项目建议书和可行性研究报告（合并编报）", "联合审查会商会议纪要"),
        explanation=(
            f"本项目为政府投资改造项目，总投资{format_yuan(facts.total_investment)}在{limit}"
            f"（{bound}）以下，不改变土地权属、用地性质和房屋使用性质，不新增建筑面积，"
            f"建筑主体和承重结构不发生重大改变，依据{ESTABLISHMENT_CLAUSE}可以合并编报和审批"
            "项目建议书、可行性研究报告。"
        ),
    )


def approval_or_filing(facts: ProjectFacts) -> RouteStep:
    """三(四)2: government renovations are approved, enterprise self-funded ones filed."""
    code, units = StepCode.APPROVAL_OR_FILING, ("发改部门",)
    if not is_renovation(facts):
        return _new_build_normal(code, units)
    if facts.funding == Funding.ENTERPRISE:
        return _step(
            code,
            Outcome.FILING,
            units=units,
            clause=ESTABLISHMENT_CLAUSE,
            documents=("企业投资项目备案信息",),
            explanation=(
                f"本项目由企业利用自有资金建设，依据{ESTABLISHMENT_CLAUSE}对旧改类未来社区"
                "项目采用备案制管理。"
            ),
        )
    if facts.funding == Funding.MIXED:
        return _step(
            code,
            Outcome.NORMAL_PROCEDURE,
            units=units,
            clause=ESTABLISHMENT_CLAUSE,
            explanation=(
                f"{ESTABLISHMENT_CLAUSE}仅规定政府投资改造项目的审批和企业自有资金项目的备案制，"
                "未规定政企混合出资的情形，由发改部门按常规程序确定审批或备案方式。"
            ),
        )
    basis = "建设单位申请和联合审查会商意见" if in_joint_review_scope(facts) else "建设单位申请"
    return _step(
        code,
        Outcome.REQUIRED,
        units=units,
        clause=ESTABLISHMENT_CLAUSE,
        documents=("项目审批申请",),
        explanation=(
            f"本项目为政府投资改造项目，依据{ESTABLISHMENT_CLAUSE}由发改部门根据{basis}审批。"
        ),
    )


def planning_permit(facts: ProjectFacts) -> RouteStep:
    """三(四)3: conversions without added floor area and municipal works may need no permit."""
    code, units = StepCode.PLANNING_PERMIT, ("自然资源和规划部门",)
    if not is_renovation(facts):
        return _new_build_normal(code, units)
    conversion = facts.converts_to_public_service and not facts.adds_floor_area
    if facts.municipal_or_environment_works or conversion:
        kind = (
            "旧改类市政公用配套设施和环境提升改造建设项目"
            if facts.municipal_or_environment_works
            else "利用既有建筑改建公共服务设施且不增加建筑面积的项目"
        )
        return _step(
            code,
            Outcome.EXEMPT,
            units=units,
            clause=PLANNING_CLAUSE,
            documents=("联合审查意见（明确无需办理建设工程规划许可）",),
            explanation=(
                f"本项目属于{kind}，依据{PLANNING_CLAUSE}依法无需办理建设工程规划许可的，"
                "由自然资源和规划部门在联合审查意见中明确。"
            ),
        )
    if facts.converts_to_public_service:
        reason = "本项目利用既有建筑改建公共服务设施但新增建筑面积"
    else:
        reason = "本项目不属于利用既有建筑改建公共服务设施或市政公用配套设施和环境提升改造项目"
    return _step(
        code,
        Outcome.NORMAL_PROCEDURE,
        units=units,
        clause=PLANNING_CLAUSE,
        documents=("建设工程规划许可申请材料",),
        explanation=f"{reason}，不符合{PLANNING_CLAUSE}的免办情形，按常规程序办理建设工程规划许可。",
    )


def construction_permit(facts: ProjectFacts, thresholds: RouteThresholds) -> RouteStep:
    """三(四)4: < investment limit OR < area limit is exempt, unless a Decree 51 project."""
    code, units = StepCode.CONSTRUCTION_PERMIT, ("建设部门",)
    if not is_renovation(facts):
        return _new_build_normal(code, units)
    money_limit = thresholds.construction_permit_investment_limit
    area_limit = thresholds.construction_permit_area_limit
    amount, area = facts.compared_works_investment, facts.works_floor_area
    amount_label = (
        "工程投资额" if facts.works_investment is not None else "工程投资额（按总投资计）"
    )
    below = []
    if amount < money_limit:
        below.append(f"{amount_label}{format_yuan(amount)}低于{format_yuan(money_limit)}")
    if area < area_limit:
        below.append(f"建筑面积{format_area(area)}低于{format_area(area_limit)}")
    if facts.special_construction_project:
        return _special_construction_permit(facts, thresholds, below)
    if below:
        return _step(
            code,
            Outcome.EXEMPT,
            units=units,
            clause=CONSTRUCTION_CLAUSE,
            explanation=(
                f"本项目{'，且'.join(below)}（门槛不含本数），依据{CONSTRUCTION_CLAUSE}"
                "可以不申请办理施工许可证。"
            ),
        )
    return _step(
        code,
        Outcome.REQUIRED,
        units=units,
        clause=CONSTRUCTION_CLAUSE,
        documents=("施工许可证申请材料",),
        explanation=(
            f"本项目{amount_label}{format_yuan(amount)}达到{format_yuan(money_limit)}且建筑面积"
            f"{format_area(area)}达到{format_area(area_limit)}，依据{CONSTRUCTION_CLAUSE}须申领"
            "施工许可证，具体可参照绍兴市城镇老旧小区改造工作规程办理。"
        ),
    )


def _special_construction_permit(
    facts: ProjectFacts, thresholds: RouteThresholds, below: list[str]
) -> RouteStep:
    """三(四)4: Decree 51 special projects never get the exemption."""
    code, units = StepCode.CONSTRUCTION_PERMIT, ("建设部门",)
    documents = ("特殊建设工程消防设计审查意见", "施工许可证申请材料")
    if not below:
        return _step(
            code,
            Outcome.REQUIRED,
            units=units,
            clause=CONSTRUCTION_CLAUSE,
            documents=documents,
            explanation=(
                f"本项目属于{DECREE_51}规定的特殊建设工程，且工程投资额和建筑面积均达到"
                f"{CONSTRUCTION_CLAUSE}的门槛，须申领施工许可证。"
            ),
        )
    return _step(
        code,
        Outcome.NORMAL_PROCEDURE,
        units=units,
        clause=CONSTRUCTION_CLAUSE,
        documents=documents,
        explanation=(
            f"本项目虽{'，且'.join(below)}，但属于{DECREE_51}规定的特殊建设工程，"
            f"依据{CONSTRUCTION_CLAUSE}不适用免办施工许可证的规定，按施工许可常规规定办理。"
        ),
    )


def procurement(facts: ProjectFacts) -> RouteStep:
    """三(四)5: tendering follows the law; whole-process consulting and EPC are encouraged."""
    code, units = StepCode.PROCUREMENT, ("建设单位",)
    if not is_renovation(facts):
        return _new_build_normal(code, units)
    return _step(
        code,
        Outcome.NORMAL_PROCEDURE,
        units=units,
        clause=PROCUREMENT_CLAUSE,
        documents=("招标文件",),
        explanation=(
            f"项目招标依法办理，依据{PROCUREMENT_CLAUSE}鼓励采用全过程工程咨询、工程总承包"
            "等模式；综合集成运营商可依据三(三)采用邀请招标方式、评定分离办法确定。"
        ),
    )


def route_notes(facts: ProjectFacts, thresholds: RouteThresholds) -> tuple[str, ...]:
    """Route-level notes: every place where the text is silent or needs confirmation."""
    if not is_renovation(facts):
        return (
            f"新建类未来社区项目按照工程建设基本程序实施（{NEW_BUILD_CLAUSE}），"
            "旧改类的联合审查、合并编报、免办规划许可和施工许可等措施均不适用。",
        )
    notes = []
    if facts.funding == Funding.MIXED:
        notes.append(
            f"文件未规定政企混合出资的旧改类项目（{ESTABLISHMENT_CLAUSE}只规定政府投资和企业"
            "自有资金两种情形），项目建议书、可行性研究报告及审批或备案方式按常规程序办理。"
        )
    if not facts.on_published_list:
        notes.append(
            "本项目未列入省、市、县公布的旧改类未来社区建设名单，文件未规定此情形，立项和"
            f"项目赋码按常规程序办理（{ESTABLISHMENT_CLAUSE}）。"
        )
    if not in_joint_review_scope(facts):
        notes.append(
            f"本项目不在{JOINT_CLAUSE}联合审查会商范围内，文件未规定此类旧改项目的联合审查"
            "简化程序，各审批事项按常规程序分别办理。"
        )
        if facts.funding == Funding.GOVERNMENT:
            notes.append(
                f"{ESTABLISHMENT_CLAUSE}规定发改部门根据联合审查会商意见决定合并编报审批；"
                "本项目没有联合审查会商意见，文件未规定此情形，项目建议书和可行性研究报告"
                "按常规程序编报审批。"
            )
    notes.extend(_confirmation_notes(facts, thresholds))
    return tuple(notes)


def _confirmation_notes(facts: ProjectFacts, thresholds: RouteThresholds) -> list[str]:
    """Notes on readings that the responsible department must confirm."""
    notes = []
    government = facts.funding == Funding.GOVERNMENT
    if government and facts.converts_to_public_service and not facts.changes_building_use:
        notes.append(
            "利用既有建筑改造设置公共服务设施时，请核实是否改变房屋使用性质；如改变，则不符合"
            f"{ESTABLISHMENT_CLAUSE}合并编报审批的条件。"
        )
    limit = thresholds.merged_proposal_total_investment_limit
    if government and facts.total_investment == limit:
        bound = "含" if thresholds.merged_proposal_limit_inclusive else "不含"
        notes.append(
            f"总投资恰为{format_yuan(limit)}：原文“2000万元以下”未注明是否含本数，本系统按配置"
            f"取{bound}本数，请以发改部门意见为准（{ESTABLISHMENT_CLAUSE}）。"
        )
    if facts.works_investment is None and not facts.special_construction_project:
        notes.append(
            f"未提供工程投资额，施工许可按总投资额与门槛比较（{CONSTRUCTION_CLAUSE}比较的是"
            "工程投资额，总投资额不低于工程投资额，结论偏于审慎）。"
        )
    if planning_permit(facts).outcome == Outcome.EXEMPT:
        notes.append(
            f"免办建设工程规划许可以“依法无需办理”为前提，须由自然资源和规划部门在联合审查"
            f"意见中明确（{PLANNING_CLAUSE}），本导航结果不能替代该意见。"
        )
    return notes
