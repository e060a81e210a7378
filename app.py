"""年报助手: the window, and the command line for power users, county batch work and tests.

    python app.py [DRAFT.json]                          open the window
    python app.py new --year Y --organ NAME -o DRAFT.json
    python app.py check DRAFT.json [--last-year LAST.json] [--deadline MM-DD] [--json]
    python app.py export DRAFT.json [--docx OUT.docx] [--xlsx OUT.xlsx] [--html OUT.html] [--pdf OUT.pdf] [--draft]
    python app.py import-xlsx FILE.xlsx -o DRAFT.json [--force]
    python app.py import-report PAGE.html|REPORT.docx|REPORT.pdf|TEXT.txt [-o DRAFT.json] [--year Y] [--force]
                                                        [--compare SENT.xlsx|DRAFT.json]
    python app.py consolidate FILES_OR_FOLDERS... -o OUT.xlsx [--roster R.txt] [--year Y] [--include-errors]
                                [--unit 汇总单位]

Exit codes (stable): 0 success / no 错误, 1 the report has 错误 (check;
export without --draft refuses), 2 a file cannot be read or written, or
the command line is wrong.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2
COMMANDS = ("new", "check", "export", "import-xlsx", "import-report", "consolidate")


def _out(text: str = "", *, err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    try:
        print(text, file=stream)
    except UnicodeEncodeError:  # a console that cannot show Chinese must not crash the command
        print(text.encode(stream.encoding or "ascii", "replace").decode(stream.encoding or "ascii"), file=stream)


# argparse's own sentences, in Chinese: a usage error is read by county staff, not by programmers.
_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "不认识的参数：%s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "后面需要给出一个值",
    "expected at least one argument": "后面至少需要给出一个值",
    "expected at most one argument": "后面最多只能给出一个值",
    "invalid %(type)s value: %(value)r": "“%(value)s”不是有效的值",
    "invalid choice: %(value)r (choose from %(choices)s)": "“%(value)s”不是可选的值（可选：%(choices)s）",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是 %(matches)s",
    "not allowed with argument %s": "不能和参数 %s 同时使用",
    "one of the arguments %s is required": "参数 %s 中必须给出一个",
    "show this help message and exit": "显示这段帮助并退出",
    "positional arguments": "位置参数",
    "options": "选项",
    "ignored explicit argument %r": "忽略了多余的值 %r",
}
argparse._ = lambda text: _ARGPARSE_ZH.get(text, text)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors exit 2, in Chinese
        self.print_usage(sys.stderr)
        _out(f"命令行有误：{message}", err=True)
        sys.exit(EXIT_UNREADABLE)


def _deadline(text: str) -> str:
    import datetime as dt
    import re

    m = re.fullmatch(r"(\d{1,2})-(\d{1,2})", text.strip())
    if not m:
        raise argparse.ArgumentTypeError(f"“{text}”不是“月-日”的形式，例如 01-31")
    try:
        dt.date(2000, int(m[1]), int(m[2]))  # a leap year: 02-29 is a day
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是一年中的某一天，请写成“月-日”，例如 01-31") from None
    return f"{int(m[1]):02d}-{int(m[2]):02d}"


def _year(text: str) -> int:
    from model.formats import year_refusal

    if not text.strip().isdigit() or len(text.strip()) > 6:
        raise argparse.ArgumentTypeError(f"“{text[:20]}”不是年份，例如 2024")
    refusal = year_refusal(int(text))
    if refusal:
        raise argparse.ArgumentTypeError(refusal)
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="app.py", description="年报助手：政府信息公开工作年度报告")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)

    new = sub.add_parser("new", help="新建一份空白草稿")
    new.add_argument("--year", type=_year, required=True, help="报告年度，例如 2024")
    new.add_argument("--organ", required=True, help="机关名称，例如 ××镇人民政府")
    new.add_argument("--county", default="", help="所属县（市、区）")
    new.add_argument("--city", default="", help="所属市")
    new.add_argument("-o", "--output", required=True, type=Path, help="草稿文件 (.json)")
    new.add_argument("--force", action="store_true", help="覆盖已有的草稿文件")

    check = sub.add_parser("check", help="检查一份草稿，列出全部问题")
    check.add_argument("draft", type=Path, help="草稿文件 (.json)")
    check.add_argument("--last-year", type=Path, help="上年的草稿，用于核对“上年结转”、现行有效件数和与上年重复的文字")
    check.add_argument("--deadline", type=_deadline, help="报送期限（次年的 月-日），默认 01-31")
    check.add_argument("--json", action="store_true", help="以 JSON 输出（供程序读取）")

    export = sub.add_parser("export", help="导出 Word 文档 (.docx) 和/或 报县里的 Excel 文件 (.xlsx)")
    export.add_argument("draft", type=Path, help="草稿文件 (.json)")
    export.add_argument("--docx", type=Path, help="导出的 Word 文档")
    export.add_argument("--html", type=Path, help="导出的网页版（一个文件，可粘贴到政府网站的编辑器）")
    export.add_argument("--pdf", type=Path, help="导出的 PDF（A4，字体嵌入，供网站发布）")
    export.add_argument("--xlsx", type=Path, help="导出的 Excel 文件")
    export.add_argument(
        "--draft", dest="as_draft", action="store_true", help="报告有错误时也导出，标注“草稿——数据未通过校验”"
    )
    export.add_argument("--last-year", type=Path, help="上年的草稿，用于核对“上年结转”、现行有效件数和与上年重复的文字")

    imp = sub.add_parser("import-xlsx", help="把本程序导出的 .xlsx 读回为草稿")
    imp.add_argument("xlsx", type=Path, help="本程序导出的 .xlsx 文件")
    imp.add_argument("-o", "--output", required=True, type=Path, help="草稿文件 (.json)")
    imp.add_argument("--force", action="store_true", help="覆盖已有的草稿文件")

    pub = sub.add_parser("import-report", help="把已发布的报告（网页、Word、PDF、文本）读入为草稿")
    pub.add_argument("file", type=Path, help="保存的网页 (.html/.mht)、Word 文档 (.docx)、PDF 或文本文件")
    pub.add_argument("-o", "--output", type=Path, help="草稿文件 (.json)；不给时只列出读到的内容")
    pub.add_argument("--year", type=_year, help="报告年度（标题中没有写明时）")
    pub.add_argument("--force", action="store_true", help="覆盖已有的草稿文件")
    pub.add_argument("--compare", type=Path, help="与乡镇报送的 .xlsx 或草稿逐格比较，列出每一处不同")

    cons = sub.add_parser("consolidate", help="汇总各乡镇（街道）的报告")
    cons.add_argument(
        "inputs",
        nargs="+",
        type=Path,
        help="各乡镇的 .xlsx 或 .json 文件、下级的汇总工作簿（逐级汇总），或存放它们的文件夹",
    )
    cons.add_argument("-o", "--output", required=True, type=Path, help="汇总工作簿 (.xlsx)")
    cons.add_argument("--roster", type=Path, help="名单：每行一个机关名称，用于列出未报送的单位")
    cons.add_argument("--year", type=_year, help="只汇总这一报告年度")
    cons.add_argument("--include-errors", action="store_true", help="有错误的报告也计入合计")
    cons.add_argument("--unit", default="", help="汇总单位，例如“某某县”（写入汇总工作簿，供上级汇总时核对）")
    return parser


def cmd_new(args) -> int:
    from model.formats import format_for_year, supported_years_text
    from model.normalize import InputRefused
    from model.report import Report

    fmt = format_for_year(args.year)
    if fmt is None:
        _out(f"没有适用于{args.year}年的报告格式。本程序支持：{supported_years_text()}。", err=True)
        return EXIT_UNREADABLE
    if not args.organ.strip():
        _out('命令行有误：--organ 机关名称不能为空，例如 --organ "××镇人民政府"。', err=True)
        return EXIT_UNREADABLE
    try:
        report = Report.new(
            fmt, organ=args.organ.strip(), year=args.year, county=args.county.strip(), city=args.city.strip()
        )
    except InputRefused as exc:
        _out(f"命令行有误：{exc.reason}。", err=True)
        return EXIT_UNREADABLE
    refusal = write_draft(report, args.output, force=args.force)
    if refusal:
        _out(refusal, err=True)
        return EXIT_UNREADABLE
    _out(f"已新建草稿“{args.output}”：{report.title}（{fmt.document_number}格式）。")
    return EXIT_OK


def write_draft(report, target: Path, *, force: bool, inputs=()) -> str | None:
    """Write a draft from the command line: never over an input or a file of another kind, an
    existing draft only with --force (its previous version kept as .bak), never while a window has
    it open. Returns the Chinese reason when nothing was written."""
    from model.draft_lock import DraftLocked, held_for_writing
    from model.draft_store import DraftError, save_draft
    from model.overwrite import DRAFT, output_refusal

    refusal = output_refusal(target, DRAFT, inputs)
    if refusal:
        return refusal
    if target.exists() and not force:
        return f"“{target}”已经存在，没有覆盖。要覆盖请加 --force（原来的草稿会保存为“{target.name}.bak”）。"
    try:
        with held_for_writing(target):
            save_draft(report, target)
    except DraftLocked as exc:
        return exc.write_message
    except DraftError as exc:
        return exc.message
    return None


def _load(path: Path):
    from model.draft_store import load_draft

    return load_draft(path)


def _load_with_last_year(args):
    """The draft and, with --last-year, last year's: (report, last) or None after saying why it cannot be read."""
    from model.draft_store import DraftError

    try:
        return _load(args.draft), (_load(args.last_year) if args.last_year else None)
    except DraftError as exc:
        _out(exc.message, err=True)
        return None


def cmd_check(args) -> int:
    from model.checks import run_checks
    from model.findings import count_by_severity
    from model.places import finding_place

    loaded = _load_with_last_year(args)
    if loaded is None:
        return EXIT_UNREADABLE
    report, last = loaded
    findings = run_checks(report, last_year=last, deadline=args.deadline)
    counts = count_by_severity(findings)
    if args.json:
        _out(json.dumps([_finding_json(f) for f in findings], ensure_ascii=False, indent=1, default=str))
    else:
        for f in findings:
            where = finding_place(report.fmt, f)
            line = f"{f.severity_text} {f.rule} 〔{where}〕 {f.message}"
            if f.explanation:
                line += f"（说明：{f.explanation}）"
            _out(line)
        _out(f"共 {counts['error']} 个错误、{counts['warning']} 个警告、{counts['hint']} 个提示。")
    return EXIT_FINDINGS if counts["error"] else EXIT_OK


def cmd_export(args) -> int:
    from exporters.common import ExportRefused
    from model.overwrite import DOCX, HTML, PDF, XLSX, output_refusal

    targets = [
        (t, k, o)
        for t, k, o in (
            (args.docx, DOCX, "--docx"),
            (args.xlsx, XLSX, "--xlsx"),
            (args.html, HTML, "--html"),
            (args.pdf, PDF, "--pdf"),
        )
        if t
    ]
    if not targets:
        _out("请用 --docx、--xlsx、--html 和/或 --pdf 指定导出的文件。", err=True)
        return EXIT_UNREADABLE
    seen: dict[Path, str] = {}
    for target, _kind, option in targets:
        other = seen.setdefault(Path(target).resolve(), option)
        if other != option:
            _out(f"命令行有误：{other} 和 {option} 是同一个文件名，请给不同的文件名。", err=True)
            return EXIT_UNREADABLE
    for target, kind, _option in targets:
        refusal = target and output_refusal(target, kind, [args.draft, args.last_year])
        if refusal:
            _out(refusal, err=True)
            return EXIT_UNREADABLE
    loaded = _load_with_last_year(args)
    if loaded is None:
        return EXIT_UNREADABLE
    report, last = loaded
    jobs = []
    if args.docx:
        from exporters.docx.writer import export_docx

        jobs.append((export_docx, args.docx))
    if args.xlsx:
        from exporters.xlsx.writer import export_xlsx

        jobs.append((export_xlsx, args.xlsx))
    if args.html:
        from exporters.html.writer import export_html

        jobs.append((export_html, args.html))
    if args.pdf:
        from gui.pdf_writer import export_pdf  # Qt's PDF writer, offscreen: no office suite needed

        jobs.append((export_pdf, args.pdf))
    for export, target in jobs:
        try:
            export(report, target, draft=args.as_draft, last_year=last)
        except ExportRefused as exc:
            _out(str(exc), err=True)
            return EXIT_FINDINGS
        except OSError as exc:
            from model.os_messages import os_error_message

            _out(os_error_message(exc, target).replace("没有保存", "没有导出"), err=True)
            return EXIT_UNREADABLE
        _out(f"已导出“{target}”{'（草稿）' if args.as_draft else ''}。")
    return EXIT_OK


# import-xlsx: 0 read cleanly and the report has no 错误; 1 the draft was written, but something
# needs a look: problems found while reading, values changed after export, or 错误 in the report;
# 2 the file cannot be read, the draft cannot be written, or DRAFT.json exists and --force was not given.
# consolidate: 0 the workbook was written and every file was summed (警告 are fine); 1 the workbook
# was written, but some file could not be read, had 错误, was of another year or format, was a
# duplicate, was a 汇总 holding a township another file holds (单位重复), or a roster name sent
# nothing; 2 nothing was written: bad command line, no input files, roster unreadable, or the
# output cannot be written (an existing file that is not a 汇总 workbook of this program is never
# overwritten). openpyxl is imported only when a file is written.


def cmd_import_xlsx(args, out=_out) -> int:
    from exporters.xlsx.reader import XlsxImportError, read_xlsx
    from model.checks import run_checks
    from model.findings import count_by_severity
    from model.overwrite import DRAFT, output_refusal

    target: Path = args.output
    refusal = output_refusal(target, DRAFT, [args.xlsx])  # checked before the reading, too
    if refusal is None and target.exists() and not args.force:
        refusal = f"“{target}”已经存在，没有覆盖。要覆盖请加 --force（原来的草稿会保存为“{target.name}.bak”）。"
    if refusal:
        out(refusal, err=True)
        return EXIT_UNREADABLE
    try:
        result = read_xlsx(args.xlsx)
    except XlsxImportError as exc:
        out(str(exc), err=True)
        return EXIT_UNREADABLE
    report = result.report
    refusal = write_draft(report, target, force=args.force, inputs=[args.xlsx])
    if refusal:
        out(refusal, err=True)
        return EXIT_UNREADABLE
    counts = count_by_severity(run_checks(report))
    out(f"已读入“{args.xlsx.name}”：{report.title}（{report.fmt.format_id}格式），已保存为草稿“{target}”。")
    if result.draft:
        out("注意：这个文件是按草稿导出的（导出时数据未通过校验）。")
    for p in result.problems:
        out(f"读入时发现：{p.message}")
    if result.changed:
        out("文件导出后被修改过：")
        for line in result.changed:
            out(f"  {line}")
    out(f"检查结果：{counts['error']}个错误、{counts['warning']}个警告、{counts['hint']}个提示。")
    return EXIT_FINDINGS if (result.problems or result.changed or counts["error"]) else EXIT_OK


def cmd_import_report(args, out=_out) -> int:
    """A published report (web page, .docx, PDF, text) read into a draft: the list first; the draft
    is written only with -o."""
    from exporters.published.reader import SourceRefused, listing, read_published
    from model.overwrite import DRAFT, output_refusal

    target: Path | None = args.output
    if target is not None:
        refusal = output_refusal(target, DRAFT, [args.file])
        if refusal is None and target.exists() and not args.force:
            refusal = f"“{target}”已经存在，没有覆盖。要覆盖请加 --force（原来的草稿会保存为“{target.name}.bak”）。"
        if refusal:
            out(refusal, err=True)
            return EXIT_UNREADABLE
    if not Path(args.file).exists():
        out(f"找不到“{args.file}”。", err=True)
        return EXIT_UNREADABLE
    try:
        result, what = read_published(args.file, year=args.year)
    except SourceRefused as exc:
        out(str(exc), err=True)
        return EXIT_UNREADABLE
    out(f"已读入“{Path(args.file).name}”（{what}）。")
    for line in listing(result):
        out(line)
    if args.compare is not None:
        return _compare_published(result.report, args.compare, out)
    if target is None:
        out("没有写入草稿：要保存为草稿，请加 -o 草稿.json。")
        return EXIT_OK
    refusal = write_draft(result.report, target, force=args.force, inputs=[args.file])
    if refusal:
        out(refusal, err=True)
        return EXIT_UNREADABLE
    out(f"已保存为草稿“{target}”。")
    return EXIT_OK


def _compare_published(published, sent_path: Path, out) -> int:
    """--compare: the published report beside the .xlsx or draft the township sent: 0 the same, 1 differences."""
    from exporters.published.compare import differences
    from exporters.xlsx.reader import XlsxImportError, read_xlsx
    from model.draft_store import DraftError

    try:
        sent = read_xlsx(sent_path).report if sent_path.suffix.lower() == ".xlsx" else _load(sent_path)
    except (XlsxImportError, DraftError) as exc:
        out(getattr(exc, "message", str(exc)), err=True)
        return EXIT_UNREADABLE
    found = differences(published, sent)
    if not found:
        out(f"与“{sent_path.name}”逐格、逐部分比较：没有不同。")
        return EXIT_OK
    out(f"与“{sent_path.name}”比较，有{len(found)}处不同：")
    for line in found:
        out(f"  {line}")
    return EXIT_FINDINGS


def cmd_consolidate(args, out=_out) -> int:
    from exporters.county.consolidate import (
        DUPLICATE,
        ERRORS,
        MISMATCH,
        MISSING,
        OVERLAP,
        UNREADABLE,
        RosterError,
        consolidate,
        read_roster,
    )
    from exporters.county.writer import output_refusal, write_consolidation
    from model.os_messages import os_error_message

    missing = [p for p in args.inputs if not Path(p).exists()]
    if missing:
        out("找不到：" + "、".join(f"“{p}”" for p in missing) + "。", err=True)
        return EXIT_UNREADABLE
    refusal = output_refusal(args.output)
    if refusal:
        out(refusal, err=True)
        return EXIT_UNREADABLE
    roster = None
    if args.roster is not None:
        try:
            roster = read_roster(args.roster)
        except RosterError as exc:
            out(exc.message, err=True)
            return EXIT_UNREADABLE
    try:
        result = consolidate(
            args.inputs,
            year=args.year,
            include_errors=args.include_errors,
            roster=roster,
            exclude=[args.output],
            unit=args.unit,
        )
    except ValueError as exc:
        out(str(exc), err=True)
        return EXIT_UNREADABLE
    if not result.entries:
        out("在给出的文件和文件夹中没有找到可以汇总的 .xlsx 或 .json 文件。", err=True)
        return EXIT_UNREADABLE
    try:
        write_consolidation(result, args.output)
    except OSError as exc:
        out(os_error_message(exc, args.output).replace("没有保存", "没有写入汇总工作簿"), err=True)
        return EXIT_UNREADABLE
    out(result.summary())
    for e in result.rows():
        if e.status in (UNREADABLE, ERRORS, OVERLAP, MISMATCH, DUPLICATE, MISSING):
            name = e.organ or "（未知单位）"
            where = f"“{e.file_name}”" if e.path else "名单"
            out(f"{e.status}：{name}（{where}）{e.reason}")
    out(f"已写入汇总工作簿“{args.output}”（各乡镇、街道报告数据汇总，非本级年度报告）。")
    return EXIT_FINDINGS if result.has_problems else EXIT_OK


def _finding_json(f) -> dict:
    return {
        "rule": f.rule,
        "severity": f.severity,
        "severity_text": f.severity_text,
        "section": f.section,
        "table": f.table,
        "row": f.row,
        "column": f.column,
        "cell": f.cell,
        "part": f.part,
        "expected": f.expected,
        "actual": f.actual,
        "message": f.message,
        "explanation": f.explanation,
        "key": f.key,
    }


def open_window(argv: list[str]) -> int:
    if len(argv) <= 1 and not any(arg.startswith("-") for arg in argv):
        # the usual start, a draft or nothing: what the parser below would say, without building it
        # before the first paint (about 5 M instructions)
        draft = Path(argv[0]) if argv else None
    else:
        parser = _Parser(prog="app.py", description="年报助手：打开窗口；命令行用法见 app.py --help")
        parser.add_argument("draft", nargs="?", type=Path, help="要打开的草稿 (.json)")
        draft = parser.parse_args(argv).draft
    try:
        from gui.main import run
    except ImportError as exc:
        _out(f"无法启动窗口：{exc}。请先运行 ./tools/start.sh 安装所需的软件。", err=True)
        return EXIT_UNREADABLE
    return run(draft)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help")):
        return open_window(argv)
    args = build_parser().parse_args(argv)
    handlers = {
        "new": cmd_new,
        "check": cmd_check,
        "export": cmd_export,
        "import-xlsx": cmd_import_xlsx,
        "import-report": cmd_import_report,
        "consolidate": cmd_consolidate,
    }
    try:
        return handlers[args.command](args)
    except KeyboardInterrupt:
        _out("已中断。", err=True)
        return 130
    except Exception as exc:  # a bug of ours: said in Chinese, the traceback kept for the maintainers
        from model.crash_log import write_crash_log

        log = write_crash_log(f"命令 {' '.join(argv)[:300]}", exc)
        where = f"详细记录已写入“{log}”，" if log else ""
        _out(f"程序出错，命令没有完成。{where}请把它和所用的文件发给年报助手的维护人员。", err=True)
        return EXIT_UNREADABLE


if __name__ == "__main__":
    sys.exit(main())
