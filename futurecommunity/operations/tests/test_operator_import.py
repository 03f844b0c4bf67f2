"""Operators from Excel (issue 16 §6): template, all-or-nothing import, every error kind, export."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from futurecommunity.audit.models import AuditEntry
from futurecommunity.operations.excel import (
    MEMBER_HEADERS,
    MEMBER_SHEET,
    OPERATOR_HEADERS,
    OPERATOR_SHEET,
)
from futurecommunity.operations.models import ConsortiumMember, OperatorProfile
from futurecommunity.operations.tests import factories as f

pytestmark = pytest.mark.django_db
URL = "operations:operator-import"


def _book(operators: list[list[Any]], members: list[list[Any]] = ()) -> BytesIO:  # type: ignore[assignment]
    book = Workbook()
    sheet = book.active
    sheet.title = OPERATOR_SHEET
    sheet.append(list(OPERATOR_HEADERS))
    for row in operators:
        sheet.append(row)
    extra = book.create_sheet(MEMBER_SHEET)
    extra.append(list(MEMBER_HEADERS))
    for row in members:
        extra.append(row)
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "operators.xlsx"
    return buffer


def _post(client, operators, members=()):  # type: ignore[no-untyped-def]
    return client.post(reverse(URL), {"file": _book(operators, members)})


def test_template_has_both_sheets_and_drop_down_lists(client, city_editor) -> None:
    client.force_login(city_editor)
    book = load_workbook(BytesIO(client.get(reverse(URL) + "?template=1").content))
    assert tuple(c.value for c in book[OPERATOR_SHEET][1]) == OPERATOR_HEADERS
    assert tuple(c.value for c in book[MEMBER_SHEET][1]) == MEMBER_HEADERS
    kinds = book[OPERATOR_SHEET].data_validations.dataValidation
    assert [(str(v.sqref), v.formula1) for v in kinds] == [("B2:B2000", '"综合运营商,专业运营商"')]
    member_lists = {
        str(v.sqref): v.formula1 for v in book[MEMBER_SHEET].data_validations.dataValidation
    }
    assert member_lists["D2:D2000"] == '"牵头方,成员"'
    assert "地方国有平台" in member_lists["C2:C2000"]


def test_city_imports_operators_and_a_consortium_as_one_audited_event(client, city_editor) -> None:
    lead, specialist, member = f.credit(), f.credit(), f.credit()
    client.force_login(city_editor)
    response = _post(
        client,
        [
            ["越城未来社区运营联合体", "综合运营商", "", lead, "张三", "0575-8888 0000", "越城区"],
            ["小太阳托育", "专业运营商", "托育、养老", specialist.lower(), "", 13800000000, ""],
        ],
        [
            [lead, "越城城投集团", "地方国有平台", "牵头方", member],
            [lead, "某物业公司", "物业企业", "成员", ""],
        ],
    )
    assert response.status_code == 302
    consortium = OperatorProfile.objects.get(credit_code=lead)
    assert consortium.is_consortium and consortium.operator_kind == "integrated"
    assert consortium.organisation.kind == "operator"
    assert consortium.contact_phone == "0575-8888 0000"
    assert list(consortium.members.values_list("name", "member_kind", "role", "credit_code")) == [
        ("越城城投集团", "state_platform", "牵头方", member),
        ("某物业公司", "property", "成员", ""),
    ]
    care = OperatorProfile.objects.get(credit_code=specialist)  # stored upper-case
    assert care.services == ["childcare", "elderly"] and not care.is_consortium
    assert care.contact_phone == "13800000000"
    entry = AuditEntry.objects.get(action="operator.import")
    assert entry.changes == {"operators": [None, [lead, specialist]]}
    assert not AuditEntry.objects.filter(action="operator.register").exists()
    # The export lists them with contacts and members (a round trip officials can check).
    rows = list(
        load_workbook(
            BytesIO(client.get(reverse("operations:operator-export")).content)
        ).active.iter_rows(min_row=3, values_only=True)
    )
    by_code = {r[4]: r for r in rows}
    assert by_code[lead][6:] == (
        "张三", "0575-8888 0000", "越城区",
        "越城城投集团（地方国有平台，牵头方）；某物业公司（物业企业，成员）",
    )  # fmt: skip


def test_every_error_kind_is_listed_with_row_column_and_rule_and_nothing_is_written(
    client, city_editor
) -> None:
    existing = f.operator(city_editor, name="已登记运营商")
    good, bad_check = f.credit(), f.credit()
    bad_check = bad_check[:17] + ("0" if bad_check[17] != "0" else "1")
    client.force_login(city_editor)
    before = (OperatorProfile.objects.count(), ConsortiumMember.objects.count())
    audits = AuditEntry.objects.count()
    page = _post(
        client,
        [
            ["好运营商", "综合运营商", "", good, "", "", ""],  # 2: fine on its own
            ["", "大运营商", "", bad_check, "", "abc", "x" * 201],  # 3
            ["某专业运营商", "专业运营商", "", f.credit(), "", "", ""],  # 4: no service
            ["某托育", "专业运营商", "托育、按摩", f.credit(), "", "", ""],  # 5: unknown service
            ["重复代码", "综合运营商", "", good, "", "", ""],  # 6: same code as row 2
            ["好运营商", "综合运营商", "", f.credit(), "", "", ""],  # 7: same name as row 2
            ["别名", "综合运营商", "", existing.credit_code, "", "", ""],  # 8: registered code
            ["已登记运营商", "综合运营商", "", f.credit(), "", "", ""],  # 9: registered name
            ["短代码", "综合运营商", "", "91330600ABC", "", "", ""],  # 10: length
            ["坏字符", "综合运营商", "", "91330600MA2BCDEFGI", "", "", ""],  # 11: letter I
        ],
        [
            ["913306000000000000", "某公司", "开发企业", "", ""],  # 2: unknown consortium
            [good, "", "银行", "老大", "123"],  # 3: name, kind, role, code
            [good, "城投", "地方国有平台", "牵头方", ""],  # 4
            [good, "城投", "地方国有平台", "成员", ""],  # 5: same member twice
        ],
    ).content.decode()
    expected = [
        "运营单位表第3行“运营单位名称”：必填。",
        "运营单位表第3行“运营商类型”：请填写综合运营商或专业运营商（三(三)）。",
        "运营单位表第3行“统一社会信用代码”：统一社会信用代码校验位不正确（GB 32100-2015），请核对。",
        "运营单位表第3行“联系电话”：只能包含数字、空格和 + - ( )，5至30位。",
        "运营单位表第3行“地址”：不超过200字。",
        "运营单位表第4行“运营服务”：专业运营商须填写运营的服务（如托育、养老、社区商业，三(三)）。",
        "运营单位表第5行“运营服务”：“按摩”不在可选范围内",
        "运营单位表第6行“统一社会信用代码”：与本表第2行重复。",
        "运营单位表第7行“运营单位名称”：与本表第2行重复。",
        "运营单位表第8行“统一社会信用代码”：该统一社会信用代码已登记为运营单位“已登记运营商”，不能重复导入。",
        "运营单位表第9行“运营单位名称”：已有同名运营单位，不能重复导入。",
        "运营单位表第10行“统一社会信用代码”：统一社会信用代码应为18位。",
        "运营单位表第11行“统一社会信用代码”：统一社会信用代码含有不允许的字符",
        "联合体成员表第2行“联合体统一社会信用代码”：“913306000000000000”不是“运营单位”表中任何一行的统一社会信用代码。",
        "联合体成员表第3行“成员单位名称”：必填。",
        "联合体成员表第3行“成员类型”：请从下拉列表选择",
        "联合体成员表第3行“联合体角色”：请填写牵头方或成员，或留空。",
        "联合体成员表第3行“成员统一社会信用代码”：统一社会信用代码应为18位。",
        "联合体成员表第5行“成员单位名称”：与本表第4行是同一联合体的同一成员。",
    ]
    for text in expected:
        assert text in page, text
    listed = page.split('id="import-errors"')[1].split("</section>")[0]
    assert listed.count("<li>") == len(expected)  # nothing reported twice, nothing extra
    assert "运营单位表第2行" not in page and "联合体成员表第4行" not in page
    assert (OperatorProfile.objects.count(), ConsortiumMember.objects.count()) == before
    assert AuditEntry.objects.count() == audits
    # All or nothing: the same file without its bad rows imports every remaining row.
    assert _post(client, [["好运营商", "综合运营商", "", good, "", "", ""]]).status_code == 302
    assert OperatorProfile.objects.count() == before[0] + 1


def test_file_level_refusals_say_why(client, city_editor) -> None:
    client.force_login(city_editor)
    page = _post(client, []).content.decode()
    assert "“运营单位”表中没有数据行。" in page
    garbage = BytesIO(b"not a workbook")
    garbage.name = "x.xlsx"
    page = client.post(reverse(URL), {"file": garbage}).content.decode()
    assert "无法读取该文件" in page
    book = Workbook()
    book.active.title = OPERATOR_SHEET
    book.active.append(["名称", "类型"])
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "x.xlsx"
    page = client.post(reverse(URL), {"file": buffer}).content.decode()
    assert "表头与模板不一致" in page
    assert OperatorProfile.objects.count() == 0


@override_settings(FC_XLSX_MAX_ROWS=5)
def test_input_is_bounded_by_the_common_limits(client, city_editor) -> None:
    client.force_login(city_editor)
    rows = [[f"运营商{i}", "综合运营商", "", f.credit(), "", "", ""] for i in range(6)]
    page = _post(client, rows).content.decode()
    assert "工作表超过 5 行" in page
    assert OperatorProfile.objects.count() == 0


def test_only_who_registers_operators_may_import(client, yuecheng_editor, city_viewer) -> None:
    for user in (yuecheng_editor, city_viewer):
        client.force_login(user)
        assert client.get(reverse(URL)).status_code == 403
        response = _post(client, [["某运营商", "综合运营商", "", f.credit(), "", "", ""]])
        assert response.status_code == 403
    assert OperatorProfile.objects.count() == 0
