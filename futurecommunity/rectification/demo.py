"""Demo data (演示): one inspection with findings and orders in several states.

Runs after the projects demo (which creates the demo users). Orders go through the real
services, so audit entries and inbox messages are as for real work; the overdue order is
escalated by the real escalation run.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from futurecommunity.accounts.models import Organisation, User
from futurecommunity.common.time import today_local
from futurecommunity.notifications.models import Message
from futurecommunity.projects.models import Project
from futurecommunity.rectification import alerts, services
from futurecommunity.rectification.models import Inspection, RectificationOrder

TITLE = "【演示】2025 年度未来社区风貌专项督查"


def _user(username: str) -> User | None:
    return User.objects.filter(username=username, is_active=True).first()


def seed_demo() -> int:
    """Create the demo inspection and four orders; returns orders created (0 if present)."""
    if Inspection.objects.filter(is_demo=True).exists():
        return 0
    city, district = _user("city_clerk"), _user("d330602_clerk")
    tashan, keqiao_street = _user("s330602001_clerk"), _user("s330603001_clerk")
    if city is None or district is None or tashan is None or keqiao_street is None:
        return 0
    today = today_local()
    rows = [
        ("沿街店招杂乱，色彩与街区风貌不协调。", "330602001"),
        ("小区入口绿化缺损，裸土未覆盖。", "330603001"),
        ("邻里中心无障碍坡道坡度过大。", "330602001"),
        ("公共空间夜间照明不足。", "330603"),
    ]
    projects = list(
        Project.objects.filter(is_demo=True, region_code__startswith="330602").values_list(
            "reference", flat=True
        )[:2]
    )
    with transaction.atomic():
        inspection = services.inspection_record(
            actor=city,
            title=TITLE,
            inspected_on=today - dt.timedelta(days=45),
            team="【演示】市风貌办督查一组",
            scope_regions=["330602", "330603"],
            project_references=projects,
            summary="【演示】抽查越城区、柯桥区未来社区项目 6 个，发现问题 4 个。",
            findings=[services.FindingInput(text, code) for text, code in rows],
            is_demo=True,
        )
        findings = list(inspection.findings.order_by("id"))

        def order(actor, finding, recipient_code, issued_ago, deadline_in):  # type: ignore[no-untyped-def]
            return services.order_issue(
                actor=actor,
                recipient=Organisation.objects.get(code=f"sx-{recipient_code}"),
                title=f"【演示】{finding.description[:12]}整改",
                requirement=f"{finding.description}\n请对照风貌管控要求逐项整改，并上传整改前后对比照片。",
                deadline=today + dt.timedelta(days=deadline_in),
                finding=finding if actor == city else None,
                issued_on=today - dt.timedelta(days=issued_ago),
                is_demo=True,
            )

        overdue = order(city, findings[0], "330602001", 40, -10)
        sent_back = order(city, findings[1], "330603001", 30, 5)
        services.order_move(
            actor=keqiao_street, order=sent_back, target="responded", remark="已补植绿化。"
        )
        services.order_move(
            actor=city, order=sent_back, target="sent_back", remark="裸土仍未覆盖，请补充照片。"
        )
        district_inspection_order = order(district, findings[2], "330602001", 20, 10)
        services.order_move(
            actor=tashan,
            order=district_inspection_order,
            target="responded",
            remark="坡道已改造，坡度 1:12。",
        )
        services.order_move(actor=district, order=district_inspection_order, target="closed")
        order(city, findings[3], "330603", 10, 2)
    alerts.escalations_run(today=today)
    alerts.reminders_send(today=today)
    _ = overdue
    return RectificationOrder.objects.filter(is_demo=True).count()


def remove_demo() -> int:
    """Delete demo orders, the demo inspection and the inbox messages that point at them."""
    orders = RectificationOrder.objects.filter(is_demo=True)
    links = [services.order_link(o) for o in orders]
    count = orders.count()
    with transaction.atomic():
        Message.objects.filter(link__in=links).delete()
        orders.delete()
        Inspection.objects.filter(is_demo=True).delete()
    return count
