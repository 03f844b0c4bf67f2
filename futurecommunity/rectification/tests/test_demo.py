from futurecommunity.notifications.models import Message
from futurecommunity.projects import demo as projects_demo
from futurecommunity.rectification import demo
from futurecommunity.rectification.models import Inspection, RectificationOrder


def test_demo_has_orders_in_several_states_and_inbox_messages(
    db, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    projects_demo.seed_demo()
    with django_capture_on_commit_callbacks(execute=True):
        assert demo.seed_demo() == 4
    assert demo.seed_demo() == 0
    statuses = sorted(RectificationOrder.objects.values_list("status", flat=True))
    assert statuses == ["closed", "issued", "issued", "sent_back"]
    assert Message.objects.filter(
        recipient__username="d330602_lead", kind="rectification.escalation"
    ).exists()
    assert Message.objects.filter(
        recipient__username="s330603001_clerk", kind="rectification.order_sent_back"
    ).exists()
    assert demo.remove_demo() == 4
    assert not Inspection.objects.exists()
