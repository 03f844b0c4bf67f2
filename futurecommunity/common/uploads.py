"""Checks every stored attachment passes: size, type, and a name that fits the database.

Officials exchange documents, scans and photos; anything else (executables, archives of unknown
content) is refused, and one file may not fill the evidence store. Limits come from settings
(``FC_UPLOAD_MAX_MB``, ``FC_UPLOAD_SUFFIXES``) so an installation can change them.
"""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from futurecommunity.common.errors import DomainError

NAME_MAX = 200


def upload_check(upload: UploadedFile) -> str:
    """Raise a Chinese DomainError for an oversized or disallowed file; return a storable name."""
    name = upload.name or "附件"
    suffix = PurePath(name).suffix.lower().lstrip(".")
    allowed = settings.FC_UPLOAD_SUFFIXES
    if suffix not in allowed:
        raise DomainError(
            "upload_type",
            f"附件“{name}”的类型不允许上传；可上传：{'、'.join(allowed)}。",
            field="attachments",
        )
    limit = settings.FC_UPLOAD_MAX_MB * 1024 * 1024
    if upload.size is not None and upload.size > limit:
        raise DomainError(
            "upload_size",
            f"附件“{name}”超过 {settings.FC_UPLOAD_MAX_MB} MB，请压缩或拆分后上传。",
            field="attachments",
        )
    if len(name) <= NAME_MAX:
        return name
    stem, dot_suffix = PurePath(name).stem, PurePath(name).suffix
    return stem[: NAME_MAX - len(dot_suffix)] + dot_suffix
