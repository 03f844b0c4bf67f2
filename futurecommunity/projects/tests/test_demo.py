"""Demo data: flagged, named 【演示】, idempotent, and removable (one test: it takes seconds)."""

from __future__ import annotations

import pytest

from futurecommunity.accounts.models import User
from futurecommunity.audit.models import AuditEntry
from futurecommunity.audit.services import audit_verify_chain
from futurecommunity.projects.demo import demo_users, remove_demo, seed_demo
from futurecommunity.projects.models import Project, Transition

pytestmark = pytest.mark.django_db


def test_demo_set_is_flagged_idempotent_and_removable() -> None:
    created = seed_demo()

    projects = Project.objects.all()
    assert created == projects.count()
    assert created >= 300  # the plan's 241 cells' worth ± 1 each, plus 62 baseline projects
    assert projects.filter(is_demo=False).count() == 0
    assert projects.exclude(name__startswith="【演示】").count() == 0
    assert Transition.objects.filter(project__is_demo=False).count() == 0
    assert {u.username for u in User.objects.filter(is_demo=True)} == {
        u.username for u in demo_users()
    }
    assert User.objects.filter(is_demo=True).count() == 17
    # every demo write went through the audited services, and the chain holds
    assert AuditEntry.objects.filter(action="project.create").count() == created
    assert AuditEntry.objects.get(action="demo.seed").reason == f"创建演示数据 {created} 个项目"
    assert audit_verify_chain() == []

    assert seed_demo() == 0
    assert Project.objects.count() == created

    assert remove_demo() == created
    assert Project.objects.count() == 0
    assert Transition.objects.count() == 0
    assert User.objects.filter(is_demo=True, is_active=True).count() == 0
    assert AuditEntry.objects.get(action="demo.remove").reason == f"删除演示数据 {created} 个项目"
