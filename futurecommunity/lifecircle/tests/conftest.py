import pytest


@pytest.fixture
def media(settings, tmp_path):
    """Networks and analysis files go to a temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def catalogue(db):
    from futurecommunity.lifecircle.catalogue import load_lifecircle_catalogue

    load_lifecircle_catalogue()


@pytest.fixture
def network(catalogue, media):
    from futurecommunity.lifecircle.tests.factories import make_network

    return make_network()


@pytest.fixture
def tashan_data(network, city_editor):
    from futurecommunity.lifecircle.tests.factories import seed_tashan

    seed_tashan(city_editor)
    return network
