"""Project facts for navigator tests: plain builders, no database."""

from decimal import Decimal
from pathlib import Path

from futurecommunity.permits.navigator import BuildType, Funding, ProjectFacts

DATA_DIR = Path(__file__).resolve().parents[3] / "data" / "permits"


def renovation_facts(**overrides: object) -> ProjectFacts:
    """A listed government conversion under every threshold; tests override one thing."""
    values: dict[str, object] = {
        "build_type": BuildType.RENOVATION,
        "funding": Funding.GOVERNMENT,
        "total_investment": Decimal("1500000"),
        "works_floor_area": Decimal("800"),
        "converts_to_public_service": True,
        "on_published_list": True,
    }
    values.update(overrides)
    return ProjectFacts(**values)  # type: ignore[arg-type]
