import pytest


@pytest.fixture(autouse=True)
def rectification_settings(db):
    """The configuration rows (the migration loads them too; this is idempotent)."""
    from futurecommunity.rectification.loaders import load_rectification_settings

    load_rectification_settings()
