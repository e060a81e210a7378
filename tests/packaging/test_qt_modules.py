"""The installers keep only the Qt modules in tools/packaging/common.py's QT_MODULES: every Qt
module the program imports must be in that list, or the clerk's copy would fail to start."""

import ast

from tests.conftest import ROOT
from tools.packaging import common


def imported_qt_modules() -> set[str]:
    found = set()
    files = [ROOT / "app.py"] + [p for tree in common.APP_TREES for p in (ROOT / tree).rglob("*.py")]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [f"{node.module}.{a.name}" for a in node.names]
                if isinstance(node, ast.ImportFrom) and node.module
                else []
            )
            for name in names:
                parts = name.split(".")
                if parts[0] == "PySide6" and len(parts) > 1 and parts[1].startswith("Qt"):
                    found.add(parts[1])
    return found


def test_every_qt_module_the_program_imports_is_shipped():
    used = imported_qt_modules()
    assert {"QtCore", "QtGui", "QtWidgets"} <= used
    assert used <= set(common.QT_MODULES), f"add to QT_MODULES: {sorted(used - set(common.QT_MODULES))}"


def test_the_shipped_app_files_include_every_module_and_definition(tmp_path):
    copied = {p.as_posix() for p in common.copy_app(tmp_path)}
    for tree in common.APP_TREES:
        for path in (ROOT / tree).rglob("*"):
            if path.is_file() and path.suffix in (".py", ".json") and "__pycache__" not in path.parts:
                assert path.relative_to(ROOT).as_posix() in copied
    assert "gui/icons/nianbao.svg" in copied and "pyproject.toml" in copied
