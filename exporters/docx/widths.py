"""A statutory table's print plan inside the type area: font size, column widths, how labels wrap
(pure arithmetic from exporters.docx.metrics, no python-docx).

Each grid column wants a width, from the cells that start in it and span only it:
- a number its widest printed value on one line (digits measured, not guessed);
- a column header at most three lines, no character alone on the last one (「自然/人」);
- a label over several rows (「（三）不予公开」) its widest word: it wraps between words only,
  after punctuation or where the definition's words say (「三、」「本年度」「办理结果」);
- a label on one row its whole text on one line.
When the wishes fit, the narrowest columns are widened first, so that similar columns come out
equal (表二, 表四). When they do not (表三), the widest are cut first: the long sub-row labels wrap.
A label or header that would wrap with its last character alone (「禁止公/开」, 「结果维/持」) is
given even lines instead, each ended by a line break. If even the numbers and the narrowest
labels do not fit at 五号, the table prints at 小五, then 六号: a 7-digit figure never wraps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

from exporters.docx.metrics import LINE_HEIGHT_EM, balanced, pack, text_em, widows, wrap
from model.layout import LABEL, VALUE, Grid, GridCell

SIZES = (10.5, 9.0, 7.5)  # 五号, 小五, 六号
MIN_EM = 2.0  # 「总计」「其他」 on one line
MIN_LABEL_EM = 6.0  # a one-row label column is never cut below this
NUMBER_ROOM_EM = 0.3  # beside a number's measured width, for the renderer's rounding
HEADER_LINES = 3  # a column header may wrap to this many lines
ROUNDING_EM = 0.05  # how far past a cell's inner width a renderer may still fit a character
BREAK_AFTER = "、）」》，：；"  # a label over several rows may wrap after these


@dataclass(frozen=True)
class TablePlan:
    size: float  # points
    widths: list[int]  # twips per grid column, summing to the type area
    lines: dict[tuple[int, int], list[str]]  # (row, col) of a label over several rows → its lines
    row_heights: list[float]  # points, estimated (for keeping a table on one page)

    @property
    def height(self) -> float:
        return sum(self.row_heights)


def label_words(cell: GridCell) -> list[str]:
    """Where a label may wrap: the definition's words, or after each punctuation mark."""
    if cell.words:
        return list(cell.words)
    words, word = [], ""
    for ch in cell.text:
        word += ch
        if ch in BREAK_AFTER:
            words.append(word)
            word = ""
    return words + [word] if word else words


def is_tall_label(cell: GridCell) -> bool:
    return cell.role == LABEL and cell.rowspan > 1 and cell.colspan == 1


def header_em(text: str) -> float:
    """The narrowest whole-character width giving at most three lines and no character alone."""
    width = text_em(text)
    for chars in range(max(int(MIN_EM), math.ceil(width / HEADER_LINES)), math.ceil(width) + 1):
        if len(wrap(text, chars)) <= HEADER_LINES and not widows(text, chars):
            return float(chars)
    return width


def wished_em(grid: Grid, text_of: Callable[[GridCell], str]) -> tuple[list[float], list[float]]:
    """Per column what it wants, and the least it may be given."""
    wish = [MIN_EM] * grid.n_cols
    least = [MIN_EM] * grid.n_cols
    for cell in grid.cells:
        if cell.colspan != 1:
            continue
        text = text_of(cell)
        if is_tall_label(cell):
            want = max(text_em(w) for w in label_words(cell))
            floor = want
        elif cell.role == LABEL:
            want, floor = text_em(text), min(text_em(text), MIN_LABEL_EM)
        elif cell.role == VALUE:
            want = text_em(text) + NUMBER_ROOM_EM if text else MIN_EM
            floor = want
        else:  # a header, a corner, or a caption over one column only
            want = floor = header_em(text)
        wish[cell.col] = max(wish[cell.col], want)
        least[cell.col] = max(least[cell.col], floor)
    return wish, least


def share_out(wish: list[float], capacity: float) -> list[float]:
    """Width per column, summing to capacity (max-min fair in both directions)."""
    n = len(wish)
    if sum(wish) <= capacity:
        # Raise the narrowest to a common level; wider wishes keep theirs.
        ordered = sorted(wish, reverse=True)
        kept = 0.0
        for i, w in enumerate(ordered):
            level = (capacity - kept) / (n - i)
            if level >= w:
                return [max(x, level) for x in wish]
            kept += w
        return list(wish)  # pragma: no cover - the loop always returns when sum <= capacity
    # Cut the widest down to a common level; narrower wishes keep theirs.
    ordered = sorted(wish)
    kept = 0.0
    for i, w in enumerate(ordered):
        level = (capacity - kept) / (n - i)
        if level <= w:
            return [min(x, level) for x in wish]
        kept += w
    return [capacity / n] * n  # pragma: no cover - unreachable: sum > capacity means some w > level


def plan_table(grid: Grid, text_of: Callable[[GridCell], str], *, total: int, margins: int, slack: int) -> TablePlan:
    """The plan for grid in total twips; margins are a cell's left and right margins together, slack
    the room left in each column so that a line of exactly n characters is not wrapped."""
    padding = margins + slack
    wish, least = wished_em(grid, text_of)
    for size in SIZES:
        char = size * 20
        capacity = (total - padding * grid.n_cols) / char
        if sum(least) <= capacity or size == SIZES[-1]:
            break
    em = share_out(wish, capacity)
    widths = [int(w * char) + padding for w in em]
    widths[widths.index(max(widths))] += total - sum(widths)
    content = [(w - padding) / char for w in widths]

    def inside(cell: GridCell) -> float:
        return sum(content[cell.col : cell.col + cell.colspan]) + (cell.colspan - 1) * padding / char

    lines = {}
    for cell in grid.cells:
        text = text_of(cell)
        if is_tall_label(cell):
            lines[(cell.row, cell.col)] = pack(label_words(cell), inside(cell))
        elif cell.role != VALUE and any(
            widows(text, inside(cell) + extra) for extra in (0, slack / char + ROUNDING_EM)
        ):
            # Renderers round: the line may break where the slack is counted or a little beyond
            # (LibreOffice fits three 7.5 pt characters, 450 twips, in 449).
            lines[(cell.row, cell.col)] = balanced(text, inside(cell))
    line_counts = [1] * grid.n_rows
    for cell in grid.cells:
        if cell.rowspan == 1 and text_of(cell):
            line_counts[cell.row] = max(line_counts[cell.row], len(wrap(text_of(cell), inside(cell))))
    heights = [n * size * LINE_HEIGHT_EM + 1 for n in line_counts]
    return TablePlan(size, widths, lines, heights)
