"""Route-matrix cases of inspections and rectification orders: district A's office inspects
street A and issues it an order, which street A answers with evidence."""

from __future__ import annotations

import datetime as dt
from typing import Any

from futurecommunity.accounts.models import Organisation
from futurecommunity.accounts.tests.matrix import office_actor, upload
from futurecommunity.common.time import today_local
from futurecommunity.rectification import services
from futurecommunity.rectification.models import Inspection, RectificationOrder


def make_order(street_code: str) -> RectificationOrder:
    return services.order_issue(
        actor=office_actor(street_code[:6]),
        recipient=Organisation.objects.get(code=f"sx-{street_code}"),
        title="立面风貌不协调",
        requirement="拆除违规广告牌，恢复立面原貌。",
        deadline=today_local() + dt.timedelta(days=30),
    )


def make_inspection(street_code: str) -> Inspection:
    return services.inspection_record(
        actor=office_actor(street_code[:6]),
        title=f"矩阵测试督查{street_code}",
        inspected_on=today_local(),
        team="区风貌办督查组",
        scope_regions=[street_code],
        project_references=[],
        findings=[
            services.FindingInput(
                description="店招风貌不统一",
                region_code=street_code,
                attachments=[upload("现场照片.pdf")],
            )
        ],
    )


def _order(street_code: str) -> dict[str, Any]:
    return {"pk": make_order(street_code).pk}


def _order_attachment(street_code: str) -> dict[str, Any]:
    order = make_order(street_code)
    event = services.order_move(
        actor=office_actor(street_code),
        order=order,
        target="responded",
        remark="已拆除。",
        attachments=[upload("整改照片.pdf")],
    )
    return {"pk": order.pk, "attachment_pk": event.attachments.get().pk}


def _inspection(street_code: str) -> dict[str, Any]:
    return {"pk": make_inspection(street_code).pk}


def _finding_attachment(street_code: str) -> dict[str, Any]:
    inspection = make_inspection(street_code)
    attachment = inspection.findings.get().attachments.get()
    return {"pk": inspection.pk, "attachment_pk": attachment.pk}


# Inspections are the supervising offices' (city, district); the street does not see them.
_NO_STREET = {"street_a": 404}
_SUPERVISORS = (
    "district_a_viewer", "district_a_editor", "district_a_approver", "city_viewer",
    "city_editor", "city_approver",
)  # fmt: skip
# Only offices that issue orders (city, district; editor+) open the forms; others get 404.
_ISSUERS_ONLY = {
    "street_a": 404,
    "street_a2": 404,
    "district_a_viewer": 404,
    "city_viewer": 404,
    "department": 404,
    "operator": 404,
}

ROUTE_CASES: dict[str, dict[str, Any]] = {
    "rectification:order-list": {
        "profile": "summary_read",
        "shows": lambda street: make_order(street).reference,
    },
    "rectification:order-export": {"profile": "summary_read"},
    "rectification:order-create": {"profile": "city_read", "post": True, "expect": _ISSUERS_ONLY},
    "rectification:order-detail": {"make": _order, "profile": "office_read"},
    "rectification:order-docx": {"make": _order, "profile": "office_read"},
    "rectification:order-move": {
        "make": _order,
        "profile": "office_read",
        "post": True,
        "post_only": True,
        "ok_post": 302,
        # The recipient (street A) answers; parties without the move are refused on the page.
        "post_data": {"target": "responded", "remark": "已拆除违规广告牌。"},
    },
    "rectification:order-attachment-download": {
        "make": _order_attachment,
        "profile": "office_read",
    },
    "rectification:inspection-list": {
        "profile": "summary_read",
        "shows": lambda street: make_inspection(street).title,
        "sees": _SUPERVISORS,
    },
    "rectification:inspection-export": {"profile": "summary_read"},
    "rectification:inspection-create": {
        "profile": "city_read",
        "post": True,
        "expect": _ISSUERS_ONLY,
    },
    "rectification:inspection-detail": {
        "make": _inspection,
        "profile": "office_read",
        "expect": _NO_STREET,
    },
    "rectification:finding-attachment-download": {
        "make": _finding_attachment,
        "profile": "office_read",
        "expect": _NO_STREET,
    },
}
