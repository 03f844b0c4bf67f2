"""The shared cast (house style §13): real regions, offices and plan, and one user per part.

The regions (2,277 rows), the offices and the plan table are loaded once per test session on top
of the migrated test database; every test then runs in a transaction that is rolled back, so the
loaded rows stay and whatever a test writes disappears. Tests must not use ``transactional_db``
(it would flush the loaded rows).
"""

from __future__ import annotations

import pytest

from futurecommunity.accounts.models import OrganisationKind, Role, User
from futurecommunity.projects.tests.factories import KEQIAO, TASHAN, YUECHENG


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from futurecommunity.accounts.loaders import load_organisations
    from futurecommunity.pilots.loaders import load_pilots
    from futurecommunity.regions.loaders import load_regions
    from futurecommunity.targets.loaders import load_targets

    with django_db_blocker.unblock():
        load_regions()
        load_organisations()
        load_targets()
        load_pilots()


def _member(org_code: str, role: str, username: str) -> User:
    from futurecommunity.accounts.tests.factories import member_of

    return member_of(org_code, role, username)


@pytest.fixture
def city_approver(db) -> User:
    return _member("sx-city-office", Role.APPROVER, "city_approver")


@pytest.fixture
def city_editor(db) -> User:
    return _member("sx-city-office", Role.EDITOR, "city_editor")


@pytest.fixture
def city_viewer(db) -> User:
    return _member("sx-city-office", Role.VIEWER, "city_viewer")


@pytest.fixture
def yuecheng_approver(db) -> User:
    return _member(f"sx-{YUECHENG}", Role.APPROVER, "yuecheng_approver")


@pytest.fixture
def yuecheng_editor(db) -> User:
    return _member(f"sx-{YUECHENG}", Role.EDITOR, "yuecheng_editor")


@pytest.fixture
def keqiao_approver(db) -> User:
    return _member(f"sx-{KEQIAO}", Role.APPROVER, "keqiao_approver")


@pytest.fixture
def keqiao_editor(db) -> User:
    return _member(f"sx-{KEQIAO}", Role.EDITOR, "keqiao_editor")


@pytest.fixture
def tashan_editor(db) -> User:
    return _member(f"sx-{TASHAN}", Role.EDITOR, "tashan_editor")


@pytest.fixture
def department_reviewer(db) -> User:
    from futurecommunity.accounts.tests.factories import OrganisationFactory, UserFactory

    org = OrganisationFactory(
        code="sx-jianshe", name="绍兴市建设局", kind=OrganisationKind.DEPARTMENT
    )
    return UserFactory(username="department_reviewer", organisation=org, role=Role.APPROVER)


@pytest.fixture
def resident(db) -> User:
    from futurecommunity.accounts.tests.factories import OrganisationFactory, UserFactory

    org = OrganisationFactory(code="public", name="社会公众", kind=OrganisationKind.PUBLIC)
    return UserFactory(username="resident", organisation=org, role=Role.VIEWER)


@pytest.fixture
def outsider(db) -> User:
    from futurecommunity.accounts.tests.factories import UserFactory

    return UserFactory(username="outsider", organisation=None, role=Role.APPROVER)


CAST = (
    "city_approver",
    "city_editor",
    "city_viewer",
    "yuecheng_approver",
    "yuecheng_editor",
    "keqiao_approver",
    "keqiao_editor",
    "tashan_editor",
    "department_reviewer",
    "resident",
    "outsider",
)


def _administrator(admin_role: str, username: str) -> User:
    from futurecommunity.accounts.tests.factories import UserFactory

    return UserFactory(username=username, organisation=None, admin_role=admin_role)


@pytest.fixture
def system_admin(db) -> User:
    return _administrator("system_admin", "system_admin")


@pytest.fixture
def security_admin(db) -> User:
    return _administrator("security_admin", "security_admin")


@pytest.fixture
def audit_admin(db) -> User:
    return _administrator("audit_admin", "audit_admin")


ADMINISTRATORS = ("system_admin", "security_admin", "audit_admin")
