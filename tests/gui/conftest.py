"""GUI tests never block on a modal dialog: an unexpected one fails the test at once."""

import pytest

from gui import dialogs


def _unexpected(name):
    def fail(*args, **kwargs):
        raise AssertionError(f"unexpected dialog {name}: {args[1:]!r}")

    return fail


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch):
    for name in (
        "ask_yes_no",
        "show_error",
        "show_info",
        "open_path",
        "open_draft_path",
        "open_published_path",
        "save_path",
        "ask_new_report",
        "run_dialog",
        "ask_changed_on_disk",
    ):
        monkeypatch.setattr(dialogs, name, _unexpected(name))
    # qtbot closes every window at teardown; unsaved test edits are simply discarded.
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda *a: dialogs.DISCARD)


@pytest.fixture(autouse=True)
def no_leaked_windows(qapp):
    """Every window a test opens is closed by the end of it (qtbot.addWidget does that): a test
    leaves no visible top-level widget behind for the next one."""
    from PySide6.QtCore import QCoreApplication, QEvent

    before = {id(w) for w in qapp.topLevelWidgets() if w.isVisible()}
    yield
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    left = [w for w in qapp.topLevelWidgets() if w.isVisible() and id(w) not in before]
    for w in left:
        w.hide()
    assert not left, f"windows left open: {[type(w).__name__ + ' ' + w.windowTitle() for w in left]}"


@pytest.fixture
def open_window(qtbot, monkeypatch):
    """open_window(sample): the real window on a sample draft, shown; discarded unsaved at the end."""
    from gui.main_window import MainWindow
    from model.draft_store import load_draft
    from tests.conftest import ROOT

    monkeypatch.setattr(dialogs, "show_info", lambda parent, text: None)
    opened = []

    def make(sample: str = "jinling-2022.json"):
        window = MainWindow(load_draft(ROOT / "samples" / sample), None)
        qtbot.addWidget(window)
        window.show()
        opened.append(window)
        return window

    yield make
    for window in opened:
        window.modified = False
        window.close()
