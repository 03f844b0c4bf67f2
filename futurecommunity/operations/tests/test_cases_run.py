"""The operations app's own run of its matrix cases: each service succeeds for the allowed
visitor and refuses every denied one with nothing written (rows and audit entries unchanged)."""

from __future__ import annotations

import pytest
from django.apps import apps

from futurecommunity.accounts.models import Organisation, OrganisationKind, Role
from futurecommunity.accounts.tests.factories import UserFactory
from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.errors import DomainError
from futurecommunity.operations.tests.service_cases import SERVICE_CASES

pytestmark = pytest.mark.django_db
STREET_A = "330602001"


@pytest.fixture
def visitors(
    city_editor,
    city_viewer,
    yuecheng_editor,
    keqiao_editor,
    tashan_editor,
    department_reviewer,
    resident,
):  # type: ignore[no-untyped-def]
    op_org = Organisation.objects.create(
        code="op-matrix", name="矩阵运营单位", kind=OrganisationKind.OPERATOR
    )
    return {
        "city_editor": city_editor,
        "city_viewer": city_viewer,
        "district_a_editor": yuecheng_editor,
        "district_a_viewer": UserFactory(
            organisation=Organisation.objects.get(code="sx-330602"), role=Role.VIEWER
        ),
        "district_b_editor": keqiao_editor,
        "street_a": tashan_editor,
        "street_a2": UserFactory(
            organisation=Organisation.objects.get(code="sx-330602002"), role=Role.EDITOR
        ),
        "department": department_reviewer,
        "operator": UserFactory(organisation=op_org, role=Role.EDITOR),
        "public": resident,
    }


def _rows() -> tuple[int, ...]:
    models = apps.get_app_config("operations").get_models()
    return (*[m.objects.count() for m in models], AuditEntry.objects.count())


@pytest.mark.parametrize("name", sorted(SERVICE_CASES))
def test_service_case(name, visitors) -> None:  # type: ignore[no-untyped-def]
    case = SERVICE_CASES[name]
    for visitor in case["denied"]:
        ctx = case["setup"](STREET_A)
        before = _rows()
        with pytest.raises(DomainError):
            case["call"](visitors[visitor], ctx)
        assert _rows() == before, f"{name}: {visitor} refused but something was written"
    ctx = case["setup"](STREET_A)
    case["call"](visitors[case["allowed"]], ctx)
