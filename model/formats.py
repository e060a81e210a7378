"""The registry of format versions: every file in templates/formats/ is one version.

Adding a format version means adding one definition file there; the report
year picks the version.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt

import os
import sys
from functools import lru_cache
from pathlib import Path

from model.definition import FormatDef
from model.definition_loader import DefinitionError, load_definition

FORMATS_DIR_ENV = "NIANBAO_FORMATS_DIR"  # tests point this at a folder of their own definitions


def templates_dir() -> Path:
    base = getattr(sys, "_MEIPASS", None)  # a frozen (PyInstaller) build unpacks data here
    root = Path(base) if base else Path(__file__).resolve().parent.parent
    return root / "templates"


def formats_dir() -> Path:
    override = os.environ.get(FORMATS_DIR_ENV)
    return Path(override) if override else templates_dir() / "formats"


@lru_cache(maxsize=4)
def _load_all(folder: str) -> dict[str, FormatDef]:
    formats: dict[str, FormatDef] = {}
    for path in sorted(Path(folder).glob("*.json")):
        fmt = load_definition(path)
        if fmt.format_id in formats:
            raise DefinitionError(path.name, "format_id", f"format '{fmt.format_id}' is defined twice")
        for other in formats.values():
            if other.first_year == fmt.first_year:
                raise DefinitionError(
                    path.name, "report_years", f"starts in the same year as format '{other.format_id}' ({other.source})"
                )
        formats[fmt.format_id] = fmt
    if not formats:
        raise DefinitionError(str(folder), "folder", "no format definitions found")
    return formats


def all_formats() -> dict[str, FormatDef]:
    """Format id -> definition. An open-ended version (last year null) ends where the next one starts."""
    formats = _load_all(str(formats_dir()))
    ordered = sorted(formats.values(), key=lambda f: f.first_year)
    for fmt, newer in zip(ordered, ordered[1:]):
        if fmt.last_year is None:
            fmt.last_year = newer.first_year - 1
        elif fmt.last_year >= newer.first_year:
            raise DefinitionError(
                fmt.source, "report_years", f"years overlap with format '{newer.format_id}' ({newer.source})"
            )
    return formats


def get_format(format_id: str) -> FormatDef | None:
    return all_formats().get(format_id)


def format_for_year(year: int) -> FormatDef | None:
    return next((f for f in all_formats().values() if f.covers_year(year)), None)


def supported_years_text() -> str:
    fmts = sorted(all_formats().values(), key=lambda f: f.first_year)
    return "、".join(f"{f.years_text}（{f.document_number}）" for f in fmts)


def min_supported_year() -> int:
    return min(f.first_year for f in all_formats().values())


def reporting_year(today: "dt.date | None" = None) -> int:
    """The year a clerk is reporting on now: the ending year from December on (reports are
    written in December and January), the year before until then."""
    import datetime as dt

    day = today or dt.date.today()
    return day.year if day.month == 12 else day.year - 1


def year_refusal(year: int) -> str | None:
    """Why a report year cannot be worked with, in Chinese; None when it can (a statutory format
    covers it and it is no later than next year: reports are written for a year that has ended)."""
    import datetime as dt

    last = dt.date.today().year + 1
    shown = str(year) if abs(year) < 10**6 else f"{str(year)[:6]}……"
    if format_for_year(year) is None or year > last:
        return f"报告年度“{shown}”不在本程序能处理的范围（{min_supported_year()}年至{last}年）"
    return None
