"""The attachment check every service applies before storing a file."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from futurecommunity.common.errors import DomainError
from futurecommunity.common.uploads import NAME_MAX, upload_check


def test_documents_and_photos_pass_with_their_name():
    assert upload_check(SimpleUploadedFile("会议纪要.pdf", b"%PDF-1.4")) == "会议纪要.pdf"
    assert upload_check(SimpleUploadedFile("现场照片.JPG", b"\xff\xd8")) == "现场照片.JPG"


def test_an_executable_is_refused_naming_the_file():
    with pytest.raises(DomainError) as refused:
        upload_check(SimpleUploadedFile("整改说明.exe", b"MZ"))
    assert refused.value.code == "upload_type" and "整改说明.exe" in refused.value.message


def test_a_file_over_the_limit_is_refused(settings):
    settings.FC_UPLOAD_MAX_MB = 1
    with pytest.raises(DomainError) as refused:
        upload_check(SimpleUploadedFile("图纸.pdf", b"x" * (1024 * 1024 + 1)))
    assert refused.value.code == "upload_size" and "1 MB" in refused.value.message


def test_a_long_name_is_shortened_keeping_its_suffix():
    name = "长" * 300 + ".docx"
    stored = upload_check(SimpleUploadedFile(name, b"PK"))
    assert len(stored) == NAME_MAX and stored.endswith(".docx")
