"""Crash recovery: autosaved copies of unsaved work, kept apart from the drafts themselves.

The window writes one recovery file per open report, no later than 30 s after
an edit; a clean save or exit removes it. At the next start, a recovery file
that is still there means the program did not end cleanly: offer to restore.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from model.atomic import atomic_write_bytes
from model.draft_store import DraftError, draft_to_dict, parse_draft
from model.lazy_dataclass import lazy_dataclass
from model.paths import recovery_dir
from model.report import Report

SUFFIX = ".recovery.json"


@lazy_dataclass()  # made by the first one found: the window's start usually finds none
class Recovery:
    path: Path  # the recovery file
    draft_path: Path | None  # the draft it belongs to (None: never saved)
    saved_at: str
    report: Report


def recovery_file(draft_path: Path | None, session: str) -> Path:
    """One file per draft (by its absolute path), or per window for a draft never saved."""
    import hashlib  # here, not at the top: the window imports this module before its first paint

    key = str(Path(draft_path).resolve()) if draft_path else f"untitled-{session}"
    name = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    return recovery_dir() / f"{name}{SUFFIX}"


def new_session_id() -> str:
    return os.urandom(6).hex()  # 12 random hex digits, as uuid4's first twelve were


def write_recovery(report: Report, draft_path: Path | None, session: str) -> Path:
    target = recovery_file(draft_path, session)
    payload = {"draft_path": str(draft_path) if draft_path else None, "draft": draft_to_dict(report)}
    atomic_write_bytes(target, json.dumps(payload, ensure_ascii=False).encode("utf-8"))
    return target


def discard_recovery(draft_path: Path | None, session: str) -> None:
    try:
        recovery_file(draft_path, session).unlink()
    except FileNotFoundError:
        pass


def find_recoveries() -> list[Recovery | Path]:
    """Every recovery file left behind; an unreadable one is returned as its path, never deleted."""
    found: list[Recovery | Path] = []
    for path in sorted(recovery_dir().glob(f"*{SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True):
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
            draft = payload["draft"]
            report = parse_draft(json.dumps(draft, ensure_ascii=False).encode("utf-8"), path)
            draft_path = Path(payload["draft_path"]) if payload.get("draft_path") else None
            found.append(Recovery(path, draft_path, str(draft.get("saved_at", "")), report))
        except (OSError, ValueError, KeyError, TypeError, DraftError):
            found.append(path)
    return found


def set_aside(path: Path) -> Path:
    """The user declined a restore: keep the copy in recovery/declined/, out of the way."""
    folder = recovery_dir() / "declined"
    folder.mkdir(exist_ok=True)
    target = folder / path.name
    path.replace(target)
    return target
