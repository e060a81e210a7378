"""What a 汇总 workbook carries upward (逐级汇总): its sums by field code, and every unit it covers.

A city consolidates its counties' 汇总, a province its cities'. For that, each 汇总 workbook holds
two machine-readable sheets beside the ones for people:
- 汇总数据: the 汇总's own identity (format, year, 汇总单位, time, number of units, a checksum)
  in rows whose code starts with 「level.」, then one row per input cell and 六（一） figure: the
  summed value. Totals are not carried: they are derived again from the inputs at every level.
- 所含单位: one row per township (乡镇/街道) whose report is in the sums: its name, county, the
  checksum of its report, and the chain of 汇总 it came through. A unit is one township at every
  level, so a unit counted twice (in two counties' 汇总, or beside a 汇总 that holds it) is found.
The checksum covers the carried values and the units: a 汇总 edited after it was written is known.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from exporters.county.inputs import organ_key
from exporters.xlsx.common import address, canonical_json, value_text
from exporters.xlsx.values import read_text, read_value

CARRIED_SHEET, UNITS_SHEET = "汇总数据", "所含单位"
LEVEL_PREFIX = "level."
CARRIED_HEADERS = ("字段代码", "合计值", "名称")
UNIT_HEADERS = ("序号", "机关名称", "县（市、区）", "报告校验码", "经由")
MAX_UNITS = 200_000  # five times the 乡镇 and 街道 of the whole country


@dataclass(frozen=True)
class Unit:
    """One township whose report is in a 汇总."""

    organ: str
    county: str  # as its report states it; may be blank
    checksum: str  # of its report (exporters.xlsx.common.checksum of the draft)
    via: str = ""  # the 汇总 it came through, nearest last: 「甲县汇总.xlsx」, 「乙市汇总.xlsx / 甲县汇总.xlsx」

    @property
    def key(self) -> str:
        """The same township, however spelt: its county and its name (two counties may each have a 城关镇)."""
        return f"{organ_key(self.county)}/{organ_key(self.organ)}"

    def through(self, name: str) -> Unit:
        return Unit(self.organ, self.county, self.checksum, f"{name} / {self.via}" if self.via else name)

    @property
    def words(self) -> str:
        county = f"（{self.county}）" if self.county.strip() else ""
        return f"“{self.organ}”{county}"


@dataclass
class Carried:
    """A 汇总 workbook as read back for the next level."""

    format_id: str
    year: int | None
    unit_name: str  # the 汇总单位 that made it, may be blank
    created_at: dt.datetime | None
    numbers: dict[str, object] = field(default_factory=dict)  # input and field codes -> summed value
    units: list[Unit] = field(default_factory=list)
    checksum: str = ""
    checksum_ok: bool = False
    problems: list[str] = field(default_factory=list)


def carried_checksum(format_id: str, year: int | None, unit_name: str, numbers: dict, units: Iterable[Unit]) -> str:
    """SHA-256 over the canonical JSON of {"format", "unit", "units": [[organ, county, checksum], …],
    "values", "year"}, fed unit by unit: 40,000 units are never one string."""
    head = canonical_json({"format": format_id, "unit": unit_name})
    tail = canonical_json({"values": {code: value_text(v) for code, v in sorted(numbers.items())}, "year": year})
    digest = hashlib.sha256((head[:-1] + ',"units":[').encode("utf-8", "surrogatepass"))
    for i, u in enumerate(units):
        digest.update(
            ("," if i else "").encode()
            + canonical_json([u.organ, u.county, u.checksum]).encode("utf-8", "surrogatepass")
        )
    digest.update(("]," + tail[1:]).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def carried_codes(fmt) -> list[tuple[str, object]]:
    """(code, term) of every value a 汇总 carries: the input cells, then the 六（一） figures."""
    return [(c.code, c) for c in fmt.input_cells] + list(fmt.fields.items())


def code_names(fmt) -> list[tuple[str, str]]:
    """(code, readable name) of every value cell in table order, then the 六（一） figures (明细's columns)."""
    from exporters.xlsx.common import column_path, row_path

    out = []
    for table in fmt.tables.values():
        for cell in table.cells:
            out.append((cell.code, f"{table.name} {row_path(cell)} / {column_path(cell)}".replace("  ", " ")))
    for part in fmt.narrative_parts():
        for fld in part.fields:
            out.append((fld.code, f"{part.heading or part.section.heading} {fld.label}"))
    return out


# ------------------------------------------------------------------ writing


def write_carried(new_sheet, c, styles) -> None:
    """The two sheets of consolidation c; new_sheet(title) gives each sheet to write (row by row)."""
    from exporters.xlsx.tables import put_text, put_value

    fmt, total = c.fmt, c.total
    numbers = {code: (total.values if code in fmt.cells else total.fields).get(code) for code, _ in carried_codes(fmt)}
    units = c.units
    ws = new_sheet(CARRIED_SHEET)
    ws.freeze_panes = "A2"  # before any row: a write-only sheet writes these at its top
    for col, width in zip("ABC", (34, 18, 70)):
        ws.column_dimensions[col].width = width
    for k, text in enumerate(CARRIED_HEADERS, 1):
        put_text(ws, 1, k, text, font=styles.bold).fill = styles.header_fill
    identity = [
        ("format", fmt.format_id, "格式版本"),
        ("year", "" if c.year is None else str(c.year), "报告年度"),
        ("unit", c.unit, "汇总单位"),
        ("created_at", c.created_at.isoformat(timespec="seconds"), "生成时间"),
        ("units", str(len(units)), "所含乡镇（街道）数"),
        ("checksum", carried_checksum(fmt.format_id, c.year, c.unit, numbers, units), "校验码（生成后修改过即不符）"),
    ]
    r = 2
    for code, text, name in identity:
        put_text(ws, r, 1, LEVEL_PREFIX + code, font=styles.grey)
        put_text(ws, r, 2, text)
        put_text(ws, r, 3, name, font=styles.grey)
        r += 1
    names = dict(code_names(fmt))
    for code, _ in carried_codes(fmt):
        put_text(ws, r, 1, code, font=styles.grey)
        put_value(ws, r, 2, numbers[code], styles)
        put_text(ws, r, 3, names.get(code, ""), font=styles.grey)
        r += 1

    ws = new_sheet(UNITS_SHEET)
    ws.freeze_panes = "A2"
    for col, width in zip("ABCDE", (8, 28, 18, 20, 50)):
        ws.column_dimensions[col].width = width
    for k, text in enumerate(UNIT_HEADERS, 1):
        put_text(ws, 1, k, text, font=styles.bold).fill = styles.header_fill
    for i, u in enumerate(units, 1):
        ws.cell(row=i + 1, column=1, value=i)
        for k, text in enumerate((u.organ, u.county, u.checksum, u.via), 2):
            put_text(ws, i + 1, k, text)
    ws.auto_filter.ref = f"A1:E{max(2, len(units) + 1)}"


# ------------------------------------------------------------------ reading


class CarriedError(ValueError):
    """The workbook is a 汇总 that cannot be summed again; str(exc) is the Chinese reason."""


def read_carried(book, name: str) -> Carried:
    """From an opened workbook (exporters.xlsx.cells.Book) of a 汇总 written by this program."""
    from model.formats import get_format

    sheet = book.sheet(CARRIED_SHEET)
    units_sheet = book.sheet(UNITS_SHEET)
    if sheet is None or units_sheet is None:
        raise CarriedError(
            f"“{name}”是年报助手生成的汇总工作簿，但没有“{CARRIED_SHEET}”和“{UNITS_SHEET}”表"
            "（由旧版本生成，或这两个表被删除了），不知道它包含哪些单位，不能再次汇总。"
            "请报送单位用新版本的年报助手重新汇总后发送。"
        )
    rows: dict[str, tuple[int, object]] = {}
    for r in sheet.rows(2):
        code = read_text(sheet.get(r, 1))[0].strip()
        if code and code not in rows:
            rows[code] = (r, sheet.get(r, 2))

    def level(key: str) -> str:
        row = rows.get(LEVEL_PREFIX + key)
        return read_text(row[1])[0].strip() if row else ""

    format_id = level("format")
    fmt = get_format(format_id)
    if fmt is None:
        raise CarriedError(f"“{name}”是汇总工作簿，但其中的格式版本“{format_id[:20]}”本程序不认识，不能再次汇总。")
    year_text = level("year")
    year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else None
    try:
        created = dt.datetime.fromisoformat(level("created_at")) if level("created_at") else None
    except ValueError:
        created = None
    carried = Carried(format_id, year, level("unit"), created)
    for code, term in carried_codes(fmt):
        row = rows.get(code)
        if row is None:
            carried.problems.append(f"“{CARRIED_SHEET}”表缺少“{code}”一行，按空白计。")
            carried.numbers[code] = None
            continue
        kind_term = fmt.input_like(code) if code in fmt.cells else term
        value, bad = read_value(
            row[1],
            kind_term.kind,
            unit=kind_term.unit,
            decimals=kind_term.decimals,
            money_units=kind_term.money_units,
            bounded=False,
        )
        if bad or not (value is None or isinstance(value, (int, Decimal))):
            carried.problems.append(f"“{CARRIED_SHEET}”表{address(row[0], 2)}（{code}）：{bad or '不是数字'}，按0计。")
            value = 0
        carried.numbers[code] = value
    for r in units_sheet.rows(2):
        if len(carried.units) >= MAX_UNITS:
            raise CarriedError(f"“{name}”所含单位超过{MAX_UNITS}个，不像是真实的汇总工作簿，不能汇总。")
        organ, county, checksum, via = (read_text(units_sheet.get(r, k))[0].strip() for k in (2, 3, 4, 5))
        if organ:
            carried.units.append(Unit(organ, county, checksum.lower(), via))
    stated_count = level("units")
    carried.checksum = level("checksum").lower()
    carried.checksum_ok = bool(carried.checksum) and carried.checksum == carried_checksum(
        format_id, year, carried.unit_name, carried.numbers, carried.units
    )
    if stated_count != str(len(carried.units)):
        listed, stated = len(carried.units), stated_count or "（空白）"
        carried.problems.append(f"“{UNITS_SHEET}”表列出{listed}个单位，“{CARRIED_SHEET}”表记录的是{stated}个。")
    return carried
