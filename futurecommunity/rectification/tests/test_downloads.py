"""Inspection photos and order evidence are streamed only to those who may see the owner."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from futurecommunity.audit.models import AuditEntry
from futurecommunity.projects.tests.factories import TASHAN
from futurecommunity.rectification import services
from futurecommunity.rectification.tests.factories import freeze, issue

pytestmark = pytest.mark.django_db

D = dt.date
PHOTO = b"jpeg photo bytes"
EVIDENCE = b"evidence bytes"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def order_url(city_editor, tashan_editor, monkeypatch, django_capture_on_commit_callbacks) -> str:
    freeze(monkeypatch, D(2025, 3, 3))
    with django_capture_on_commit_callbacks(execute=True):
        order = issue(city_editor, f"sx-{TASHAN}", issued_on=D(2025, 3, 3), deadline=D(2025, 3, 31))
        services.order_move(
            actor=tashan_editor,
            order=order,
            target="responded",
            remark="已拆除广告牌。",
            attachments=[SimpleUploadedFile("现场照片.jpg", EVIDENCE, content_type="image/jpeg")],
        )
    attachment = order.events.get(to_status="responded").attachments.get()
    return reverse("rectification:order-attachment-download", args=[order.pk, attachment.pk])


@pytest.fixture
def inspection_url(city_editor, monkeypatch) -> str:
    freeze(monkeypatch, D(2025, 3, 3))
    photo = SimpleUploadedFile("问题.jpg", PHOTO, content_type="image/jpeg")
    inspection = services.inspection_record(
        actor=city_editor,
        title="2025 年一季度风貌督查",
        inspected_on=D(2025, 3, 1),
        team="市风貌办督查一组",
        scope_regions=["330602"],
        project_references=[],
        findings=[services.FindingInput("沿街店招杂乱。", TASHAN, attachments=[photo])],
    )
    attachment = inspection.findings.get().attachments.get()
    return reverse("rectification:finding-attachment-download", args=[inspection.pk, attachment.pk])


@pytest.mark.parametrize("who", ["city_editor", "tashan_editor"])
def test_issuer_and_recipient_download_order_evidence(request, client, order_url, who) -> None:
    client.force_login(request.getfixturevalue(who))
    response = client.get(order_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == EVIDENCE
    assert response["Content-Disposition"].startswith("attachment;")
    assert AuditEntry.objects.filter(action="rectification.attachment_download").count() == 1


def test_inspecting_office_downloads_the_finding_photo(client, city_editor, inspection_url):
    client.force_login(city_editor)
    response = client.get(inspection_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PHOTO


@pytest.mark.parametrize("who", ["keqiao_editor", "outsider", "resident"])
@pytest.mark.parametrize("kind", ["order_url", "inspection_url"])
def test_other_district_and_outsiders_get_404(request, client, who, kind) -> None:
    url = request.getfixturevalue(kind)
    client.force_login(request.getfixturevalue(who))
    assert client.get(url).status_code == 404
    assert not AuditEntry.objects.filter(action="rectification.attachment_download").exists()


@pytest.mark.parametrize("kind", ["order_url", "inspection_url"])
def test_anonymous_is_sent_to_login(request, client, kind) -> None:
    response = client.get(request.getfixturevalue(kind))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_order_page_links_the_download_view(client, tashan_editor, order_url) -> None:
    client.force_login(tashan_editor)
    order_page = order_url.split("attachments/")[0]
    html = client.get(order_page).content.decode()
    assert order_url in html and "/media/" not in html
