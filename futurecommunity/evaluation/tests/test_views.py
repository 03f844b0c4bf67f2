"""The acceptance flow through the pages, exports read back, scope and the index command."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from openpyxl import Workbook, load_workbook

from futurecommunity.common.errors import ValidationFailed
from futurecommunity.common.time import today_local
from futurecommunity.evaluation import imports, services
from futurecommunity.evaluation.models import Evaluation, IndexSystem
from futurecommunity.evaluation.tests.factories import evidence, make_expert, ready_project
from futurecommunity.projects.models import Project
from futurecommunity.rectification.models import RectificationOrder

pytestmark = pytest.mark.django_db


@pytest.fixture
def municipal(city_approver, tashan_editor):
    return ready_project(
        level="municipal", approver=city_approver, editor=tashan_editor, street_editor=tashan_editor
    )


def _fill_by_page(client, evaluation: Evaluation) -> None:
    data: dict[str, object] = {}
    for answer in evaluation.answers.all():
        key = f"a{answer.indicator_id}"
        data[f"{key}-declared"] = "done"
        data[f"{key}-quantity"] = "1"
        data[f"{key}-files"] = evidence(f"{answer.indicator.code}.jpg")
    response = client.post(reverse("evaluation:evaluation-assess", args=[evaluation.pk]), data)
    assert response.status_code == 302


def test_whole_municipal_acceptance_through_the_pages(
    client, municipal, tashan_editor, yuecheng_editor, city_editor, city_approver
):
    experts = [make_expert(f"page_expert{n}") for n in range(3)]
    client.force_login(tashan_editor)
    page = client.get(reverse("evaluation:evaluation-list"))
    assert municipal.reference in page.content.decode()
    client.post(reverse("evaluation:evaluation-start"), {"project": municipal.reference})
    evaluation = Evaluation.objects.get(project=municipal)
    _fill_by_page(client, evaluation)
    page = client.get(reverse("evaluation:evaluation-assess", args=[evaluation.pk]))
    assert "计算" in page.content.decode() and "塔山" in page.content.decode()

    client.force_login(yuecheng_editor)
    client.post(
        reverse("evaluation:evaluation-submit", args=[evaluation.pk]), {"summary": "已完成"}
    )
    evaluation.refresh_from_db()
    assert evaluation.status == "submitted"

    client.force_login(city_editor)
    client.post(reverse("evaluation:panel-form", args=[evaluation.pk]),
                {"experts": [e.pk for e in experts], "leader": experts[0].pk})  # fmt: skip
    assert evaluation.panel.count() == 3
    client.post(reverse("evaluation:site-visit", args=[evaluation.pk]),
                {"visited_on": today_local().isoformat(), "notes": "踏勘邻里中心", "photos": evidence()})  # fmt: skip
    assert evaluation.visits.get().photos.count() == 1

    for n, expert in enumerate(experts):
        client.force_login(expert.user)
        client.post(
            reverse("evaluation:conflict-declare", args=[evaluation.pk]), {"has_conflict": "0"}
        )
        share = Decimal("0.9") - Decimal(n) / 10
        data = {f"s{i.pk}": str(i.points * share) for i in evaluation.system.indicators.all()}
        client.post(
            reverse("evaluation:evaluation-score", args=[evaluation.pk]),
            {**data, "action": "submit"},
        )
        if n == 0:  # the first expert sees only their own sheet while the others still score
            sheet = client.get(reverse("evaluation:sheets-export", args=[evaluation.pk, "xlsx"]))
            book = load_workbook(io.BytesIO(sheet.content))
            assert book.sheetnames == [str(expert.user)]
    evaluation.refresh_from_db()
    assert evaluation.status == "scored"

    client.force_login(city_approver)
    deadline = (today_local() + dt.timedelta(days=45)).isoformat()
    response = client.post(reverse("evaluation:decision-record", args=[evaluation.pk]), {
        "outcome": "conditional", "document_number": "绍风貌验〔2026〕2号", "remark": "",
        "condition": ["补齐托育机构备案材料", ""], "condition_deadline": [deadline, ""],
    })  # fmt: skip
    assert response.status_code == 302
    assert Project.objects.get(pk=municipal.pk).status == "accepted"
    order = RectificationOrder.objects.get()
    assert order.deadline.isoformat() == deadline and "托育" in order.requirement
    page = client.get(
        reverse("evaluation:evaluation-detail", args=[evaluation.pk])
    ).content.decode()
    assert "有条件通过" in page and order.reference in page and "80.00" in page

    book = load_workbook(
        io.BytesIO(
            client.get(reverse("evaluation:sheets-export", args=[evaluation.pk, "xlsx"])).content
        )
    )
    assert book.sheetnames[0] == "汇总" and len(book.sheetnames) == 4
    summary = book["汇总"]
    last = [row for row in summary.iter_rows(values_only=True) if row[0] == "合计"][0]
    assert last[-1] == 80.0 and sorted(last[4:7]) == [70.0, 80.0, 90.0]
    word = Document(
        io.BytesIO(
            client.get(reverse("evaluation:sheets-export", args=[evaluation.pk, "docx"])).content
        )
    )
    text = "\n".join(p.text for p in word.paragraphs)
    assert "综合得分：80.00 分" in text and text.count("专家评分表") == 3


def test_other_district_and_outsider_get_404(
    client, municipal, tashan_editor, keqiao_editor, outsider
):
    evaluation = services.evaluation_start(actor=tashan_editor, project=municipal)
    for user in (keqiao_editor, outsider, make_expert("stranger").user):
        client.force_login(user)
        url = reverse("evaluation:evaluation-detail", args=[evaluation.pk])
        assert client.get(url).status_code in (403, 404)
        assert client.get(
            reverse("evaluation:evaluation-assess", args=[evaluation.pk])
        ).status_code in (403, 404)


def test_removed_old_acceptance_button(client, municipal, city_approver):
    client.force_login(city_approver)
    page = client.get(
        reverse("projects:project-detail", args=[municipal.reference])
    ).content.decode()
    assert 'value="accepted"' not in page


def _table(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(list(imports.HEADERS))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD = [
    "NEIGHBOURHOOD",
    "九场景",
    "未来邻里场景",
    "N1",
    "邻里中心",
    "标配",
    10,
    "照片",
    "设施",
    "",
    "neighbourhood_centre",
    "是",
    "浙风貌〔2026〕1号 附件",
    "有出处",
]


def _meta(**kw) -> imports.SystemMeta:
    values = dict(code="sx-municipal-2026", name="绍兴市市级未来社区建设标准", kind="municipal",
                  district_code="", version="2026版", issuer="绍兴市风貌办",
                  document_number="绍风貌〔2026〕9号", issued_on=dt.date(2026, 3, 1), year_from=2026,
                  year_to=None, pass_score=Decimal("75"), pass_score_source="")  # fmt: skip
    values.update(kw)
    return imports.SystemMeta(**values)


def test_import_is_all_or_nothing_with_row_errors(city_editor):
    bad = [*GOOD[:3], "N2", "社区食堂", "必配", "x", "", "网格", "", "", "吗", "", "有出处"]
    with pytest.raises(ValidationFailed) as refused:
        imports.system_import(actor=city_editor, meta=_meta(), content=_table([GOOD, bad, GOOD]))
    errors = refused.value.errors["file"]
    assert "第3行：配置须为标配或选配。" in errors
    assert "第3行：分值须为大于0且不超过1000的数。" in errors
    assert "第3行：必备须填“是”或“否”。" in errors
    assert "第4行：指标编码“N1”重复。" in errors
    assert not IndexSystem.objects.filter(code="sx-municipal-2026").exists()


def test_import_creates_a_sourced_version_that_then_applies(city_editor, yuecheng_editor):
    system = imports.system_import(actor=city_editor, meta=_meta(), content=_table([GOOD]))
    assert system.indicators.get().is_required
    assert system.confidence == "sourced"
    with pytest.raises(services.PermissionDenied):
        imports.system_import(actor=yuecheng_editor, meta=_meta(code="x2"), content=_table([GOOD]))
    county = imports.system_import(
        actor=yuecheng_editor, meta=_meta(code="yc-county", kind="county", district_code="330602"),
        content=_table([GOOD]),
    )  # fmt: skip
    assert county.district_code == "330602"


def test_exported_table_imports_back(city_editor):
    shipped = IndexSystem.objects.get(code="zj-index-2023-draft")
    content = imports.system_workbook(shipped)
    copy = imports.system_import(actor=city_editor, meta=_meta(code="copy"), content=content)
    assert copy.indicators.count() == 30
    assert sum(i.points for i in copy.indicators.all()) == Decimal("100")


def test_evaluation_index_command_prints_the_version_in_force():
    out = io.StringIO()
    call_command("evaluation_index", "--json", "--year", "2025", stdout=out)
    data = json.loads(out.getvalue())
    assert data["unified"][0]["name"] == "党建统领"
    assert [d["name"] for d in data["values"]] == ["人本化", "生态化", "数字化"]
    assert len(data["scenarios"]) == 9
    assert data["total_points"] == "100.00"
    assert data["scenarios"][0]["indicators"][0]["confidence"] in ("有出处", "推定（待核实）")
    assert data["pass_score_confidence"] == "推定（待核实）"


def test_scenario_page_and_dashboard_panel(client, city_editor):
    client.force_login(city_editor)
    page = client.get(reverse("evaluation:scenario-overview")).content.decode()
    assert "越城区" in page and "邻里" in page
    assert 'id="scenario-panel"' in client.get(reverse("dashboard")).content.decode()


def test_expert_pool_and_indicator_edit_pages(client, city_editor, yuecheng_editor):
    from futurecommunity.accounts.tests.factories import UserFactory
    from futurecommunity.evaluation.tests.factories import expert_pool_org

    account = UserFactory(username="new_expert", organisation=expert_pool_org())
    client.force_login(yuecheng_editor)
    assert client.get(reverse("evaluation:expert-list")).status_code == 404
    client.force_login(city_editor)
    assert "new_expert" in client.get(reverse("evaluation:expert-list")).content.decode()
    client.post(
        reverse("evaluation:expert-list"),
        {"user": account.pk, "field": "低碳", "work_unit": "浙江大学"},
    )
    account.refresh_from_db()
    assert account.expert_profile.work_unit == "浙江大学"
    system = IndexSystem.objects.get(code="sx-municipal-2023-draft")
    indicator = system.indicators.get(code="TR02")
    client.post(reverse("evaluation:indicator-update", args=[system.pk, indicator.pk]),
                {"points": "2", "kind": "standard", "is_required": "1"})  # fmt: skip
    indicator.refresh_from_db()
    assert (indicator.points, indicator.kind, indicator.is_required) == (
        Decimal("2"),
        "standard",
        True,
    )


def test_operating_effectively_is_judged_from_operating_records(
    city_approver, tashan_editor, yuecheng_editor
):
    """W2 "有效运营" comes from the operations app: a chosen operator, a plan and two quarters
    of indicators the district confirmed, each meeting the configured thresholds."""
    from futurecommunity.common.time import today_local
    from futurecommunity.evaluation.computed import operating_effectively
    from futurecommunity.evaluation.templatetags.evaluation_tags import operation_panel
    from futurecommunity.operations import rules as op_rules
    from futurecommunity.operations import services as op_services
    from futurecommunity.operations.tests import factories as op_factories
    from futurecommunity.projects.tests.factories import advance

    project = ready_project(level="provincial", approver=city_approver, editor=tashan_editor,
                            street_editor=tashan_editor, operator="塔山运营公司")  # fmt: skip
    effective, reasons = operating_effectively(project)
    assert not effective and any("尚未确定综合运营商" in r for r in reasons)
    advance(project, "operating", approver=city_approver, editor=tashan_editor)
    effective, reasons = operating_effectively(project)
    assert not effective and any("未报送运营指标" in r for r in reasons)
    reporter = op_factories.operator_user(project.selection.operator, "op_eval")
    last = op_rules.previous_quarter(*op_rules.quarter_of(today_local()))
    for year, quarter in (op_rules.previous_quarter(*last), last):
        report = op_services.quarterly_report_submit(
            actor=reporter, project=project, data=op_factories.quarter(year, quarter)
        )
        op_services.quarterly_report_review(actor=yuecheng_editor, report=report, confirm=True)
    assert operating_effectively(project) == (True, [])
    panel = operation_panel("330602001")
    assert (panel["effective"], panel["total"]) == (1, 1)
    assert operation_panel("330603")["total"] == 0
