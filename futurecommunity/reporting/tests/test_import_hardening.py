"""Monthly import hardening (issue 11 §5/§6): NaN/sNaN/Infinity and a project listed twice are
per-row Chinese errors, never a 500 and never a second silent version."""

from __future__ import annotations

import pytest
from django.urls import reverse

from futurecommunity.reporting.models import MonthlyReport
from futurecommunity.reporting.tests.test_views import _upload, building  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["NaN", "sNaN", "Infinity", "-inf"])
def test_non_finite_numbers_are_row_errors(client, yuecheng_editor, building, value):  # noqa: F811
    client.force_login(yuecheng_editor)
    url = reverse("reporting:report-import") + "?month=2026-06"
    page = client.post(
        url, {"file": _upload([[building.reference, "", value, 100, 200]]), "month": "2026-06"}
    )
    assert page.status_code == 200
    assert f"第2行“形象进度（%）”列：“{value}”不是有限的数字。" in page.content.decode()
    assert MonthlyReport.objects.count() == 0


def test_the_same_project_twice_is_a_row_error(client, yuecheng_editor, building):  # noqa: F811
    client.force_login(yuecheng_editor)
    url = reverse("reporting:report-import") + "?month=2026-06"
    rows = [[building.reference, "", 40, 100, 200], [building.reference, "", 60, 100, 300]]
    page = client.post(url, {"file": _upload(rows), "month": "2026-06"})
    text = page.content.decode()
    assert f"第3行“项目编号”列：项目“{building.reference}”已在第2行填报" in text
    assert MonthlyReport.objects.count() == 0
