"""导出 → 网页版 and 复制网页版到剪贴板 from the window."""

from __future__ import annotations

import lxml.html
import pytest
from PySide6.QtWidgets import QApplication

from gui import dialogs, file_actions
from model.editor import VALUE


@pytest.fixture
def window(open_window):
    yield open_window("jinling-2022.json")
    # mime data left on the clipboard at interpreter exit crashes PySide's teardown (offscreen)
    QApplication.clipboard().clear()


def test_the_web_page_is_exported_from_the_menu(window, tmp_path, monkeypatch):
    monkeypatch.setattr(dialogs, "save_path", lambda *a, **k: tmp_path / "网页版")
    assert file_actions.export(window, "html") is True
    page = lxml.html.fromstring((tmp_path / "网页版.html").read_bytes())
    assert len(page.xpath("//table")) == 3 and page.xpath("//h2")[0].text_content() == "一、总体情况"


def test_copying_puts_html_with_merged_cells_and_plain_text_on_the_clipboard(window):
    assert file_actions.copy_web_page(window) is True
    data = QApplication.clipboard().mimeData()
    assert data.hasHtml() and data.hasText()
    page = lxml.html.fromstring(data.html().encode("utf-8"))
    assert page.xpath("//td[@rowspan]") and page.xpath("//td[@colspan]")
    text = data.text()
    assert text.startswith(window.report.title) and "\n一、本年新收政府信息公开申请数量\t" in text
    assert "草稿" not in text


def test_a_report_with_errors_is_copied_only_as_a_draft_after_asking(window, monkeypatch):
    window.editor.enter([(VALUE, "t3.new.natural", "3")], "填写")
    asked = []
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda parent, text, **kw: asked.append(kw) or False)
    QApplication.clipboard().clear()
    assert file_actions.copy_web_page(window) is False and asked == [{"yes": "复制草稿", "no": "取消"}]
    left = QApplication.clipboard().mimeData()
    assert left is None or not left.hasHtml()
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda parent, text, **kw: True)
    assert file_actions.copy_web_page(window) is True
    assert "草稿——数据未通过校验" in QApplication.clipboard().mimeData().html()
