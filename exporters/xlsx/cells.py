"""A small, strict reader of the cells of an .xlsx: zip + lxml, no openpyxl.

Why not openpyxl: it builds a rich object per cell and took 35 ms for one
township file; the county reads a thousand of them. This reader parses only
what the importer needs (cell text as stored, number formats, formulas and
their cached results, merged ranges, the keywords property) in a few
milliseconds, and reads files saved again by Excel, WPS or LibreOffice
(shared strings, rich text, strict or transitional namespaces, cells without
an address).

Safety: members above MAX_MEMBER bytes or a suspicious compression ratio are
refused before they are inflated; the XML parser resolves no entities, loads
no DTD and opens no network connection.
"""

from __future__ import annotations

import functools
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field

from exporters.xlsx.stamp import untouched

MAX_MEMBER = 60 * 1024 * 1024
MAX_RATIO = 200  # inflated / compressed; real sheets stay well under 50 …
# … but the longest prose the model takes, repeated as clerks paste it, inflates 250-fold: the
# ratio counts only for parts larger than any export of ours (the largest, every text at its
# limit, is an 11 MB 正文 sheet; tests/model/test_text_entry.py).
RATIO_FLOOR = 40 * 1024 * 1024
# What an export of ours can contain, many times over; anything beyond is refused at once instead
# of being read for minutes into gigabytes (a 数据 sheet has ~200 rows, 正文 a few hundred).
MAX_SHEET_ROWS = 20_000
MAX_SHEET_CELLS = 200_000
MAX_SHARED_STRINGS = 100_000
MAX_MEMBERS = 2_000
WHOLE_PART = 2 * 1024 * 1024  # parts up to this size are parsed whole (a 数据 sheet of ours: 150 kB)
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384  # the last row and column (XFD) Excel has
BUILTIN_FORMATS = {
    0: "General",
    1: "0",
    2: "0.00",
    3: "#,##0",
    4: "#,##0.00",
    9: "0%",
    10: "0.00%",
    11: "0.00E+00",
    12: "# ?/?",
    13: "# ??/??",
    14: "yyyy-mm-dd",
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM",
    20: "h:mm",
    21: "h:mm:ss",
    22: "yyyy-mm-dd h:mm",
    37: "#,##0 ;(#,##0)",
    38: "#,##0 ;[Red](#,##0)",
    39: "#,##0.00;(#,##0.00)",
    40: "#,##0.00;[Red](#,##0.00)",
    45: "mm:ss",
    46: "[h]:mm:ss",
    47: "mmss.0",
    48: "##0.0E+0",
    49: "@",
}
DATE_FORMAT_IDS = set(range(14, 23)) | {45, 46, 47} | set(range(27, 37)) | set(range(50, 59))

NUMBER, STRING, BOOL, ERROR, DATE, FORMULA = "n", "s", "b", "e", "d", "f"


class BookError(Exception):
    """The bytes are not a readable .xlsx. .kind: empty / not_zip / truncated / other_office / not_excel / corrupt /
    oversized (a part that would inflate beyond any real report) / hostile (a DTD: entity tricks) /
    too_many (rows, cells, strings or parts beyond any export of ours) / encrypted / compression."""

    def __init__(self, kind: str, detail: str = ""):
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


@dataclass(frozen=True)
class RawCell:
    kind: str  # n s b e d f
    text: str  # as stored: number text, string (OOXML escapes kept), error code
    number_format: str = "General"
    formula: str | None = None  # "=SUM(E2:E7)" for a formula cell
    cached_kind: str | None = None  # a formula's saved result: n s b e, None when there is none
    is_date_format: bool = False


@dataclass
class Sheet:
    name: str
    cells: dict[tuple[int, int], RawCell] = field(default_factory=dict)
    merges: list[str] = field(default_factory=list)

    def get(self, row: int, col: int) -> RawCell | None:
        return self.cells.get((row, col))

    def max_row(self) -> int:
        return max((r for r, _ in self.cells), default=0)

    def rows(self, first: int = 1) -> list[int]:
        """The numbers of the rows that hold a cell, from first on: a sheet whose one cell sits in
        row 1,000,000 costs one row, not a million."""
        return sorted({r for r, _ in self.cells if r >= first})


class Book:
    """Sheet names in order; each sheet parsed when first asked for."""

    def __init__(self, zf: zipfile.ZipFile, sheet_paths: dict[str, str], keywords: str, formats: list, dates: set):
        self._zf = zf
        self._paths = sheet_paths
        self._parsed: dict[tuple, Sheet] = {}
        self._strings: list[str] | None = None
        self._formats = formats  # style index -> number format code
        self._dates = dates  # style indexes that show dates
        self.keywords = keywords
        self.sheet_names = list(sheet_paths)
        # every part as our writer left it (exporters.xlsx.stamp), and not damaged on the way either:
        # a part that is not read would not tell
        self.untouched = untouched(zf) and _intact(zf)

    def sheet(self, name: str, columns: frozenset[int] | None = None) -> Sheet | None:
        """The sheet's cells; with columns, only those columns (and the whole first row) are kept."""
        if name not in self._paths:
            return None
        key = (name, columns)
        if key not in self._parsed:
            whole = self._parsed.get((name, None))
            try:
                self._parsed[key] = whole if whole is not None else self._parse_sheet(name, self._paths[name], columns)
            except (ValueError, KeyError, IndexError, TypeError) as exc:  # a number or address that is none
                raise BookError("corrupt", f"sheet {name!r}: {exc}") from exc
        return self._parsed[key]

    def part(self, path: str):
        """A part other than a sheet, parsed as every part is (bounded, no DTD); None when there is none."""
        found = _find_part(self._zf, path)
        return _xml(self._zf, found) if found else None

    # -------------------------------------------------------------- parsing
    def _shared_strings(self) -> list[str]:
        if self._strings is None:
            self._strings = []
            path = _find_part(self._zf, "xl/sharedStrings.xml")
            if path:
                for si in _elements(self._zf, path, "{*}si"):
                    if len(self._strings) >= MAX_SHARED_STRINGS:
                        raise BookError("too_many", f"{path}: more than {MAX_SHARED_STRINGS} strings")
                    self._strings.append(_string_item(si))
        return self._strings

    def _parse_sheet(self, name: str, path: str, columns: frozenset[int] | None) -> Sheet:
        """Row by row (iterparse), so that a sheet far beyond any export is refused when its rows
        run past the bound, without building it in memory first."""
        sheet = Sheet(name)
        row_no = rows = cells = 0
        tags = None
        for el in _elements(self._zf, path, ("{*}row", "{*}mergeCell")):
            if el.tag.endswith("mergeCell"):
                sheet.merges.append(el.get("ref", "").upper())
                continue
            if tags is None:
                ns = el.tag[: el.tag.index("}") + 1] if el.tag.startswith("{") else ""
                tags = (ns + "c", ns + "v", ns + "f", ns + "is")
            rows += 1
            r_attr = el.get("r")
            row_no = int(r_attr) if r_attr else row_no + 1
            if not 1 <= row_no <= EXCEL_ROWS:
                raise BookError("corrupt", f"sheet {name!r}: row {row_no} is beyond Excel's last row")
            if rows > MAX_SHEET_ROWS:
                raise BookError("too_many", f"sheet {name!r}: more than {MAX_SHEET_ROWS} rows")
            col_no = 0
            for c in el.iterchildren(tags[0]):
                ref = c.get("r")
                col_no = _col_of(ref) if ref else col_no + 1
                if not len(c):  # no children, no value (styled or merged-over)
                    continue
                cells += 1
                if cells > MAX_SHEET_CELLS:
                    raise BookError("too_many", f"sheet {name!r}: more than {MAX_SHEET_CELLS} cells")
                if columns is None or col_no in columns or row_no == 1:
                    cell = self._cell(c, tags)
                    if cell is not None:
                        sheet.cells[(row_no, col_no)] = cell
        return sheet

    def _cell(self, c, tags) -> RawCell | None:
        kind = c.get("t", "n")
        style = c.get("s")
        style = int(style) if style else 0
        number_format = self._formats[style] if style < len(self._formats) else "General"
        f = v = is_ = None
        for child in c:
            tag = child.tag
            if tag == tags[1]:
                v = child
            elif tag == tags[2]:
                f = child
            elif tag == tags[3]:
                is_ = child
        v_text = v.text if v is not None else None
        if f is not None:
            cached = None if v_text is None else {"str": STRING, "s": STRING, "b": BOOL, "e": ERROR}.get(kind, NUMBER)
            text = v_text or ""
            if kind == "s" and v_text is not None:
                text = self._shared(v_text)
            return RawCell(FORMULA, text, number_format, formula="=" + (f.text or ""), cached_kind=cached)
        if kind == "inlineStr":
            return RawCell(STRING, _string_item(is_) if is_ is not None else "", number_format)
        if v_text is None:
            return None
        if kind == "n":
            return RawCell(NUMBER, v_text.strip(), number_format, is_date_format=style in self._dates)
        if kind == "s":
            return RawCell(STRING, self._shared(v_text), number_format)
        if kind == "str":
            return RawCell(STRING, v_text, number_format)
        if kind == "b":
            return RawCell(BOOL, v_text, number_format)
        if kind == "e":
            return RawCell(ERROR, v_text, number_format)
        if kind == "d":
            return RawCell(DATE, v_text, number_format)
        return RawCell(NUMBER, v_text.strip(), number_format, is_date_format=style in self._dates)

    def _shared(self, index_text: str) -> str:
        strings = self._shared_strings()
        try:
            return strings[int(index_text)]
        except (ValueError, IndexError):
            raise BookError("corrupt", f"shared string {index_text!r} missing") from None


def _string_item(node) -> str:
    """Text of <si> or <is>: plain <t>, or rich-text runs <r><t>; phonetic runs <rPh> left out."""
    if len(node) == 1 and node[0].tag.endswith("}t"):
        return node[0].text or ""
    parts = []
    for child in node:
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "t":
            parts.append(child.text or "")
        elif tag == "r":
            for rt in child.iterfind("{*}t"):
                parts.append(rt.text or "")
    return "".join(parts)


def _col_of(ref: str) -> int:
    return _col_of_letters(ref.rstrip("0123456789"))


@functools.lru_cache(maxsize=4096)
def _col_of_letters(ref: str) -> int:
    """The column of a cell reference's letters (「AB」 of 「AB12」, 「$C$」 of 「$C$3」); a sheet repeats a few."""
    col = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            col = col * 26 + ord(ch) - 64
        elif "a" <= ch <= "z":
            col = col * 26 + ord(ch) - 96
        elif ch != "$":
            break
    if not col or col > EXCEL_COLUMNS:
        raise BookError("corrupt", f"bad cell reference {ref!r}")
    return col


def _parser():
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _member(zf: zipfile.ZipFile, path: str) -> bytes:
    """A part's bytes, after the checks that keep a crafted archive from inflating without end."""
    info = zf.getinfo(path)
    if info.file_size > MAX_MEMBER or (
        info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > RATIO_FLOOR
    ):
        raise BookError("oversized", f"{path}: {info.file_size} bytes")
    try:
        data = zf.read(path)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:  # OSError: a broken bzip2/lzma stream
        raise BookError("truncated", f"{path}: {exc}") from exc
    except (NotImplementedError, RuntimeError) as exc:  # compression or encryption unsupported
        raise BookError("compression", f"{path}: {exc}") from exc
    # Excel, WPS and LibreOffice never write a DTD; one in a workbook is there to define entities
    # (billion laughs, external files). Refused outright, not merely left unresolved.
    head = data[:2]
    text = data.decode("utf-16", "replace").encode("utf-8") if head in (b"\xff\xfe", b"\xfe\xff") else data
    if b"<!DOCTYPE" in text or b"<!ENTITY" in text:
        raise BookError("hostile", f"{path}: DTD")
    return data


def _intact(zf: zipfile.ZipFile) -> bool:
    """Every part inflates to the size and CRC-32 the directory lists (zipfile checks both)."""
    try:
        for info in zf.infolist():
            _member(zf, info.filename)
    except BookError:
        return False
    return True


def _xml(zf: zipfile.ZipFile, path: str):
    from lxml import etree

    data = _member(zf, path)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise BookError("corrupt", f"{path}: {exc}") from exc
    if root.getroottree().docinfo.internalDTD is not None:
        raise BookError("hostile", f"{path}: DTD")
    return root


def _elements(zf: zipfile.ZipFile, path: str, tag):
    """The elements of a part one by one, each cleared once it is handled: memory stays flat."""
    import io

    from lxml import etree

    data = _member(zf, path)
    if len(data) <= WHOLE_PART:  # every part of ours: one parse in C is three times faster than events
        try:
            root = etree.fromstring(data, _parser())
        except etree.XMLSyntaxError as exc:
            raise BookError("corrupt", f"{path}: {exc}") from exc
        yield from root.iter(*(tag if isinstance(tag, tuple) else (tag,)))
        return
    context = etree.iterparse(
        io.BytesIO(data),
        events=("end",),
        tag=tag,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
    )
    try:
        for _, el in context:
            yield el
            el.clear(keep_tail=True)
            parent = el.getparent()
            while parent is not None and el.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as exc:
        raise BookError("corrupt", f"{path}: {exc}") from exc


def _find_part(zf: zipfile.ZipFile, path: str) -> str | None:
    names = {n.lower(): n for n in zf.namelist()}
    return names.get(path.lower())


def _sniff(data: bytes) -> BookError:
    """Why bytes that are no zip archive are not an .xlsx."""
    head = data[:8]
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return BookError("old_office", "OLE2 compound file")
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return BookError("truncated", "zip without a central directory")
    if head.startswith(b"%PDF"):
        return BookError("not_excel", "pdf")
    stripped = data.lstrip()[:1]
    if stripped in (b"{", b"["):
        return BookError("not_excel", "json")
    if data.lstrip()[:5].lower() in (b"<html", b"<!doc", b"<?xml"):
        return BookError("not_excel", "html")
    return BookError("not_zip", "")


def _what_zip(names: set[str]) -> str:
    if any(n.startswith("word/") for n in names):
        return "docx"
    if any(n.startswith("ppt/") for n in names):
        return "pptx"
    if "mimetype" in names or "content.xml" in names:
        return "ods"
    return "zip"


def open_book(data: bytes) -> Book:
    """Open the workbook in data; raises BookError with the reason it is not a readable .xlsx."""
    try:
        return _open_book(data)
    except (ValueError, KeyError, IndexError, TypeError) as exc:  # malformed parts zipfile or lxml let through
        raise BookError("corrupt", str(exc)) from exc


def _open_book(data: bytes) -> Book:
    import io

    if not data:
        raise BookError("empty", "")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise _sniff(data) from None
    except (ValueError, OSError, EOFError) as exc:  # a damaged central directory
        raise BookError("truncated", str(exc)) from exc
    except NotImplementedError as exc:  # "zip file version 15.7": a damaged header
        raise BookError("corrupt", str(exc)) from exc
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise BookError("too_many", f"{len(infos)} parts")
    for info in infos:
        if info.flag_bits & 0x1:
            raise BookError("encrypted", info.filename)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise BookError("compression", f"{info.filename}: method {info.compress_type}")
    names = set(zf.namelist())
    lower = {n.lower(): n for n in names}
    wb_path = _workbook_path(zf, lower)
    if wb_path is None:
        kind = _what_zip(names)
        if kind == "ods":
            try:
                mimetype = zf.read("mimetype").decode("ascii", "replace") if "mimetype" in names else ""
            except (zipfile.BadZipFile, zlib.error, EOFError):
                mimetype = ""
            raise BookError("other_office", "ods" if "spreadsheet" in mimetype or not mimetype else "odf")
        raise BookError("other_office" if kind in ("docx", "pptx") else "not_excel", kind)
    root = _xml(zf, wb_path)
    rels = _relationships(zf, wb_path)
    sheet_paths: dict[str, str] = {}
    sheets = root.find("{*}sheets")
    for s in sheets.iterfind("{*}sheet") if sheets is not None else ():
        rid = next((v for k, v in s.attrib.items() if k.endswith("}id")), None)
        target = rels.get(rid or "")
        if target is None:
            continue
        part = lower.get(target.lower())
        if part is not None:
            sheet_paths[s.get("name", "")] = part
    formats, dates = _styles(zf, lower, wb_path)
    return Book(zf, sheet_paths, _keywords(zf, lower), formats, dates)


def _workbook_path(zf: zipfile.ZipFile, lower: dict[str, str]) -> str | None:
    rels = lower.get("_rels/.rels")
    if rels:
        root = _xml(zf, rels)
        for rel in root.iterfind("{*}Relationship"):
            if rel.get("Type", "").endswith("/officeDocument"):
                target = rel.get("Target", "").lstrip("/")
                found = lower.get(target.lower())
                if found and found.lower().endswith(".xml") and "workbook" in found.lower():
                    return found
    return lower.get("xl/workbook.xml")


def _relationships(zf: zipfile.ZipFile, part: str) -> dict[str, str]:
    folder, name = posixpath.split(part)
    rels_path = _find_part(zf, posixpath.join(folder, "_rels", name + ".rels"))
    if rels_path is None:
        return {}
    out = {}
    for rel in _xml(zf, rels_path).iterfind("{*}Relationship"):
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out[rel.get("Id", "")] = path
    return out


def _styles(zf: zipfile.ZipFile, lower: dict[str, str], wb_path: str) -> tuple[list[str], set[int]]:
    path = lower.get(posixpath.join(posixpath.dirname(wb_path), "styles.xml").lower())
    if path is None:
        return [], set()
    root = _xml(zf, path)
    custom = {}
    numfmts = root.find("{*}numFmts")
    for nf in numfmts.iterfind("{*}numFmt") if numfmts is not None else ():
        try:
            custom[int(nf.get("numFmtId", "-1"))] = nf.get("formatCode", "General")
        except ValueError:
            continue
    formats, dates = [], set()
    xfs = root.find("{*}cellXfs")
    for i, xf in enumerate(xfs.iterfind("{*}xf") if xfs is not None else ()):
        try:
            fid = int(xf.get("numFmtId", "0"))
        except ValueError:
            fid = 0
        code = custom.get(fid, BUILTIN_FORMATS.get(fid, "General"))
        formats.append(code)
        if fid in DATE_FORMAT_IDS or (fid in custom and _looks_like_date(code)):
            dates.add(i)
    return formats, dates


def _looks_like_date(code: str) -> bool:
    plain = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", code.split(";")[0]).lower()
    return plain != "general" and bool(re.search(r"[ymdhs]", plain))


def _keywords(zf: zipfile.ZipFile, lower: dict[str, str]) -> str:
    path = lower.get("docprops/core.xml")
    if path is None:
        return ""
    try:
        node = _xml(zf, path).find("{*}keywords")
    except BookError:
        return ""
    return (node.text or "") if node is not None else ""


def decimals_in_format(code: str) -> int | None:
    """Decimal places a number format shows: 「0.00」 -> 2, 「0」 -> 0; None for General or text formats."""
    first = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", code.split(";")[0])
    if first.strip().lower() in ("general", "@", ""):
        return None
    m = re.search(r"[0#]\.([0#]+)", first)
    if m:
        return len(m.group(1))
    return 0 if re.search(r"[0#]", first) else None
