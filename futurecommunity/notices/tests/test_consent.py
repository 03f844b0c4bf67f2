"""Stakeholder register import (all or nothing) and consent recording."""

import datetime as dt

import pytest
from django.urls import reverse

from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.errors import PermissionDenied, ValidationFailed
from futurecommunity.notices import imports, services
from futurecommunity.notices.models import Stakeholder
from futurecommunity.notices.tests.factories import listed_project, pdf, register, register_workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(tashan_editor, yuecheng_approver):
    return listed_project(editor=tashan_editor, approver=yuecheng_approver)


def test_import_with_errors_imports_nothing_and_lists_every_row(client, project, tashan_editor):
    register(project, 1, 0)  # 1幢 1单元 101 住户0 already listed
    upload = register_workbook(
        [
            ("1幢", "1单元", 101, "住户0"),
            ("", "1单元", "102", "李四"),
            ("2幢", "1单元", "201", ""),
            ("2幢", "1单元", "202", "赵六"),
            ("2幢", "1单元", "202", "赵六"),
        ]
    )
    client.force_login(tashan_editor)
    response = client.post(
        reverse("notices:consent-import", args=[project.reference]), {"file": upload}
    )
    assert response.status_code == 400
    errors = response.context["import_errors"]
    assert errors == [
        "第 2 行：该户已在名册中。",
        "第 3 行：缺少楼栋。",
        "第 4 行：缺少权利人/户主。",
        "第 6 行：与本表前面的行重复。",
    ]
    assert Stakeholder.objects.filter(project=project).count() == 1


def test_valid_register_is_imported_and_read_back(client, project, tashan_editor):
    upload = register_workbook([("1幢", "1单元", 101, "张三"), ("1幢", "2单元", "201", "李四")])
    client.force_login(tashan_editor)
    response = client.post(
        reverse("notices:consent-import", args=[project.reference]), {"file": upload}
    )
    assert response.status_code == 302
    assert list(
        Stakeholder.objects.filter(project=project).values_list("building", "unit", "room", "owner")
    ) == [("1幢", "1单元", "101", "张三"), ("1幢", "2单元", "201", "李四")]
    assert AuditEntry.objects.get(action="stakeholder.import").changes == {
        "stakeholders": [None, 2]
    }


def test_wrong_header_is_refused(project):
    upload = register_workbook([("1幢", "1", "101", "张三")], header=("楼号", "单元", "室", "户主"))
    assert imports.read_register(upload, project).errors == [
        "第 1 行须为表头：楼栋、单元、室号、权利人/户主。"
    ]


def test_not_an_excel_file_is_refused(project):
    assert imports.read_register(pdf(), project).errors == [
        "无法读取该文件，请上传 .xlsx 格式的 Excel 表格。"
    ]


def test_signed_form_needs_the_scan_and_is_stored(project, tashan_editor):
    register(project, 1, 0)
    row = Stakeholder.objects.get(project=project)
    with pytest.raises(ValidationFailed):
        services.consent_record(
            actor=tashan_editor,
            stakeholder=row,
            answer="agreed",
            method="signed_form",
            answered_on=dt.date(2026, 3, 3),
        )
    services.consent_record(
        actor=tashan_editor,
        stakeholder=row,
        answer="agreed",
        method="signed_form",
        answered_on=dt.date(2026, 3, 3),
        form=pdf("签字表.pdf"),
    )
    row.refresh_from_db()
    assert (row.answer, row.method, row.form_name) == ("agreed", "signed_form", "签字表.pdf")
    assert row.form.read().startswith(b"%PDF")


def test_other_district_cannot_record_consent(project, keqiao_editor):
    register(project, 1, 0)
    row = Stakeholder.objects.get(project=project)
    with pytest.raises(PermissionDenied):
        services.consent_record(
            actor=keqiao_editor,
            stakeholder=row,
            answer="agreed",
            method="in_person",
            answered_on=dt.date(2026, 3, 3),
        )
    row.refresh_from_db()
    assert row.answer == "pending"


def test_consent_page_shows_progress_per_building(client, project, tashan_editor, keqiao_editor):
    register(project, 6, 5)  # 1幢: 4 of 4 agreed, 2幢: 1 of 2
    client.force_login(tashan_editor)
    response = client.get(reverse("notices:consent-detail", args=[project.reference]))
    buildings = [
        (b.building, b.listed, b.agreed, b.percent) for b in response.context["view"].buildings
    ]
    assert buildings == [("1幢", 4, 4, 100), ("2幢", 2, 1, 50)]
    assert "还差 1 户" in response.content.decode()
    client.force_login(keqiao_editor)
    assert (
        client.get(reverse("notices:consent-detail", args=[project.reference])).status_code == 404
    )


def test_service_refuses_bad_rows_without_writing(project, tashan_editor):
    with pytest.raises(ValidationFailed) as caught:
        services.stakeholders_import(
            actor=tashan_editor,
            project=project,
            rows=[("1幢", "1单元", "101", "张三"), ("", "1单元", "102", "李四")],
        )
    assert caught.value.errors["file"] == ["第 2 行：缺少楼栋。"]
    assert not Stakeholder.objects.filter(project=project).exists()
    assert not AuditEntry.objects.filter(action="stakeholder.import").exists()
