import pytest
from django.urls import reverse

from futurecommunity.notices import demo
from futurecommunity.notices.models import Notice, Opinion, Stakeholder
from futurecommunity.projects import demo as projects_demo


def test_demo_has_an_open_and_a_finished_notice_on_the_public_list(db, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.FC_DEMO_MODE = True
    projects_demo.seed_demo()
    assert demo.seed_demo() == 3
    assert demo.seed_demo() == 0
    assert all(n.title.startswith("【演示】") for n in Notice.objects.all())
    assert Notice.objects.filter(is_demo=True).count() == 3
    response = client.get(reverse("public_site:notice-list"))
    assert len(response.context["open_notices"]) == 1
    assert len(response.context["closed_notices"]) == 2
    assert Opinion.objects.get().answer.startswith("【演示】")
    assert Stakeholder.objects.count() == 9
    settings.FC_DEMO_MODE = False
    response = client.get(reverse("public_site:notice-list"))
    assert response.context["open_notices"] == response.context["closed_notices"] == []
    assert demo.remove_demo() == 3
    assert not Notice.objects.exists() and not Stakeholder.objects.exists()


@pytest.fixture(autouse=True)
def _quiet_notifications(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        yield
