"""The start page, as Word and WPS open: 新建报告, 打开, 从上年报告新建, 最近打开 with organ, year and
date, and the example report, marked 示例. Shown when the program starts with nothing to reopen,
and from 文件 → 开始页."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from gui.settings import recent_files
from gui.widgets import heading_label, hint_label
from model.chinese_time import written_time
from model.paths import SAMPLES_DIR

SAMPLE_NAME = "jinling-2022.json"
PATH_ROLE = Qt.ItemDataRole.UserRole


class RecentEntry(NamedTuple):
    path: Path
    text: str
    present: bool


def recent_entries() -> list[RecentEntry]:
    """Each recent draft with its organ, year and when it was last changed; a draft no longer
    there (or no longer readable) is listed as such, not left out."""
    from model.draft_store import DraftError, load_draft

    entries = []
    for path in recent_files():
        try:
            changed = written_time(dt.datetime.fromtimestamp(path.stat().st_mtime))
            meta = load_draft(path).meta
        except (OSError, DraftError):
            entries.append(RecentEntry(path, f"（文件已不在或无法读取）\n{path}", False))
            continue
        year = f"{meta.year}年度报告" if meta.year else "年度报告"
        entries.append(RecentEntry(path, f"{meta.organ or '未命名'}　{year}　修改于{changed}\n{path}", True))
    return entries


class StartPage(QWidget):
    def __init__(self, window, parent=None):
        super().__init__(parent)
        from gui import file_actions as fa

        self.window_ = window
        self.new_button = QPushButton("新建报告…", self)
        self.open_button = QPushButton("打开…", self)
        self.carry_button = QPushButton("从上年报告新建…", self)
        self.sample_button = QPushButton("打开示例报告（示例，不是您的报告）", self)
        self.new_button.clicked.connect(lambda: fa.new_report(window))
        self.open_button.clicked.connect(lambda: fa.open_file(window))
        self.carry_button.clicked.connect(lambda: fa.new_from_last_year_report(window))
        self.sample_button.clicked.connect(lambda: fa.open_file(window, SAMPLES_DIR / SAMPLE_NAME))
        self.recent = QListWidget(self)
        self.recent.setWordWrap(True)
        self.recent.itemActivated.connect(self._open_recent)
        self.empty = QLabel("还没有打开过报告。", self)

        buttons = QVBoxLayout()
        for button in (self.new_button, self.open_button, self.carry_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.sample_button)
        recent = QVBoxLayout()
        recent.addWidget(heading_label("最近打开", self))
        recent.addWidget(hint_label("双击一项打开。", self))
        recent.addWidget(self.recent, 1)
        recent.addWidget(self.empty)
        body = QHBoxLayout()
        body.addLayout(buttons)
        body.addLayout(recent, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label("年报助手：政府信息公开工作年度报告", self))
        layout.addLayout(body, 1)
        self.refresh()

    def refresh(self) -> None:
        self.recent.clear()
        for entry in recent_entries():
            item = QListWidgetItem(entry.text, self.recent)
            item.setData(PATH_ROLE, str(entry.path))
            if not entry.present:
                item.setFlags(Qt.ItemFlag.NoItemFlags)
        self.empty.setVisible(self.recent.count() == 0)
        self.recent.setVisible(self.recent.count() > 0)

    def _open_recent(self, item: QListWidgetItem) -> None:
        from gui import file_actions as fa

        fa.open_file(self.window_, Path(item.data(PATH_ROLE)))
