"""Which existing files an output may replace: never an input, never a file of another kind.

A draft is never replaced by a workbook, a workbook never by a draft, and no command writes over
the file it reads. What a file is, is read from its content, not its name (a draft renamed .xlsx
is still a draft).
"""

from __future__ import annotations

import json
import stat
import zipfile
from pathlib import Path
from typing import Iterable

DRAFT, DOCX, XLSX, CONSOLIDATION, HTML, PDF = "draft", "docx", "xlsx", "consolidation", "html", "pdf"
PDF_CREATOR = "nianbao"  # the Creator of every PDF we write
HTML_MARK = b'<meta name="generator" content="nianbao">'  # in every web page we write
KIND_WORDS = {
    DRAFT: "年报草稿（.json）",
    DOCX: "Word 文档",
    XLSX: "Excel 工作簿",
    CONSOLIDATION: "汇总工作簿",
    HTML: "年报助手导出的网页",
    PDF: "年报助手导出的PDF",
    None: "其他文件",
}
_SNIFF_BYTES = 64 * 1024


def file_kind(path: Path) -> str | None:
    """DRAFT, DOCX, XLSX or HTML (a page we wrote) by content; None for anything else (or unreadable)."""
    try:
        with open(path, "rb") as f:
            head = f.read(_SNIFF_BYTES)
    except OSError:
        return None
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as zf:
                names = {n.lower() for n in zf.namelist()}
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        if "word/document.xml" in names:
            return DOCX
        if "xl/workbook.xml" in names:
            return XLSX
        return None
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") and b'"app"' in head and b"nianbao" in head:
        try:
            data = json.loads(Path(path).read_bytes().decode("utf-8-sig"))
        except (OSError, ValueError, RecursionError):
            return DRAFT if b'"app": "nianbao"' in head else None  # a damaged draft is still a draft
        return DRAFT if isinstance(data, dict) and data.get("app") == "nianbao" else None
    if HTML_MARK in head:
        return HTML
    if head.startswith(b"%PDF"):
        return PDF if _pdf_creator(path) == PDF_CREATOR else None
    return None


def _pdf_creator(path: Path) -> str | None:
    try:
        from pypdf import PdfReader

        info = PdfReader(path).metadata
        return str(info.creator) if info is not None and info.creator else None
    except Exception:  # a damaged or foreign PDF: not ours  # noqa: BLE001
        return None


def output_refusal(target: Path, kind: str, inputs: Iterable[Path | str | None] = ()) -> str | None:
    """Why `target` must not be written as a file of `kind`, in Chinese; None when it may.

    inputs: the files the command reads (a draft, last year's draft, a workbook)."""
    target = Path(target)
    name = f"“{target}”"
    for source in inputs:
        if source is not None and _same_file(target, Path(source)):
            return f"没有写入：输出文件{name}就是要读取的文件，写入会把它替换掉。请换一个输出文件名。"
    try:
        info = target.stat()
    except FileNotFoundError:
        return None
    except OSError:
        return None  # the write itself will say what is wrong
    if stat.S_ISDIR(info.st_mode):
        return f"没有写入：{name}是一个文件夹。请给出文件名，例如“{target / ('报告.' + _suffix(kind))}”。"
    if not stat.S_ISREG(info.st_mode):
        return f"没有写入：{name}不是普通文件（而是设备或管道）。请换一个输出文件名。"
    existing = file_kind(target)
    if existing == kind or (kind == CONSOLIDATION and existing == XLSX):
        return None  # the same kind: replacing it is what was asked (汇总 checks its own marks)
    return (
        f"没有写入：{name}已经存在，它是{KIND_WORDS[existing]}，不是要写的{KIND_WORDS[kind]}。"
        "为避免覆盖它，请换一个输出文件名。"
    )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def _suffix(kind: str) -> str:
    return {DRAFT: "json", DOCX: "docx", XLSX: "xlsx", CONSOLIDATION: "xlsx", HTML: "html", PDF: "pdf"}[kind]
