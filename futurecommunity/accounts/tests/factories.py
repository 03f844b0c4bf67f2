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
