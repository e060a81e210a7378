"""The registry of format versions: every file in templates/formats/ is one version.

Adding a format version means adding one definition file there; the report
year picks the version.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from model import dates as dt

import json
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from model.definition import DefinitionError, FormatDef

# model.definition_loader (700 lines) is imported when a definition is built, not to read a cached
# one: a window opening a draft reads its format from the cache

FORMATS_DIR_ENV = "NIANBAO_FORMATS_DIR"  # tests point this at a folder of their own definitions


def templates_dir() -> Path:
    base = getattr(sys, "_MEIPASS", None)  # a frozen (PyInstaller) build unpacks data here
    root = Path(base) if base else Path(__file__).resolve().parent.parent
    return root / "templates"


def formats_dir() -> Path:
    override = os.environ.get(FORMATS_DIR_ENV)
    return Path(override) if override else templates_dir() / "formats"


class _Entry(NamedTuple):
    path: Path
    first_year: int
    last_year: int | None  # as the file says; an open-ended version ends where the next one starts


@lru_cache(maxsize=4)
def _catalogue(folder: str) -> dict[str, _Entry]:
    """Every definition file's format id and years, read from its top level, checked as a whole
    (an id defined twice, two versions starting the same year, years that overlap). A definition
    is built only when it is asked for: a window opening a 2022 draft builds the 2021 format only."""
    entries: dict[str, _Entry] = {}
    for path in sorted(Path(folder).glob("*.json")):
        format_id, first, last = _header(path)
        if format_id in entries:
            raise DefinitionError(path.name, "format_id", f"format '{format_id}' is defined twice")
        for other_id, other in entries.items():
            if other.first_year == first:
                raise DefinitionError(
                    path.name, "report_years", f"starts in the same year as format '{other_id}' ({other.path.name})"
                )
        entries[format_id] = _Entry(path, first, last)
    if not entries:
        raise DefinitionError(str(folder), "folder", "no format definitions found")
    ordered = sorted(entries.items(), key=lambda e: e[1].first_year)
    for (format_id, entry), (newer_id, newer) in zip(ordered, ordered[1:]):
        if entry.last_year is None:
            entries[format_id] = entry._replace(last_year=newer.first_year - 1)
        elif entry.last_year >= newer.first_year:
            raise DefinitionError(
                entry.path.name, "report_years", f"years overlap with format '{newer_id}' ({newer.path.name})"
            )
    return entries


def _header(path: Path) -> tuple[str, int, int | None]:
    """The format id and years a definition file states at its top level. A file that does not
    state them plainly is loaded in full, so that the loader says what is wrong with it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        format_id, years = data["format_id"], data["report_years"]
        first, last = years["first"], years["last"]
    except (OSError, UnicodeDecodeError, ValueError, TypeError, KeyError):
        pass
    else:
        plain = isinstance(format_id, str) and type(first) is int and (last is None or type(last) is int)
        if plain and (last is None or last >= first):
            return format_id, first, last
    fmt = _build(path)  # raises DefinitionError, naming file and place
    return fmt.format_id, fmt.first_year, fmt.last_year


@lru_cache(maxsize=16)
def _definition(folder: str, format_id: str) -> FormatDef:
    from model.definition_cache import cached_definition

    entry = _catalogue(folder)[format_id]
    fmt = cached_definition(entry.path, _build)
    fmt.last_year = entry.last_year
    return fmt


def _build(path: Path) -> FormatDef:
    from model.definition_loader import load_definition

    return load_definition(path)


def all_formats() -> dict[str, FormatDef]:
    """Format id -> definition, every one built (and so checked). An open-ended version (last year
    null) ends where the next one starts."""
    folder = str(formats_dir())
    return {format_id: _definition(folder, format_id) for format_id in _catalogue(folder)}


def get_format(format_id: str) -> FormatDef | None:
    folder = str(formats_dir())
    return _definition(folder, format_id) if format_id in _catalogue(folder) else None


def format_for_year(year: int) -> FormatDef | None:
    folder = str(formats_dir())
    for format_id, entry in _catalogue(folder).items():
        if year >= entry.first_year and (entry.last_year is None or year <= entry.last_year):
            return _definition(folder, format_id)
    return None


def supported_years_text() -> str:
    fmts = sorted(all_formats().values(), key=lambda f: f.first_year)
    return "、".join(f"{f.years_text}（{f.document_number}）" for f in fmts)


def min_supported_year() -> int:
    return min(entry.first_year for entry in _catalogue(str(formats_dir())).values())


def reporting_year(today: "dt.date | None" = None) -> int:
    """The year a clerk is reporting on now: the ending year from December on (reports are
    written in December and January), the year before until then."""
    from model import dates as dt

    day = today or dt.date.today()
    return day.year if day.month == 12 else day.year - 1


def year_refusal(year: int) -> str | None:
    """Why a report year cannot be worked with, in Chinese; None when it can (a statutory format
    covers it and it is no later than next year: reports are written for a year that has ended)."""
    from model import dates as dt

    last = dt.date.today().year + 1
    shown = str(year) if abs(year) < 10**6 else f"{str(year)[:6]}……"
    if format_for_year(year) is None or year > last:
        return f"报告年度“{shown}”不在本程序能处理的范围（{min_supported_year()}年至{last}年）"
    return None
