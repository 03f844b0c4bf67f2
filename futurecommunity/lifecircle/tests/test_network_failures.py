"""A network import that the reader cannot handle (issue 11 §5): the network ends "failed" with a
Chinese reason, the job's error is that sentence, and no Python text or server path shows."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _odd_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("roads.shp", b"\x00" * 100)  # not a shapefile at all
        archive.writestr("roads.dbf", b"garbage")
        archive.writestr("../../etc/odd.txt", b"x")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name, content",
    [
        ("deep.geojson", b'{"type": "FeatureCollection", "features": ' + b"[" * 200_000),
        ("deep2.geojson", b"[" * 100_000 + b"]" * 100_000),
        ("roads.zip", _odd_zip()),
    ],
)
def test_a_reader_crash_ends_failed_with_a_chinese_reason(
    client, catalogue, media, yuecheng_editor, django_capture_on_commit_callbacks, name, content
):
    from futurecommunity.jobs.models import Job
    from futurecommunity.lifecircle.models import StreetNetwork

    client.force_login(yuecheng_editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("lifecircle:network-import"),
            {"name": "坏文件", "region": "330602", "file": SimpleUploadedFile(name, content),
             "crs": "EPSG:4549", "datum": "wgs84", "source_crs": ""},
        )  # fmt: skip
    network = StreetNetwork.objects.get()
    assert network.status == "failed"
    assert network.error.startswith("路网文件无法导入：")
    job = Job.objects.get(pk=network.job_id)
    assert job.status == "failed"
    for text in (network.error, job.error):
        assert "Traceback" not in text and "/" not in text and "Error" not in text
    page = client.get(reverse("lifecircle:network-detail", args=[network.pk])).content.decode()
    assert network.error in page
    assert str(media) not in page
