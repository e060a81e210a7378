"""The Windows bundle and installer, tried under Wine: the same results as on Linux, the window
starts, the installer installs per user and its uninstaller keeps the clerk's files."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from model import APP_VERSION
from tests.conftest import ROOT, SAMPLE_2019, SAMPLE_2021
from tools.packaging import common, pe_imports

pytestmark = pytest.mark.packaging

SETUP = f"年报助手-{APP_VERSION}-win64-setup.exe"
PORTABLE = f"年报助手-{APP_VERSION}-win64.zip"


@pytest.fixture(scope="session")
def portable(windows_dist, wine) -> Path:
    """The portable zip unpacked where clerks' files often are: a Chinese folder name with a space."""
    target = wine.drive_c / "users" / "公用 文件"
    with zipfile.ZipFile(windows_dist / PORTABLE) as zf:
        zf.extractall(target)
    return target / f"年报助手-{APP_VERSION}"


def varied_report(fmt_sample: Path):
    """A sample with figures everywhere (unbalanced on purpose: findings with numbers in them),
    money with decimals and prose with full-width punctuation: more to compare than zeros."""
    from decimal import Decimal

    from model.definition import MONEY, SIGNED
    from model.draft_store import load_draft

    report = load_draft(fmt_sample)
    for i, cell in enumerate(report.fmt.input_cells):
        if cell.kind == MONEY:
            report.set_value(cell.code, Decimal(i) / 4)
        elif cell.kind == SIGNED:
            report.set_value(cell.code, (i % 5) - 2)
        else:
            report.set_value(cell.code, (i * 7) % 13)
    first = report.fmt.narrative_parts()[0].code
    report.set_text(first, report.text(first) + "（另：全年办理１２件，“依申请公开”工作平稳。）")
    return report


def linux(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "app.py"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )


def data_sheet(path: Path) -> list[tuple]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return list(book["数据"].iter_rows(values_only=True))
    finally:
        book.close()


def comparable_draft(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("saved_at", None)
    return data


def test_bundle_keeps_only_what_the_program_loads(windows_dist):
    with zipfile.ZipFile(windows_dist / PORTABLE) as zf:
        names = zf.namelist()
    top = f"年报助手-{APP_VERSION}/"
    assert all(n.startswith(top) for n in names)
    rel = [n[len(top) :] for n in names]
    prefix = "runtime/Lib/site-packages/PySide6/"
    pyside = [n.removeprefix(prefix) for n in rel if n.startswith(prefix)]
    bindings = sorted(n.split(".")[0] for n in pyside if "/" not in n and n.endswith(".pyd"))
    assert bindings == sorted(common.QT_MODULES)
    assert not [n for n in rel if n.endswith((".pyi", ".lib", ".h", ".pyc")) or "/qml/" in n]
    assert "runtime/Lib/site-packages/PySide6/translations/qtbase_zh_CN.qm" in rel
    assert {
        "runtime/pythonw.exe",
        "runtime/python.exe",
        "app/app.py",
        "app/pyproject.toml",
        "年报助手.exe",
        "nianbao.cmd",
        "nianbao.ico",
        "app/templates/formats/2021.json",
    } <= set(rel)
    assert not [n for n in rel if n.startswith(("app/tests", "app/bench", "app/tools"))]


def test_every_bundled_dll_resolves_in_the_bundle_or_windows(windows_dist, tmp_path):
    with zipfile.ZipFile(windows_dist / PORTABLE) as zf:
        zf.extractall(tmp_path)
    bundle = tmp_path / f"年报助手-{APP_VERSION}"
    runtime, site = bundle / "runtime", bundle / "runtime" / "Lib" / "site-packages"
    roots = [p for p in bundle.rglob("*") if pe_imports.is_pe(p)]
    found = pe_imports.closure(roots, [runtime, site / "PySide6", site / "shiboken6"])
    assert found.missing == []
    # and the check can fail: a module importing a DLL neither bundled nor Windows' own
    assert pe_imports.is_windows_dll("KERNEL32.dll") and not pe_imports.is_windows_dll("icuuc.dll")
    assert not pe_imports.is_windows_dll("MSVCP140.dll")  # the C++ runtime is not Windows': it is bundled
    assert (site / "PySide6" / "msvcp140.dll").exists()


def test_pth_file_lists_site_packages_and_the_program(portable):
    pth = (portable / "runtime" / "python313._pth").read_text(encoding="ascii").splitlines()
    assert pth == ["python313.zip", ".", "Lib\\site-packages", "..\\app", "import site"]


@pytest.mark.parametrize("sample", [SAMPLE_2021, SAMPLE_2019], ids=["2021", "2019"])
def test_command_line_under_wine_gives_the_linux_results(portable, wine, tmp_path, sample):
    from model.draft_store import save_draft

    work = portable / "试算 文件夹" / sample.stem
    work.mkdir(parents=True)
    here = tmp_path / "linux"
    here.mkdir()
    draft = "草稿 原件.json"
    for folder in (work, here):
        save_draft(varied_report(sample), folder / draft)
        shutil.copy(sample, folder / "示例.json")

    def both(*args):
        win = wine.run(
            wine.win(portable / "runtime" / "python.exe"), wine.win(portable / "app" / "app.py"), *args, cwd=work
        )
        lin = linux(*args, cwd=here)
        return win, lin

    for name in ("示例.json", draft):
        win, lin = both("check", name)
        assert (win.returncode, win.stdout.splitlines()) == (lin.returncode, lin.stdout.splitlines())
    win, lin = both("check", draft, "--json")
    assert json.loads(win.stdout) == json.loads(lin.stdout)
    assert len(json.loads(lin.stdout)) > 3  # the varied report has findings to compare

    for name, flags in (("示例.json", []), (draft, ["--draft"])):
        win, lin = both("export", name, "--docx", "出 件.docx", "--xlsx", "出 件.xlsx", *flags)
        assert (win.returncode, win.stdout.splitlines()) == (lin.returncode, lin.stdout.splitlines()), win.stdout
        assert win.returncode == 0
        assert data_sheet(work / "出 件.xlsx") == data_sheet(here / "出 件.xlsx")
        win, lin = both("import-xlsx", "出 件.xlsx", "-o", "读回 稿.json", "--force")
        assert (win.returncode, win.stdout.splitlines()) == (lin.returncode, lin.stdout.splitlines()), win.stdout
        assert comparable_draft(work / "读回 稿.json") == comparable_draft(here / "读回 稿.json")
        assert (work / "出 件.docx").stat().st_size > 10_000


def test_window_starts_under_wine_offscreen(portable, wine, tmp_path):
    done = wine.run(
        wine.win(portable / "runtime" / "python.exe"),
        wine.win(portable / "app" / "app.py"),
        wine.win(portable / "app" / "samples" / "jinling-2022.json"),
        # Wine 8 passes no QT_* variable to Windows programs, but WINEQT_* arrives as QT_*
        env={
            "WINEQT_QPA_PLATFORM": "offscreen",
            "NIANBAO_EXIT_WHEN_SHOWN": "1",
            "NIANBAO_DATA_DIR": "C:\\users\\nianbao-smoke",
        },
    )
    assert done.returncode == 0, done.stdout
    assert "年报助手：窗口已显示（示例：招远市金岭镇人民政府 2022年年度报告 — 年报助手，offscreen）" in done.stdout


@pytest.fixture(scope="session")
def older_setup(windows_dist, tmp_path_factory) -> Path:
    """An installer of an older version with a file the current one no longer has."""
    from tools.packaging import windows

    work = tmp_path_factory.mktemp("older")
    bundle = work / "bundle"
    (bundle / "app").mkdir(parents=True)
    (bundle / "app" / "app.py").write_text("# 0.0.1\n", encoding="utf-8")
    (bundle / "app" / "old_module.py").write_text("# gone in later versions\n", encoding="utf-8")
    with zipfile.ZipFile(windows_dist / PORTABLE) as zf:
        (bundle / "nianbao.ico").write_bytes(zf.read(f"年报助手-{APP_VERSION}/nianbao.ico"))
    return windows.installer(bundle, work, "0.0.1", work / "年报助手-0.0.1-win64-setup.exe")


def test_installer_installs_per_user_upgrades_and_uninstalls_keeping_user_files(windows_dist, older_setup, wine):
    setup = wine.drive_c / "setup" / SETUP
    setup.parent.mkdir(exist_ok=True)
    shutil.copy(windows_dist / SETUP, setup)
    old = wine.drive_c / "setup" / older_setup.name
    shutil.copy(older_setup, old)
    installed = wine.local_appdata / "Programs" / "年报助手"
    start_menu = (
        wine.user_dir / "AppData" / "Roaming" / "Microsoft" / "Windows" / "Start Menu" / "Programs" / "年报助手.lnk"
    )
    desktop = wine.home / "年报助手.lnk"  # Wine links the Desktop folder to $HOME

    key = "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\nianbao"
    # an older version first, and the clerk's own files: the data folder, a draft saved inside
    # the program's folder (where nothing should be saved, but someone will)
    assert wine.run(wine.win(old), "/S").returncode == 0
    assert (installed / "app" / "old_module.py").exists() and "REG_SZ    0.0.1" in wine.run("reg", "query", key).stdout
    data = wine.local_appdata / "nianbao" / "recovery"
    data.mkdir(parents=True)
    (data / "恢复.json").write_text("{}", encoding="utf-8")
    mine = installed / "app" / "我的草稿.json"
    mine.write_text("{}", encoding="utf-8")

    assert wine.run(wine.win(setup), "/S").returncode == 0  # the upgrade
    assert (installed / "runtime" / "pythonw.exe").exists() and (installed / "uninstall.exe").exists()
    assert not (installed / "app" / "old_module.py").exists()  # the old version's files are gone
    assert mine.exists() and (data / "恢复.json").exists()  # the clerk's are not
    assert start_menu.exists() and desktop.exists()
    entry = wine.run("reg", "query", key)
    assert entry.returncode == 0 and f"DisplayVersion    REG_SZ    {APP_VERSION}" in entry.stdout

    done = wine.run(
        wine.win(installed / "runtime" / "python.exe"),
        wine.win(installed / "app" / "app.py"),
        "check",
        wine.win(installed / "app" / "samples" / "jinling-2022.json"),
    )
    assert done.stdout.strip() == "共 0 个错误、0 个警告、0 个提示。"

    cache = installed / "app" / "model" / "__pycache__" / "report.cpython-313.pyc"
    cache.parent.mkdir(exist_ok=True)
    cache.write_bytes(b"")

    assert wine.run(wine.win(setup), "/S").returncode == 0  # the same version again
    assert (installed / "runtime" / "pythonw.exe").exists() and mine.exists() and (data / "恢复.json").exists()
    assert start_menu.exists() and desktop.exists() and wine.run("reg", "query", key).returncode == 0

    assert wine.run(wine.win(installed / "uninstall.exe"), "/S").returncode == 0
    assert not (installed / "runtime").exists() and not cache.exists()
    assert mine.exists() and (data / "恢复.json").exists()
    assert sorted(p.relative_to(installed).as_posix() for p in installed.rglob("*")) == ["app", "app/我的草稿.json"]
    assert not start_menu.exists() and not desktop.exists()
    assert wine.run("reg", "query", key).returncode != 0
