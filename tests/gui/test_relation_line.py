"""The relation line under 表三 as painted: one line a relation when the window is wide; narrower, it
wraps between columns and inside a title (never before the title's colon), says the same words at
every width, and nothing is painted past the right edge."""

import pytest
from PySide6.QtGui import QFontMetricsF, QImage

from model.editor import VALUE

pytestmark = pytest.mark.gui

BROKEN = "t3.np_repeated.company"


@pytest.fixture
def line(open_window):
    window = open_window()
    window.editor.enter([(VALUE, BROKEN, "2")], "填写表三", place="t3")
    page = window.table_pages["t3"]
    window.show_page(page)
    return page, page.relation_label


def test_wide_one_line_a_relation_each_title_drawn_whole(line):
    page, widget = line
    titles = [r.title for r in page._balances]
    placed, lines = widget._placed(4000)
    assert lines == len(titles) == len(page.relation_text().splitlines())
    texts = [piece.text for _, _, piece in placed]
    for title in titles:
        assert texts.count(title) == 1  # one text to lay out and paint, not one per character
    assert widget.heightForWidth(4000) == lines * widget._line_height()


@pytest.mark.parametrize("chars", [12, 20, 30])  # the widest column, 「商业企业 ✗ 相差2」, fits in 12
def test_narrow_it_wraps_never_past_the_edge_nor_before_a_colon(line, chars):
    page, widget = line
    width = int(QFontMetricsF(widget.font()).horizontalAdvance("国") * chars)
    placed, lines = widget._placed(width)
    assert lines > len(page._balances)
    wide_text = page.relation_text()
    for x, _, piece in placed:
        assert x + widget._static(piece)[1] <= width + 0.5 or x == 0, piece
    # the colon ends a line only together with the title's last character
    for i, (_, row, piece) in enumerate(placed):
        if piece.text == "：":
            _, before_row, before = placed[i - 1]
            assert before_row == row and before.bold
    texts = [piece.text for _, _, piece in placed]
    for rel in page._balances:  # a title longer than the line is split; a shorter one drawn whole
        assert (rel.title in texts) == (len(rel.title) + 1 <= chars)
    assert widget.text() == wide_text  # the same words at every width
    assert widget.heightForWidth(width) == lines * widget._line_height()
    widget.resize(width, widget.heightForWidth(width))
    image = QImage(widget.size(), QImage.Format.Format_ARGB32)
    image.fill(0)
    widget.render(image)
    ink = [image.pixelColor(x, y).alpha() for y in range(0, image.height(), 2) for x in range(0, image.width(), 2)]
    assert sum(1 for a in ink if a) > 50  # it did paint the words


def test_the_state_words_follow_the_edit(line, qtbot):
    page, widget = line
    assert "商业企业 ✗ 相差2" in widget.text()
    page.editor.undo("t3")
    assert "商业企业 ✗" not in widget.text()
