"""Atomic file writes: a reader sees the old file or the new one, never a mix.

Temp file in the same folder, write, flush, fsync, os.replace, fsync of the
folder. os.replace is retried briefly when the target is locked, as
antivirus scanners and indexers do on Windows.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import BinaryIO, Callable

REPLACE_RETRIES = 20
REPLACE_DELAY = 0.1  # seconds; 20 x 0.1 s is about 2 s in all


def _read_umask() -> int:
    # Read once at import, before any thread exists: os.umask can only be read by setting it.
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


_UMASK = _read_umask() if os.name == "posix" else 0


def atomic_write_bytes(path: Path, data: bytes) -> None:
    atomic_write(path, lambda f: f.write(data))


def atomic_write(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """write(f) fills the open temp file f (seekable, binary); then it replaces path, or is removed."""
    path = Path(path)
    # A short temp name: the draft's own name may already fill the 255 bytes a file name can have
    # (80 Chinese characters are 240 bytes in UTF-8).
    fd, tmp_name = tempfile.mkstemp(prefix=".~nianbao-", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w+b") as f:
            write(f)
            f.flush()
            _set_mode(f.fileno(), path)
            os.fsync(f.fileno())
        _replace_with_retry(tmp, path)
    except BaseException:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise
    _fsync_dir(path.parent)


def _set_mode(fd: int, path: Path) -> None:
    """mkstemp makes a private (0600) file: give it the mode the file had, or the one a plain
    open() would give, so a draft on a shared folder stays readable by colleagues."""
    if os.name != "posix":
        return
    try:
        mode = os.stat(path).st_mode & 0o7777
    except OSError:
        mode = 0o666 & ~_UMASK
    try:
        os.fchmod(fd, mode)
    except OSError:
        pass


def _replace_with_retry(src: Path, dst: Path) -> None:
    for attempt in range(REPLACE_RETRIES):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            # Windows: the target is held open for a moment (antivirus, indexer, sync client).
            if attempt == REPLACE_RETRIES - 1:
                raise
            time.sleep(REPLACE_DELAY)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a directory for fsync; NTFS journals the rename
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
