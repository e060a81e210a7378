"""The data folder is found without importing platformdirs, and is the folder platformdirs would give."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs
import pytest

from model import draft_lock, paths


def _platformdirs_answer() -> Path:
    return Path(platformdirs.user_data_dir(paths.FOLDER_NAME, appauthor=False, roaming=False))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux rules are compared on Linux")
@pytest.mark.parametrize(
    ("xdg", "home"),
    [
        ("/srv/xdg-data", "/home/clerk"),  # XDG_DATA_HOME wins
        (None, "/home/clerk"),  # ~/.local/share
        ("", "/home/clerk/"),  # empty XDG: the home, trailing slash and all
        (None, "/"),  # a home of /
        ("relative/data", "/home/clerk"),  # a relative XDG_DATA_HOME is ignored by the spec
        (None, "relative-home"),  # a relative HOME: the password database decides
    ],
)
def test_linux_data_folder_is_the_one_platformdirs_gives(monkeypatch, xdg, home):
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    if xdg is not None:
        monkeypatch.setenv("XDG_DATA_HOME", xdg)
    monkeypatch.setenv("HOME", home)
    assert paths.user_data_dir() == _platformdirs_answer()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the usual Linux desktop")
def test_the_usual_data_folder_is_found_without_importing_platformdirs():
    import subprocess

    env = {k: v for k, v in os.environ.items() if k != paths.DATA_DIR_ENV}
    env.update(HOME="/home/clerk", XDG_DATA_HOME="")
    code = "import sys, model.paths as p; print(p.user_data_dir()); print('platformdirs' in sys.modules)"
    root = Path(paths.__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["/home/clerk/.local/share/nianbao", "False"]


def test_windows_data_folder_is_local_appdata(monkeypatch):
    monkeypatch.setattr(paths.sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", r"C:\Users\clerk\AppData\Local")
    assert paths.user_data_dir() == Path(os.path.normpath(r"C:\Users\clerk\AppData\Local")) / "nianbao"


@pytest.mark.parametrize("local", [None, "", "%LOCALAPPDATA%", r"\\server\share"])
def test_without_a_usable_local_appdata_platformdirs_decides(monkeypatch, local):
    monkeypatch.setattr(paths.sys, "platform", "win32")
    monkeypatch.delenv("LOCALAPPDATA", raising=False)
    if local is not None:
        monkeypatch.setenv("LOCALAPPDATA", local)
    asked = []

    def answer(appname, appauthor=None, roaming=False, **kwargs):
        asked.append((appname, appauthor, roaming))
        return r"D:\Profiles\clerk\Local\nianbao"

    monkeypatch.setattr(platformdirs, "user_data_dir", answer)
    assert paths.user_data_dir() == Path(r"D:\Profiles\clerk\Local\nianbao")
    assert asked == [("nianbao", False, False)]


def test_data_dir_override_is_created_and_used(monkeypatch, tmp_path):
    target = tmp_path / "portable" / "data"
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(target))
    assert paths.data_dir() == target
    assert target.is_dir()


@pytest.mark.skipif(sys.platform == "win32", reason="the password database is POSIX")
def test_lock_names_the_user_from_the_password_database_without_the_environment(monkeypatch):
    import pwd

    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.delenv(name, raising=False)
    assert draft_lock._user() == pwd.getpwuid(os.getuid()).pw_name


def test_lock_still_has_a_user_when_none_can_be_found(monkeypatch):
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setitem(sys.modules, "pwd", None)  # as on Windows: no password database
    assert draft_lock._user() == "?"
