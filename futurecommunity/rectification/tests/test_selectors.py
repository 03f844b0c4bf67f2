import datetime as dt

from futurecommunity.accounts.models import Organisation
from futurecommunity.projects.tests.factories import KEQIAO, TASHAN, YUECHENG
from futurecommunity.rectification.models import RectificationOrder
from futurecommunity.rectification.selectors import (
    OrderStats,
    OverdueOrder,
    order_stats,
    overdue_orders,
)
from futurecommunity.rectification.tests.factories import freeze, issue

D = dt.date


def _close(order: RectificationOrder, on: dt.date) -> None:
    RectificationOrder.objects.filter(pk=order.pk).update(status="closed", closed_on=on)


def test_order_stats_and_overdue_orders_on_a_hand_made_case(city_editor, monkeypatch):
    freeze(monkeypatch, D(2025, 4, 30))
    on_time = issue(city_editor, f"sx-{TASHAN}", issued_on=D(2025, 3, 1), deadline=D(2025, 3, 20))
    late = issue(city_editor, f"sx-{YUECHENG}", issued_on=D(2025, 3, 2), deadline=D(2025, 3, 10))
    open_overdue = issue(
        city_editor, f"sx-{TASHAN}", issued_on=D(2025, 3, 5), deadline=D(2025, 3, 25), title="绿化"
    )
    issue(city_editor, f"sx-{TASHAN}", issued_on=D(2025, 3, 6), deadline=D(2025, 5, 30))
    issue(city_editor, f"sx-{KEQIAO}", issued_on=D(2025, 3, 6), deadline=D(2025, 3, 7))
    issue(city_editor, f"sx-{TASHAN}", issued_on=D(2025, 2, 28), deadline=D(2025, 3, 7))
    _close(on_time, D(2025, 3, 18))
    _close(late, D(2025, 3, 15))

    stats = order_stats(district_code=YUECHENG, start=D(2025, 3, 1), end=D(2025, 3, 31))

    assert stats == OrderStats(issued=4, closed_on_time=1, closed_late=1, open_overdue=1)
    assert open_overdue.reference == "绍风貌整〔2025〕3号"
    assert overdue_orders(prefix=YUECHENG, as_of=D(2025, 3, 31)) == [
        OverdueOrder(
            reference="绍风貌整〔2025〕6号",
            district_code=YUECHENG,
            recipient_name="塔山街道办事处",
            deadline=D(2025, 3, 7),
            days_overdue=24,
            title="立面风貌不协调",
        ),
        OverdueOrder(
            reference="绍风貌整〔2025〕3号",
            district_code=YUECHENG,
            recipient_name="塔山街道办事处",
            deadline=D(2025, 3, 25),
            days_overdue=6,
            title="绿化",
        ),
    ]
    assert [o.reference for o in overdue_orders(prefix="", as_of=D(2025, 3, 31))] == [
        "绍风貌整〔2025〕5号",
        "绍风貌整〔2025〕6号",
        "绍风貌整〔2025〕3号",
    ]


def test_order_stats_judges_a_past_month_as_of_its_end(city_editor, monkeypatch):
    freeze(monkeypatch, D(2025, 4, 30))
    order = issue(city_editor, f"sx-{TASHAN}", issued_on=D(2025, 3, 1), deadline=D(2025, 3, 10))
    _close(order, D(2025, 4, 5))

    march = order_stats(district_code=YUECHENG, start=D(2025, 3, 1), end=D(2025, 3, 31))

    # Closed in April: at the end of March it was still open and overdue.
    assert march == OrderStats(issued=1, closed_on_time=0, closed_late=0, open_overdue=1)


def test_district_opens_the_city_inspection_behind_its_order_but_sees_only_its_findings(
    client, city_editor, yuecheng_editor, keqiao_editor
):
    import datetime as _dt

    from django.urls import reverse

    from futurecommunity.common.time import today_local as _today
    from futurecommunity.rectification import services as _services

    inspection = _services.inspection_record(
        actor=city_editor,
        title="市级风貌督查",
        inspected_on=_today(),
        team="市督查组",
        scope_regions=["330602", "330603"],
        project_references=[],
        findings=[
            _services.FindingInput(description="越城区立面问题", region_code="330602"),
            _services.FindingInput(description="柯桥区广告牌问题", region_code="330603"),
        ],
    )
    finding = inspection.findings.get(region_code="330602")
    order = _services.order_issue(
        actor=city_editor,
        finding=finding,
        recipient=Organisation.objects.get(code="sx-330602"),
        title="立面整改",
        requirement="恢复立面原貌。",
        deadline=_today() + _dt.timedelta(days=30),
    )
    client.force_login(yuecheng_editor)
    page = client.get(reverse("rectification:inspection-detail", args=[inspection.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "越城区立面问题" in text and "柯桥区广告牌问题" not in text
    detail = client.get(reverse("rectification:order-detail", args=[order.pk])).content.decode()
    assert reverse("rectification:inspection-detail", args=[inspection.pk]) in detail
    client.force_login(keqiao_editor)
    text = client.get(
        reverse("rectification:inspection-detail", args=[inspection.pk])
    ).content.decode()
    assert "越城区立面问题" not in text and "柯桥区广告牌问题" in text
