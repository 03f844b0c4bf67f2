"""Users and organisations for tests; the real offices come from ``load_organisations``."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from futurecommunity.accounts.models import Organisation, OrganisationKind, Role, User

TEST_PASSWORD = "Test@2026fc"


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"test-org-{n}")
    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = OrganisationKind.DEPARTMENT
    region_code = ""


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"测试用户{n}")
    organisation = None
    role = Role.VIEWER
    password = factory.django.Password(TEST_PASSWORD)


def member_of(org_code: str, role: str, username: str) -> User:
    """A user of one of the real offices loaded by ``load_organisations`` (e.g. ``sx-330602``)."""
    return UserFactory(
        username=username, organisation=Organisation.objects.get(code=org_code), role=role
    )


def totp_device(user: User, *, confirmed: bool = True):  # type: ignore[no-untyped-def]
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="测试验证器", confirmed=confirmed)


def totp_token(device) -> str:  # type: ignore[no-untyped-def]
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def sign_in_verified(client, user: User) -> None:  # type: ignore[no-untyped-def]
    """Signed in with password and a verified second factor (as after the verification page)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    device = totp_device(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
