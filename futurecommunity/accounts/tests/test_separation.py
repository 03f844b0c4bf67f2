"""Separation of the three administrator duties (三员, MLPS 访问控制 d) and the second factor they
must use. Each screen is tried by every administrator and by ordinary officials."""

from __future__ import annotations

import pytest
from django.db import IntegrityError
from django.urls import reverse

from futurecommunity.accounts.models import AdminRole
from futurecommunity.accounts.tests.factories import UserFactory, sign_in_verified
from futurecommunity.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

SCREENS = {
    "system_admin": ["user-list", "user-create"],
    "security_admin": ["security-home"],
    "audit_admin": ["audit:entry-list", "audit:entry-export"],
}
OFFICIALS = ["city_approver", "yuecheng_editor", "department_reviewer"]


def _all_screens():
    return [(duty, name) for duty, names in SCREENS.items() for name in names]


@pytest.mark.parametrize(("owner", "url_name"), _all_screens())
@pytest.mark.parametrize("admin", list(SCREENS))
def test_each_duty_opens_only_its_own_screens(client, request, owner, url_name, admin):
    user = request.getfixturevalue(admin)
    sign_in_verified(client, user)
    response = client.get(reverse(url_name))
    # Another duty's screen is refused: 403 on /accounts/ screens, 404 in the business area
    # (/manage/), where administrators do no work at all.
    if admin == owner:
        assert response.status_code == 200
    else:
        assert response.status_code in (403, 404)


@pytest.mark.parametrize(("owner", "url_name"), _all_screens())
@pytest.mark.parametrize("official", OFFICIALS)
def test_officials_open_no_administrator_screen(client, request, owner, url_name, official):
    sign_in_verified(client, request.getfixturevalue(official))
    before = AuditEntry.objects.count()
    assert client.get(reverse(url_name)).status_code == 403
    assert AuditEntry.objects.count() == before  # not even an export entry


def test_city_approver_cannot_verify_the_chain(client, city_approver):
    sign_in_verified(client, city_approver)
    assert client.post(reverse("audit:chain-verify")).status_code == 403
    assert not AuditEntry.objects.filter(action="audit.verify").exists()


@pytest.mark.parametrize("admin", list(SCREENS))
def test_password_only_administrator_is_sent_to_the_second_factor(client, request, admin):
    user = request.getfixturevalue(admin)
    client.force_login(user)
    url = reverse(SCREENS[admin][0])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("otp-enrol"))


def test_enrolled_but_unverified_administrator_is_sent_to_verification(client, audit_admin):
    from futurecommunity.accounts.tests.factories import totp_device

    totp_device(audit_admin)
    client.force_login(audit_admin)
    response = client.get(reverse("audit:entry-list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("otp-verify"))


def test_administrators_have_no_territorial_scope(system_admin, security_admin, audit_admin):
    from futurecommunity.accounts.access import region_prefix_for

    assert {region_prefix_for(u) for u in (system_admin, security_admin, audit_admin)} == {None}


def test_an_administrator_cannot_be_a_superuser():
    with pytest.raises(IntegrityError):
        UserFactory(username="root2", admin_role=AdminRole.AUDIT, is_superuser=True)


def test_an_unknown_duty_is_refused_by_the_database():
    with pytest.raises(IntegrityError):
        UserFactory(username="x", admin_role="super_admin")


def test_the_public_gets_404_under_manage(client, resident):
    client.force_login(resident)
    assert client.get(reverse("dashboard")).status_code == 404
    assert client.get(reverse("projects:project-list")).status_code == 404


def test_anonymous_visitor_is_sent_to_login_for_the_audit_log(client):
    response = client.get(reverse("audit:entry-list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
