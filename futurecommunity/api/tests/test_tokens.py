"""Tokens: only a hash is stored, expiry and revocation bite at once, every issue is audited."""

from __future__ import annotations

import datetime as dt
import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from futurecommunity.api.models import ApiToken
from futurecommunity.api.services import api_token_create, api_token_revoke
from futurecommunity.api.tests.conftest import ApiClient
from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.errors import ValidationFailed

# Every test here reads the reference data; the mark also orders them before the
# browser tests, which flush the database.
pytestmark = pytest.mark.django_db


def test_only_the_sha256_hash_of_the_token_is_stored(city_viewer):
    issued = api_token_create(actor=None, user=city_viewer, name="省平台", days=30)
    row = ApiToken.objects.get()
    assert row.token_hash == hashlib.sha256(issued.plain.encode()).hexdigest()
    assert issued.plain not in {row.token_hash, row.prefix, row.name}
    assert row.prefix == issued.plain[:10]
    assert issued.plain.startswith("fc_") and len(issued.plain) > 40


def test_token_acts_as_its_user_and_stamps_last_use(city_viewer):
    issued = api_token_create(actor=None, user=city_viewer, name="省平台", days=30)
    status, _body = ApiClient(issued.plain).get("regions/districts")
    assert status == 200
    assert ApiToken.objects.get().last_used_at is not None


@pytest.mark.parametrize(
    "header",
    ["", "Bearer", "Bearer fc_wrong", "Token {plain}", "Basic {plain}", "Bearer {plain}x"],
)
def test_missing_or_wrong_token_is_401_with_the_error_shape(city_viewer, header):
    plain = api_token_create(actor=None, user=city_viewer, name="省平台", days=30).plain
    headers = {"Authorization": header.format(plain=plain)} if header else {}
    response = Client().get("/api/v1/regions/districts", headers=headers)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"
    assert set(response.json()["error"]) == {"code", "message", "fields"}


def test_expired_token_is_refused(city_viewer):
    issued = api_token_create(actor=None, user=city_viewer, name="省平台", days=1)
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert ApiClient(issued.plain).get("regions/districts")[0] == 401


def test_revoked_token_is_refused_and_revocation_is_audited(city_viewer, city_approver):
    issued = api_token_create(actor=None, user=city_viewer, name="省平台", days=30)
    api_token_revoke(actor=city_approver, token=issued.token, reason="系统下线")
    assert ApiClient(issued.plain).get("regions/districts")[0] == 401
    entry = AuditEntry.objects.get(action="api_token.revoke")
    assert (entry.actor, entry.reason, entry.subject_reference) == (
        city_approver,
        "系统下线",
        issued.plain[:10],
    )


def test_revoking_twice_writes_one_audit_entry(city_viewer):
    issued = api_token_create(actor=None, user=city_viewer, name="省平台", days=30)
    api_token_revoke(actor=None, token=issued.token)
    api_token_revoke(actor=None, token=issued.token)
    assert AuditEntry.objects.filter(action="api_token.revoke").count() == 1


def test_token_of_a_deactivated_user_stops_working(city_viewer):
    issued = api_token_create(actor=None, user=city_viewer, name="省平台", days=30)
    city_viewer.is_active = False
    city_viewer.save(update_fields=["is_active"])
    assert ApiClient(issued.plain).get("regions/districts")[0] == 401


def test_creation_is_audited_without_the_token(city_viewer, city_approver):
    issued = api_token_create(actor=city_approver, user=city_viewer, name="省平台", days=30)
    entry = AuditEntry.objects.get(action="api_token.create")
    assert entry.actor == city_approver
    assert entry.changes["user"] == [None, "city_viewer"]
    assert issued.plain not in str(entry.changes)


@pytest.mark.parametrize(("name", "days"), [("", 30), ("省平台", 0), ("省平台", 367)])
def test_invalid_name_or_lifetime_is_refused(city_viewer, name, days):
    with pytest.raises(ValidationFailed):
        api_token_create(actor=None, user=city_viewer, name=name, days=days)
    assert not ApiToken.objects.exists()
    assert not AuditEntry.objects.filter(action="api_token.create").exists()


def test_create_command_prints_the_token_once_and_revoke_command_revokes(city_viewer):
    out = StringIO()
    call_command("api_token_create", user="city_viewer", name="浙政钉", days=7, stdout=out)
    plain = out.getvalue().strip().splitlines()[-1]
    token = ApiToken.objects.get()
    assert token.token_hash == hashlib.sha256(plain.encode()).hexdigest()
    assert token.expires_at - token.created_at == pytest.approx(
        dt.timedelta(days=7), abs=dt.timedelta(seconds=5)
    )
    call_command("api_token_revoke", id=token.pk, stdout=StringIO())
    token.refresh_from_db()
    assert token.is_revoked
    assert ApiClient(plain).get("regions/districts")[0] == 401


def test_create_command_dry_run_and_unknown_user(city_viewer):
    call_command("api_token_create", user="city_viewer", name="x", dry_run=True, stdout=StringIO())
    assert not ApiToken.objects.exists()
    with pytest.raises(CommandError):
        call_command("api_token_create", user="nobody", name="x", stdout=StringIO())
