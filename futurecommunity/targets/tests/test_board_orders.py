"""Compliance board findings grouped by rule and district, and 下发整改单 from a finding
(issue 12 item 5): prefill, permission (四 S3), the order answering a finding shown instead."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.time import today_local
from futurecommunity.projects.tests.factories import ProjectFactory, advance
from futurecommunity.rectification.models import OrderStatus, RectificationOrder
from futurecommunity.targets.compliance.findings import Severity

pytestmark = pytest.mark.django_db

D = dt.date
URL = reverse("compliance-board")
AS_OF = "2025-06-30"


@pytest.fixture
def project(tashan_editor, yuecheng_approver):
    """越城 (塔山街道) county new-build listed 2024-03-01: a T1-level violation (二(一) T1)."""
    p = ProjectFactory(actor=tashan_editor, build_type="new_build", name="塔山新建测试社区")
    return advance(
        p,
        "listed",
        approver=yuecheng_approver,
        editor=tashan_editor,
        on=[D(2024, 2, 1), D(2024, 3, 1)],
    )


def _item(response, rule_id: str, subject: str):
    for group in response.context["groups"]:
        for district in group.districts:
            for item in district.items:
                if item.finding.rule_id == rule_id and item.finding.subject_code == subject:
                    return item
    return None


def _create_url(project) -> str:
    return reverse("compliance-order-create", args=["T1-level", project.reference, 0])


def test_findings_are_grouped_by_rule_then_district_with_counts(client, city_viewer, project):
    client.force_login(city_viewer)
    response = client.get(URL, {"as_of": AS_OF})
    findings = response.context["findings"]
    groups = response.context["groups"]
    # Every listed finding is in exactly one group; the counts are the findings' own.
    assert sum(g.total for g in groups) == len(findings) > 0
    for g in groups:
        mine = [f for f in findings if f.rule_id == g.rule.rule_id]
        assert g.total == len(mine)
        assert g.violations == sum(f.severity == Severity.VIOLATION for f in mine)
        assert g.warnings == sum(f.severity == Severity.WARNING for f in mine)
        for d in g.districts:
            assert all(i.finding.rule_id == g.rule.rule_id for i in d.items)
            assert d.total == len(d.items)
    t1 = next(g for g in groups if g.rule.rule_id == "T1-level")
    yuecheng = next(d for d in t1.districts if d.code == "330602")
    assert yuecheng.name == "越城区" and yuecheng.violations >= 1
    body = response.content.decode()
    # Collapsible without script: closed by default on the overview, open for a chosen cell.
    assert body.count('<details class="finding-group"') == len(groups)
    assert f'data-rule="T1-level" data-total="{t1.total}">' in body
    chosen = client.get(URL, {"as_of": AS_OF, "rule": "T1-level", "row": "330602"})
    assert 'data-rule="T1-level" data-total' in chosen.content.decode()
    assert " open>" in chosen.content.decode()


def test_the_action_is_offered_only_to_those_who_issue_orders(
    client, city_viewer, city_editor, tashan_editor, project
):
    client.force_login(city_editor)
    item = _item(client.get(URL, {"as_of": AS_OF}), "T1-level", project.reference)
    assert item is not None and item.can_issue and item.order is None
    assert _create_url(project) in client.get(URL, {"as_of": AS_OF}).content.decode()
    for viewer in (city_viewer, tashan_editor):  # a viewer's role; a street does not issue
        client.force_login(viewer)
        page = client.get(URL, {"as_of": AS_OF})
        assert "下发整改单</a>" not in page.content.decode()
        refused = client.get(_create_url(project), {"as_of": AS_OF})
        assert refused.status_code == 403
        assert "四 S3" in refused.content.decode()


def test_the_order_form_is_prefilled_from_the_finding(client, city_editor, project):
    client.force_login(city_editor)
    response = client.get(_create_url(project), {"as_of": AS_OF})
    assert response.status_code == 200
    form = response.context["form"]
    finding = response.context["finding"]
    recipient = form.fields["recipient"].queryset.get(pk=form.initial["recipient"])
    assert recipient.code == "sx-330602001"  # the project's street office
    assert "塔山新建测试社区" in form.initial["title"]
    assert "二(一) T1" in form.initial["requirement"]
    assert finding.explanation in form.initial["requirement"]
    assert finding.explanation in response.content.decode()


def test_issuing_goes_through_the_order_service_and_the_board_then_links_the_order(
    client, city_editor, project
):
    client.force_login(city_editor)
    form = client.get(_create_url(project), {"as_of": AS_OF}).context["form"]
    data = {
        "as_of": AS_OF,
        "recipient": form.initial["recipient"],
        "title": form.initial["title"],
        "requirement": form.initial["requirement"],
        "deadline": (today_local() + dt.timedelta(days=20)).isoformat(),
    }
    response = client.post(_create_url(project), data)
    order = RectificationOrder.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "rectification:order-detail", args=[order.pk]
    )
    assert (order.source_rule, order.source_subject, order.source_clause) == (
        "T1-level",
        project.reference,
        "二(一) T1",
    )
    assert order.status == OrderStatus.ISSUED and order.recipient.code == "sx-330602001"
    assert AuditEntry.objects.filter(
        action="rectification.order_issue", subject_reference=order.reference
    ).exists()
    page = client.get(URL, {"as_of": AS_OF})
    item = _item(page, "T1-level", project.reference)
    assert item.order == order and not item.can_issue
    assert reverse("rectification:order-detail", args=[order.pk]) in page.content.decode()
    # The service refuses a second open order on the same finding; nothing is written.
    again = client.post(_create_url(project), data)
    assert again.status_code == 200 and "已有未办结的整改单" in again.content.decode()
    assert RectificationOrder.objects.count() == 1
    # Once closed, the finding (if it still fails) may be answered by a new order.
    RectificationOrder.objects.filter(pk=order.pk).update(status=OrderStatus.CLOSED)
    assert _item(client.get(URL, {"as_of": AS_OF}), "T1-level", project.reference).can_issue


def test_a_district_issues_for_its_own_streets_only(
    client, yuecheng_editor, keqiao_editor, project
):
    client.force_login(yuecheng_editor)
    page = client.get(URL, {"as_of": AS_OF})
    assert _item(page, "T1-level", project.reference).can_issue
    assert client.get(_create_url(project), {"as_of": AS_OF}).status_code == 200
    # Its own district's findings go to nobody it may issue to (not to itself).
    district_items = [
        i
        for g in page.context["groups"]
        for d in g.districts
        for i in d.items
        if i.finding.subject_code == "330602"
    ]
    assert district_items and not any(i.can_issue for i in district_items)
    first = district_items[0]
    url = reverse(
        "compliance-order-create",
        args=[first.finding.rule_id, first.finding.subject_code, first.index],
    )
    assert client.get(url, {"as_of": AS_OF}).status_code == 403
    # Another district does not find 越城's finding at all.
    client.force_login(keqiao_editor)
    assert client.get(_create_url(project), {"as_of": AS_OF}).status_code == 404
