"""Backups that restore (issue 11): the database and the uploaded files, with a manifest of
checksums, row counts and the audit chain head.

Database: SQLite through its online backup API (a consistent copy while the platform runs);
PostgreSQL through ``pg_dump --format=custom`` when the tool is installed, else Django's
serialisation (``dumpdata``). Uploads: a copy of MEDIA_ROOT. The audit key is NOT in the backup
(keep it separately); restoring checks the files' checksums, refuses a non-empty instance, and
verifies the audit chain against the latest signed checkpoint — an older backup is reported.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from futurecommunity.audit.keys import latest_checkpoint
from futurecommunity.audit.models import AuditEntry
from futurecommunity.common.errors import DomainError

MANIFEST = "manifest.json"
FORMAT_VERSION = 1


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def row_counts() -> dict[str, int]:
    return {
        model._meta.label_lower: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def _pg_env() -> dict[str, str]:
    db = connection.settings_dict
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args() -> list[str]:
    db = connection.settings_dict
    args = []
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    return args + ["-d", str(db["NAME"])]


def _dump_database(folder: Path) -> str:
    if connection.vendor == "sqlite":
        target = folder / "database.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
        return "sqlite"
    if connection.vendor == "postgresql" and shutil.which("pg_dump"):
        target = folder / "database.pgdump"
        subprocess.run(  # noqa: S603 - fixed tool, arguments from settings
            [
                shutil.which("pg_dump") or "pg_dump",
                "--format=custom",
                "--no-owner",
                "-f",
                str(target),
                *_pg_args(),
            ],
            check=True,
            env=_pg_env(),
        )
        return "pg_dump"
    with (folder / "database.json").open("w", encoding="utf-8") as handle:
        call_command(
            "dumpdata", "--natural-foreign", "--exclude=contenttypes",
            "--exclude=auth.permission", "--exclude=sessions", stdout=handle,
        )  # fmt: skip
    return "dumpdata"


def backup_create(out: Path) -> Path:
    """Write a backup folder under ``out``; returns it."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = Path(out) / f"backup-{stamp}"
    folder.mkdir(parents=True, exist_ok=False)
    method = _dump_database(folder)
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        shutil.copytree(media, folder / "media")
    head = AuditEntry.objects.order_by("-id").values("id", "entry_hash").first()
    files = [
        {"path": str(p.relative_to(folder)), "size": p.stat().st_size, "sha256": _sha256(p)}
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    ]
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": dt.datetime.now(dt.UTC).isoformat(),
        "vendor": connection.vendor,
        "method": method,
        "rows": row_counts(),
        "audit_head": head,
        "files": files,
    }
    (folder / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return folder


@dataclass
class RestoreReport:
    rows_expected: dict[str, int]
    rows_restored: dict[str, int]
    files: int
    audit_problems: list[str]
    older_than_checkpoint: str

    @property
    def rows_match(self) -> bool:
        return all(self.rows_restored.get(k) == v for k, v in self.rows_expected.items())


def manifest_check(folder: Path) -> dict[str, Any]:
    """The manifest, after every listed file's size and checksum matched."""
    path = Path(folder) / MANIFEST
    if not path.exists():
        raise DomainError("backup_invalid", f"“{folder}”中没有备份清单 {MANIFEST}。")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    for item in manifest["files"]:
        file = Path(folder) / item["path"]
        if not file.exists() or file.stat().st_size != item["size"]:
            raise DomainError("backup_invalid", f"备份文件“{item['path']}”缺失或大小不符。")
        if _sha256(file) != item["sha256"]:
            raise DomainError(
                "backup_invalid", f"备份文件“{item['path']}”校验和不符，已损坏或被改动。"
            )
    return manifest


def _instance_is_empty() -> bool:
    tables = set(connection.introspection.table_names())
    if AuditEntry._meta.db_table not in tables:
        return True
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return not AuditEntry.objects.exists() and not user_model.objects.exists()


def backup_restore(folder: Path) -> RestoreReport:
    """Restore a checked backup into an empty instance and report what came back."""
    folder = Path(folder)
    manifest = manifest_check(folder)
    if manifest["vendor"] != connection.vendor:
        raise DomainError(
            "backup_vendor",
            f"该备份来自 {manifest['vendor']} 数据库，当前实例为 {connection.vendor}，不能直接恢复。",
        )
    if not _instance_is_empty():
        raise DomainError(
            "restore_not_empty", "当前实例已有数据：只能恢复到空实例（新建数据库后再恢复）。"
        )
    method = manifest["method"]
    if method == "sqlite":
        connection.close()
        target = Path(connection.settings_dict["NAME"])
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        with (
            sqlite3.connect(folder / "database.sqlite3") as source,
            sqlite3.connect(target) as dest,
        ):
            source.backup(dest)
        connection.close()
    elif method == "pg_dump":
        subprocess.run(  # noqa: S603 - fixed tool, arguments from settings
            [shutil.which("pg_restore") or "pg_restore", "--no-owner", "--clean", "--if-exists", *_pg_args(),
             str(folder / "database.pgdump")],
            check=True, env=_pg_env(),
        )  # fmt: skip
    else:
        call_command("migrate", "--noinput", verbosity=0)
        call_command("loaddata", str(folder / "database.json"), verbosity=0)
    media_files = 0
    if (folder / "media").exists():
        shutil.copytree(folder / "media", Path(settings.MEDIA_ROOT), dirs_exist_ok=True)
        media_files = sum(1 for p in (folder / "media").rglob("*") if p.is_file())
    from futurecommunity.audit.services import audit_verify_chain

    problems = [p.message for p in audit_verify_chain()]
    point = latest_checkpoint()
    head = manifest.get("audit_head") or {}
    older = ""
    if point is not None and head and head.get("id", 0) < point.entry_id:
        older = (
            f"恢复的是较早的备份：备份中的审计日志截至第 {head['id']} 条，"
            f"而最新检查点（{point.written_at[:19]}）已记录到第 {point.entry_id} 条；"
            "其间的操作不在本备份中。"
        )
    return RestoreReport(
        rows_expected=manifest["rows"],
        rows_restored=row_counts(),
        files=media_files,
        audit_problems=problems,
        older_than_checkpoint=older,
    )
