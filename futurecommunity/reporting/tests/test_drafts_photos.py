"""Monthly report drafts and site photos (issue 12 item 4, 四 S1).

保存草稿 keeps an uncounted working copy: it reaches no figure, freeze, bulletin or API, the month
stays missing (催报, the street's to-do says 草稿未提交); 提交 submits it with last month's checks.
Photos pass the upload checks, are bounded per report and are read only through the project's
scope.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from futurecommunity.api.services import api_token_create
from futurecommunity.api.tests.conftest import ApiClient
from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.time import today_local
from futurecommunity.projects.tests.factories import ProjectFactory, advance
from futurecommunity.reporting.figures import bulletin_figures
from futurecommunity.reporting.models import (
    MonthlyReport,
    MonthSnapshot,
    ReportDraft,
    ReportPhoto,
)
from futurecommunity.reporting.selectors import month_snapshot_data, reporting_facts
from futurecommunity.reporting.services import (
    DraftInput,
    ReportInput,
    month_freeze,
    monthly_report_draft_save,
    monthly_report_save,
)
from futurecommunity.reporting.todos import todos_for

pytestmark = pytest.mark.django_db

THIS_MONTH = today_local().replace(day=1)
LAST_MONTH = (THIS_MONTH - dt.timedelta(days=1)).replace(day=1)
FIGURES = {"percent_complete": "40", "investment_month": "300000", "investment_to_date": "900000"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def building(tashan_editor, yuecheng_approver):
    project = ProjectFactory(actor=tashan_editor, creation_year=LAST_MONTH.year)
    before = (LAST_MONTH - dt.timedelta(days=1)).replace(day=1)
    return advance(
        project, "under_construction", approver=yuecheng_approver, editor=tashan_editor, on=before
    )


def _picture(name: str = "现场.jpg", kind: str = "JPEG") -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (640, 480), (30, 120, 60)).save(buffer, format=kind)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{kind.lower()}")


def _url(project, month: dt.date) -> str:
    return reverse("reporting:report-edit", args=[project.reference, f"{month:%Y-%m}"])


def _files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_a_draft_is_kept_but_counted_nowhere_until_submitted(client, tashan_editor, building):
    client.force_login(tashan_editor)
    url = _url(building, LAST_MONTH)
    response = client.post(url, {**FIGURES, "action": "draft", "photos": [_picture()]})
    assert response.status_code == 302 and response["Location"] == url
    draft = ReportDraft.objects.get(project=building, month=LAST_MONTH)
    assert draft.values["percent_complete"] == "40"
    assert not MonthlyReport.objects.filter(project=building).exists()
    page = client.get(url).content.decode()
    assert "草稿未提交" in page and 'value="900000"' in page and "现场.jpg" in page

    # Freeze: the month's snapshot has the project missing, no report; the bulletin follows it.
    month_freeze(actor=None, month=LAST_MONTH)
    snapshot = MonthSnapshot.objects.get(month=LAST_MONTH).data
    assert snapshot["reports"] == []
    assert building.reference in [row["project"] for row in snapshot["missing"]]
    figures = json.dumps(bulletin_figures(LAST_MONTH), default=str)
    assert "900000" not in figures and "90.00" not in figures

    # Submitting the draft is what makes it count (the comparison above can fail).
    response = client.post(url, {**FIGURES, "action": "submit", "reason": "冻结后补报"})
    assert response.status_code == 302
    report = MonthlyReport.objects.get(project=building, month=LAST_MONTH)
    assert report.investment_to_date == Decimal("900000")
    assert not ReportDraft.objects.filter(project=building).exists()
    photo = ReportPhoto.objects.get(project=building)
    assert (photo.report_id, photo.version) == (report.pk, 1)
    data = month_snapshot_data(month=LAST_MONTH, facts=reporting_facts())
    assert [row["project"] for row in data["reports"]] == [building.reference]
    history = client.get(url).content.decode()
    assert "第 1 版" in history and "现场照片 1 张" in history and "草稿未提交" not in history


def test_a_draft_never_reaches_the_api_or_the_months_figures(
    client, tashan_editor, city_viewer, building
):
    api = ApiClient(api_token_create(actor=None, user=city_viewer, name="测试", days=30).plain)

    def observed() -> dict[str, object]:
        return {
            "month": month_snapshot_data(month=THIS_MONTH, facts=reporting_facts()),
            "status": api.get("programme-status", as_of=today_local().isoformat()),
            "project": api.get(f"projects/{building.reference}"),
        }

    before = observed()
    values = DraftInput(Decimal("55"), Decimal("120000"), Decimal("120000"))
    monthly_report_draft_save(actor=tashan_editor, project=building, month=THIS_MONTH, data=values)
    assert observed() == before
    monthly_report_save(
        actor=tashan_editor,
        project=building,
        month=THIS_MONTH,
        data=ReportInput(Decimal("55"), Decimal("120000"), Decimal("120000")),
    )
    assert observed()["month"] != before["month"]


def test_a_draft_is_still_missing_for_the_street_and_for_the_reminder(
    client, tashan_editor, yuecheng_editor, building
):
    monthly_report_draft_save(
        actor=tashan_editor, project=building, month=THIS_MONTH, data=DraftInput(Decimal("10"))
    )
    todos = [t for t in todos_for(tashan_editor) if t.source == "reporting.monthly"]
    assert [t.title for t in todos] == [f"{THIS_MONTH:%Y年%m月}月报草稿未提交"]
    assert todos[0].due_on is not None and todos[0].due_on.month == THIS_MONTH.month
    client.force_login(tashan_editor)
    assert 'id="report-due"' in client.get(_url(building, THIS_MONTH)).content.decode()

    client.force_login(yuecheng_editor)
    listing = client.get(reverse("reporting:report-list")).content.decode()
    pending = listing.split('id="pending-panel"')[1]
    assert building.reference in pending and "草稿未提交" in pending
    # The district is not shown the draft's figures as a report.
    assert building.reference not in listing.split('id="pending-panel"')[0]
    client.post(reverse("reporting:report-remind"), {"month": f"{THIS_MONTH:%Y-%m}"})
    remind = AuditEntry.objects.get(action="monthly_report.remind")
    assert building.reference in remind.changes["references"][1]


def test_submit_after_a_draft_asks_the_reason_for_a_drop(client, tashan_editor, building):
    monthly_report_save(
        actor=tashan_editor,
        project=building,
        month=LAST_MONTH,
        data=ReportInput(Decimal("95"), Decimal("100000"), Decimal("5000000")),
    )
    client.force_login(tashan_editor)
    url = _url(building, THIS_MONTH)
    dropped = {"percent_complete": "65", "investment_month": "0", "investment_to_date": "5000000"}
    # A draft may hold the drop without a reason, or leave figures empty.
    assert client.post(url, {**dropped, "action": "draft"}).status_code == 302
    assert client.post(url, {"percent_complete": "65", "action": "draft"}).status_code == 302
    assert ReportDraft.objects.get(project=building).values["investment_to_date"] == ""
    missing = client.post(url, {"percent_complete": "65", "action": "submit"}).content.decode()
    assert "提交前须填写“累计完成投资（元）”" in missing
    response = client.post(url, {**dropped, "action": "submit"})
    assert response.status_code == 200
    assert "形象进度由上月 95.0% 降至 65%" in response.content.decode()
    assert not MonthlyReport.objects.filter(project=building, month=THIS_MONTH).exists()
    assert ReportDraft.objects.filter(project=building).exists()
    response = client.post(url, {**dropped, "action": "submit", "reason": "重新测量"})
    assert response.status_code == 302
    assert MonthlyReport.objects.get(project=building, month=THIS_MONTH).percent_complete == 65
    assert not ReportDraft.objects.filter(project=building).exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("说明.pdf", b"%PDF-1.4"), "只能上传 JPG、PNG"),
        (SimpleUploadedFile("伪装.jpg", b"MZ\x90\x00 not a picture"), "不是有效的 JPG 或 PNG"),
        (SimpleUploadedFile("病毒.exe", b"MZ"), "类型不允许上传"),
        ("big", "超过 1 MB"),
        ("count", "每份月报最多上传 2 张现场照片；已有 1 张，本次选择了 2 张"),
    ],
)
@pytest.mark.parametrize("action", ["draft", "submit"])
def test_a_refused_photo_writes_nothing(
    client, settings, media, tashan_editor, building, upload, message, action
):
    settings.FC_UPLOAD_MAX_MB = 1
    settings.FC_REPORT_PHOTOS_MAX = 2
    client.force_login(tashan_editor)
    url = _url(building, THIS_MONTH)
    if upload == "count":
        client.post(url, {"action": "draft", "photos": [_picture("一.jpg")]})
        uploads = [_picture("二.png", "PNG"), _picture("三.jpg")]
    elif upload == "big":
        uploads = [SimpleUploadedFile("大.png", b"\x89PNG" + b"0" * (1024 * 1024 + 1))]
    else:
        uploads = [upload]
    counts = (
        ReportDraft.objects.count(),
        ReportPhoto.objects.count(),
        MonthlyReport.objects.count(),
        AuditEntry.objects.count(),
        len(_files(media)),
    )
    response = client.post(url, {**FIGURES, "action": action, "photos": uploads})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (
        ReportDraft.objects.count(),
        ReportPhoto.objects.count(),
        MonthlyReport.objects.count(),
        AuditEntry.objects.count(),
        len(_files(media)),
    ) == counts


def test_photos_are_read_only_in_the_projects_scope(
    client, tashan_editor, yuecheng_editor, city_viewer, keqiao_editor, building
):
    monthly_report_draft_save(
        actor=tashan_editor,
        project=building,
        month=THIS_MONTH,
        data=DraftInput(),
        photo_uploads=[_picture("草稿.jpg")],
    )
    draft_photo = ReportPhoto.objects.get()
    draft_url = reverse(
        "reporting:report-photo", args=[building.reference, f"{THIS_MONTH:%Y-%m}", draft_photo.pk]
    )
    client.force_login(city_viewer)  # the draft is not submitted: the city is not shown it
    assert client.get(draft_url).status_code == 404
    assert "草稿.jpg" not in client.get(_url(building, THIS_MONTH)).content.decode()

    monthly_report_save(
        actor=tashan_editor,
        project=building,
        month=THIS_MONTH,
        data=ReportInput(Decimal("10"), Decimal("1"), Decimal("1")),
    )
    url = draft_url
    for reader in (tashan_editor, yuecheng_editor, city_viewer):
        client.force_login(reader)
        thumb = client.get(url + "?thumb=1")
        assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"
        assert Image.open(BytesIO(thumb.content)).size[0] <= 240
        full = client.get(url)
        assert full.status_code == 200 and "attachment" in full["Content-Disposition"]
    assert AuditEntry.objects.filter(action="monthly_report.photo_download").count() == 3
    client.force_login(keqiao_editor)  # another district
    assert client.get(url).status_code == 404
    assert client.get(url + "?thumb=1").status_code == 404
    other_month = reverse(
        "reporting:report-photo", args=[building.reference, f"{LAST_MONTH:%Y-%m}", draft_photo.pk]
    )
    client.force_login(yuecheng_editor)
    assert client.get(other_month).status_code == 404


def test_the_demo_shows_a_draft_and_removing_the_demo_removes_drafts_and_photos(settings):
    from futurecommunity.projects import demo as projects_demo
    from futurecommunity.reporting import demo as reporting_demo

    settings.FC_DEMO_MODE = True
    projects_demo.seed_demo()
    reporting_demo.seed_demo()
    draft = ReportDraft.objects.get()
    assert draft.project.is_demo and draft.region_code == "330602001"
    assert draft.month == THIS_MONTH
    assert not MonthlyReport.objects.filter(project=draft.project, month=THIS_MONTH).exists()
    report = MonthlyReport.objects.filter(is_demo=True).first()
    assert report is not None
    ReportPhoto.objects.create(
        project=report.project,
        month=report.month,
        region_code=report.region_code,
        report=report,
        version=report.version,
        file=_picture(),
        original_name="现场.jpg",
        size=1,
        uploaded_by=draft.saved_by,
    )
    reporting_demo.remove_demo()
    assert not MonthlyReport.objects.exists()
    assert not ReportDraft.objects.exists() and not ReportPhoto.objects.exists()
