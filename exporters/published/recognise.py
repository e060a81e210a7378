"""A published report's lines, recognised against the format definitions: the organ and year from the
title, the prose by its headings, the three tables by their row labels and the order the format
prescribes. Nothing is guessed silently: every value keeps the place it was read from, and every
label matched loosely, cell that could not be read, placeholder read as 0 and published total that
disagrees with its parts is listed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from exporters.published.sources import Line
from model.definition import Cell, FormatDef, Part, RowNode, Table
from model.editor import TEXT, VALUE, Editor
from model.prose.numbers import number_value
from model.report import Report, stated_disagrees

CN_DIGITS = "一二三四五六七八九十"
SECTION_HEAD = re.compile(rf"^([{CN_DIGITS}]+)\s*[、.．，,]\s*(.+)$")
PART_HEAD = re.compile(rf"^[（(]\s*([{CN_DIGITS}]+)\s*[）)]\s*(.+)$")
TITLE = re.compile(r"^(?P<organ>.*?)\s*(?P<year>[12][0-9０-９]{3})\s*年度?\s*政府信息公开(?:工作)?(?:年度)?报告")
INLINE_TITLE = re.compile(
    r"(?P<year>[12][0-9]{3})年度?(?P<organ>[^，。,、《》]{2,24}?)政府信息公开(?:工作)?(?:年度)?报告"
)
PLACEHOLDERS = {"U", "u", "—", "－", "-", "/", "／", "―", "–", "无", "∕"}
UNIT = re.compile(r"^(.+?)(件|个|项|条|万元|元)$")
# which format section a heading names, by its words; order matters (复议 before 申请, 问题 first)
SECTION_WORDS = (
    ("s5", ("问题", "改进")),
    ("s4", ("行政复议", "行政诉讼")),
    ("s6", ("其他需要报告", "其他事项", "收费及减免")),
    ("s1", ("总体情况", "概述", "基本情况", "总体")),
    ("s2", ("主动公开",)),
    ("s3", ("收到和处理", "依申请", "申请情况")),
)


@dataclass
class Note:
    where: str
    message: str
    kind: str = "note"  # note (matched loosely, a placeholder), unread (could not be read), total, missing


@dataclass
class Recognised:
    report: Report
    notes: list[Note] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # cell or part code -> where it was read
    tables_found: dict[str, str] = field(default_factory=dict)  # table code -> format id its layout matches
    inferred: set[str] = field(default_factory=set)  # cells read from a placeholder or a row found by its place

    def notes_of(self, kind: str) -> list[Note]:
        return [n for n in self.notes if n.kind == kind]


def key(text: str) -> str:
    """Only the words: 「（二）部分公开(区分处理的, 只计…)」 and 「(二) 部分公开（区分处理的，只计…）」 alike."""
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    return re.sub(r"[^\u4e00-\u9fff0-9A-Za-z]", "", text)


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def likeness(a: str, b: str) -> float:
    ga, gb = _bigrams(key(a)), _bigrams(key(b))
    return len(ga & gb) / len(ga | gb) if ga and gb else 0.0


# ------------------------------------------------------------------ numbers in cells


def cell_number(token: str) -> tuple[object, str] | None:
    """(value, how) for a token that is a table value: 12, １２, 0.5, U (a placeholder for 0), 12件."""
    t = token.strip().replace(",", "").replace("，", "")
    if not t:
        return None
    if t in PLACEHOLDERS:
        return 0, "placeholder"
    m = UNIT.match(t)
    unit = ""
    if m and re.fullmatch(r"[0-9０-９.．]+", m.group(1)):
        t, unit = m.group(1), m.group(2)
    t = t.translate(str.maketrans("０１２３４５６７８９．＋－", "0123456789.+-")).lstrip("+")
    if re.fullmatch(r"-?[0-9]+", t):
        return int(t), "unit" if unit else ""
    if re.fullmatch(r"-?[0-9]+\.[0-9]+", t):
        try:
            return Decimal(t), "unit" if unit else ""
        except InvalidOperation:
            return None
    return None


# ------------------------------------------------------------------ the whole report


def recognise(lines: list[Line], fmts: list[FormatDef], *, year: int | None = None) -> Recognised:
    organ, title_year = _title(lines)
    year = year or title_year
    lines, written = _without_signature(lines, organ)
    from model.formats import format_for_year

    sections = _split_sections(lines, fmts)
    table_lines = {code: sections.get(code, []) for code in ("s2", "s3", "s4")}
    found = {}
    for fmt in fmts:  # which format's layout each table has
        for section in fmt.table_sections():
            lines_here = table_lines.get(section.code, [])
            if lines_here and _score(section.table, lines_here) > 0:
                found.setdefault(section.table.code, []).append((_score(section.table, lines_here), fmt))
    by_year = format_for_year(year) if year else None
    fmt = by_year or _majority(found, fmts)
    report = Report.new(fmt, organ=organ, year=year)
    report.meta.date = written
    result = Recognised(report)
    editor = Editor(report)
    if not organ:
        result.notes.append(Note("标题", "没有从标题中读出机关名称，请在“基本信息”中填写。", "missing"))
    if not year:
        result.notes.append(Note("标题", "没有从标题中读出报告年度，请在“基本信息”中填写。", "missing"))
    for code, candidates in found.items():
        top = max(score for score, _ in candidates)
        best = [f for score, f in candidates if score == top]
        # a tie (表四 is the same in both formats) goes to the report's own format
        result.tables_found[code] = (fmt if fmt in best else best[0]).format_id
    for section in fmt.table_sections():
        table = section.table
        lines_here = table_lines.get(section.code, [])
        matched = result.tables_found.get(table.code)
        if not lines_here or matched is None:
            result.notes.append(
                Note(
                    section.heading,
                    f"没有找到{table.name}（{section.heading}）的表格，表中的数字需要手工填写。",
                    "missing",
                )
            )
            continue
        if matched != fmt.format_id:
            other = next(f for f in fmts if f.format_id == matched)
            result.notes.append(
                Note(
                    section.heading,
                    f"{table.name}是按{other.name}（{other.document_number}）填报的，"
                    f"而{year}年度应使用{fmt.name}（{fmt.document_number}），两者的行列不同，这张表没有导入。",
                    "unread",
                )
            )
            continue
        _read_table(editor, result, table, lines_here)
    _read_prose(editor, result, fmt, sections)
    _fields_from_prose(editor, result)
    _published_totals(result)
    return result


DATE = re.compile(r"^([12][0-9]{3})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日$")


def _without_signature(lines: list[Line], organ: str) -> tuple[list[Line], dt.date | None]:
    """The organ's name and the date under the last section are the signature, not prose."""
    import datetime as dt_

    lines = list(lines)
    written = None
    if lines and not lines[-1].cells:
        m = DATE.match(lines[-1].text.replace(" ", ""))
        if m:
            try:
                written = dt_.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                written = None
            lines.pop()
    if lines and not lines[-1].cells:
        last = lines[-1].text.replace(" ", "")
        if last and len(last) <= 30 and (last == organ or re.search(r"(人民政府|办事处|政府)$", last)):
            lines.pop()
    return lines, written


def _fields_from_prose(editor: Editor, result: Recognised) -> None:
    """六（一）'s figures as its prose states them (「本年度未收取信息处理费。」 → 0)."""
    from model.editor import FIELD
    from model.prose.statements import statements

    report = result.report
    spec = report.fmt.prose
    if spec is None or not report.fmt.fields:
        return
    entries = []
    texts = {p.code: report.text(p.code) for p in report.fmt.narrative_parts() if p.fields}
    for st in statements(spec, texts, year=report.meta.year or 0):
        for code in st.fact.cells:
            if code in report.fmt.fields and code not in result.sources:
                entries.append((FIELD, code, st.value))
                result.sources[code] = f"“{st.quote}”"
    if entries:
        editor.enter(entries, "导入", keep_invalid=True, record=False)


def _title(lines: list[Line]) -> tuple[str, int | None]:
    """From the title (which a page may break over two lines), else from an opening sentence
    such as 「特向社会公开2019年度金山镇政府信息公开年度报告」."""
    head = [line.text.replace(" ", "") for line in lines[:12] if not line.cells]
    pairs = [a + b for a, b in zip(head, head[1:])]
    for text in head + pairs:  # a line on its own first: 「首页>>…」 above the title is no part of it
        m = TITLE.search(text) if len(text) <= 80 else None
        if m and m.group("organ"):
            return _organ_year(m.group("organ"), m.group("year"))
    for text in head:
        m = INLINE_TITLE.search(text)
        if m:
            return _organ_year(m.group("organ"), m.group("year"))
    return "", None


def _organ_year(organ: str, year: str) -> tuple[str, int | None]:
    value = number_value(year)
    return re.sub(r"^关于", "", organ).strip("《》“” "), int(value) if isinstance(value, int) else None


def _majority(found: dict[str, list[tuple[int, FormatDef]]], fmts: list[FormatDef]) -> FormatDef:
    votes: dict[str, int] = {}
    for candidates in found.values():
        best = max(candidates, key=lambda c: c[0])[1]
        votes[best.format_id] = votes.get(best.format_id, 0) + 1
    if votes:
        top = max(votes, key=lambda fid: votes[fid])
        return next(f for f in fmts if f.format_id == top)
    return fmts[-1]


# ------------------------------------------------------------------ sections


def _section_of_heading(text: str) -> str | None:
    m = SECTION_HEAD.match(text.replace(" ", ""))
    if not m or len(text) > 40 or "。" in text[:-1]:
        return None
    words = m.group(2)
    for code, cues in SECTION_WORDS:
        if any(c in words for c in cues):
            return code
    return None


def _split_glued_heading(line: Line, headings: list[str]) -> list[Line]:
    """「四、政府信息公开行政复议、行政诉讼情况行政复议 行政诉讼…」: a PDF's text layer may run a
    heading into the table header below it; the statutory heading is cut off as a line of its own."""
    text = line.text
    if line.cells or len(text) <= 40 or not SECTION_HEAD.match(text):
        return [line]
    for heading in headings:
        if text.startswith(heading) and len(text) > len(heading):
            return [Line(heading, line.where), Line(text[len(heading) :].strip(), line.where)]
    return [line]


def _split_sections(lines: list[Line], fmts: list[FormatDef]) -> dict[str, list[Line]]:
    """Lines by the section whose heading they follow; "title" before the first. Table row labels
    (「一、本年新收政府信息公开申请数量」) are not headings."""
    row_keys = {
        key(r.label) for f in fmts for t in f.tables.values() for b in t.blocks for r in b.all_rows() if r.label
    }
    sections: dict[str, list[Line]] = {"title": []}
    current = "title"
    headings = sorted({s.heading for f in fmts for s in f.sections}, key=len, reverse=True)
    lines = [piece for line in lines for piece in _split_glued_heading(line, headings)]
    for line in lines:
        code = None if line.cells or key(line.text) in row_keys else _section_of_heading(line.text)
        if code is not None:
            current = code
            sections.setdefault(code, []).append(line)  # the heading line itself first
            continue
        sections.setdefault(current, []).append(line)
    return sections


# ------------------------------------------------------------------ tables


@dataclass
class Run:
    labels: list[str]
    values: list[tuple[object, str, str]]  # (value, how, where)


BLANK = "\ue001"  # an empty cell of a real table: a value left blank, holding its place in the row


def _tokens(lines: list[Line]) -> list[tuple[str, str]]:
    out = []
    for line in lines[1:]:  # not the section heading
        if line.table:
            out += [(c.strip() or BLANK, line.where) for c in line.cells]
        elif line.cells:
            out += [(c.strip(), line.where) for c in line.cells if c.strip()]
        else:
            out += [(c, line.where) for c in line.text.split(" ") if c.strip()]
    return out


def _runs(lines: list[Line]) -> list[Run]:
    runs: list[Run] = []
    labels: list[str] = []
    values: list[tuple[object, str, str]] = []
    for token, where in _tokens(lines):
        number = (None, "blank") if token == BLANK else cell_number(token)
        if number is None:
            if values:
                runs.append(Run(labels, values))
                labels, values = [], []
            labels.append(token)
        else:
            values.append((number[0], number[1], where))
    if values:
        runs.append(Run(labels, values))
    # a header row's empty corners are no values; nor are the blanks a row ends with
    for run in runs:
        while run.values and run.values[-1][1] == "blank":
            run.values.pop()
    return [r for r in runs if any(v[1] != "blank" for v in r.values)]


def _printed_rows(table: Table) -> list[tuple[RowNode, list[Cell]]]:
    """Each row that holds values, with its value cells (inputs and totals) left to right."""
    out = []
    for block in table.blocks:
        columns = block.leaf_columns
        for row in block.leaf_rows:
            cells = [c for col in columns for c in table.cells if c.row is row and c.column is col]
            if cells:
                out.append((row, cells))
    return out


def _row_words(row: RowNode) -> list[str]:
    words = [key(row.label)]
    if row.parent is not None and row.parent.label:
        words.append(key(row.parent.label) + key(row.label))
    return [w for w in words if w]


def _match_row(labels: list[str], rows: list[tuple[RowNode, list[Cell]]], taken: set[str]) -> RowNode | None:
    text = key("".join(labels))
    best: tuple[int, RowNode] | None = None
    for row, _ in rows:
        if row.code in taken:
            continue
        for word in _row_words(row):
            w = re.sub(r"^[0-9]+", "", word)
            hit = len(w) if w and (text.endswith(w) or w in text) else 0
            if not hit and len(w) >= 4 and labels and key(labels[-1]) and w.startswith(key(labels[-1])[:5]):
                hit = min(len(key(labels[-1])), 5)  # a label cut short: 「行政事业性」, 「其他对外管」
            if hit >= 2 and (best is None or hit > best[0]):
                best = (hit, row)
    return best[1] if best else None


def _score(table: Table, lines: list[Line]) -> int:
    """How well these lines fit the table's layout: rows found by label or, for a table of equal rows,
    the number of full rows (0: not this layout)."""
    rows = _printed_rows(table)
    runs = _runs(lines)
    widths = {len(cells) for _, cells in rows}
    full = [r for r in runs if len(r.values) in widths]
    if len(widths) == 1 and len(full) == len(rows):
        return 100 + len(rows)
    taken: set[str] = set()
    score = 0
    for run in runs:
        row = _match_row(run.labels, rows, taken)
        if row is not None:
            width = len(next(cells for r, cells in rows if r is row))
            if len(run.values) >= width:
                taken.add(row.code)
                score += 1
    header = key(" ".join(line.text for line in lines))
    columns = [key(c.label) for b in table.blocks for c in b.leaf_columns if c.label]
    score += sum(1 for c in columns if c and c in header)
    return score if taken else 0


def _read_table(editor: Editor, result: Recognised, table: Table, lines: list[Line]) -> None:
    rows = _printed_rows(table)
    runs = _runs(lines)
    widths = {len(cells) for _, cells in rows}
    assigned: list[tuple[RowNode, list[Cell], Run]] = []
    full = [r for r in runs if len(r.values) in widths]
    if len(widths) == 1 and len(full) == len(rows):
        # a table of equal rows, each found whole: the format's order decides, labels are checked
        for (row, cells), run in zip(rows, full):
            assigned.append((row, cells, run))
            if row.label and run.labels and _match_row(run.labels, [(row, cells)], set()) is None:
                result.inferred.update(c.code for c in cells)
                result.notes.append(
                    Note(
                        run.values[0][2],
                        f"{table.name}“{row.label}”一行的标签没有认出（原文“{''.join(run.labels)[:30]}”），按它在表中的顺序读入。",
                    )
                )
    else:
        taken: set[str] = set()
        for run in runs:
            row = _match_row(run.labels, rows, taken)
            if row is None:
                if len(run.values) >= min(widths):
                    _unread(result, run, f"{table.name}中有一行数字（{len(run.values)}个）不知属于哪一行")
                continue
            cells = next(c for r, c in rows if r is row)
            if len(run.values) < len(cells):
                _unread(result, run, f"{table.name}“{row.label}”一行只读出{len(run.values)}个数字，应有{len(cells)}个")
                continue
            taken.add(row.code)
            assigned.append((row, cells, run))
        for row, _cells in rows:
            if row.code not in taken:
                result.notes.append(
                    Note(table.name, f"{table.name}“{row.label}”一行没有找到，需要手工填写。", "unread")
                )
    entries: list[tuple[str, str, object]] = []
    stated: list[tuple[str, object]] = []
    for row, cells, run in assigned:
        extra = run.values[len(cells) :]
        if extra:
            result.notes.append(
                Note(extra[0][2], f"{table.name}“{row.label}”一行后面多出{len(extra)}个数字，没有读入。", "unread")
            )
        for cell, (value, how, where) in zip(cells, run.values):
            if how == "blank":
                result.sources[cell.code] = where
                result.notes.append(Note(where, f"{table.name}“{row.label}”的“{cell.column.label}”是空白。"))
                continue
            if cell.is_computed:
                stated.append((cell.code, value))
            else:
                entries.append((VALUE, cell.code, value))
            result.sources[cell.code] = where
            if how == "placeholder":
                result.inferred.add(cell.code)
                result.notes.append(
                    Note(where, f"{table.name}“{row.label}”的“{cell.column.label}”写的是占位符号，按0读入。")
                )
    done = editor.enter(entries, "导入", keep_invalid=True, record=False)
    for code, value in stated:  # a published total, kept as published: R2/R3 compare it with its parts
        editor.report.set_stated(code, value)
    for refusal in done.refused:
        result.notes.append(
            Note(result.sources.get(refusal.code, table.name), f"{refusal.code}：{refusal.reason}", "unread")
        )


def _unread(result: Recognised, run: Run, what: str) -> None:
    result.notes.append(Note(run.values[0][2], f"{what}，没有读入。", "unread"))


def _published_totals(result: Recognised) -> None:
    report = result.report
    for code, stated in report.stated.items():
        derived = report.derived().get(code)
        if stated_disagrees(stated, derived):
            from model.places import cell_place

            result.notes.append(
                Note(
                    result.sources.get(code, ""),
                    f"{cell_place(report.fmt.cells[code])}公布的是{stated}，而各项之和是{derived}：公布的合计与各项不符。",
                    "total",
                )
            )


# ------------------------------------------------------------------ prose


def _part_for(heading: str, parts: tuple[Part, ...], ordinal: int | None) -> tuple[Part | None, bool]:
    """(part, loosely): by the heading's words, else by its number in the section."""
    scored = [(likeness(heading, p.heading or ""), p) for p in parts if p.heading]
    if scored:
        best_score, best = max(scored, key=lambda s: s[0])
        if best_score >= 0.3:
            return best, best_score < 0.6
    headed = [p for p in parts if p.heading]
    if scored and max(s for s, _ in scored) >= 0.12 and ordinal is not None and 1 <= ordinal <= len(headed):
        return headed[ordinal - 1], True  # 「（四）政务公开平台建设情况」: by its number, words close enough
    return None, False


def _ordinal(text: str) -> int | None:
    value = number_value(text)
    return value if isinstance(value, int) else None


def _read_prose(editor: Editor, result: Recognised, fmt: FormatDef, sections: dict[str, list[Line]]) -> None:
    texts: dict[str, list[str]] = {}
    for section in fmt.sections:
        lines = sections.get(section.code, [])
        if not lines:
            if section.parts:
                result.notes.append(Note(section.heading, f"没有找到“{section.heading}”这一部分。", "missing"))
            continue
        heading = lines[0].text
        if likeness(heading, section.heading) < 0.6:
            result.notes.append(
                Note(lines[0].where, f"标题“{heading}”与规定的“{section.heading}”不同，按“{section.heading}”读入。")
            )
        body = [ln for ln in lines[1:] if not ln.cells]
        if section.table is not None:
            prose = [ln for ln in body if not _looks_tabular(ln)]
            target = {"s2": "s1.active", "s3": "s1.on_request", "s4": "s1.on_request"}.get(section.code)
            if prose and target in fmt.parts and not result.tables_found.get(section.table.code):
                texts.setdefault(target, []).extend(ln.text for ln in prose)
                words = fmt.parts[target].heading or target
                result.notes.append(Note(prose[0].where, f"“{heading}”下的文字放在了一、总体情况的“{words}”中。"))
            continue
        if not section.parts:
            continue
        current = section.parts[0]
        for line in body:
            m = PART_HEAD.match(line.text)
            if m and len(line.text) <= 40 and len(section.parts) > 1:
                part, loose = _part_for(m.group(2), section.parts, _ordinal(m.group(1)))
                if part is not None:
                    current = part
                    result.sources.setdefault(part.code, line.where)
                    if loose:
                        result.notes.append(Note(line.where, f"小标题“{line.text}”按“{part.heading}”读入。"))
                    continue
                into = current.heading or section.heading
                result.notes.append(
                    Note(line.where, f"小标题“{line.text}”不是规定的各部分之一，连同下面的文字放在了“{into}”中。")
                )
            texts.setdefault(current.code, []).append(line.text)
    for code, lines in texts.items():
        editor.enter([(TEXT, code, "\n".join(lines))], "导入", record=False)
    for part in fmt.narrative_parts():
        if (
            not texts.get(part.code)
            and not part.optional
            and any(sections.get(s.code) for s in fmt.sections if part in s.parts)
        ):
            result.notes.append(
                Note(part.heading or part.code, f"“{part.heading or part.code}”没有找到文字。", "missing")
            )


def _looks_tabular(line: Line) -> bool:
    tokens = line.text.split(" ")
    return len(line.text) < 30 or sum(1 for t in tokens if cell_number(t)) >= 2
