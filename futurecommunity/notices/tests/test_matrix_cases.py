"""The matrix cases of this app build real objects and their routes resolve (a smoke check
until the matrix consumer runs them against every visitor)."""

import pytest
from django.urls import reverse

from futurecommunity.notices.tests.route_cases import ROUTE_CASES
from futurecommunity.notices.tests.service_cases import SERVICE_CASES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", sorted(ROUTE_CASES))
def test_route_case_builds_a_reachable_url(client, name, tashan_editor):
    case = ROUTE_CASES[name]
    kwargs = case["make"]("330602001") if "make" in case else {}
    url = reverse(name, kwargs=kwargs)
    client.force_login(tashan_editor)
    response = client.get(url)
    expected = (
        405
        if name.endswith(("correct", "withdraw", "answer", "import"))
        or name == "notices:consent-record"
        else 301  # the old list address moved to the public front page
        if name == "public_site:community-list"
        else 200
    )
    assert response.status_code == expected, url


@pytest.mark.parametrize("name", sorted(SERVICE_CASES))
def test_service_case_refuses_another_district(name, keqiao_editor, city_editor, tashan_editor):
    from futurecommunity.common.errors import PermissionDenied

    case = SERVICE_CASES[name]
    ctx = case["setup"]("330602001")
    with pytest.raises(PermissionDenied):
        case["call"](keqiao_editor, ctx)
    allowed = city_editor if case["allowed"] == "city_editor" else tashan_editor
    case["call"](allowed, ctx)
