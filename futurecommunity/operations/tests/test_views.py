"""Screens: who sees what (real objects in two districts), forms, exports read back."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from futurecommunity.operations import services
from futurecommunity.operations.models import FundingSource, ReportStatus
from futurecommunity.operations.tests import factories as f
from futurecommunity.projects.tests.factories import GUANSHU, KEQIAO, KEQIAO_STREET, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(city_editor, tashan_editor, keqiao_editor):  # type: ignore[no-untyped-def]
    a = ProjectFactory(actor=tashan_editor, name="塔山运营社区")
    b = ProjectFactory(
        actor=keqiao_editor,
        district_code=KEQIAO,
        street_code=KEQIAO_STREET,
        community_codes=(GUANSHU,),
        name="柯桥运营社区",
    )
    op_a = f.operator(city_editor, name="甲综合运营")
    op_b = f.operator(city_editor, name="乙综合运营")
    f.choose(tashan_editor, a, op_a)
    f.choose(keqiao_editor, b, op_b)
    return {
        "a": a,
        "b": b,
        "op_a": op_a,
        "op_b": op_b,
        "user_a": f.operator_user(op_a, "op_a"),
        "user_b": f.operator_user(op_b, "op_b"),
    }


def test_city_sees_the_register_and_districts_see_only_their_projects(
    client, world, city_viewer, keqiao_editor
) -> None:
    client.force_login(city_viewer)
    page = client.get(reverse("operations:operator-list")).content.decode()
    assert "甲综合运营" in page and "乙综合运营" in page and "缺少运营方案的旧改类项目" in page
    assert (
        client.get(reverse("operations:project-detail", args=[world["a"].reference])).status_code
        == 200
    )
    client.force_login(keqiao_editor)
    assert (
        client.get(reverse("operations:project-detail", args=[world["a"].reference])).status_code
        == 404
    )
    assert (
        client.get(reverse("operations:project-detail", args=[world["b"].reference])).status_code
        == 200
    )


def test_an_operator_sees_only_its_own_communities(client, world) -> None:
    client.force_login(world["user_a"])
    page = client.get(reverse("operations:operator-list")).content.decode()
    assert (
        world["a"].reference in page
        and world["b"].reference not in page
        and "乙综合运营" not in page
    )
    assert (
        client.get(reverse("operations:project-detail", args=[world["b"].reference])).status_code
        == 404
    )
    assert (
        client.get(reverse("operations:operator-detail", args=[world["op_b"].pk])).status_code
        == 404
    )
    assert client.get(reverse("operations:street-funds")).status_code == 404
    assert client.get(reverse("operations:funding-import")).status_code == 404
    # Nor does an operator reach the offices' pages.
    assert client.get(reverse("projects:project-list")).status_code in (403, 404)


def test_operator_reports_through_the_form_and_the_district_confirms(
    client, world, yuecheng_editor, keqiao_editor
) -> None:
    client.force_login(world["user_a"])
    url = reverse("operations:report-create", args=[world["a"].reference])
    assert client.get(url).status_code == 200
    form = {"year": 2026, "quarter": 3, "hours_kept_percent": "95", "survey_responses": 50, "survey_satisfied": 45,
            "revenue": "1000", "subsidy": "0", "open_elderly": "on", "people_elderly": 300,
            "open_childcare": "on", "people_childcare": 20, "people_culture": 0}  # fmt: skip
    response = client.post(url, form)
    assert response.status_code == 302
    report = world["a"].op_reports.get()
    assert report.lines.filter(is_open=True).count() == 2
    assert (
        client.get(reverse("operations:report-create", args=[world["b"].reference])).status_code
        == 404
    )
    client.force_login(keqiao_editor)
    assert client.get(reverse("operations:report-detail", args=[report.pk])).status_code == 404
    assert (
        client.post(
            reverse("operations:report-review", args=[report.pk]), {"decision": "confirm"}
        ).status_code
        == 404
    )
    client.force_login(yuecheng_editor)
    page = client.get(reverse("operations:report-detail", args=[report.pk])).content.decode()
    assert "确认" in page and "退回修改" in page
    client.post(reverse("operations:report-review", args=[report.pk]), {"decision": "confirm"})
    report.refresh_from_db()
    assert report.status == ReportStatus.CONFIRMED


def test_a_bad_form_keeps_the_input_and_says_why(client, world, tashan_editor) -> None:
    client.force_login(tashan_editor)
    url = reverse("operations:funding-save", args=[world["a"].reference])
    response = client.post(
        url,
        {"kind": "social_capital", "investor": "", "year": 2025, "planned": "100", "received": "0"},
    )
    assert response.status_code == 400
    assert "社会资本须写明出资方" in response.content.decode()
    assert FundingSource.objects.count() == 0


def test_funding_import_screen_lists_every_error_and_writes_nothing(
    client, world, tashan_editor
) -> None:
    client.force_login(tashan_editor)
    template = client.get(reverse("operations:funding-import") + "?template=1")
    sheet = load_workbook(BytesIO(template.content)).active
    assert [c.value for c in sheet[1]][:3] == ["项目编号", "年度", "资金来源"]
    book = Workbook()
    ws = book.active
    ws.append([c.value for c in sheet[1]])
    ws.append([world["a"].reference, 2025, "区、县（市）资金", "", 100, 50])
    ws.append([world["b"].reference, 2025, "区、县（市）资金", "", 100, 50])
    ws.append([world["a"].reference, "二〇二五", "天上掉的", "", "NaN", 0])
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "funding.xlsx"
    page = client.post(reverse("operations:funding-import"), {"file": buffer}).content.decode()
    assert "第3行" in page and "不在您的管辖范围" in page
    assert (
        "第4行" in page
        and "年度应为四位数字" in page
        and "不在可选范围" in page
        and "不是有效数字" in page
    )
    assert FundingSource.objects.count() == 0


def test_exports_are_real_workbooks_of_the_scoped_rows(
    client, world, keqiao_editor, yuecheng_editor
) -> None:
    services.quarterly_report_submit(
        actor=world["user_a"], project=world["a"], data=f.quarter(2026, 3)
    )
    services.quarterly_report_submit(
        actor=world["user_b"], project=world["b"], data=f.quarter(2026, 3)
    )
    client.force_login(keqiao_editor)
    rows = list(
        load_workbook(
            BytesIO(client.get(reverse("operations:report-export")).content)
        ).active.iter_rows(values_only=True)
    )
    references = [r[0] for r in rows[2:]]
    assert references == [world["b"].reference]
    operators = load_workbook(
        BytesIO(client.get(reverse("operations:operator-export")).content)
    ).active
    assert operators.cell(2, 1).value == "运营单位"


def test_the_parameter_screen_labels_reconstructed_numbers(
    client, city_editor, yuecheng_editor
) -> None:
    from futurecommunity.operations.loaders import load_operations

    load_operations()
    client.force_login(yuecheng_editor)
    page = client.get(reverse("operations:parameter-list")).content.decode()
    assert "推定（待核实）" in page and "<form" not in page.split("param-table")[1]
    assert (
        client.post(
            reverse("operations:parameter-list"),
            {"key": "report_due_days", "value": "10", "reason": "x"},
        ).status_code
        == 403  # the page is visible to the district: refused, not hidden
    )
    client.force_login(city_editor)
    client.post(
        reverse("operations:parameter-list"),
        {"key": "report_due_days", "value": "10", "reason": "绍风貌〔2026〕5号"},
    )
    assert "市风貌办已核定" in client.get(reverse("operations:parameter-list")).content.decode()


def test_street_fund_screen_records_and_refuses_overdraw(client, tashan_editor) -> None:
    client.force_login(tashan_editor)
    url = reverse("operations:street-funds")
    today = dt.date.today().isoformat()
    client.post(
        url,
        {
            "street_code": "330602001",
            "occurred_on": today,
            "direction": "in",
            "amount": "100",
            "source": "归集",
        },
    )
    page = client.post(
        url,
        {
            "street_code": "330602001",
            "occurred_on": today,
            "direction": "out",
            "use": "operation",
            "amount": "200",
            "source": "补贴",
        },
    ).content.decode()
    assert "不足以支出" in page
    assert "塔山街道" in client.get(url).content.decode()


def test_operator_imports_quarters_all_or_nothing(client, world) -> None:
    from futurecommunity.operations.excel import QUARTER_HEADERS

    client.force_login(world["user_a"])
    template = load_workbook(
        BytesIO(client.get(reverse("operations:report-import") + "?template=1").content)
    ).active
    assert tuple(c.value for c in template[1]) == QUARTER_HEADERS

    def upload(*rows):  # type: ignore[no-untyped-def]
        book = Workbook()
        book.active.append(list(QUARTER_HEADERS))
        for row in rows:
            book.active.append(list(row))
        buffer = BytesIO()
        book.save(buffer)
        buffer.seek(0)
        buffer.name = "q.xlsx"
        return client.post(reverse("operations:report-import"), {"file": buffer})

    good = [world["a"].reference, 2026, 2, 95, 100, 90, 1000, 0, 50, 20]
    response = upload(
        good,
        [world["b"].reference, 2026, 2, 95, 100, 90, 1000, 0],
        [world["a"].reference, 2026, 2, 95, 10, 90, 1000, 0, "许多"],
    )
    page = response.content.decode()
    assert "第3行" in page and "不由贵单位运营" in page and "第4行" in page and "应为整数" in page
    assert world["a"].op_reports.count() == 0
    assert upload(good).status_code == 302
    report = world["a"].op_reports.get()
    assert [(line.service, line.people_served) for line in report.lines.order_by("id")] == [
        ("elderly", 50),
        ("childcare", 20),
    ]
    assert client.get(reverse("operations:report-import")).status_code == 200
    client.force_login(world["user_b"])
    assert "不由贵单位运营" in upload(good).content.decode()
