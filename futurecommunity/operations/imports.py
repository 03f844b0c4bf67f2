"""All-or-nothing import of operators and their consortium members (issue 16 §6, 三(三)).

Every row of both sheets is checked (each error names the sheet, the row, the column and the
rule); duplicates within the file and against the register are reported; nothing is written
unless every row passes, and then everything is written in one transaction with one audit entry
for the import. The same permission as registering one operator (the city office's editors).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from futurecommunity.accounts.models import Organisation, OrganisationKind, User
from futurecommunity.audit.services import audit_record
from futurecommunity.common.errors import DomainError, PermissionDenied, ValidationFailed
from futurecommunity.operations import access, rules
from futurecommunity.operations.excel import MEMBER_HEADERS, MEMBER_ROLES, OPERATOR_HEADERS
from futurecommunity.operations.models import (
    ConsortiumMember,
    MemberKind,
    OperatorKind,
    OperatorProfile,
    Service,
)

Cells = tuple[int, Sequence[Any]]  # (line in the sheet, cell values in header order)
_PHONE = re.compile(r"[0-9+\-() ]{5,30}")
_SEPARATORS = re.compile(r"[、,，;；\s]+")
OPERATORS, MEMBERS = "运营单位表", "联合体成员表"


@dataclass
class _Member:
    name: str
    member_kind: str
    role: str
    credit_code: str


@dataclass
class _Operator:
    line: int
    name: str
    operator_kind: str
    services: list[str]
    credit_code: str
    contact_name: str
    contact_phone: str
    address: str
    members: list[_Member]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class _Errors:
    def __init__(self) -> None:
        self.by_key: dict[tuple[int, int], list[str]] = {}

    def add(self, sheet: str, line: int, column: str, rule: str) -> None:
        order = (0 if sheet == OPERATORS else 1, line)
        self.by_key.setdefault(order, []).append(f"{sheet}第{line}行“{column}”：{rule}")

    def as_dict(self) -> dict[str, list[str]]:
        return {
            f"{OPERATORS if sheet == 0 else MEMBERS}第{line}行": texts
            for (sheet, line), texts in sorted(self.by_key.items())
        }


def _services(raw: str, kind: str, line: int, errors: _Errors) -> list[str]:
    labels = {str(label): value for value, label in Service.choices}
    names = [n for n in _SEPARATORS.split(raw) if n]
    unknown = [n for n in names if n not in labels]
    column = OPERATOR_HEADERS[2]
    if unknown:
        errors.add(
            OPERATORS, line, column,
            f"“{'、'.join(unknown)}”不在可选范围内（可选：{'、'.join(labels)}）。",
        )  # fmt: skip
    if kind == OperatorKind.SPECIALIST and not names:
        errors.add(
            OPERATORS, line, column,
            "专业运营商须填写运营的服务（如托育、养老、社区商业，三(三)）。",
        )  # fmt: skip
    return list(dict.fromkeys(labels[n] for n in names if n in labels))


def _length(sheet: str, line: int, column: str, value: str, limit: int, errors: _Errors) -> None:
    if len(value) > limit:
        errors.add(sheet, line, column, f"不超过{limit}字。")


def _operator_row(line: int, cells: Sequence[Any], errors: _Errors) -> _Operator:
    padded = [*cells, *[None] * len(OPERATOR_HEADERS)][: len(OPERATOR_HEADERS)]
    name, kind_label, services, credit, contact, phone, address = (_text(c) for c in padded)
    h = OPERATOR_HEADERS
    if not name:
        errors.add(OPERATORS, line, h[0], "必填。")
    _length(OPERATORS, line, h[0], name, 100, errors)
    kinds = {str(label): value for value, label in OperatorKind.choices}
    kind = kinds.get(kind_label, "")
    if not kind:
        errors.add(OPERATORS, line, h[1], "请填写综合运营商或专业运营商（三(三)）。")
    problem = rules.credit_code_problem(credit)
    if problem:
        errors.add(OPERATORS, line, h[3], problem)
    _length(OPERATORS, line, h[4], contact, 50, errors)
    if phone and not _PHONE.fullmatch(phone):
        errors.add(OPERATORS, line, h[5], "只能包含数字、空格和 + - ( )，5至30位。")
    _length(OPERATORS, line, h[6], address, 200, errors)
    return _Operator(
        line=line,
        name=name,
        operator_kind=kind,
        services=_services(services, kind, line, errors),
        credit_code=credit.upper(),
        contact_name=contact,
        contact_phone=phone,
        address=address,
        members=[],
    )


def _check_duplicates(operators: list[_Operator], errors: _Errors) -> None:
    """Within the file and against the register: credit code and name are each unique."""
    h = OPERATOR_HEADERS
    codes = {o.credit_code for o in operators}
    names = {o.name for o in operators}
    registered = dict(
        OperatorProfile.objects.filter(credit_code__in=codes).values_list(
            "credit_code", "organisation__name"
        )
    )
    registered_names = set(
        OperatorProfile.objects.filter(organisation__name__in=names).values_list(
            "organisation__name", flat=True
        )
    )
    first_code: dict[str, int] = {}
    first_name: dict[str, int] = {}
    for o in operators:
        if o.credit_code in registered:
            errors.add(
                OPERATORS, o.line, h[3],
                f"该统一社会信用代码已登记为运营单位“{registered[o.credit_code]}”，不能重复导入。",
            )  # fmt: skip
        elif o.credit_code and o.credit_code in first_code:
            errors.add(
                OPERATORS, o.line, h[3], f"与本表第{first_code[o.credit_code]}行重复。"
            )  # fmt: skip
        first_code.setdefault(o.credit_code, o.line)
        if o.name in registered_names:
            errors.add(OPERATORS, o.line, h[0], "已有同名运营单位，不能重复导入。")
        elif o.name and o.name in first_name:
            errors.add(OPERATORS, o.line, h[0], f"与本表第{first_name[o.name]}行重复。")
        first_name.setdefault(o.name, o.line)


def _member_rows(members: Sequence[Cells], operators: list[_Operator], errors: _Errors) -> None:
    """Attach each member row to the operator row of its consortium (by credit code)."""
    h = MEMBER_HEADERS
    by_code: dict[str, _Operator] = {}
    for o in operators:  # a repeated code belongs to its first row (the repeat is an error)
        by_code.setdefault(o.credit_code, o)
    kinds = {str(label): value for value, label in MemberKind.choices}
    seen: dict[tuple[str, str], int] = {}
    for line, cells in members:
        padded = [*cells, *[None] * len(h)][: len(h)]
        consortium, name, kind_label, role, credit = (_text(c) for c in padded)
        owner = by_code.get(consortium.upper())
        if owner is None:
            errors.add(
                MEMBERS, line, h[0],
                f"“{consortium}”不是“运营单位”表中任何一行的统一社会信用代码。",
            )  # fmt: skip
        if not name:
            errors.add(MEMBERS, line, h[1], "必填。")
        _length(MEMBERS, line, h[1], name, 100, errors)
        key = (consortium.upper(), name)
        if name and key in seen:
            errors.add(MEMBERS, line, h[1], f"与本表第{seen[key]}行是同一联合体的同一成员。")
        seen.setdefault(key, line)
        if kind_label not in kinds:
            errors.add(MEMBERS, line, h[2], f"请从下拉列表选择：{'、'.join(kinds)}。")
        if role and role not in MEMBER_ROLES:
            errors.add(MEMBERS, line, h[3], f"请填写{'或'.join(MEMBER_ROLES)}，或留空。")
        problem = rules.credit_code_problem(credit) if credit else None
        if problem:
            errors.add(MEMBERS, line, h[4], problem)
        if owner is not None:
            owner.members.append(_Member(name, kinds.get(kind_label, ""), role, credit.upper()))


def _write(operators: list[_Operator], *, is_demo: bool) -> None:
    for o in operators:
        org, _ = Organisation.objects.update_or_create(
            code=f"op-{o.credit_code.lower()}",
            kind=OrganisationKind.OPERATOR,
            defaults={"name": o.name},
        )
        profile = OperatorProfile.objects.create(
            organisation=org,
            operator_kind=o.operator_kind,
            services=o.services,
            credit_code=o.credit_code,
            is_consortium=bool(o.members),
            contact_name=o.contact_name,
            contact_phone=o.contact_phone,
            address=o.address,
            is_demo=is_demo,
        )
        ConsortiumMember.objects.bulk_create(
            ConsortiumMember(operator=profile, **vars(m)) for m in o.members
        )


def operator_import(
    *,
    actor: User,
    operators: Sequence[Cells],
    members: Sequence[Cells] = (),
    is_demo: bool = False,
) -> int:
    """Register every operator of the file or none (三(三)); returns how many were registered.

    Refused (nothing written) unless the actor may register operators and every row passes."""
    if not access.can_register_operator(actor):
        raise PermissionDenied("只有市风貌办经办或审核人员可以导入运营单位（三(三)）。")
    errors = _Errors()
    rows = [_operator_row(line, cells, errors) for line, cells in operators]
    _check_duplicates(rows, errors)
    _member_rows(members, rows, errors)
    found = errors.as_dict()
    if not rows and not found:
        found = {"文件": ["“运营单位”表中没有数据行。"]}
    if found:
        raise ValidationFailed(found)
    try:
        with transaction.atomic():
            _write(rows, is_demo=is_demo)
            _audit(actor, rows)
    except IntegrityError:  # registered by someone else since the check: nothing was written
        raise DomainError(
            "operator_conflict", "导入期间有运营单位被另行登记，未写入任何数据，请重新导入。"
        ) from None
    return len(rows)


def _audit(actor: User, rows: list[_Operator]) -> None:
    audit_record(
        actor=actor,
        action="operator.import",
        subject_type="operations.operatorprofile",
        changes={"operators": [None, [o.credit_code for o in rows]]},
        reason=(
            f"导入运营单位 {len(rows)} 家，联合体成员 {sum(len(o.members) for o in rows)} 家。"
        ),
    )
