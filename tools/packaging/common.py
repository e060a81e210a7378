"""What the Windows and the Debian builds share: the version, the program's files, wheels
fetched from the lock file with their hashes, and the icon.

Run through tools/build-windows.sh and tools/build-deb.sh, with the project's .venv.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
import tomllib
import urllib.request
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "tools" / "packaging"
LOCK = PACKAGING / "requirements.lock"
ICON_SVG = ROOT / "gui" / "icons" / "nianbao.svg"
APP_NAME = "年报助手"
PACKAGE_NAME = "nianbao"

# The program's own files, as shipped: code, format definitions, samples, icon, and pyproject.toml
# (the one place of the version number, read by model/__init__.py).
APP_TREES = ("gui", "model", "exporters", "templates", "samples")
APP_FILES = ("app.py", "pyproject.toml")
APP_SUFFIXES = {".py", ".json", ".svg"}

# The Qt modules the program imports (tests/packaging/test_qt_modules.py keeps this true). Every
# other Qt module, and every DLL or .so that only they need, is left out of the bundles.
QT_MODULES = ("QtCore", "QtGui", "QtWidgets", "QtSvg", "QtPrintSupport")
QT_TRANSLATIONS = ("qtbase_zh_CN.qm", "qt_zh_CN.qm")


class BuildError(Exception):
    """A build stopped for a reason the person running it must see."""


def version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def log(text: str) -> None:
    print(f"== {text}", flush=True)


def copy_app(dest: Path) -> list[Path]:
    """Copy the program's own files into dest; returns the files copied, relative to dest."""
    copied = []
    sources = [ROOT / name for name in APP_FILES]
    for tree in APP_TREES:
        sources += sorted(
            p
            for p in (ROOT / tree).rglob("*")
            if p.is_file() and p.suffix in APP_SUFFIXES and "__pycache__" not in p.parts
        )
    for src in sources:
        rel = src.relative_to(ROOT)
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)
        copied.append(rel)
    return copied


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch(url: str, sha256: str, cache: Path) -> Path:
    """A file from the network, kept in cache and checked against its pinned sha256."""
    cache.mkdir(parents=True, exist_ok=True)
    target = cache / url.rsplit("/", 1)[-1].split("#", 1)[0]
    if not (target.exists() and sha256_of(target) == sha256):
        log(f"downloading {target.name}")
        partial = target.with_suffix(target.suffix + ".part")
        with urllib.request.urlopen(url, timeout=300) as response, open(partial, "wb") as out:
            shutil.copyfileobj(response, out)
        partial.replace(target)
    actual = sha256_of(target)
    if actual != sha256:
        raise BuildError(f"{target.name}: sha256 {actual} is not the pinned {sha256}")
    return target


def download_wheels(dest: Path, *, platforms: list[str], python_version: str) -> list[Path]:
    """Every runtime wheel of the lock file for one platform and Python, hashes checked by pip.

    Several Python versions may share dest: pip keeps a wheel that is already there (the same
    PySide6 for 3.11, 3.12 and 3.13), and its report says which files this version takes."""
    dest.mkdir(parents=True, exist_ok=True)
    cmd = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--disable-pip-version-check",
        "--progress-bar",
        "off",
        "--require-hashes",
        "--only-binary=:all:",
        "--no-deps",
        "--implementation",
        "cp",
        "--python-version",
        python_version,
        "-d",
        str(dest),
        "-r",
        str(LOCK),
    ]
    for platform in platforms:
        cmd += ["--platform", platform]
    log(f"pip download for {', '.join(platforms)} / Python {python_version}")
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise BuildError("pip download failed:\n" + done.stdout + done.stderr)
    wheels = sorted(
        {
            Path(m[1])
            for m in re.finditer(r"(?:Saved|File was already downloaded) (\S+\.whl)\s*$", done.stdout, re.MULTILINE)
        }
    )
    names = {w.name.split("-", 1)[0].lower().replace("_", "-") for w in wheels}
    missing = sorted(set(locked_names()) - names)
    if missing:
        raise BuildError(f"no wheel for {', '.join(missing)} on {platforms} / Python {python_version}")
    return wheels


def locked_names() -> list[str]:
    names = []
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        if line and not line[0].isspace() and not line.startswith("#") and "==" in line:
            names.append(line.split("==", 1)[0].strip().lower().replace("_", "-"))
    return names


def unpack_wheels(wheels: list[Path], site_packages: Path) -> None:
    site_packages.mkdir(parents=True, exist_ok=True)
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as zf:
            zf.extractall(site_packages)


def prune_python_tree(site_packages: Path) -> None:
    """What no program run needs: caches, C headers and sources, type stubs."""
    for path in sorted(site_packages.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if path.is_dir() and path.name in ("__pycache__", "includes", "include"):
            shutil.rmtree(path)
        elif path.is_file() and path.suffix in (".pyc", ".pyi", ".pxd", ".pyx", ".h", ".lib", ".a"):
            path.unlink()


def prune_qt(pyside: Path, qt: Path, keep_plugins: set[str]) -> None:
    """Keep the bindings of QT_MODULES, the plugins named, the Chinese translations; drop the rest.

    pyside is the PySide6 package folder; qt the folder holding plugins/ and translations/ (the same
    folder on Windows, PySide6/Qt on Linux). Qt libraries that only the dropped modules need are
    removed afterwards by the platform's closure over the import tables (windows.py, deb.py).
    """
    for folder in dict.fromkeys([pyside, qt]):
        for child in list(folder.iterdir()):
            if child == qt:
                continue
            if child.is_dir():
                if child.name == "plugins":
                    for plugin in sorted(child.rglob("*")):
                        if plugin.is_file() and plugin.relative_to(child).as_posix() not in keep_plugins:
                            plugin.unlink()
                    _remove_empty_dirs(child)
                elif child.name == "translations":
                    for qm in child.iterdir():
                        if qm.name not in QT_TRANSLATIONS:
                            qm.unlink()
                elif child.name not in ("support", "lib"):
                    shutil.rmtree(child)  # qml, resources, metatypes, typesystems, glue, scripts, libexec …
            elif _binding_module(child.name) and _binding_module(child.name) not in QT_MODULES:
                child.unlink()
            elif child.suffix == ".exe" or (folder == pyside and "." not in child.name):
                child.unlink()  # designer, uic, lupdate …: tools, not the program


def _binding_module(file_name: str) -> str | None:
    """QtWidgets for QtWidgets.pyd or QtWidgets.abi3.so; None for any other file."""
    stem, _, suffix = file_name.partition(".")
    return stem if stem.startswith("Qt") and suffix in ("pyd", "abi3.so", "so") else None


def _remove_empty_dirs(top: Path) -> None:
    for folder in sorted((p for p in top.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()


def follow_links(roots, links_of, resolve) -> tuple[set[Path], list[tuple[Path, str]]]:
    """The files reachable from roots through what each links to (a PE import table, ELF NEEDED).

    links_of(file) gives the names a file links to; resolve(file, name) the bundled file of that
    name, or None. Returns the files reached and the (file, name) pairs found nowhere in the bundle.
    """
    reached: set[Path] = set()
    outside: list[tuple[Path, str]] = []
    todo = list(roots)
    while todo:
        module = todo.pop()
        if module in reached:
            continue
        reached.add(module)
        for name in links_of(module):
            found = resolve(module, name)
            if found is not None:
                todo.append(found)
            else:
                outside.append((module, name))
    return reached, outside


def render_icon_pngs(dest: Path, sizes=(16, 24, 32, 48, 64, 128, 256)) -> dict[int, Path]:
    """PNGs of gui/icons/nianbao.svg, rendered by Qt's SVG renderer (offscreen) in a child process."""
    dest.mkdir(parents=True, exist_ok=True)
    code = (
        "import sys\n"
        "from PySide6.QtCore import Qt\n"
        "from PySide6.QtGui import QGuiApplication, QImage, QPainter\n"
        "from PySide6.QtSvg import QSvgRenderer\n"
        "app = QGuiApplication(['icon'])\n"
        "renderer = QSvgRenderer(sys.argv[1])\n"
        "for size in map(int, sys.argv[3:]):\n"
        "    image = QImage(size, size, QImage.Format.Format_ARGB32)\n"
        "    image.fill(Qt.GlobalColor.transparent)\n"
        "    painter = QPainter(image)\n"
        "    painter.setRenderHint(QPainter.RenderHint.Antialiasing)\n"
        "    renderer.render(painter)\n"
        "    painter.end()\n"
        "    assert image.save(f'{sys.argv[2]}/nianbao-{size}.png')\n"
    )
    env = {**_environ(), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", code, str(ICON_SVG), str(dest), *map(str, sizes)],
        capture_output=True,
        text=True,
        env=env,
    )
    if done.returncode != 0:
        raise BuildError("icon rendering failed:\n" + done.stderr)
    return {size: dest / f"nianbao-{size}.png" for size in sizes}


def _environ() -> dict[str, str]:
    import os

    return dict(os.environ)


def tree_size(top: Path) -> int:
    return sum(p.stat().st_size for p in top.rglob("*") if p.is_file())


def mib(n: int) -> str:
    return f"{n / (1 << 20):.1f} MiB"
