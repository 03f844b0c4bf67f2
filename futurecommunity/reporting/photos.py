"""Site photos of a monthly report (四 S1): what is accepted, and the thumbnail shown.

Every photo first passes ``common.uploads.upload_check`` (size limit, allowed types, a storable
name); a report photo must then be a JPG or PNG picture by its content, not only by its name.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, UnidentifiedImageError

from futurecommunity.common.errors import DomainError
from futurecommunity.common.uploads import upload_check

SUFFIXES = ("jpg", "jpeg", "png")
FORMATS = {"JPEG", "PNG"}
THUMB_PX = 240


def photos_max() -> int:
    return int(settings.FC_REPORT_PHOTOS_MAX)


def photo_check(upload: UploadedFile) -> str:
    """Raise a Chinese DomainError for a photo that is not accepted; return a storable name."""
    name = upload_check(upload)
    suffix = PurePath(name).suffix.lower().lstrip(".")
    if suffix not in SUFFIXES:
        raise DomainError(
            "photo_type",
            f"照片“{name}”不是 JPG 或 PNG 图片；月报现场照片只能上传 JPG、PNG（四 S1）。",
            field="photos",
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        image_format = None
    finally:
        upload.seek(0)
    if image_format not in FORMATS:
        raise DomainError(
            "photo_content",
            f"照片“{name}”的内容不是有效的 JPG 或 PNG 图片，请重新拍摄或导出后上传（四 S1）。",
            field="photos",
        )
    return name


def photos_check(uploads: list[UploadedFile], *, already: int) -> list[tuple[UploadedFile, str]]:
    """Check every photo and the count before anything is written (all or nothing)."""
    limit = photos_max()
    if already + len(uploads) > limit:
        raise DomainError(
            "photo_count",
            f"每份月报最多上传 {limit} 张现场照片；已有 {already} 张，本次选择了 {len(uploads)} 张"
            f"（四 S1）。",
            field="photos",
        )
    return [(upload, photo_check(upload)) for upload in uploads]


def thumbnail(content: bytes) -> bytes:
    """A small JPEG of the photo for the report page (the original is only downloaded)."""
    with Image.open(BytesIO(content)) as image:
        image.thumbnail((THUMB_PX, THUMB_PX))
        out = BytesIO()
        image.convert("RGB").save(out, format="JPEG", quality=80)
    return out.getvalue()
