"""The model, command-line and exporter tests, run by the bundle's own Windows Python under Wine.

Drafts, atomic saves, the draft lock (Windows process ids through ctypes), Chinese paths and every
file format then run on Windows' Python and its C libraries, not only on Linux. The tests that
need LibreOffice, POSIX signals or file modes are those the suite itself marks or skips.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from importlib import metadata

import pytest

from model import APP_VERSION
from tests.conftest import ROOT
from tests.packaging.conftest import CACHE

pytestmark = pytest.mark.packaging

# The same versions as in this .venv, as Windows wheels.
TEST_TOOLS = ("pytest", "pluggy", "iniconfig", "packaging", "hypothesis", "sortedcontainers", "colorama", "pygments")

# Two Windows functions that Wine 8 lacks and only the test tools call: platform's WMI query
# (pytest's header) and CopyFile2 (shutil.copy2, used by a definition test). Real Windows has both.
SITECUSTOMIZE = """import sys, _winapi
sys.modules["_wmi"] = None
if hasattr(_winapi, "CopyFile2"):
    del _winapi.CopyFile2
"""


def _pins() -> list[str]:
    pins = []
    for name in TEST_TOOLS:
        try:
            pins.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            pins.append(name)  # colorama: Windows only, not in this venv
    return pins


def test_model_cli_and_exporter_tests_pass_on_windows_python(windows_dist, wine, tmp_path):
    runtime_root = wine.drive_c / "suite"
    with zipfile.ZipFile(windows_dist / f"年报助手-{APP_VERSION}-win64.zip") as zf:
        zf.extractall(runtime_root)
    bundle = runtime_root / f"年报助手-{APP_VERSION}"
    site = bundle / "runtime" / "Lib" / "site-packages"
    wheels = CACHE / "wheels-win_amd64-test-tools"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "-q",
            "--disable-pip-version-check",
            "--only-binary=:all:",
            "--platform",
            "win_amd64",
            "--python-version",
            "3.13",
            "--implementation",
            "cp",
            "-d",
            str(wheels),
            *_pins(),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    for wheel in wheels.glob("*.whl"):
        with zipfile.ZipFile(wheel) as zf:
            zf.extractall(site)
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")

    source = bundle / "源代码 副本"  # the tests too run from a Chinese folder with a space
    source.mkdir()
    for name in ("app.py", "pyproject.toml", "model", "gui", "exporters", "templates", "samples", "tests", "tools"):
        src = ROOT / name
        (
            shutil.copytree(src, source / name, ignore=shutil.ignore_patterns("__pycache__"))
            if src.is_dir()
            else shutil.copy(src, source / name)
        )
    # pytest-qt is not installed there: the GUI tests stay on Linux
    pyproject = source / "pyproject.toml"
    pyproject.write_text(_without_pytest_qt_options(pyproject.read_text(encoding="utf-8")), encoding="utf-8")

    run = wine.run(
        wine.win(bundle / "runtime" / "python.exe"),
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "-o",
        "faulthandler_timeout=0",
        "-m",
        "not slow and not render and not gui and not packaging",
        "tests/model",
        "tests/exporters",
        "tests/test_cli.py",
        cwd=source,
        timeout=1800,
        env={"NIANBAO_UNDER_WINE": "1", "NIANBAO_FUZZ_CASES": "60"},
    )
    summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else ""
    assert run.returncode == 0, run.stdout[-6000:]
    assert " passed" in summary and "failed" not in summary, summary


def _without_pytest_qt_options(text: str) -> str:
    """pytest-qt's own options (qt_api, qt_log_*): --strict-config refuses them where pytest-qt is absent."""
    kept = [line for line in text.splitlines() if not re.match(r"qt_(api|log_\w+)\s*=", line)]
    return "\n".join(kept) + "\n"
