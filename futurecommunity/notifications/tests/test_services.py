import datetime as dt

from django.core.management import call_command
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from futurecommunity.accounts.tests.factories import TEST_PASSWORD, UserFactory
from futurecommunity.notifications.context_processors import inbox
from futurecommunity.notifications.models import Message, OutboxItem
from futurecommunity.notifications.services import SendResult, notify, outbox_send_due
from futurecommunity.notifications.tests.fakes import FlakyGateway


def _user(name, email="a@example.cn"):  # type: ignore[no-untyped-def]
    return UserFactory(username=name, email=email)


def test_notify_queues_one_message_per_distinct_recipient_and_email_rows(db):
    alice, bob = _user("alice"), _user("bob", email="")
    count = notify(recipients=[alice, bob, alice], kind="test", title="标题", body="正文")
    assert count == 2
    assert Message.objects.filter(recipient=alice).count() == 1
    assert list(OutboxItem.objects.values_list("channel", "address")) == [("email", "a@example.cn")]


def test_outbox_retries_with_backoff_then_sends(db):
    notify(recipients=[_user("alice")], kind="test", title="标题", body="正文")
    gateway, now = FlakyGateway(failures=1), timezone.now()

    assert outbox_send_due(gateway=gateway, now=now) == SendResult(0, 0, 1, 0)
    item = OutboxItem.objects.get()
    assert (item.status, item.attempts, item.last_error) == ("pending", 1, "网关超时。")
    assert item.next_attempt_at == now + dt.timedelta(minutes=5)
    # Not due yet: a second run right away does nothing.
    assert outbox_send_due(gateway=gateway, now=now) == SendResult(0, 0, 0, 0)
    assert outbox_send_due(gateway=gateway, now=now + dt.timedelta(minutes=5)) == SendResult(
        1, 0, 0, 0
    )
    item.refresh_from_db()
    assert (item.status, item.attempts) == ("sent", 2)
    assert gateway.sent == [("email", "a@example.cn", "标题")]
    # Sent rows are never sent again.
    assert outbox_send_due(gateway=gateway, now=now + dt.timedelta(days=1)) == SendResult(
        0, 0, 0, 0
    )


@override_settings(FC_NOTIFY_MAX_ATTEMPTS=3)
def test_outbox_gives_up_after_max_attempts(db):
    notify(recipients=[_user("alice")], kind="test", title="标题", body="正文")
    gateway, now = FlakyGateway(failures=99), timezone.now()
    for hours in (0, 1, 2):
        outbox_send_due(gateway=gateway, now=now + dt.timedelta(hours=hours))
    item = OutboxItem.objects.get()
    assert (item.status, item.attempts) == ("given_up", 3)
    assert outbox_send_due(gateway=gateway, now=now + dt.timedelta(days=1)) == SendResult(
        0, 0, 0, 0
    )


def test_default_gateway_records_not_sent_when_disabled(db):
    notify(recipients=[_user("alice")], kind="test", title="标题", body="正文")
    call_command("send_notifications", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("send_notifications", stdout=open("/dev/null", "w"))  # noqa: SIM115
    item = OutboxItem.objects.get()
    assert (item.status, item.attempts, item.last_error) == (
        "skipped",
        1,
        "not sent: gateway disabled",
    )


@override_settings(FC_NOTIFICATION_GATEWAY="futurecommunity.notifications.tests.fakes.FlakyGateway")
def test_command_uses_the_configured_gateway(db):
    notify(recipients=[_user("alice")], kind="test", title="标题", body="正文")
    call_command("send_notifications", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert OutboxItem.objects.get().attempts == 1


def test_inbox_context_processor_counts_unread(db):
    alice = _user("alice")
    notify(recipients=[alice], kind="test", title="一", body="")
    notify(recipients=[alice], kind="test", title="二", body="")
    request = RequestFactory().get("/")
    request.user = alice
    context = inbox(request)
    assert context["inbox_unread"] == 2
    assert context["todo_count"]() == len(context["viewer_todos"])


def test_inbox_page_marks_only_own_messages_read(client, city_editor, tashan_editor):
    alice, bob = city_editor, tashan_editor
    notify(recipients=[alice, bob], kind="test", title="新整改单", body="请办理", link="/x/")
    mine = Message.objects.get(recipient=alice)
    theirs = Message.objects.get(recipient=bob)
    client.login(username=alice.username, password=TEST_PASSWORD)

    page = client.get(reverse("notifications:inbox"))
    assert page.status_code == 200
    assert "新整改单" in page.content.decode()
    client.post(reverse("notifications:message-read", args=[theirs.pk]))
    response = client.post(reverse("notifications:message-read", args=[mine.pk]), {"next": "/x/"})

    assert response.url == "/x/"
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None
    assert theirs.read_at is None
