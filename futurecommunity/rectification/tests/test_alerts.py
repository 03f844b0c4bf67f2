import datetime as dt

from django.core.management import call_command

from futurecommunity.notifications.models import Message
from futurecommunity.projects.tests.factories import TASHAN
from futurecommunity.rectification.models import OrderAlert
from futurecommunity.rectification.tests.factories import freeze, issue

D = dt.date


def _run(command, monkeypatch, day, captured):  # type: ignore[no-untyped-def]
    freeze(monkeypatch, day)
    with captured(execute=True):
        call_command(command, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_reminders_once_per_threshold_even_when_run_twice(
    city_editor, tashan_editor, monkeypatch, django_capture_on_commit_callbacks
):
    freeze(monkeypatch, D(2025, 3, 1))
    issue(city_editor, f"sx-{TASHAN}", issued_on=D(2025, 3, 1), deadline=D(2025, 3, 10))
    reminders = Message.objects.filter(kind="rectification.deadline_approaching")

    _run("send_reminders", monkeypatch, D(2025, 3, 6), django_capture_on_commit_callbacks)
    assert reminders.count() == 0
    for _ in range(2):
        _run("send_reminders", monkeypatch, D(2025, 3, 7), django_capture_on_commit_callbacks)
    assert reminders.count() == 1  # 3 days left
    _run("send_reminders", monkeypatch, D(2025, 3, 8), django_capture_on_commit_callbacks)
    assert reminders.count() == 1
    for _ in range(2):
        _run("send_reminders", monkeypatch, D(2025, 3, 9), django_capture_on_commit_callbacks)
    assert reminders.count() == 2  # 1 day left
    assert set(reminders.values_list("recipient", flat=True)) == {tashan_editor.pk}


def test_escalation_once_per_level_to_district_then_city_leaders(
    city_editor,
    city_approver,
    yuecheng_approver,
    tashan_editor,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    freeze(monkeypatch, D(2025, 3, 1))
    order = issue(city_editor, f"sx-{TASHAN}", issued_on=D(2025, 3, 1), deadline=D(2025, 3, 10))
    escalations = Message.objects.filter(kind="rectification.escalation")

    for _ in range(2):
        _run("escalate_overdue", monkeypatch, D(2025, 3, 11), django_capture_on_commit_callbacks)
    assert list(escalations.values_list("recipient", flat=True)) == [yuecheng_approver.pk]
    for _ in range(2):
        _run("escalate_overdue", monkeypatch, D(2025, 3, 18), django_capture_on_commit_callbacks)
    assert sorted(escalations.values_list("recipient", flat=True)) == sorted(
        [yuecheng_approver.pk, city_approver.pk]
    )
    assert list(
        OrderAlert.objects.filter(order=order, kind="escalation").values_list("level", flat=True)
    ) == [1, 2]


def test_an_order_found_late_escalates_both_levels_in_one_run(
    city_editor, city_approver, yuecheng_approver, monkeypatch, django_capture_on_commit_callbacks
):
    freeze(monkeypatch, D(2025, 3, 1))
    issue(city_editor, f"sx-{TASHAN}", issued_on=D(2025, 3, 1), deadline=D(2025, 3, 10))
    _run("escalate_overdue", monkeypatch, D(2025, 4, 1), django_capture_on_commit_callbacks)
    _run("escalate_overdue", monkeypatch, D(2025, 4, 1), django_capture_on_commit_callbacks)
    assert Message.objects.filter(kind="rectification.escalation").count() == 2
