"""The matrix cases run here against the shared cast, so they are known to be right."""

from __future__ import annotations

import pytest

from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.errors import DomainError
from futurecommunity.evaluation.tests.factories import make_expert
from futurecommunity.evaluation.tests.service_cases import SERVICE_CASES
from futurecommunity.projects.tests.factories import TASHAN

pytestmark = pytest.mark.django_db

CAST = {
    "street_a": "tashan_editor",
    "district_a_editor": "yuecheng_editor",
    "district_a_approver": "yuecheng_approver",
    "city_editor": "city_editor",
    "city_approver": "city_approver",
    "city_viewer": "city_viewer",
    "district_b_editor": "keqiao_editor",
    "department": "department_reviewer",
    "outsider": "outsider",
}


def _visitor(name: str, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    if name == "expert":
        return make_expert("matrix_expert").user
    return request.getfixturevalue(CAST[name])


@pytest.mark.parametrize("name", sorted(SERVICE_CASES))
def test_service_case_allows_and_denies(name: str, request: pytest.FixtureRequest) -> None:
    case = SERVICE_CASES[name]
    allowed = _visitor(case["allowed"], request)
    denied = [_visitor(v, request) for v in case["denied"] if v in CAST or v == "expert"]
    ctx = case["setup"](TASHAN)
    for actor in denied:
        before = AuditEntry.objects.count()
        with pytest.raises(DomainError):
            case["call"](actor, ctx)
        assert AuditEntry.objects.count() == before, actor
    before = AuditEntry.objects.count()
    case["call"](allowed, ctx)
    assert AuditEntry.objects.count() > before
