"""The window's own settings (recent files, geometry) in an INI file in the data folder.

Report data never goes here; settings are small and typed (lists come back as
strings from QSettings, so they are normalised on read).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from model.paths import data_dir

MAX_RECENT = 8


def settings() -> QSettings:
    return QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)


def recent_files() -> list[Path]:
    value = settings().value("recent_files", [])
    if isinstance(value, str):
        value = [value]
    return [Path(v) for v in value or [] if v]


def add_recent(path: Path) -> None:
    items = [p for p in recent_files() if p.resolve() != Path(path).resolve()]
    items.insert(0, Path(path).resolve())
    s = settings()
    s.setValue("recent_files", [str(p) for p in items[:MAX_RECENT]])
    s.sync()
