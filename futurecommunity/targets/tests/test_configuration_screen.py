"""One screen over every configuration row, and the 推定（待核实） label (issue 10, item 11)."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.template import Context, Template
from django.urls import reverse
from docx import Document

from futurecommunity.audit.models import AuditEntry
from futurecommunity.common import configuration
from futurecommunity.common.errors import DomainError
from futurecommunity.common.provenance import docx_provenance, provenance_text, with_provenance
from futurecommunity.rectification.loaders import load_rectification_settings
from futurecommunity.reporting.loaders import ensure_configuration
from futurecommunity.reporting.models import Indicator, ReportingParameter
from futurecommunity.targets.models import RuleParameter
from futurecommunity.targets.services import configuration_row_update

pytestmark = pytest.mark.django_db


def _edit_url(kind: str, key: str) -> str:
    return reverse("configuration-edit", args=[kind, key])


def test_the_label_renders_the_same_on_screen_in_word_and_in_text() -> None:
    row = RuleParameter.objects.get(key="t4_warning_days")
    assert row.confidence == "reconstructed"
    html = Template("{% load provenance %}{% provenance row %}").render(Context({"row": row}))
    assert "推定（待核实）" in html and row.source in html
    sourced = RuleParameter.objects.get(key="g1_min_communities_2026")
    empty = Template("{% load provenance %}{% provenance row %}").render(Context({"row": sourced}))
    assert empty.strip() == ""
    assert with_provenance("30天", row) == f"30天（推定（待核实），出处：{row.source}）"
    assert with_provenance("300个", sourced) == "300个"
    document = Document()
    docx_provenance(document.add_paragraph("30天"), row)
    saved = BytesIO()
    document.save(saved)
    assert Document(BytesIO(saved.getvalue())).paragraphs[0].text == (
        f"30天（{provenance_text(row)}）"
    )


def test_every_configuration_kind_is_listed_with_its_labels(client, city_viewer) -> None:
    ensure_configuration()
    client.force_login(city_viewer)
    page = client.get(reverse("configuration-list")).content.decode()
    for kind in configuration.kinds():
        assert f'id="config-{kind.slug}"' in page, kind.slug
    assert "首年" in page and "推定（待核实）" in page
    only = client.get(reverse("configuration-list"), {"show": "reconstructed"}).content.decode()
    assert "2026 年底未来社区建成数下限" in page and "2026 年底未来社区建成数下限" not in only


def test_city_editor_changes_a_row_with_history_and_the_label_goes(client, city_editor) -> None:
    client.force_login(city_editor)
    url = _edit_url("rule-parameter", "first_year_treatment")
    response = client.post(url, {"value": "full", "reason": "市风貌办2025年第3次专题会议纪要"})
    assert response.status_code == 302
    row = RuleParameter.objects.get(key="first_year_treatment")
    assert (row.value, row.confidence) == ("full", "local")
    entry = AuditEntry.objects.get(action="configuration.update")
    assert entry.changes["value"] == ["pro_rata", "full"]
    assert entry.reason == "市风貌办2025年第3次专题会议纪要"
    page = client.get(url).content.decode()
    assert "市风貌办2025年第3次专题会议纪要" in page  # the history
    assert "推定（待核实）" not in page[page.index('id="current-value"') :][:300]


@pytest.mark.parametrize(
    ("kind", "key", "value", "message"),
    [
        ("rule-parameter", "first_year_treatment", "half", "取值须为以下之一"),
        ("rule-parameter", "t4_warning_days", "3.5", "取值须为整数"),
        ("rule-parameter", "g1_min_coverage_2026", "88", "比例须在 0 到 1 之间"),
        ("rule-parameter", "programme_start", "2023-13-01", "日期"),
        ("reporting-parameter", "report_due_day", "31", "不能大于28"),
        ("indicator", "operation", "-1", "不能小于0"),
        ("coverage-requirement", "street", "1.2", "不能大于1"),
        ("rectification-setting", "reminder_days_before", "3,x", "逗号分隔的整数"),
    ],
)
def test_a_bad_value_is_refused_in_chinese_and_nothing_changes(
    client, city_editor, kind, key, value, message
) -> None:
    ensure_configuration()
    load_rectification_settings()
    client.force_login(city_editor)
    entries = AuditEntry.objects.count()
    response = client.post(_edit_url(kind, key), {"value": value, "reason": "测试"})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert AuditEntry.objects.count() == entries


def test_only_the_city_office_edits_and_a_refusal_writes_nothing(
    client, yuecheng_editor, city_viewer, resident
) -> None:
    url = _edit_url("rule-parameter", "t4_warning_days")
    for user, status in ((yuecheng_editor, 403), (city_viewer, 403)):
        client.force_login(user)
        assert client.get(url).status_code == 200  # every official reads it
        assert client.post(url, {"value": "10", "reason": "x"}).status_code == status
    client.force_login(resident)
    assert client.get(url).status_code == 404
    assert RuleParameter.objects.get(key="t4_warning_days").value == "30"
    assert not AuditEntry.objects.filter(action="configuration.update").exists()
    with pytest.raises(DomainError):
        configuration_row_update(
            actor=yuecheng_editor,
            kind_slug="rule-parameter",
            key="t4_warning_days",
            value="10",
            reason="x",
        )


def test_reporting_rows_are_editable_on_the_same_screen(client, city_editor) -> None:
    ensure_configuration()
    client.force_login(city_editor)
    response = client.post(
        _edit_url("indicator", "operation"), {"value": "12.5", "reason": "考评办法修订"}
    )
    assert response.status_code == 302
    assert str(Indicator.objects.get(code="operation").weight) == "12.50"
    response = client.post(
        _edit_url("reporting-parameter", "bulletin_issuer"),
        {"value": "绍兴市未来社区建设工作专班办公室", "reason": "核定"},
    )
    assert response.status_code == 302
    row = ReportingParameter.objects.get(key="bulletin_issuer")
    assert (row.value, row.confidence) == ("绍兴市未来社区建设工作专班办公室", "local")


def test_public_footer_names_the_bulletins_issuer_with_its_label(client) -> None:
    ensure_configuration()
    issuer = ReportingParameter.objects.get(key="bulletin_issuer")
    footer = client.get("/public/").content.decode().split('class="muted public-footer"')[1]
    assert f"信息由{issuer.value}发布" in footer and "推定（待核实）" in footer
    assert "工作专班" not in footer


def test_report_list_labels_the_due_day(client, yuecheng_editor) -> None:
    ensure_configuration()
    client.force_login(yuecheng_editor)
    page = client.get(reverse("reporting:report-list")).content.decode()
    line = page[page.index("报送截止") :][:800]
    assert "推定（待核实）" in line and "报送截止日原文未规定" in line


def test_a_rectification_setting_the_city_edited_no_longer_reads_reconstructed(
    client, city_editor
) -> None:
    """Issue 10 leftover: rectification settings get the "edited by the city" state too."""
    from futurecommunity.rectification.models import RectificationSetting

    row = RectificationSetting.objects.get(key="reminder_days_before")
    assert row.confidence == "assumed" and provenance_text(row).startswith("推定（待核实）")
    client.force_login(city_editor)
    url = _edit_url("rectification-setting", "reminder_days_before")
    listing = client.get(reverse("configuration-list"), {"show": "reconstructed"}).content.decode()
    assert "整改期限前提醒天数" in listing
    response = client.post(url, {"value": "5,2", "reason": "市风貌办2026年第1次专题会议纪要"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.value, row.confidence) == ("5,2", "local")
    assert row.get_confidence_display() == "市风貌办已修改"
    assert provenance_text(row) == ""
    page = client.get(url).content.decode()
    assert "推定（待核实）" not in page[page.index('id="current-value"') :][:300]
    listing = client.get(reverse("configuration-list"), {"show": "reconstructed"}).content.decode()
    assert "整改期限前提醒天数" not in listing
    entry = AuditEntry.objects.get(action="configuration.update")
    assert entry.changes["confidence"] == ["assumed", "local"]
    # Reloading the settings file leaves the city's value and state as they are.
    load_rectification_settings()
    row.refresh_from_db()
    assert (row.value, row.confidence) == ("5,2", "local")
