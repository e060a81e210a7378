"""The import-xlsx and consolidate commands of app.py.

    python app.py import-xlsx FILE.xlsx -o DRAFT.json [--force]
    python app.py consolidate FILES_OR_FOLDERS... -o OUT.xlsx [--roster R.txt] [--year Y] [--include-errors]

Exit codes:
- import-xlsx: 0 read cleanly and the report has no 错误; 1 the draft was
  written, but something needs a look: problems found while reading, values
  changed after export, or 错误 in the report; 2 the file cannot be read, the
  draft cannot be written, or DRAFT.json exists and --force was not given.
- consolidate: 0 the workbook was written and every file was summed (警告 are
  fine); 1 the workbook was written, but some file could not be read, had
  错误, was of another year or format, was a duplicate, or a roster name sent
  nothing; 2 nothing was written: bad command line, no input files, roster
  unreadable, or the output cannot be written (an existing file that is not a
  汇总 workbook of this program is never overwritten).
openpyxl is imported only by the writers, when a file is written.
"""
from __future__ import annotations

from pathlib import Path

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


def import_xlsx_command(args, out, write_draft) -> int:
    """write_draft: app.py's one way of writing a draft from the command line (locks, kinds, --force)."""
    from exporters.xlsx_reader import XlsxImportError, read_xlsx
    from model.checks import run_checks
    from model.findings import count_by_severity
    from model.overwrite import DRAFT, output_refusal

    target: Path = args.output
    refusal = output_refusal(target, DRAFT, [args.xlsx])      # checked before the reading, too
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


def consolidate_command(args, out) -> int:
    from exporters.consolidate import (DUPLICATE, ERRORS, MISMATCH, MISSING, UNREADABLE, RosterError, consolidate,
                                       read_roster)
    from exporters.consolidate_writer import output_refusal, write_consolidation
    from model.draft_store import os_error_message

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
        result = consolidate(args.inputs, year=args.year, include_errors=args.include_errors, roster=roster,
                             exclude=[args.output])
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
        if e.status in (UNREADABLE, ERRORS, MISMATCH, DUPLICATE, MISSING):
            name = e.organ or "（未知单位）"
            where = f"“{e.file_name}”" if e.path else "名单"
            out(f"{e.status}：{name}（{where}）{e.reason}")
    out(f"已写入汇总工作簿“{args.output}”（各乡镇、街道报告数据汇总，非本级年度报告）。")
    return EXIT_FINDINGS if result.has_problems else EXIT_OK
