"""The matrix cases of this app work: the allowed visitor succeeds, another district is refused
with nothing written (the full matrix runs elsewhere)."""

import pytest

from futurecommunity.audit.models import AuditEntry
from futurecommunity.centres.tests.route_cases import ROUTE_CASES
from futurecommunity.centres.tests.service_cases import SERVICE_CASES
from futurecommunity.common.errors import DomainError
from futurecommunity.projects.tests.factories import TASHAN

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", sorted(SERVICE_CASES))
def test_service_case(name, request, keqiao_editor):
    case = SERVICE_CASES[name]
    fixture = {"street_a": "tashan_editor", "district_a_editor": "yuecheng_editor",
               "city_editor": "city_editor", "department": ""}[case["allowed"]]  # fmt: skip
    ctx = case["setup"](TASHAN)
    before = AuditEntry.objects.count()
    with pytest.raises(DomainError):
        case["call"](keqiao_editor, ctx)
    assert AuditEntry.objects.count() == before
    if fixture:
        allowed = request.getfixturevalue(fixture)
    else:  # the matrices' department (民政局), owner of the site in the setup
        from futurecommunity.accounts.models import Role
        from futurecommunity.accounts.tests.factories import member_of

        allowed = member_of("sx-dept-civil-affairs", Role.APPROVER, "civil_clerk")
    case["call"](allowed, case["setup"](TASHAN))
    assert AuditEntry.objects.count() > before


@pytest.mark.parametrize(
    "name",
    sorted(n for n, c in ROUTE_CASES.items() if "make" in c and c["profile"] != "city_write"),
)
def test_route_case_makes_a_page_the_district_can_open(
    name, client, yuecheng_approver, keqiao_editor
):
    from django.urls import reverse

    url = reverse(name, kwargs=ROUTE_CASES[name]["make"](TASHAN))
    client.force_login(yuecheng_approver)
    assert client.get(url).status_code in (200, 405)
    client.force_login(keqiao_editor)
    assert client.get(url).status_code in (404, 405)
