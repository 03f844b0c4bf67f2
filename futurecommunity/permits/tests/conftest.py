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
