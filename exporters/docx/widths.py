"""Column widths of a statutory table inside the type area (pure arithmetic, no python-docx).

Each grid column wants a width in characters, from the cells that start in it
and span only it:
- a row label on one row wants its whole text on one line; a label over
  several rows (「三、本年度办理结果」) may take two lines;
- a column header may wrap to three lines (「社会公益组织」 → 社会/公益/组织);
- a number wants its widest value on one line, with room to spare;
- nothing is narrower than MIN_CHARS.
When the wishes fit, the narrowest columns are widened first, so that similar
columns come out equal (表二, 表四). When they do not fit (表三), the widest
wishes are cut first: the long sub-row labels wrap, numbers stay readable.
"""

from __future__ import annotations

import math
from typing import Callable

from exporters.common import text_width
from model.layout import CORNER, HEADER, LABEL, VALUE, Grid, GridCell

MIN_CHARS = 2.0  # 「总计」「其他」 on one line; 4-digit numbers fit
HEADER_LINES = 3  # a column header may wrap to this many lines
TALL_LABEL_LINES = 2  # a label over several rows may take this many lines


def number_width(text: str) -> float:
    """A printed value's width in characters, digits counted at 0.6: fonts differ (宋体 0.5, Noto 0.55)."""
    return sum(0.6 if ch.isascii() else 1.0 for ch in text)


def wished_chars(grid: Grid, text_of: Callable[[GridCell], str]) -> list[float]:
    wish = [MIN_CHARS] * grid.n_cols
    for cell in grid.cells:
        if cell.colspan != 1:
            continue
        width = text_width(text_of(cell))
        if cell.role == LABEL:
            want = width if cell.rowspan == 1 else math.ceil(width / TALL_LABEL_LINES)
        elif cell.role in (HEADER, CORNER):
            want = math.ceil(width / HEADER_LINES)
        elif cell.role == VALUE:
            want = number_width(text_of(cell))
        else:  # a caption over one column only: treat as a header
            want = math.ceil(width / HEADER_LINES)
        wish[cell.col] = max(wish[cell.col], want)
    return wish


def share_out(wish: list[float], capacity: float) -> list[float]:
    """Characters per column, summing to capacity (max-min fair in both directions)."""
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


def column_widths(grid: Grid, text_of: Callable[[GridCell], str], *, total: int, char: int, padding: int) -> list[int]:
    """Widths in twips summing exactly to total; char is the width of one character, padding a cell's margins."""
    capacity = (total - padding * grid.n_cols) / char
    chars = share_out(wished_chars(grid, text_of), capacity)
    widths = [int(c * char) + padding for c in chars]
    widths[widths.index(max(widths))] += total - sum(widths)
    return widths
