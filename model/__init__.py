"""年报助手's core: the format definitions, the report, its checks and drafts. No Qt here."""

from __future__ import annotations

import re
from pathlib import Path

APP_NAME = "年报助手"


def _version() -> str:
    # pyproject.toml is the one place of the version: 关于, the drafts, the exports and both
    # installers read it (the installers ship the file beside app.py). A regex, not tomllib:
    # this runs at every start and needs one line.
    text = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    match = re.search(r'^version\s*=\s*"([^"]+)"', text, re.MULTILINE)
    if match is None:
        raise RuntimeError("pyproject.toml has no version")
    return match[1]


APP_VERSION = _version()
