"""Streaming stored uploads back to a reader who has already passed the owner's scope check."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404


def file_download(stored: FieldFile, *, filename: str = "") -> FileResponse:
    """The upload as an attachment under its original name; Http404 when nothing is stored.

    Uploads are never served from MEDIA_URL: a view first loads the owning object through its
    app's scoped selector, then calls this. ``as_attachment`` keeps a browser from rendering an
    uploaded HTML or SVG file inside the platform's origin.
    """
    if not stored:
        raise Http404("未找到该文件。")
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404("该文件已不存在。") from None
    name = filename or PurePosixPath(stored.name or "").name
    return FileResponse(handle, as_attachment=True, filename=name)
