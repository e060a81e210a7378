"""The .docx column widths rest on measured advances of Noto Serif CJK SC (what 宋体 prints as on
Linux): measured again here with Qt, from the font the set-up installs."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QFontMetricsF

from exporters.docx.metrics import NOTO_SERIF_EM, char_em, text_em, wrap


def test_noto_serif_advances_are_as_measured(qapp):
    assert "Noto Serif CJK SC" in QFontDatabase.families()
    font = QFont("Noto Serif CJK SC")
    font.setPixelSize(1000)
    metrics = QFontMetricsF(font)
    for ch, em in NOTO_SERIF_EM.items():
        assert abs(metrics.horizontalAdvance(ch) / 1000 - em) < 0.002, ch
    assert metrics.horizontalAdvance("国") == 1000


def test_widths_take_the_wider_font_and_wrapping_keeps_closing_marks_off_a_line_start():
    assert char_em("1") == 0.5  # SimSun's ½ em beats Noto's 0.471
    assert char_em("9") == 0.562 and text_em("1234567") > 3.5
    assert wrap("保护第三方合法权益", 9) == ["保护第三方合法权益"]
    assert wrap("保护第三方合法权益，", 9) == ["保护第三方合法权", "益，"]  # 「，」 never starts a line
    assert all(line[0] != "）" for line in wrap("（一）予以公开", 2))
