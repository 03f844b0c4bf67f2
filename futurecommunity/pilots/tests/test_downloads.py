"""Declaration evidence is streamed only to viewers whose scope covers the declaration."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from futurecommunity.audit.models import AuditEntry
from futurecommunity.pilots import services
from futurecommunity.pilots.loaders import load_pilots
from futurecommunity.projects.tests.factories import TASHAN, YUECHENG

pytestmark = pytest.mark.django_db

CONTENT = b"operating evidence"


@pytest.fixture
def evidence_url(settings, tmp_path, tashan_editor) -> str:
    settings.MEDIA_ROOT = tmp_path / "media"
    load_pilots()
    declaration = services.declaration_create(
        actor=tashan_editor,
        data=services.DeclarationInput(
            kind="street",
            district_code=YUECHENG,
            street_code=TASHAN,
            year=2024,
            declared_on=dt.date(2024, 3, 1),
        ),
    )
    evidence = services.declaration_add_evidence(
        actor=tashan_editor,
        declaration=declaration,
        title="运营台账",
        file=SimpleUploadedFile("运营台账.pdf", CONTENT, content_type="application/pdf"),
    )
    return reverse("pilots:evidence-download", args=[declaration.reference, evidence.pk])


@pytest.mark.parametrize("who", ["tashan_editor", "yuecheng_editor", "city_viewer"])
def test_scope_downloads_the_evidence(request, client, evidence_url, who) -> None:
    client.force_login(request.getfixturevalue(who))
    response = client.get(evidence_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CONTENT
    assert response["Content-Disposition"].startswith("attachment;")
    assert AuditEntry.objects.filter(action="pilots.evidence_download").count() == 1


@pytest.mark.parametrize("who", ["keqiao_editor", "outsider", "resident"])
def test_other_district_and_outsiders_get_404(request, client, evidence_url, who) -> None:
    client.force_login(request.getfixturevalue(who))
    assert client.get(evidence_url).status_code == 404
    assert not AuditEntry.objects.filter(action="pilots.evidence_download").exists()


def test_anonymous_is_sent_to_login(client, evidence_url) -> None:
    response = client.get(evidence_url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_declaration_page_links_the_download_view(client, tashan_editor, evidence_url) -> None:
    client.force_login(tashan_editor)
    page = evidence_url.split("evidence/")[0]
    html = client.get(page).content.decode()
    assert evidence_url in html and "/media/" not in html
