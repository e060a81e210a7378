"""What the township .xlsx writer and reader agree on: sheet names, columns, markers, value texts, checksum.

No openpyxl here: both sides import this module, and the reader must not pay
for openpyxl (it reads the zip itself, see xlsx_cells).
"""

from __future__ import annotations

import hashlib
import json
import re
from decimal import Decimal
from functools import lru_cache

from model.definition import MONEY, SIGNED, Cell, Field, Table
from model.layout import Grid, table_grid
from model.normalize import Invalid, Value
from model.places import column_name, row_name

LAYOUT_VERSION = 1  # bump when the reader could misread a newer layout
SHEET_INFO, SHEET_DATA, SHEET_TEXT, SHEET_FINDINGS = "说明", "数据", "正文", "检查结果"

# 说明: label in column A, value in column B.
INFO_TITLE_ROW = 1
KIND_LABEL = "文件类型"
KIND_TEXT = f"年报助手导出的年度报告数据（文件格式第{LAYOUT_VERSION}版）"
KIND_PATTERN = re.compile(r"^年报助手导出的年度报告数据（文件格式第(\d+)版）$")
INFO_ORGAN, INFO_COUNTY, INFO_CITY, INFO_YEAR = "机关名称", "县（市、区）", "市", "报告年度"
INFO_FORMAT, INFO_APP, INFO_TIME = "格式版本", "程序版本", "导出时间"
INFO_CHECKS, INFO_CHECKSUM, INFO_STATE = "检查结果", "数据校验码", "状态"
INFO_SAVES = "草稿保存次数"  # the draft's own version counter: the later of two files from one unit
FINAL_STATE = "正式导出（已通过校验，没有错误）"

# Workbook keywords: a second marker, found even when the 说明 sheet was deleted.
KEYWORDS_PREFIX = "nianbao-xlsx/"
CONSOLIDATION_KEYWORDS = "nianbao-consolidation/1"

# 数据: one row per value cell, header in row 1.
DATA_HEADERS = ("字段代码", "表", "行", "列", "值", "类型", "导出时的值")
D_CODE, D_TABLE, D_ROW, D_COL, D_VALUE, D_KIND, D_ORIGINAL = range(1, 8)

# 正文: basic information, narrative, explanations, unknown data; one row per piece of text.
TEXT_HEADERS = ("代码", "名称", "段", "内容", "导出时的内容")
T_CODE, T_NAME, T_PIECE, T_TEXT, T_ORIGINAL = range(1, 6)
PIECE_CHARS = 16000  # an Excel cell holds at most 32 767 UTF-16 units
FORMAT_CODE = "format"
EXPLAIN_PREFIX = "explain:"
UNKNOWN_CODE = "unknown"
META_PREFIX = "meta."

# The statutory table sheets: title, organ line, note, then the grid.
GRID_TOP = 4
TITLE_ROW, ORGAN_ROW, NOTE_ROW = 1, 2, 3

# ------------------------------------------------------------------ text that XML cannot carry

# Control characters (Word's line break U+000B, form feed, NUL...) are illegal in XML; lone
# surrogates cannot be encoded. They are written as OOXML's own escape _xHHHH_, and a literal
# "_xHHHH_" in the text is protected as "_x005F_xHHHH_" (what Excel itself does).
_NEEDS_ESCAPE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LITERAL_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def escape_text(text: str) -> str:
    if "_x" in text:
        text = _LITERAL_ESCAPE.sub("_x005F_", text)
    return _NEEDS_ESCAPE.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def unescape_text(text: str) -> str:
    if "_x" not in text:
        return text
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


@lru_cache(maxsize=None)
def grid_of(table: Table) -> Grid:
    """model.layout's grid, built once per table (the county reads a thousand files of the same format)."""
    return table_grid(table)


# ------------------------------------------------------------------ cell addresses


def col_letter(col: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


def parse_ref(ref: str) -> tuple[int, int]:
    """ "E7" -> (7, 5): row, column (1-based)."""
    m = _REF.match(ref)
    if not m:
        raise ValueError(f"not a cell reference: {ref!r}")
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def address(row: int, col: int) -> str:
    return f"{col_letter(col)}{row}"


# ------------------------------------------------------------------ values as text


def value_text(value: Value | Invalid) -> str:
    """The canonical text of a value: the hidden 导出时的值 column, the checksum, messages."""
    if value is None:
        return ""
    if isinstance(value, Invalid):
        return value.raw
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def shown(text: str) -> str:
    return text if text != "" else "空白"


MAX_EXACT_DIGITS = 15  # Excel keeps 15 significant digits


def decimals_of(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


SIGNED_FORMAT = "+0;-0;0"  # an increase shows its sign, as a decrease does


def number_format_for(value: Value, *, signed: bool = False) -> str:
    """「0」 for counts, 「0.00」 for a money value with two decimals: the decimals it has."""
    if isinstance(value, Decimal):
        places = decimals_of(value)
        return "0." + "0" * places if places else "0"
    return SIGNED_FORMAT if signed else "0"


def stored_number(value: Value):
    """What goes into the cell: an int, a float that converts back exactly, or None when the
    number has more digits than Excel keeps (then it is written as text)."""
    if value is None or isinstance(value, int):
        return value
    if len(value.as_tuple().digits) > MAX_EXACT_DIGITS:
        return None
    if value == value.to_integral_value() and decimals_of(value) == 0:
        return int(value)
    return float(value)


# ------------------------------------------------------------------ places


def row_path(cell: Cell) -> str:
    """e.g. 「三、本年度办理结果 / （三）不予公开 / 1.属于国家秘密」; 表二 rows start with the block caption;
    「—」 for 表四's one unlabelled row."""
    names = []
    node = cell.row
    while node is not None:
        if node.label:
            names.insert(0, node.label)
        node = node.parent
    if cell.block.caption:
        names.insert(0, cell.block.caption)
    return " / ".join(names) or "—"


def column_path(cell: Cell) -> str:
    names = []
    node = cell.column
    while node is not None:
        names.insert(0, node.label)
        node = node.parent
    return " / ".join(names)


def cell_words(cell: Cell) -> str:
    """Short place of a value cell for messages: 「表三 一、本年新收政府信息公开申请数量 / 自然人」."""
    bits = [row_name(cell.row).replace("”中“", " ")] if cell.row.label else []
    bits.append(column_name(cell.table, cell.column))
    return f"{cell.table.name} {' / '.join(bits)}"


def kind_words(cell: Cell | Field) -> str:
    if isinstance(cell, Cell) and cell.is_computed:
        return "合计（自动计算）"
    if cell.kind == MONEY:
        return f"金额（{cell.unit or '万元'}）"
    if cell.kind == SIGNED:
        return "增减数（可为负数）"
    return "件数"


# ------------------------------------------------------------------ checksum

VOLATILE_KEYS = ("saved_at", "app_version")


def canonical_json(data, *, sort_keys: bool = True) -> str:
    """Compact JSON, keys sorted unless asked not to; Decimal written as the number it is (never through float)."""
    marks: dict[str, str] = {}

    def plain(obj):
        if isinstance(obj, Decimal):
            key = f"\u0000decimal{len(marks)}\u0000"
            marks[key] = format(obj, "f")
            return key
        if isinstance(obj, dict):
            return {k: plain(v) for k, v in obj.items()}
        if isinstance(obj, (list, tuple)):
            return [plain(v) for v in obj]
        return obj

    text = json.dumps(plain(data), ensure_ascii=False, sort_keys=sort_keys, separators=(",", ":"))
    for key, number in marks.items():
        text = text.replace(json.dumps(key), number)
    return text


def checksum(draft: dict) -> str:
    """SHA-256 over the draft as JSON (format, meta, every value, text, explanation), volatile keys left out.

    Values count by their text: a money 0 held as the integer 0 (「本表空白填0」) and as Decimal 0 are one value."""
    stable = {k: v for k, v in draft.items() if k not in VOLATILE_KEYS}
    if not stable.get("save_count"):
        stable.pop("save_count", None)  # files exported before drafts counted their saves keep their checksum
    for key in ("values", "fields"):
        if isinstance(stable.get(key), dict):
            stable[key] = {
                code: v if v is None or isinstance(v, str) else str(v) if type(v) is int else canonical_json(v)
                for code, v in stable[key].items()
            }
    return hashlib.sha256(canonical_json(stable).encode("utf-8", "surrogatepass")).hexdigest()


def table_names(fmt) -> str:
    """「表二、表三、表四」: the format's tables, in its own words."""
    return "、".join(t.name for t in fmt.tables.values())


def format_label(fmt) -> str:
    return f"{fmt.format_id}（{fmt.document_number}）"


FORMAT_LABEL = re.compile(r"^\s*([^（(\s]+)")


def format_id_of(label: str) -> str | None:
    m = FORMAT_LABEL.match(label or "")
    return m.group(1) if m else None
