import pytest


@pytest.fixture(autouse=True)
def _catalogue(db):
    """The seven services and facility kinds (modules and facility registration need them)."""
    from futurecommunity.centres.loaders import load_size_rules
    from futurecommunity.lifecircle.catalogue import load_lifecircle_catalogue

    load_lifecircle_catalogue()
    load_size_rules()  # seeded by migration, but a transactional (browser) test flushes it


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
