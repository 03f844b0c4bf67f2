"""The demo acceptance runs through the real services and is removed again."""

from __future__ import annotations

import pytest

from futurecommunity.evaluation import demo
from futurecommunity.evaluation.models import Decision, Evaluation, ExpertProfile
from futurecommunity.projects.demo import _ensure_users
from futurecommunity.rectification.models import RectificationOrder

pytestmark = pytest.mark.django_db


def test_demo_runs_the_whole_acceptance_and_is_removed():
    _ensure_users()
    assert demo.seed_demo() == 1
    evaluation = Evaluation.objects.get(is_demo=True)
    assert evaluation.project.name.startswith("【演示】")
    assert evaluation.project.status == "accepted"
    assert evaluation.panel.count() == 3
    decision = Decision.objects.get(evaluation=evaluation)
    assert decision.outcome == "conditional"
    order = RectificationOrder.objects.get(pk=decision.conditions.get().order_id)
    assert order.is_demo and "【演示】" in order.requirement
    assert demo.seed_demo() == 0
    assert demo.remove_demo() == 1
    assert not Evaluation.objects.exists() and not ExpertProfile.objects.exists()
