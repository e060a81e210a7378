"""Start and files like Word and WPS (issue 17, point 1): the start page with 新建, 打开, 从上年报告新建
and 最近打开 (organ, year, date); the example marked 示例 and never saved over; the last report
reopened at the next start; the first save proposed in the 文档 folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from gui import dialogs
from gui.main import last_report
from gui.main_window import MainWindow
from gui.settings import add_recent
from gui.start_page import StartPage
from model.draft_store import load_draft, save_draft
from model.paths import SAMPLES_DIR, documents_dir
from tests.conftest import SAMPLE_2019, SAMPLE_2021

pytestmark = pytest.mark.gui


@pytest.fixture
def start_window(qtbot):
    from gui.main import blank_report

    window = MainWindow(blank_report(), None)
    qtbot.addWidget(window)
    window.show_start()
    window.show()
    yield window
    window.modified = False
    window.close()


def own_draft(tmp_path: Path, sample: Path, name: str) -> Path:
    path = tmp_path / name
    save_draft(load_draft(sample), path)
    return path


def test_start_page_lists_recent_reports_with_organ_year_and_date(start_window, tmp_path):
    first = own_draft(tmp_path, SAMPLE_2021, "金岭镇2022.json")
    second = own_draft(tmp_path, SAMPLE_2019, "山前店镇2020.json")
    gone = tmp_path / "已删除.json"
    for path in (gone, first, second):
        add_recent(path)
    gone.unlink(missing_ok=True)
    start_window.show_start()
    page = start_window.start_page
    assert isinstance(page, StartPage) and start_window.showing_start()
    texts = [page.recent.item(i).text() for i in range(page.recent.count())]
    assert texts[0].startswith(f"{load_draft(SAMPLE_2019).meta.organ}　2020年度报告　修改于")
    assert "招远市金岭镇人民政府　2022年度报告　修改于" in texts[1] and str(first) in texts[1]
    assert "年" in texts[1].split("修改于")[1] and "T" not in texts[1].split("修改于")[1].split("\n")[0]
    assert texts[2].startswith("（文件已不在或无法读取）")
    assert not page.recent.item(2).flags() & Qt.ItemFlag.ItemIsEnabled
    page._open_recent(page.recent.item(1))
    assert not start_window.showing_start() and start_window.path == first
    assert start_window.windowTitle().startswith("招远市金岭镇人民政府")


def test_new_report_from_the_start_page(start_window, monkeypatch):
    monkeypatch.setattr(dialogs, "ask_new_report", lambda *a, **k: ("某某镇人民政府", 2026, False))
    start_window.start_page.new_button.click()
    assert not start_window.showing_start()
    assert start_window.report.meta.organ == "某某镇人民政府" and start_window.report.meta.year == 2026


def test_the_example_is_marked_and_never_saved_over(start_window, monkeypatch, tmp_path):
    start_window.start_page.sample_button.click()
    assert start_window.is_sample and start_window.sample_banner.isVisible()
    assert start_window.windowTitle().startswith("示例：")
    before = (SAMPLES_DIR / "jinling-2022.json").read_bytes()
    asked = []

    def save_path(parent, title, suggested, *rest):
        asked.append(Path(suggested))
        return tmp_path / "我的报告.json"

    monkeypatch.setattr(dialogs, "save_path", save_path)
    start_window.info_page.edits["contact_person"].setText("张三")
    start_window.info_page._text("contact_person", "张三")
    from gui import file_actions

    assert file_actions.save(start_window)  # 保存 on the example asks where, in 文档
    assert asked and asked[0].parent == documents_dir()
    assert (SAMPLES_DIR / "jinling-2022.json").read_bytes() == before
    assert load_draft(tmp_path / "我的报告.json").meta.contact_person == "张三"
    assert not start_window.is_sample and not start_window.sample_banner.isVisible()


def test_the_last_report_is_reopened_but_never_the_example(tmp_path):
    assert last_report() is None
    add_recent(SAMPLES_DIR / "jinling-2022.json")
    assert last_report() is None  # the example is not the clerk's own
    mine = own_draft(tmp_path, SAMPLE_2021, "我的.json")
    add_recent(mine)
    assert last_report() == mine.resolve()
    shutil.move(mine, tmp_path / "别处.json")
    assert last_report() is None  # gone: the start page instead


def started(data_dir: Path) -> str:
    import os
    import subprocess
    import sys

    from gui.main import EXIT_WHEN_SHOWN_ENV
    from tests.conftest import ROOT

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", EXIT_WHEN_SHOWN_ENV: "1", "NIANBAO_DATA_DIR": str(data_dir)}
    done = subprocess.run([sys.executable, str(ROOT / "app.py")], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_program_starts_on_the_start_page_then_on_the_last_report(tmp_path, monkeypatch):
    data = tmp_path / "data"
    assert "窗口已显示（年报助手，" in started(data)  # nothing to reopen: the start page
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(data))
    add_recent(own_draft(tmp_path, SAMPLE_2021, "我的.json"))
    assert "窗口已显示（招远市金岭镇人民政府 2022年年度报告 — 年报助手，" in started(data)
