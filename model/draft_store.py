"""Drafts as local JSON files: UTF-8, versioned, saved atomically, with a backup.

A file that cannot be read is reported in Chinese and never overwritten; a
file from a newer version of the program is refused, not guessed at.
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path
from typing import NoReturn, TypeVar, cast

from model import APP_VERSION
from model import dates as dt
from model.atomic import atomic_write_bytes
from model.definition import Cell, Field, FormatDef, section_of
from model.formats import all_formats, get_format, year_refusal
from model.migrations import SCHEMA_VERSION, migrate
from model.normalize import InputRefused, Invalid, Value, parse_for, to_json
from model.os_messages import os_error_message
from model.report import META_LABELS, Meta, Report, stated_disagrees
from model.text_input import MAX_EXPLANATION_CHARS, MAX_LINE_CHARS, MAX_PART_CHARS, TextRefused, clean_text, clean_tree

APP_MARK = "nianbao"
STATED_BLANK = ""  # a computed cell that a file stated as blank; null means "as computed"
MAX_DRAFT_BYTES = 20 * 1024 * 1024  # a real draft is a few tens of kB
BACKUP_SUFFIX = ".bak"

_T = TypeVar("_T")


class DraftError(Exception):
    """A draft cannot be read or written; .message is for the user, in Chinese."""

    def __init__(self, message: str, path: Path | None = None, *, read_only: bool = False):
        super().__init__(message)
        self.message = message
        self.path = path
        self.read_only = read_only  # the file exists and is write-protected: 另存为 is the way out


# ------------------------------------------------------------------ writing


def draft_to_dict(report: Report) -> dict[str, object]:
    fmt = report.fmt
    values: dict[str, object] = {}
    for table in fmt.tables.values():
        for cell in table.cells:
            if cell.is_input:
                v = report.values.get(cell.code)
            elif cell.code in report.stated and report.stated[cell.code] is None:
                values[cell.code] = STATED_BLANK  # a total the file left blank: kept as stated
                continue
            else:
                v = report.stated.get(cell.code, report.value(cell.code))
            values[cell.code] = v.raw if isinstance(v, Invalid) else to_json(v)
    values.update(_kept(report, "values"))
    meta = report.meta
    # What a newer version wrote goes back where it was found, so a round trip changes nothing.
    narrative: dict[str, object] = {p.code: report.narrative.get(p.code, "") for p in fmt.narrative_parts()}
    narrative.update(_kept(report, "narrative"))
    fields: dict[str, object] = {
        code: (v.raw if isinstance(v, Invalid) else to_json(v))
        for code, v in ((c, report.fields.get(c)) for c in fmt.fields)
    }
    fields.update(_kept(report, "fields"))
    data: dict[str, object] = {
        "app": APP_MARK,
        "schema_version": SCHEMA_VERSION,
        "format_version": fmt.format_id,
        "app_version": APP_VERSION,
        "saved_at": dt.datetime.now(dt.timezone.utc).astimezone().isoformat(timespec="seconds"),
        "meta": {
            **{name: getattr(meta, name) for name in Meta.TEXT_FIELDS},
            "year": meta.year,
            "date": meta.date.isoformat() if meta.date else None,
        },
        "narrative": narrative,
        "fields": fields,
        "values": values,
        "explanations": dict(sorted(report.explanations.items())),
        "save_count": report.save_count,
    }
    for key, value in report.unknown.items():
        if key not in data:
            data[key] = value
    return data


def _kept(report: Report, key: str) -> dict[str, object]:
    """The entries of one part (values, narrative, fields) that this version does not know."""
    # Parsed JSON, not checked again: an object in every draft and workbook the program writes.
    return cast("dict[str, object]", report.unknown.get(key, {}))


def draft_bytes(report: Report) -> bytes:
    return (json.dumps(draft_to_dict(report), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def save_draft(report: Report, path: Path, *, overwrite_unreadable: bool = False) -> None:
    """Save atomically; the previous good version is kept as PATH.bak.

    overwrite_unreadable: the clerk confirmed replacing a file that is not a readable draft; it is
    kept under a dated name (PATH.<time>.bak) rather than over the .bak of the last good version."""
    path = Path(path)
    report.save_count += 1
    try:
        data = draft_bytes(report)
        if path.exists():
            _keep_previous(path, overwrite_unreadable)
        atomic_write_bytes(path, data)
    except OSError as exc:
        report.save_count -= 1
        raise DraftError(os_error_message(exc, path), path) from exc
    except BaseException:
        report.save_count -= 1
        raise


def _keep_previous(path: Path, overwrite_unreadable: bool) -> None:
    if is_read_only(path):
        raise DraftError(
            f"没有保存：“{path.name}”是只读文件。请用“另存为”保存到另一个文件名或位置；"
            "已填写的内容仍在程序中，没有丢失。",
            path,
            read_only=True,
        )
    try:
        old = _read_bytes(path)
        parse_draft(old, path)
    except DraftError as exc:
        if not overwrite_unreadable:
            raise DraftError(
                f"没有保存：“{path.name}”已经存在，但它不是本程序能读取的草稿（{exc.message}）。"
                "为避免覆盖它，请用“另存为”换一个文件名保存。",
                path,
            ) from exc
        set_aside_copy(path)
        return
    atomic_write_bytes(backup_path(path), old)


def set_aside_copy(path: Path) -> Path:
    """Move a file out of the way under a dated name beside it (PATH.20261201-183005.bak)."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{stamp}{BACKUP_SUFFIX}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.{stamp}-{n}{BACKUP_SUFFIX}")
    os.replace(path, target)
    return target


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + BACKUP_SUFFIX)


def file_stamp(path: Path | None) -> tuple[int, int, int] | None:
    """What tells that a file changed: modification time, size, inode; None when there is none."""
    if path is None:
        return None
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size, info.st_ino


def is_read_only(path: Path) -> bool:
    """Write-protected by its mode (POSIX) or its read-only attribute (Windows, shown as mode 0444).
    Mode bits, not os.access: an administrator may replace the file anyway, but should not unasked."""
    import stat

    try:
        return not os.stat(path).st_mode & stat.S_IWUSR
    except OSError:
        return False


# ------------------------------------------------------------------ reading


def load_draft(path: Path) -> Report:
    path = Path(path)
    return parse_draft(_read_bytes(path), path)


def _read_bytes(path: Path) -> bytes:
    from model.file_input import read_bounded

    return read_bounded(
        path,
        MAX_DRAFT_BYTES,
        lambda reason: DraftError(reason, path),
        what="文件",
        too_big="“{name}”有{mb} MB，远大于任何草稿，不是本程序的草稿文件。",
    )


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"not a number: {name}")


def parse_draft(raw: bytes, path: Path | None = None) -> Report:
    name = f"“{path.name}”" if path else "这个文件"
    if not raw.strip():
        raise DraftError(f"{name}是空文件，不是有效的草稿（可能在保存时断电或磁盘已满）。{_backup_hint(path)}", path)
    try:
        # "utf-8-sig" by hand: that codec is a module of its own to import before the first paint
        text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DraftError(f"{name}不是本程序保存的草稿（不是UTF-8文本）。", path) from exc
    try:
        data = json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except RecursionError as exc:
        raise DraftError(f"{name}的结构嵌套过深，不是本程序保存的草稿。", path) from exc
    except ValueError as exc:
        line = getattr(exc, "lineno", None)
        where = f"（第{line}行附近）" if line else ""
        raise DraftError(f"{name}已损坏或不完整，无法读取{where}。{_backup_hint(path)}", path) from exc
    if not isinstance(data, dict) or data.get("app") != APP_MARK:
        raise DraftError(f"{name}不是年报助手的草稿文件。", path)
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DraftError(f"{name}缺少草稿版本号，无法读取。", path)
    if version > SCHEMA_VERSION:
        raise DraftError(
            f"{name}由较新版本的年报助手保存（草稿格式第{version}版），本程序只能读取到第{SCHEMA_VERSION}版。"
            "请升级年报助手后再打开；文件没有被改动。",
            path,
        )
    try:
        return _report_from_dict(migrate(data))
    except _Bad as exc:
        raise DraftError(f"{name}中{exc}，无法读取。文件没有被改动。", path) from exc
    except RecursionError as exc:  # nesting json.loads took but walking it does not (unknown data)
        raise DraftError(f"{name}的结构嵌套过深，不是本程序保存的草稿。", path) from exc


def _backup_hint(path: Path | None) -> str:
    backup = backup_path(path) if path else None
    if backup is not None and backup.is_file() and backup.stat().st_size:
        return (
            f"同一文件夹中有上一次保存的备份“{backup.name}”：在“打开”对话框中选择它即可读取（文件类型选“所有文件”）。"
        )
    return "文件没有被改动。"


class _Bad(ValueError):
    pass


def _expect(obj: dict[str, object], key: str, types: type[_T], what: str, default: _T | None = None) -> _T | None:
    value = obj.get(key, default)
    if value is None and default is None:
        return None
    if not isinstance(value, types) or isinstance(value, bool):
        raise _Bad(f"“{what}”的内容类型不对")
    return value


def _report_from_dict(data: dict[str, object]) -> Report:
    format_id = data.get("format_version")
    fmt = get_format(format_id) if isinstance(format_id, str) else None
    if fmt is None:
        known = "、".join(all_formats())
        raise _Bad(f"报告格式“{format_id}”不是本程序认识的格式（认识：{known}）")
    notes: list[str] = []
    meta_data = _expect(data, "meta", dict, "基本信息", default={}) or {}
    meta = Meta()
    for name in Meta.TEXT_FIELDS:
        raw = meta_data.get(name)
        if raw is None:  # "city": null is a blank, not a broken draft
            continue
        setattr(meta, name, _clean(raw, META_LABELS[name], MAX_LINE_CHARS, notes, single_line=True))
    meta.year = _year(_expect(meta_data, "year", int, META_LABELS["year"]))
    date = _expect(meta_data, "date", str, META_LABELS["date"])
    if date:
        try:
            meta.date = dt.date.fromisoformat(date)
        except ValueError as exc:
            raise _Bad(f"成文日期“{date[:40]}”不是有效的日期") from exc
    report = Report.new(fmt)
    report.meta = meta
    narrative = _expect(data, "narrative", dict, "正文", default={}) or {}
    unknown_parts: dict[str, dict[str, object]] = {}  # narrative, fields, values this version does not know
    for code, text in narrative.items():
        if not isinstance(text, str):
            raise _Bad(f"正文“{code}”的内容类型不对")
        if code in fmt.parts:
            report.narrative[code] = _clean(text, f"正文“{_part_words(fmt, code)}”", MAX_PART_CHARS, notes)
        else:
            unknown_parts.setdefault("narrative", {})[code] = clean_tree(text)
    for code, raw in (_expect(data, "fields", dict, "补充数据", default={}) or {}).items():
        fld = fmt.fields.get(code)
        if fld is None:
            unknown_parts.setdefault("fields", {})[code] = json_writable(raw)
            continue
        report.fields[code] = _cell_value(raw, fld)
    values = _expect(data, "values", dict, "表格数据", default={}) or {}
    stated: dict[str, object] = {}
    for code, raw in values.items():
        cell = fmt.cells.get(code)
        if cell is None:
            unknown_parts.setdefault("values", {})[code] = json_writable(raw)
        elif cell.is_input:
            report.values[code] = _cell_value(raw, cell)
        elif raw is not None:  # null: as computed; "" (STATED_BLANK): a total the file left blank
            stated[code] = raw
    # A total in the file is kept only where it disagrees with the inputs (the checks then say so);
    # one that agrees is dropped before parsing, so a large but correct total is never "invalid".
    derived = report.derived()
    report.stated = {}
    for code, raw in stated.items():
        if _text(raw) == str(to_json(derived.get(code))):
            continue
        term = fmt.input_like(code)
        value = _cell_value(raw, term, bounded=False)
        if stated_disagrees(value, derived.get(code)):
            report.stated[code] = value
    explanations = _expect(data, "explanations", dict, "说明", default={}) or {}
    for key, text in explanations.items():
        if not isinstance(text, str) or not isinstance(key, str):
            raise _Bad("说明的内容类型不对")
        report.explanations[clean_tree(key)] = _clean(text, "对检查结果的说明", MAX_EXPLANATION_CHARS, notes)
    save_count = data.get("save_count", 0)
    report.save_count = (
        save_count
        if isinstance(save_count, int) and not isinstance(save_count, bool) and 0 <= save_count < 10**9
        else 0
    )
    known_keys = {
        "app",
        "schema_version",
        "format_version",
        "app_version",
        "saved_at",
        "meta",
        "narrative",
        "fields",
        "values",
        "explanations",
        "save_count",
    }
    unknown: dict[str, object] = dict(unknown_parts)
    for key, item in data.items():
        if key not in known_keys:
            unknown[clean_tree(key)] = json_writable(item)
    report.unknown = unknown
    report.notes = notes
    report.revision = 0
    return report


def _clean(text: object, where: str, limit: int, notes: list[str], *, single_line: bool = False) -> str:
    if not isinstance(text, str):
        raise _Bad(f"“{where}”的内容类型不对")
    try:
        cleaned = clean_text(text, limit, single_line=single_line)
    except TextRefused as exc:
        raise _Bad(f"{where}{exc.reason}") from exc
    notice = cleaned.notice(where)
    if notice:
        notes.append(notice)
    return cleaned.text


def _year(year: int | None) -> int | None:
    """A report year the program can work with: from the first statutory format to next year."""
    refusal = year_refusal(year) if year is not None else None
    if refusal:
        raise _Bad(refusal)
    return year


def _part_words(fmt: FormatDef, code: str) -> str:
    part = fmt.parts[code]
    return part.heading or section_of(part).heading


def _text(raw: object) -> str:
    return format(raw, "f") if isinstance(raw, Decimal) else str(raw)


def json_writable(raw: object) -> object:
    """Keep unknown data JSON-writable, at any depth (numbers were parsed as Decimal).

    A number stays a number where that is exact; otherwise its digits are kept as text.
    """
    if isinstance(raw, Decimal):
        if not raw.is_finite() or raw.adjusted() > 4000:
            return format(raw, "f")  # Python refuses to print ints of more than 4,300 digits
        if raw == raw.to_integral_value():
            return int(raw)
        as_float = float(raw)
        return as_float if Decimal(repr(as_float)) == raw else format(raw, "f")
    if isinstance(raw, dict):
        return {key: json_writable(value) for key, value in raw.items()}
    if isinstance(raw, list):
        return [json_writable(value) for value in raw]
    if isinstance(raw, str):
        return clean_tree(raw)
    return raw


def _cell_value(raw: object, spec: Cell | Field, bounded: bool = True) -> Value | Invalid:
    if isinstance(raw, (dict, list)):
        return Invalid(raw=json.dumps(raw, ensure_ascii=False, default=str)[:60], reason="这里应当是一个数字")
    try:
        return parse_for(raw, spec, bounded=bounded)
    except InputRefused as exc:
        return Invalid(raw=str(raw), reason=exc.reason)
