import pytest


@pytest.fixture(autouse=True)
def checkpoint_file(settings, tmp_path):
    """Each audit test has its own checkpoint file (the suite default is none)."""
    settings.FC_AUDIT_CHECKPOINT_FILE = tmp_path / "checkpoints.jsonl"
    return settings.FC_AUDIT_CHECKPOINT_FILE


@pytest.fixture(autouse=True)
def tamper_allowed(request):
    """These tests play the attacker who edits rows directly: on PostgreSQL the append-only
    trigger would refuse, so it is bypassed for the test's own transaction (superuser only)."""
    marker = request.node.get_closest_marker("django_db")
    if "no_tamper" in request.keywords or (marker and marker.kwargs.get("transaction")):
        return
    if "db" not in request.fixturenames and not request.node.get_closest_marker("django_db"):
        return
    from django.db import connection

    if connection.vendor == "postgresql":
        request.getfixturevalue("db")
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
