"""Every write to projects: permission → validation → write → audit, in one transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from futurecommunity.accounts.models import ROLE_RANK, Role, User
from futurecommunity.audit.services import audit_record, diff
from futurecommunity.common.errors import DomainError, PermissionDenied, ValidationFailed
from futurecommunity.common.time import today_local
from futurecommunity.common.uploads import upload_check
from futurecommunity.projects import access, guards, rules, todos
from futurecommunity.projects.models import Level, Project, Status, Transition, TransitionAttachment
from futurecommunity.regions.models import Region, RegionLevel


@dataclass(frozen=True)
class ProjectInput:
    """The editable facts of a project, as parsed by a form or an import row."""

    name: str
    district_code: str
    street_code: str
    community_codes: tuple[str, ...]
    level: str
    build_type: str
    creation_year: int
    ambition: str = ""
    batch: str = ""
    is_key_area: bool = False
    is_linked_renovation: bool = False
    linked_renovation_reference: str = ""
    total_investment: Decimal | None = None
    floor_area: Decimal | None = None
    funding: str = ""
    implementing_body: str = ""
    operator: str = ""
    longitude: Decimal | None = None
    latitude: Decimal | None = None
    notes: str = ""
    is_demo: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


_SCALAR_FIELDS = (
    "name",
    "level",
    "build_type",
    "creation_year",
    "ambition",
    "batch",
    "is_key_area",
    "is_linked_renovation",
    "linked_renovation_reference",
    "total_investment",
    "floor_area",
    "funding",
    "implementing_body",
    "operator",
    "longitude",
    "latitude",
    "notes",
)


def _validate_places(data: ProjectInput) -> tuple[Region, Region, list[Region]]:
    errors: dict[str, list[str]] = {}
    district = Region.objects.filter(code=data.district_code, level=RegionLevel.DISTRICT).first()
    street = Region.objects.filter(code=data.street_code, level=RegionLevel.STREET).first()
    if district is None:
        errors["district"] = [f"区、县（市）代码“{data.district_code}”不存在。"]
    if street is None:
        errors["street"] = [f"街道（镇、乡）代码“{data.street_code}”不存在。"]
    elif district is not None and street.district_code != district.code:
        errors["street"] = [f"街道“{street.name}”不属于{district.name}。"]
    communities = list(
        Region.objects.filter(code__in=data.community_codes, level=RegionLevel.COMMUNITY)
    )
    missing = sorted(set(data.community_codes) - {c.code for c in communities})
    if not data.community_codes:
        errors["communities"] = ["请至少选择一个覆盖社区（一、G3 按行政社区计算覆盖率）。"]
    elif missing:
        errors["communities"] = [f"社区代码不存在：{'、'.join(missing)}。"]
    elif district is not None:
        outside = [c.name for c in communities if c.district_code != district.code]
        if outside:
            errors["communities"] = [
                f"覆盖社区须位于{district.name}内：{'、'.join(outside)}不在该区、县（市）。"
            ]
    if data.is_linked_renovation and data.build_type != "renovation":
        errors["is_linked_renovation"] = ["只有旧改类项目可以联动老旧小区改造（二(一) T4）。"]
    if errors:
        raise ValidationFailed(errors)
    assert district is not None and street is not None
    return district, street, communities


def _snapshot(project: Project) -> dict[str, Any]:
    values = {name: getattr(project, name) for name in _SCALAR_FIELDS}
    values["district"] = project.district_id
    values["street"] = project.street_id
    values["communities"] = sorted(project.communities.values_list("code", flat=True))
    return values


def _next_reference(district_code: str, year: int) -> str:
    """Next WL-<district>-<year>-<nnn>; numbers compare as integers, so 1000 follows 999."""
    prefix = f"WL-{district_code}-{year}-"
    numbers = [
        int(ref.rsplit("-", 1)[1])
        for ref in Project.objects.filter(reference__startswith=prefix).values_list(
            "reference", flat=True
        )
        if ref.rsplit("-", 1)[1].isdigit()
    ]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def project_create(
    *, actor: User, data: ProjectInput, upgraded_from: Project | None = None
) -> Project:
    """Register a project in status 计划; the reference code is WL-<district>-<year>-<seq>."""
    if not access.can_create_project_in(actor, data.street_code):
        raise PermissionDenied("您只能在本辖区内登记未来社区项目。")
    district, street, communities = _validate_places(data)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                project = Project(
                    reference=_next_reference(district.code, data.creation_year),
                    district=district,
                    street=street,
                    region_code=street.code,
                    upgraded_from=upgraded_from,
                    is_demo=data.is_demo,
                    **{name: getattr(data, name) for name in _SCALAR_FIELDS},
                )
                project.save(force_insert=True)
                project.communities.set(communities)
                audit_record(
                    actor=actor,
                    action="project.create",
                    subject=project,
                    reference=project.reference,
                    region_code=project.region_code,
                    changes=diff({}, _snapshot(project)),
                )
                return project
        except IntegrityError:
            continue  # a concurrent create took the same sequence number; take the next one
    raise DomainError("reference_conflict", "项目编号生成冲突，请重试。")


_DECIDED_FACTS = {"level": "创建等级", "creation_year": "创建年度", "build_type": "建设类型"}
_UNDECIDED = {"planned", "declared"}


def _check_decided_facts_unchanged(project: Project, data: ProjectInput) -> None:
    """Once listed (二(一)), level, year and type are the deciding office's; editors can't change them."""
    if project.status in _UNDECIDED:
        return
    errors = {
        name: [
            f"项目已列入创建名单，{label}以批准文件为准，不能修改；如需调整请按二(一)撤回或升级创建。"
        ]
        for name, label in _DECIDED_FACTS.items()
        if getattr(project, name) != getattr(data, name)
    }
    if errors:
        raise ValidationFailed(errors)


def project_update(
    *, actor: User, project: Project, data: ProjectInput, reason: str = ""
) -> Project:
    """Change a project's facts; district and reference stay fixed once registered."""
    if not access.can_edit_project(actor, project):
        raise PermissionDenied("您无权修改该项目。")
    if data.district_code != project.district_id:
        raise ValidationFailed(
            {"district": ["项目登记后不能变更所属区、县（市）；如确需变更，请撤回后重新登记。"]}
        )
    if not access.can_create_project_in(actor, data.street_code):
        raise PermissionDenied("您只能把项目调整到本辖区内的街道。")
    _district, street, communities = _validate_places(data)
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        _check_decided_facts_unchanged(locked, data)
        before = _snapshot(locked)
        for name in _SCALAR_FIELDS:
            setattr(locked, name, getattr(data, name))
        locked.street = street
        locked.region_code = street.code
        locked.save(update_fields=[*_SCALAR_FIELDS, "street", "region_code", "updated_at"])
        locked.communities.set(communities)
        changes = diff(before, _snapshot(locked))
        if changes:
            audit_record(
                actor=actor,
                action="project.update",
                subject=locked,
                reference=locked.reference,
                region_code=locked.region_code,
                changes=changes,
                reason=reason,
            )
    return locked


def project_transition(
    *,
    actor: User,
    project: Project,
    target: str,
    occurred_on: dt.date | None = None,
    document_number: str = "",
    remark: str = "",
    attachments: list[UploadedFile] | None = None,
    by_evaluation: bool = False,
) -> Transition:
    """Move a project one step in its lifecycle (二(一)); a refused move changes nothing.

    ``by_evaluation`` is set only by ``evaluation.services.decision_record`` (municipal and
    county acceptance, see ``rules.Move.by_evaluation``).
    """
    if not access.can_transition_project(actor, project):
        raise PermissionDenied("您无权办理该项目的状态变更。")
    day = occurred_on or today_local()
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        verdict = rules.judge_move(
            rules.MoveRequest(
                level=locked.level,
                source=locked.status,
                target=target,
                actor_kind=actor.organisation.kind if actor.organisation else "",
                actor_role_rank=ROLE_RANK.get(Role(actor.role), 0),
                document_number=document_number,
                remark=remark,
                by_evaluation=by_evaluation,
            )
        )
        if not verdict.allowed:
            raise DomainError("transition_refused", verdict.reason)
        if target == "declared":
            missing = rules.missing_for_declaration(
                {n.field: getattr(locked, n.field) for n in rules.DECLARE_NEEDS}
            )
            if missing:
                raise DomainError(
                    "declaration_incomplete",
                    "申报前请在项目信息中补全："
                    + "；".join(f"{n.label}（{n.why}）" for n in missing)
                    + "。",
                )
        refused = guards.refusals(locked, target, day)
        if refused:
            raise DomainError("transition_guarded", "".join(refused))
        if day > today_local():
            raise DomainError("future_date", "发生日期不能晚于今天。", field="occurred_on")
        if locked.status_changed_on and day < locked.status_changed_on:
            raise DomainError(
                "date_before_previous",
                f"发生日期不能早于上一次状态变更日期（{locked.status_changed_on:%Y-%m-%d}）。",
                field="occurred_on",
            )
        record = Transition.objects.create(
            project=locked,
            from_status=locked.status,
            to_status=target,
            occurred_on=day,
            actor=actor,
            organisation_name=actor.organisation.name if actor.organisation else "",
            document_number=document_number.strip(),
            remark=remark.strip(),
        )
        for upload in attachments or []:
            TransitionAttachment.objects.create(
                transition=record, file=upload, original_name=upload_check(upload)
            )
        before = locked.status
        locked.status = target
        locked.status_changed_on = day
        locked.save(update_fields=["status", "status_changed_on", "updated_at"])
        audit_record(
            actor=actor,
            action="project.transition",
            subject=locked,
            reference=locked.reference,
            region_code=locked.region_code,
            changes={
                "status": [before, target],
                "occurred_on": [None, day.isoformat()],
                "document_number": [None, record.document_number],
            },
            reason=record.remark,
        )
        todos.notify_next(locked)
    return record


def project_upgrade(*, actor: User, project: Project, level: str, creation_year: int) -> Project:
    """梯度创建、迭代升级 (二(一)): a new project at a higher level, linked to the old one."""
    order = [Level.COUNTY, Level.MUNICIPAL, Level.PROVINCIAL]
    if level not in order or order.index(Level(level)) <= order.index(Level(project.level)):
        raise DomainError(
            "not_an_upgrade",
            "升级创建的等级须高于原项目等级（二(一) 梯度创建、迭代升级）。",
            field="level",
        )
    if project.status not in rules.ACCEPTED_OR_LATER:
        raise DomainError(
            "upgrade_too_early",
            "原项目验收通过后方可升级创建更高等级（二(一) 梯度创建、迭代升级）。",
        )
    data = ProjectInput(
        name=project.name,
        district_code=project.district_id,
        street_code=project.street_id,
        community_codes=tuple(project.communities.values_list("code", flat=True)),
        level=level,
        build_type=project.build_type,
        creation_year=creation_year,
        **{k: v for k, v in asdict(_facts_of(project)).items()},
    )
    return project_create(actor=actor, data=data, upgraded_from=project)


@dataclass(frozen=True)
class _CarriedFacts:
    ambition: str
    is_key_area: bool
    is_linked_renovation: bool
    linked_renovation_reference: str
    implementing_body: str
    operator: str
    longitude: Decimal | None
    latitude: Decimal | None
    is_demo: bool


def _facts_of(project: Project) -> _CarriedFacts:
    return _CarriedFacts(
        ambition=project.ambition,
        is_key_area=project.is_key_area,
        is_linked_renovation=project.is_linked_renovation,
        linked_renovation_reference=project.linked_renovation_reference,
        implementing_body=project.implementing_body,
        operator=project.operator,
        longitude=project.longitude,
        latitude=project.latitude,
        is_demo=project.is_demo,
    )


def project_moves_for(*, actor: User, project: Project) -> list[rules.Move]:
    """The moves whose buttons this actor should see on this project."""
    if not access.can_transition_project(actor, project) or actor.organisation is None:
        return []
    return rules.available_moves(
        level=project.level,
        source=project.status,
        actor_kind=actor.organisation.kind,
        actor_role_rank=ROLE_RANK.get(Role(actor.role), 0),
    )


__all__ = [
    "ProjectInput",
    "Status",
    "project_create",
    "project_moves_for",
    "project_transition",
    "project_update",
    "project_upgrade",
]
