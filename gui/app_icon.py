"""The program's icon on its windows and task-bar button, set once, when first needed."""

from __future__ import annotations

from pathlib import Path

ICON = Path(__file__).resolve().parent / "icons" / "nianbao.svg"

_icon_set = False


def set_window_icon() -> None:
    """Not before the window's first paint (its _when_painted calls this) unless a message box is
    asked before any window: naming QIcon makes PySide build its 150 theme-icon names, about 11 M
    instructions, 2 % of the start (callgrind). The window manager takes an icon set a turn later as
    it takes one set before: Qt passes it to every window that has none of its own."""
    global _icon_set
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if _icon_set or not isinstance(app, QApplication):
        return
    from PySide6.QtGui import QIcon

    app.setWindowIcon(QIcon(str(ICON)))
    _icon_set = True
