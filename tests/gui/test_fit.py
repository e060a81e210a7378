"""Fit (issue 17, point 7): at 1366×768 with 150 % scaling the 总计 column of 表三 is visible without
scrolling sideways; at 800×500 the navigation keeps its names reachable (tool tips, a splitter).
Each size runs in its own process: QT_SCALE_FACTOR is read when the QApplication starts."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.gui

PROBE = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
from PySide6.QtWidgets import QApplication
app = QApplication([])
from gui.main import setup_application
setup_application(app)
from gui.main_window import MainWindow
from model.draft_store import load_draft
width, height, scale = int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
window = MainWindow(load_draft(sys.argv[1] + "/samples/jinling-2022.json"), None)
window.resize(int(width / scale), int(height / scale))
window.show()
page = window.table_pages["t3"]
window.show_page(page)
app.processEvents()
view = page.view
last = view.model().columnCount() - 1
right = view.columnViewportPosition(last) + view.columnWidth(last)
nav = window.nav
items = [nav.topLevelItem(i) for i in range(nav.topLevelItemCount())]
print(json.dumps({
    "total_right": right, "viewport": view.viewport().width(),
    "scroll_max": view.horizontalScrollBar().maximum(),
    "tooltips": all(item.toolTip(0) == item.text(0) for item in items),
    "splitter_handle": nav.parentWidget().handleWidth() > 0,
    "window": [window.width(), window.height()],
}))
window.modified = False
window.close()
"""


def probe(width: int, height: int, scale: float) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": str(scale)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(ROOT), str(width), str(height), str(scale)],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_table_three_total_visible_at_1366_by_768_and_150_percent():
    seen = probe(1366, 768, 1.5)
    assert seen["total_right"] <= seen["viewport"] and seen["scroll_max"] == 0, seen


def test_small_window_keeps_navigation_names_reachable():
    seen = probe(800, 500, 1.0)
    assert seen["tooltips"] and seen["splitter_handle"], seen
