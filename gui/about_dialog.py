"""帮助 → 关于: the version, and where the clerk's files are, with buttons that open those folders."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout

from model import APP_NAME, APP_VERSION
from model.paths import data_dir, documents_dir, recovery_dir


def open_folder(folder: Path) -> bool:
    """Show the folder in the file manager (Explorer, the desktop's own on UOS/Kylin)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class AboutDialog(QDialog):
    def __init__(self, parent=None, draft: Path | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"关于{APP_NAME}")
        self.draft_folder = Path(draft).resolve().parent if draft else documents_dir()
        self.recovery_folder = recovery_dir()
        draft_line = (
            f"当前草稿：{Path(draft).resolve()}"
            if draft
            else f"新报告第一次保存时默认放在“文档”文件夹：{self.draft_folder}"
        )
        text = (
            f"<b>{APP_NAME}</b> 版本 {APP_VERSION}<br>"
            "政府信息公开工作年度报告的填报、检查、导出与县级汇总。<br><br>"
            f"报告草稿（.json）保存在您选择的位置。{_html(draft_line)}<br><br>"
            f"自动恢复副本：{_html(str(self.recovery_folder))}<br>"
            f"设置和最近打开的文件：{_html(str(data_dir()))}<br><br>"
            "卸载程序不会删除草稿、恢复副本和设置。"
        )
        label = QLabel(text, self)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_drafts = QPushButton("打开草稿所在文件夹", self)
        self.open_recovery = QPushButton("打开恢复副本所在文件夹", self)
        self.open_drafts.clicked.connect(lambda: open_folder(self.draft_folder))
        self.open_recovery.clicked.connect(lambda: open_folder(self.recovery_folder))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.open_drafts, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.open_recovery, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)


def _html(text: str) -> str:
    from html import escape

    return escape(text)
