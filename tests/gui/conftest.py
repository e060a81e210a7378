"""GUI tests never block on a modal dialog: an unexpected one fails the test at once."""
import pytest

from gui import dialogs


def _unexpected(name):
    def fail(*args, **kwargs):
        raise AssertionError(f"unexpected dialog {name}: {args[1:]!r}")
    return fail


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch):
    for name in ("ask_yes_no", "show_error", "show_info", "open_path", "open_draft_path", "save_path",
                 "ask_new_report", "run_dialog", "ask_changed_on_disk"):
        monkeypatch.setattr(dialogs, name, _unexpected(name))
    # qtbot closes every window at teardown; unsaved test edits are simply discarded.
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda *a: dialogs.DISCARD)
