"""A published report as the readers give it: lines of text, table rows keeping their cells."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Line:
    text: str
    where: str  # 第12行, 第2个表格第3行
    cells: list[str] = field(default_factory=list)  # a table row's cells; empty for running text
    table: bool = False  # a real table's row (HTML, Word): an empty cell is a value left blank


class SourceRefused(Exception):
    """The file cannot be read as a report; str() says why in Chinese."""
