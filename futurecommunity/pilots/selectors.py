"""Reads of the pilots app; declarations are scoped to the viewer (Http404 outside)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from futurecommunity.accounts.access import region_prefix_for
from futurecommunity.accounts.models import User
from futurecommunity.common.demo_filter import counted, demo_counts
from futurecommunity.pilots import rules
from futurecommunity.pilots.models import (
    AncientArea,
    CoverageRequirement,
    DeliverableDocument,
    DeliverableItem,
    DeliverableStatus,
    PilotDeliverable,
    WideDeclaration,
    WideEvidence,
    WideTransition,
)
from futurecommunity.pilots.snapshot import AreaFact, DeclarationFact
from futurecommunity.projects.selectors import project_facts
from futurecommunity.regions.models import Region
from futurecommunity.regions.selectors import community_list


def area_list() -> QuerySet[AncientArea]:
    return AncientArea.objects.prefetch_related("units", "projects").order_by("code")


def area_get(*, viewer: User, code: str) -> AncientArea:
    if region_prefix_for(viewer) is None:
        raise Http404
    try:
        return area_list().get(code=code)
    except AncientArea.DoesNotExist:
        raise Http404 from None


def declaration_list_for(*, viewer: User) -> QuerySet[WideDeclaration]:
    prefix = region_prefix_for(viewer)
    if prefix is None:
        return WideDeclaration.objects.none()
    return WideDeclaration.objects.filter(region_code__startswith=prefix).select_related(
        "district", "street"
    )


def declaration_get_for(*, viewer: User, reference: str) -> WideDeclaration:
    try:
        return declaration_list_for(viewer=viewer).get(reference=reference)
    except WideDeclaration.DoesNotExist:
        raise Http404 from None


def evidence_get_for(*, viewer: User, reference: str, pk: int) -> WideEvidence:
    """Evidence of a declaration in the viewer's scope; Http404 otherwise."""
    declaration = declaration_get_for(viewer=viewer, reference=reference)
    try:
        return declaration.evidence.select_related("declaration").get(pk=pk)
    except WideEvidence.DoesNotExist:
        raise Http404 from None


def requirement_for(kind: str) -> CoverageRequirement:
    try:
        return CoverageRequirement.objects.get(kind=kind)
    except CoverageRequirement.DoesNotExist:
        raise LookupError("全域覆盖率要求未配置，请执行 manage.py load_pilots。") from None


def coverage_of(region_code: str, day: dt.date) -> tuple[int, int]:
    """(covered, total) urban communities of a district or street on ``day`` (G3 convention)."""
    urban = community_list(prefix=region_code, urban_only=True).values_list("code", flat=True)
    return rules.urban_coverage(project_facts(prefix=region_code), urban, day, region_code)


def area_facts() -> list[AreaFact]:
    """Every area as replayable facts (2 queries); demo progress reads as planned (not started)
    in a real instance."""
    demo = demo_counts()
    return [
        AreaFact(
            code=a.code,
            name=a.name,
            schedule_year=a.schedule_year,
            started_on=a.started_on if demo or not a.is_demo else None,
            completed_on=a.completed_on if demo or not a.is_demo else None,
            renovation_references=a.renovation_references if demo or not a.is_demo else "",
            tourism_references=a.tourism_references if demo or not a.is_demo else "",
            project_references=tuple(sorted(p.reference for p in a.projects.all())),
        )
        for a in AncientArea.objects.prefetch_related("projects").order_by("code")
    ]


def declaration_facts() -> list[DeclarationFact]:
    """Every declaration with its dated history, the coverage its kind requires and, for a W1
    pilot, when each of its deliverables was accepted (6 queries)."""
    required = {r.kind: r for r in CoverageRequirement.objects.all()}
    history: dict[int, list[tuple[dt.date, str]]] = {}
    for declaration_id, day, status in (
        counted(WideTransition.objects.all(), "declaration__is_demo")
        .order_by("occurred_on", "id")
        .values_list("declaration_id", "occurred_on", "to_status")
    ):
        history.setdefault(declaration_id, []).append((day, status))
    declarations = list(counted(WideDeclaration.objects.all()).order_by("reference"))
    names = dict(
        Region.objects.filter(code__in={d.region_code for d in declarations}).values_list(
            "code", "name"
        )
    )
    items: dict[str, list[DeliverableItem]] = {}
    for item in DeliverableItem.objects.order_by("order", "key"):
        items.setdefault(item.kind, []).append(item)
    accepted = {
        (declaration_id, item_id): timezone.localdate(when)
        for declaration_id, item_id, when in PilotDeliverable.objects.filter(
            status=DeliverableStatus.ACCEPTED, decided_at__isnull=False
        ).values_list("declaration_id", "item_id", "decided_at")
    }
    return [
        DeclarationFact(
            reference=d.reference,
            kind=d.kind,
            district_code=d.district_id,
            region_code=d.region_code,
            region_name=names.get(d.region_code, d.region_code),
            year=d.year,
            is_pilot=d.is_pilot,
            declared_on=d.declared_on,
            required_coverage=required[d.kind].min_coverage if d.kind in required else Decimal(1),
            requirement_from=required[d.kind].first_year if d.kind in required else 2024,
            history=tuple(history.get(d.pk, [])),
            deliverables=tuple(
                (item.name, accepted.get((d.pk, item.pk))) for item in items.get(d.kind, [])
            )
            if d.is_pilot
            else (),
        )
        for d in declarations
    ]


@dataclass(frozen=True)
class DeliverableRow:
    """One deliverable item of a pilot: its configuration row and, once begun, its record."""

    item: DeliverableItem
    record: PilotDeliverable | None

    @property
    def status_label(self) -> str:
        if self.record is None:
            return str(DeliverableStatus.NOT_STARTED.label)
        return self.record.get_status_display()

    @property
    def status(self) -> str:
        return self.record.status if self.record else DeliverableStatus.NOT_STARTED

    @property
    def documents(self) -> list[DeliverableDocument]:
        return list(self.record.documents.all()) if self.record else []


def deliverables_of(declaration: WideDeclaration) -> list[DeliverableRow]:
    """Every deliverable item a pilot of this kind owes (W1), in order; [] for a non-pilot."""
    if not declaration.is_pilot:
        return []
    records = {
        r.item_id: r
        for r in declaration.deliverables.prefetch_related("documents").select_related("item")
    }
    items = DeliverableItem.objects.filter(kind=declaration.kind).order_by("order", "key")
    return [DeliverableRow(item=i, record=records.get(i.pk)) for i in items]


def deliverable_get_for(*, viewer: User, reference: str, pk: int) -> PilotDeliverable:
    declaration = declaration_get_for(viewer=viewer, reference=reference)
    try:
        return declaration.deliverables.select_related("item", "declaration").get(pk=pk)
    except PilotDeliverable.DoesNotExist:
        raise Http404 from None


def deliverable_document_get_for(*, viewer: User, reference: str, pk: int) -> DeliverableDocument:
    """A deliverable's document, only through a declaration in the viewer's scope (Http404)."""
    declaration = declaration_get_for(viewer=viewer, reference=reference)
    try:
        return DeliverableDocument.objects.select_related("deliverable__item").get(
            pk=pk, deliverable__declaration=declaration
        )
    except DeliverableDocument.DoesNotExist:
        raise Http404 from None
