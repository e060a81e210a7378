"""Where the program keeps its own files (recovery copies, settings, logs)."""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_ENV = "NIANBAO_DATA_DIR"  # tests and portable installs point this elsewhere


def data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        folder = Path(override)
    else:
        import platformdirs  # imported here: only needed once the program writes its own files

        folder = Path(platformdirs.user_data_dir("nianbao", appauthor=False, roaming=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


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
