"""Where the program keeps its own files (recovery copies, settings, logs)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

DATA_DIR_ENV = "NIANBAO_DATA_DIR"  # tests and portable installs point this elsewhere


def data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        folder = Path(override)
    else:
        folder = user_data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


FOLDER_NAME = "nianbao"  # of the data folder; model.APP_NAME is the name shown


def user_data_dir() -> Path:
    """platformdirs.user_data_dir(FOLDER_NAME, appauthor=False, roaming=False), read straight from the
    environment where the answer is there: importing platformdirs before the first paint costs about 11 M
    instructions, some 5 % of what the window adds to a bare one."""
    env = os.environ
    if sys.platform == "win32":
        local = env.get("LOCALAPPDATA", "")  # what SHGetKnownFolderPath(LocalAppData) says on a logged-in desktop
        if len(local) > 2 and local[1:3] in (":\\", ":/"):
            return Path(os.path.normpath(local)) / FOLDER_NAME
    elif sys.platform.startswith("linux"):
        xdg = env.get("XDG_DATA_HOME", "")
        if xdg.startswith("/"):
            return Path(xdg) / FOLDER_NAME
        home = env.get("HOME", "")
        if home.startswith("/"):
            return Path(home.rstrip("/") or "/") / ".local" / "share" / FOLDER_NAME
    import platformdirs  # anything else: its own, complete rules

    return Path(platformdirs.user_data_dir(FOLDER_NAME, appauthor=False, roaming=False))


def recovery_dir() -> Path:
    folder = data_dir() / "recovery"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def documents_dir() -> Path:
    """Where a new draft is first saved: the user's 文档 folder (Documents), or home when there is none."""
    import platformdirs

    folder = Path(platformdirs.user_documents_dir())
    return folder if folder.is_dir() else Path.home()


SAMPLES_DIR = Path(__file__).resolve().parent.parent / "samples"  # shipped with the program


def is_sample(path: Path | None) -> bool:
    """A draft shipped as an example (示例), not the clerk's own: never saved over."""
    if path is None:
        return False
    try:
        return Path(path).resolve().parent == SAMPLES_DIR.resolve()
    except OSError:
        return False
