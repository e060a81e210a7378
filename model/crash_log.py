"""A log of what went wrong inside the program, for its maintainers, in the user data folder.

The clerk or the county is told in Chinese what happened and where this log is; the traceback
itself (English, for programmers) goes only here.
"""

from __future__ import annotations

from pathlib import Path

MAX_LOG_BYTES = 2 * 1024 * 1024  # the oldest half is dropped beyond this


def log_path() -> Path:
    from model.paths import data_dir

    folder = data_dir() / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "crash.log"


def write_crash_log(context: str, exc: BaseException) -> Path | None:
    """Append the traceback with a time and what was being done; None when even that fails."""
    import datetime as dt  # here: the window installs its crash handler before its first paint
    import traceback

    try:
        path = log_path()
        text = (
            f"==== {dt.datetime.now().astimezone().isoformat(timespec='seconds')}  {context}\n"
            + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
            + "\n"
        )
        if path.exists() and path.stat().st_size > MAX_LOG_BYTES:
            kept = path.read_bytes()[-MAX_LOG_BYTES // 2 :]
            path.write_bytes(kept)
        with open(path, "a", encoding="utf-8", errors="replace") as f:
            f.write(text)
        return path
    except Exception:  # the log is a courtesy: never a second failure on top of the first
        return None
