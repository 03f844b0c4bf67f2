"""Pilot deliverable to-dos (待办, W1): items the pilot's own office owes (not started, being
prepared or returned) and submitted items waiting for the city office's 认可."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse

from futurecommunity.accounts.models import User
from futurecommunity.notifications.todos import Todo
from futurecommunity.pilots import access
from futurecommunity.pilots.models import (
    DeliverableItem,
    DeliverableStatus,
    PilotDeliverable,
    WideDeclaration,
    WideStatus,
)

SOURCE = "pilots.deliverables"


def _link(reference: str) -> str:
    return reverse("pilots:declaration-detail", args=[reference]) + "#deliverables"


def todos_for(user: User) -> Iterable[Todo]:
    org = user.organisation
    if org is None:
        return
    if access.can_accept_deliverable(user):
        waiting = PilotDeliverable.objects.filter(status=DeliverableStatus.SUBMITTED)
        for d in waiting.select_related("item", "declaration").order_by("submitted_at", "id"):
            yield Todo(
                source=SOURCE,
                title="待认可试点成果",
                subject=f"{d.declaration.reference} {d.item.name}",
                link=_link(d.declaration.reference),
                clause="二(三) W1",
            )
        return
    if not access.can_submit_deliverable(user, org.region_code):
        return
    # The pilot's own office (the district for Keqiao's county pilot, the street for a street
    # pilot) is the one that owes its deliverables.
    pilots = WideDeclaration.objects.filter(is_pilot=True, region_code=org.region_code).exclude(
        status=WideStatus.REJECTED
    )
    for declaration in pilots.order_by("reference"):
        done = {
            d.item_id: d
            for d in declaration.deliverables.all()
            if d.status in (DeliverableStatus.SUBMITTED, DeliverableStatus.ACCEPTED)
        }
        returned = {d.item_id for d in declaration.deliverables.all() if d.return_reason}
        for item in DeliverableItem.objects.filter(kind=declaration.kind).order_by("order"):
            if item.pk in done:
                continue
            yield Todo(
                source=SOURCE,
                title="试点成果被退回，待修改后重新提交"
                if item.pk in returned
                else "待编制并提交试点成果",
                subject=f"{declaration.reference} {item.name}",
                link=_link(declaration.reference),
                clause="二(三) W1",
            )
