"""The audit key and the signed checkpoints of the chain head, both outside the database
(issue 11 §3). Someone who can write the database but not the server's files can neither
recompute a keyed hash nor move a checkpoint back."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone

logger = logging.getLogger("futurecommunity.audit.checkpoint")


@cache
def _key_for(configured: str, path: str) -> bytes:
    if configured:
        return configured.encode("utf-8")
    key_path = Path(path)
    if not key_path.exists():
        key_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return key_path.read_text(encoding="utf-8").strip().encode("utf-8")


def audit_key() -> bytes:
    return _key_for(settings.FC_AUDIT_KEY or "", str(settings.FC_AUDIT_KEY_PATH))


def keyed_hash(message: str) -> str:
    return hmac.new(audit_key(), message.encode("utf-8"), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Checkpoint:
    entry_id: int
    entry_hash: str
    written_at: str

    def payload(self) -> str:
        return json.dumps(
            {"id": self.entry_id, "hash": self.entry_hash, "at": self.written_at}, sort_keys=True
        )

    def signature(self) -> str:
        return keyed_hash("checkpoint:" + self.payload())


def checkpoint_file() -> Path | None:
    value = settings.FC_AUDIT_CHECKPOINT_FILE
    return Path(value) if value else None


def checkpoint_write(entry_id: int, entry_hash: str) -> Checkpoint | None:
    """Append a signed checkpoint line (and log it); nothing when checkpoints are off."""
    path = checkpoint_file()
    point = Checkpoint(entry_id, entry_hash, timezone.now().isoformat())
    line = json.dumps({**json.loads(point.payload()), "sig": point.signature()}, sort_keys=True)
    logger.info("audit checkpoint %s", line)
    if path is None:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    return point


def checkpoints_read() -> tuple[list[Checkpoint], int]:
    """The validly signed checkpoints, and how many lines were not (forged or damaged)."""
    path = checkpoint_file()
    if path is None or not path.exists():
        return [], 0
    good: list[Checkpoint] = []
    bad = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            point = Checkpoint(int(data["id"]), str(data["hash"]), str(data["at"]))
            valid = hmac.compare_digest(point.signature(), str(data["sig"]))
        except (ValueError, KeyError, TypeError):
            valid = False
        if valid:
            good.append(point)
        else:
            bad += 1
    return good, bad


def latest_checkpoint() -> Checkpoint | None:
    good, _bad = checkpoints_read()
    return max(good, key=lambda p: p.entry_id, default=None)
