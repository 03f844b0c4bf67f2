"""District subtotals where lists are by district (issue 12 item 5): the dashboard's plan
table (per district over all years and levels, registered projects and investment in 万元) and
the plan-target list (a 小计 row per district, a 合计 row)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from futurecommunity.projects.tests.factories import ProjectFactory
from futurecommunity.targets.models import PlanTarget

pytestmark = pytest.mark.django_db


def test_dashboard_plan_table_has_district_subtotals_and_investment(
    client, city_viewer, tashan_editor
) -> None:
    ProjectFactory(actor=tashan_editor, total_investment=Decimal("436040000.00"))
    ProjectFactory(actor=tashan_editor, total_investment=Decimal("12345678.90"))
    ProjectFactory(actor=tashan_editor, total_investment=None)
    client.force_login(city_viewer)
    response = client.get(reverse("dashboard"), {"as_of": "2025-06-30"})
    matrix = response.context["matrix"]
    yuecheng = next(r for r in matrix["rows"] if r["district"].code == "330602")
    cells = [c for c in yuecheng["cells"] if c is not None]
    assert yuecheng["subtotal"]["target"] == sum(c.target for c in cells)
    assert yuecheng["subtotal"]["target"] == sum(
        PlanTarget.objects.filter(district_id="330602").values_list("target", flat=True)
    )
    assert yuecheng["subtotal"]["created"] == sum(c.created for c in cells)
    assert yuecheng["projects"].count == 3
    assert yuecheng["projects"].investment == Decimal("448385678.90")
    keqiao = next(r for r in matrix["rows"] if r["district"].code == "330603")
    assert keqiao["projects"].count == 0
    assert matrix["total"]["target"] == sum(r["subtotal"]["target"] for r in matrix["rows"])
    assert matrix["projects"].investment == Decimal("448385678.90")
    body = response.content.decode()
    assert '<td class="num" data-investment="330602">44,838.57</td>' in body  # 万元
    assert '<td class="num" id="matrix-investment">44,838.57</td>' in body
    assert "总投资（万元）" in body


def test_plan_target_list_has_a_subtotal_row_per_district(client, yuecheng_editor) -> None:
    client.force_login(yuecheng_editor)
    response = client.get(reverse("plan-target-list"))
    rows = response.context["rows"]
    assert [r["district"].code for r in rows] == ["330602"]
    expected = sum(PlanTarget.objects.filter(district_id="330602").values_list("target", flat=True))
    assert rows[0]["subtotal"] == expected == response.context["total"]
    provincial = sum(
        PlanTarget.objects.filter(district_id="330602", level="provincial").values_list(
            "target", flat=True
        )
    )
    assert ("省级", provincial) in rows[0]["by_level"]
    body = response.content.decode()
    assert "越城区 小计" in body
    assert f'<td class="num" id="plan-total">{expected}</td>' in body
