"""Rectification services refuse actors outside their rule and write nothing (issue 3)."""

from __future__ import annotations

import datetime as dt

import pytest

from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.errors import PermissionDenied
from futurecommunity.rectification import services
from futurecommunity.rectification.models import Inspection, RectificationOrder
from futurecommunity.rectification.tests.factories import org

pytestmark = pytest.mark.django_db

NOT_ISSUERS = ["tashan_editor", "city_viewer", "department_reviewer", "resident", "outsider"]


@pytest.mark.parametrize("who", NOT_ISSUERS)
def test_issuing_an_order_is_refused(request, who):
    with pytest.raises(PermissionDenied):
        services.order_issue(
            actor=request.getfixturevalue(who), recipient=org("sx-330602001"), title="立面",
            requirement="整改。", deadline=dt.date(2099, 1, 1),
        )  # fmt: skip
    assert RectificationOrder.objects.count() == 0
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize("who", NOT_ISSUERS)
def test_recording_an_inspection_is_refused(request, who):
    with pytest.raises(PermissionDenied):
        services.inspection_record(
            actor=request.getfixturevalue(who), title="督查", inspected_on=dt.date(2024, 1, 1),
            team="组", scope_regions=["330602"], project_references=[], findings=[],
        )  # fmt: skip
    assert Inspection.objects.count() == 0
    assert AuditEntry.objects.count() == 0
