"""Transition attachments are streamed only to viewers who may see the project (404 otherwise)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from futurecommunity.audit.models import AuditEntry
from futurecommunity.projects import services
from futurecommunity.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

CONTENT = b"%PDF-1.4 declaration"


@pytest.fixture
def attachment_url(settings, tmp_path, city_approver, yuecheng_editor) -> str:
    settings.MEDIA_ROOT = tmp_path / "media"
    project = ProjectFactory(actor=city_approver)
    upload = SimpleUploadedFile("申报书.pdf", CONTENT, content_type="application/pdf")
    transition = services.project_transition(
        actor=yuecheng_editor, project=project, target="declared", attachments=[upload]
    )
    attachment = transition.attachments.get()
    return reverse("projects:attachment-download", args=[project.reference, attachment.pk])


def test_district_in_scope_downloads_the_attachment_under_its_original_name(
    client, yuecheng_editor, attachment_url
) -> None:
    client.force_login(yuecheng_editor)
    response = client.get(attachment_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CONTENT
    assert response["Content-Disposition"].startswith("attachment;")
    assert "%E7%94%B3%E6%8A%A5%E4%B9%A6.pdf" in response["Content-Disposition"]
    entry = AuditEntry.objects.filter(action="project.attachment_download").get()
    assert entry.actor_id == yuecheng_editor.pk


def test_project_page_links_the_download_not_the_media_url(
    client, yuecheng_editor, attachment_url
) -> None:
    client.force_login(yuecheng_editor)
    project_url = attachment_url.split("attachments/")[0]
    page = client.get(project_url).content.decode()
    assert attachment_url in page
    assert "/media/" not in page


@pytest.mark.parametrize("who", ["keqiao_editor", "outsider", "resident"])
def test_other_district_and_outsiders_get_404(request, client, who, attachment_url) -> None:
    client.force_login(request.getfixturevalue(who))
    assert client.get(attachment_url).status_code == 404
    assert not AuditEntry.objects.filter(action="project.attachment_download").exists()


def test_anonymous_is_sent_to_login(client, attachment_url) -> None:
    response = client.get(attachment_url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_attachment_of_another_project_is_404_under_this_reference(
    client, city_approver, yuecheng_editor, attachment_url
) -> None:
    other = ProjectFactory(actor=city_approver, name="另一个未来社区")
    pk = attachment_url.rstrip("/").rsplit("/", 1)[1]
    client.force_login(yuecheng_editor)
    url = reverse("projects:attachment-download", args=[other.reference, int(pk)])
    assert client.get(url).status_code == 404
