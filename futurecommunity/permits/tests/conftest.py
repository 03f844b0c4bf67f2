import pytest

from futurecommunity.permits.navigator import (
    DepartmentRoster,
    RouteThresholds,
    load_roster_csv,
    load_thresholds_csv,
)
from futurecommunity.permits.tests.factories import DATA_DIR


@pytest.fixture(scope="session")
def thresholds() -> RouteThresholds:
    return load_thresholds_csv(DATA_DIR / "route_thresholds.csv")


@pytest.fixture(scope="session")
def roster() -> DepartmentRoster:
    return load_roster_csv(DATA_DIR / "departments.csv")


@pytest.fixture
def project(yuecheng_editor):
    """A listed-size government renovation in 塔山街道 (越城区) with every fact 三(四) needs."""
    from decimal import Decimal

    from futurecommunity.projects.tests.factories import ProjectFactory

    return ProjectFactory(
        actor=yuecheng_editor,
        name="塔山街道花园未来社区",
        funding="government",
        total_investment=Decimal("1500000"),
        floor_area=Decimal("800"),
    )


@pytest.fixture
def checklist(project, yuecheng_editor):
    from futurecommunity.permits import services

    facts = services.ChecklistFacts(converts_to_public_service=True, on_published_list=True)
    return services.approval_checklist_create(actor=yuecheng_editor, project=project, facts=facts)
