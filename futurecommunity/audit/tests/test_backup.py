"""backup / restore on SQLite (issue 11), as an operator runs them: a real instance in a
temporary var dir, a backup, a restore into an empty instance (rows, files, audit chain), an
older backup reported as such, a damaged backup and a non-empty target refused."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.skipif(
    "DATABASE_URL" in os.environ, reason="the SQLite path; PostgreSQL uses pg_dump"
)


def _manage(var: Path, shared: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "FC_VAR_DIR": str(var),
        "FC_AUDIT_KEY": "backup-test-key",
        "FC_AUDIT_CHECKPOINT_FILE": str(shared / "checkpoints.jsonl"),
        "FC_JOB_BACKEND": "sync",
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=600,
    )  # fmt: skip
    if check and result.returncode != 0:
        raise AssertionError(result.stdout + result.stderr)
    return result


WRITE = """
from pathlib import Path
from django.conf import settings
from futurecommunity.audit.services import audit_record
for i in range({n}):
    audit_record(actor=None, action="test.backup", reason=f"第{{i}}次")
media = Path(settings.MEDIA_ROOT) / "evidence"
media.mkdir(parents=True, exist_ok=True)
(media / "验收照片.jpg").write_bytes(b"jpeg-bytes")
"""
COUNT = """
from pathlib import Path
from django.conf import settings
from futurecommunity.audit.models import AuditEntry
print(AuditEntry.objects.count(), (Path(settings.MEDIA_ROOT) / "evidence" / "验收照片.jpg").read_bytes())
"""


def test_backup_restores_into_an_empty_instance(tmp_path) -> None:
    shared = tmp_path / "server"
    shared.mkdir()
    source, target = tmp_path / "source", tmp_path / "target"
    _manage(source, shared, "migrate", "--noinput", "-v0")
    _manage(source, shared, "shell", "-c", WRITE.format(n=3))
    out = _manage(source, shared, "backup", "--out", str(tmp_path / "backups")).stdout
    folder = Path(out.strip().split()[-1])
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["method"] == "sqlite" and manifest["rows"]["audit.auditentry"] == 3
    assert {f["path"] for f in manifest["files"]} >= {
        "database.sqlite3", "media/evidence/验收照片.jpg",
    }  # fmt: skip
    # The platform goes on after the backup: the checkpoint moves past it.
    _manage(source, shared, "shell", "-c", WRITE.format(n=1))

    restored = _manage(target, shared, "restore", str(folder)).stdout
    assert "行数与备份清单一致；审计日志哈希链校验通过。" in restored
    assert "恢复的是较早的备份：备份中的审计日志截至第 3 条" in restored
    assert "最新检查点" in restored and "已记录到第 4 条" in restored
    assert _manage(target, shared, "shell", "-c", COUNT).stdout.strip().endswith("3 b'jpeg-bytes'")

    # A non-empty instance is refused.
    again = _manage(target, shared, "restore", str(folder), check=False)
    assert again.returncode != 0 and "只能恢复到空实例" in again.stderr

    # A damaged backup is refused before anything is written.
    (folder / "media" / "evidence" / "验收照片.jpg").write_bytes(b"changed!!!")
    damaged = _manage(tmp_path / "third", shared, "restore", str(folder), check=False)
    assert damaged.returncode != 0 and "校验和不符" in damaged.stderr
