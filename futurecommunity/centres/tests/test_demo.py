"""The centres demo set (issue 13 item 6): planned centres with modules, one open centre whose
modules are life-circle facilities, an owner–street agreement with its scan, stock land linked
to demo projects; everything labelled 【演示】 and removable."""

from __future__ import annotations

import pytest

from futurecommunity.centres import demo
from futurecommunity.centres.models import (
    CandidateSite,
    CentreModule,
    LendingAgreement,
    NeighbourhoodCentre,
)
from futurecommunity.lifecircle import demo as lifecircle_demo
from futurecommunity.lifecircle.models import Facility
from futurecommunity.projects import demo as projects_demo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _quiet_notifications(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        yield


def test_demo_has_planned_and_open_centres_and_an_agreement(settings, city_editor):
    settings.FC_DEMO_MODE = True
    projects_demo.seed_demo()
    lifecircle_demo.seed_demo(actor=city_editor)
    assert demo.seed_demo() > 0
    centres = list(NeighbourhoodCentre.objects.all())
    assert len(centres) >= 3
    assert all(c.is_demo and c.name.startswith("【演示】") for c in centres)
    assert {c.status for c in centres} == {"planned", "open"}
    opened = [c for c in centres if c.status == "open"]
    assert len(opened) == 1
    for centre in centres:
        states = dict(centre.modules.values_list("service__code", "state"))
        assert states["elderly"] == states["childcare"] == "provided"
        assert states["health"] == "external" and states["fitness"] == "missing"
    provided = CentreModule.objects.filter(centre=opened[0], state="provided")
    assert provided.count() == 3 and all(m.facility_id for m in provided)
    facilities = Facility.objects.filter(pk__in=provided.values("facility_id"))
    assert all(f.is_demo and f.name.startswith("【演示】") for f in facilities)
    agreement = LendingAgreement.objects.get()
    assert agreement.site.is_demo and agreement.file_name.startswith("【演示】")
    assert agreement.file.read().startswith(b"%PDF")
    land = CandidateSite.objects.filter(kind="land")
    assert land.exists() and all(s.name.startswith("【演示】") for s in land)
    assert land.filter(project__is_demo=True).exists()
    assert demo.seed_demo() == 0  # idempotent
    assert demo.remove_demo() > 0
    assert not NeighbourhoodCentre.objects.exists() and not LendingAgreement.objects.exists()
    assert not CandidateSite.objects.exists()
