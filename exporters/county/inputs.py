"""What a 汇总 reads besides the reports: the files in the folders given, and the roster of 机关.

Also organ_key, the one rule by which two spellings of a 机关名称 are the same
机关 (for duplicates and for the roster).
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path
from typing import Iterable

from model.file_input import read_bounded

SUFFIXES = (".xlsx", ".json")
MAX_ROSTER_BYTES = 2 * 1024 * 1024


class RosterError(ValueError):
    """The roster cannot be read; .message is Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def find_inputs(paths: Iterable[Path], *, exclude: Iterable[Path] = ()) -> tuple[list[Path], list[tuple[Path, str]]]:
    """(files to read, [(file, why skipped)]); folders searched recursively, each file once."""
    excluded = {_resolved(p) for p in exclude}
    files: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    seen: set[Path] = set()

    def add(path: Path, explicit: bool) -> None:
        key = _resolved(path)
        if key in seen:
            return
        seen.add(key)
        if key in excluded:
            skipped.append((path, "这是本次汇总要写入的文件"))
        elif not explicit and (path.name.startswith(("~$", ".")) or path.suffix.lower() not in SUFFIXES):
            return
        else:
            files.append(path)

    for given in paths:
        given = Path(given)
        if given.is_dir():
            for path in _walk(given):
                add(path, explicit=False)
        else:
            add(given, explicit=True)
    return files, skipped


def _walk(folder: Path) -> list[Path]:
    """Every file under folder, in name order; hidden folders left out, links to folders not followed."""
    found = []
    for root, dirs, names in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [Path(root) / n for n in names]
    return sorted(found, key=lambda p: str(p))


def _resolved(path: Path) -> Path:
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):  # a symbolic link loop (RuntimeError before Python 3.13)
        return Path(path).absolute()


def read_roster(path: Path) -> list[str]:
    """One 机关名称 per line, UTF-8 (a BOM, blank lines and surrounding spaces are fine); each name once."""
    path = Path(path)
    data = read_bounded(
        path,
        MAX_ROSTER_BYTES,
        RosterError,
        what="名单文件",
        too_big="名单文件“{name}”太大，不像是每行一个机关名称的名单。",
    )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise RosterError(
                f"名单文件“{path.name}”不是文本文件。请用记事本另存为UTF-8编码的文本，每行一个机关名称。"
            ) from exc
    names: list[str] = []
    keys = set()
    for line in text.splitlines():
        name = line.strip().strip("\ufeff").strip()
        if name and organ_key(name) not in keys:
            keys.add(organ_key(name))
            names.append(name)
    if not names:
        raise RosterError(f"名单文件“{path.name}”中没有机关名称。请每行写一个机关名称，例如“××镇人民政府”。")
    return names


_SUFFIX = re.compile(r"(人民政府|办事处)$")


def organ_key(name: str) -> str:
    """Two spellings of one 机关 compare equal: spaces, full-width forms, a trailing 人民政府/办事处 ignored."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name or ""))
    return _SUFFIX.sub("", text) or text
