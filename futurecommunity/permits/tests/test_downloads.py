"""Step attachments, meeting minutes and opinion attachments: streamed only within project scope."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from futurecommunity.common.time import today_local
from futurecommunity.permits import services
from futurecommunity.permits.models import DepartmentOpinion, StepAttachment

pytestmark = pytest.mark.django_db


def _upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, f"content of {name}".encode(), content_type="application/pdf")


@pytest.fixture
def urls(settings, tmp_path, project, checklist, yuecheng_editor) -> dict[str, tuple[str, bytes]]:
    settings.MEDIA_ROOT = tmp_path / "media"
    step = checklist.steps.first()
    attachment = StepAttachment.objects.create(
        step=step, file=_upload("批复.pdf"), original_name="批复.pdf", uploaded_by=yuecheng_editor
    )
    data = services.MeetingInput(held_on=today_local(), attendees="建设局", opinions=())
    meeting = services.joint_review_meeting_record(
        actor=yuecheng_editor, checklist=checklist, data=data, minutes=_upload("纪要.pdf")
    )
    opinion = DepartmentOpinion.objects.create(
        meeting=meeting,
        department_code="jianshe",
        department_name="建设局",
        opinion="同意。",
        attachment=_upload("意见.pdf"),
        attachment_name="意见.pdf",
    )
    ref = project.reference
    return {
        "step": (
            reverse("permits:step-attachment-download", args=[ref, attachment.pk]),
            b"content of \xe6\x89\xb9\xe5\xa4\x8d.pdf",
        ),
        "minutes": (
            reverse("permits:meeting-minutes-download", args=[ref, meeting.pk]),
            "content of 纪要.pdf".encode(),
        ),
        "opinion": (
            reverse("permits:opinion-attachment-download", args=[ref, opinion.pk]),
            "content of 意见.pdf".encode(),
        ),
    }


KINDS = ["step", "minutes", "opinion"]


@pytest.mark.parametrize("kind", KINDS)
def test_district_in_scope_downloads_each_file(client, yuecheng_editor, urls, kind) -> None:
    url, content = urls[kind]
    client.force_login(yuecheng_editor)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("who", ["keqiao_editor", "outsider", "department_reviewer"])
def test_other_district_and_unassigned_units_get_404(request, client, urls, kind, who) -> None:
    client.force_login(request.getfixturevalue(who))
    assert client.get(urls[kind][0]).status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_anonymous_is_sent_to_login(client, urls, kind) -> None:
    response = client.get(urls[kind][0])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_checklist_page_links_the_download_views(client, yuecheng_editor, project, urls) -> None:
    client.force_login(yuecheng_editor)
    page = client.get(reverse("permits:checklist-detail", args=[project.reference]))
    html = page.content.decode()
    assert all(urls[kind][0] in html for kind in KINDS)
    assert "/media/" not in html
