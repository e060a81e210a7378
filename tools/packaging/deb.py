"""Build the .deb for 统信UOS, 银河麒麟, Debian and Ubuntu (amd64, and arm64 where every wheel exists).

    .venv/bin/python -m tools.packaging.deb [--arch amd64|arm64|all] [--dist DIR]   (tools/build-deb.sh)

Layout of the package:

    /opt/nianbao/app/          the program (app.py, gui/, model/, …, pyproject.toml)
    /opt/nianbao/lib/common/   the locked wheels that fit every Python (pure Python, PySide6's abi3)
    /opt/nianbao/lib/cp3XX/    the ones built for one Python version (lxml), for each one supported
    /opt/nianbao/nianbao.py    puts those on sys.path for the system's python3 and runs app.py
    /usr/bin/nianbao           the command (window without arguments, app.py's commands with them)
    /usr/share/applications/nianbao.desktop, icons in hicolor, doc, lintian overrides

The system's python3 runs it (3.11 to 3.13); Qt comes from the wheel, so the package depends on
the system libraries Qt links against (read from the ELF files) and on a CJK font.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from tools.packaging import common, elf_needs
from tools.packaging.common import BuildError, log

# PySide6 6.9.3 declares Requires-Python <3.14
PYTHONS = ("3.11", "3.12", "3.13")
ARCHES = {
    # Debian architecture: (wheel platform tags, oldest first, that pip may take)
    "amd64": ["manylinux_2_28_x86_64", "manylinux2014_x86_64", "manylinux_2_17_x86_64"],
    "arm64": ["manylinux_2_39_aarch64", "manylinux_2_28_aarch64", "manylinux2014_aarch64", "manylinux_2_17_aarch64"],
}
PLUGINS = {
    "platforms/libqxcb.so",  # the real window (X11, and XWayland under Wayland sessions)
    "platforms/libqoffscreen.so",  # smoke tests and headless runs
    "platforms/libqminimal.so",
    "xcbglintegrations/libqxcb-glx-integration.so",
    "xcbglintegrations/libqxcb-egl-integration.so",
    "platforminputcontexts/libibusplatforminputcontextplugin.so",  # Chinese input methods over IBus
    "platforminputcontexts/libcomposeplatforminputcontextplugin.so",
    "iconengines/libqsvgicon.so",  # the window icon
    "imageformats/libqsvg.so",
    "imageformats/libqico.so",
    "imageformats/libqjpeg.so",
    "imageformats/libqgif.so",
}
# Chinese glyphs: any one of the CJK fonts that Debian, Ubuntu, UOS and Kylin package.
FONTS = "fonts-noto-cjk | fonts-wqy-microhei | fonts-wqy-zenhei | fonts-arphic-uming"
# Packages renamed by Ubuntu 24.04's 64-bit time_t transition: either name will do.
RENAMED = {"libglib2.0-0": "libglib2.0-0t64 | libglib2.0-0"}
MAINTAINER = "年报助手开发组 <nianbao@nianbao.org.cn>"
PREFIX = Path("opt") / common.PACKAGE_NAME


def build(arch: str, dist: Path, work: Path, cache: Path) -> Path:
    ver = common.version()
    root = work / f"root-{arch}"
    if root.exists():
        shutil.rmtree(root)
    top = root / PREFIX
    common.copy_app(top / "app")
    wheels = _install_wheels(arch, top / "lib", cache)
    min_glibc = _glibc_floor(wheels)
    system_libs = _keep_loaded_libs(top / "lib")
    depends = _depends(system_libs, min_glibc)
    _strip(top / "lib", arch)
    _write_launchers(root)
    _write_desktop_files(root, work)
    _write_docs(root, ver)
    _set_modes(root)
    _write_control(root, arch, ver, depends)
    dist.mkdir(parents=True, exist_ok=True)
    target = dist / f"{common.PACKAGE_NAME}_{ver}_{arch}.deb"
    done = subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-Zxz", "-z6", "--build", str(root), str(target)],
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": _epoch()},
    )
    if done.returncode != 0:
        raise BuildError("dpkg-deb failed:\n" + done.stderr)
    log(
        f"{target.name} {common.mib(target.stat().st_size)} ({common.mib(common.tree_size(root))} installed); "
        f"Depends: {depends}"
    )
    return target


def _install_wheels(arch: str, lib: Path, cache: Path) -> list[Path]:
    """Wheels that are the same for every Python go to common/, lxml's per-version builds to cp3XX/."""
    by_python = {}
    for py in PYTHONS:
        by_python[py] = common.download_wheels(cache / f"wheels-{arch}", platforms=ARCHES[arch], python_version=py)
    shared = set.intersection(*({w.name for w in wheels} for wheels in by_python.values()))
    first = by_python[PYTHONS[0]]
    common.unpack_wheels([w for w in first if w.name in shared], lib / "common")
    for py, wheels in by_python.items():
        own = [w for w in wheels if w.name not in shared]
        common.unpack_wheels(own, lib / f"cp{py.replace('.', '')}")
    for folder in lib.iterdir():
        common.prune_python_tree(folder)
    pyside = lib / "common" / "PySide6"
    common.prune_qt(pyside, pyside / "Qt", PLUGINS)
    shutil.rmtree(pyside / "Qt" / "libexec", ignore_errors=True)
    return [w for wheels in by_python.values() for w in wheels]


def _glibc_floor(wheels: list[Path]) -> str:
    """The newest glibc the wheels ask for: a wheel tagged manylinux_2_26 and manylinux_2_28 at once
    runs from 2.26 on, so each wheel counts with its lowest tag; the package gets libc6 (>= 2.X)."""
    floor = (2, 17)
    for wheel in wheels:
        tags = []
        for tag in wheel.stem.split("-")[-1].split("."):
            parts = tag.split("_")
            if tag.startswith("manylinux_") and len(parts) >= 3 and parts[1].isdigit():
                tags.append((int(parts[1]), int(parts[2])))
            elif tag.startswith(("manylinux2014", "manylinux1", "manylinux2010")):
                tags.append((2, 17))
        if tags:
            floor = max(floor, min(tags))
    return f"{floor[0]}.{floor[1]}"


def _keep_loaded_libs(lib: Path) -> dict[str, Path]:
    """Drop bundled shared libraries that nothing loads; return the system libraries still needed."""
    elves = [p for p in lib.rglob("*") if p.is_file() and not p.is_symlink() and elf_needs.is_elf(p)]
    plugins = lib / "common" / "PySide6" / "Qt" / "plugins"
    # Python extension modules (QtCore.abi3.so, etree.cpython-313-…so) and Qt plugins are loaded
    # by name; everything else (libQt6Gui.so.6, libpyside6.abi3.so.6.9) only if something links to it.
    roots = [
        p
        for p in elves
        if plugins in p.parents or (p.name.endswith(".so") and (".abi3." in p.name or ".cpython-" in p.name))
    ]
    libraries = [p for p in elves if p not in roots]
    bundled = {p.name: p for p in libraries}
    found = elf_needs.closure(roots, bundled)
    removed = 0
    for p in libraries:
        if p not in found.needed:
            removed += p.stat().st_size
            p.unlink()
    log(f"ELF check: {len(found.needed)} files resolved; {common.mib(removed)} of libraries nothing loads left out")
    return found.system


STRIP = {"amd64": "x86_64-linux-gnu-strip", "arm64": "aarch64-linux-gnu-strip"}


def _strip(lib: Path, arch: str) -> None:
    """Symbol tables some wheels leave in (Qt's ICU): not needed to run, and lintian refuses them.
    --strip-unneeded keeps the dynamic symbols that linking needs."""
    tool = shutil.which(STRIP[arch])
    if tool is None:
        raise BuildError(f"{STRIP[arch]} is missing: run tools/setup.sh build as root (binutils for {arch})")
    for path in lib.rglob("*.so*"):
        if path.is_file() and not path.is_symlink() and elf_needs.is_elf(path):
            if " .symtab " in subprocess.run(["readelf", "-S", "-W", str(path)], capture_output=True, text=True).stdout:
                done = subprocess.run([tool, "--strip-unneeded", str(path)], capture_output=True, text=True)
                if done.returncode != 0:
                    raise BuildError(f"{tool} failed on {path}: {done.stderr.strip()}")


def _depends(system_libs: dict[str, Path], min_glibc: str) -> str:
    packages = sorted(set(elf_needs.debian_packages(system_libs).values()))
    deps = [f"python3 (>= {PYTHONS[0]})", f"python3 (<< 3.{int(PYTHONS[-1].split('.')[1]) + 1})"]
    for package in packages:
        if package == "libc6":
            deps.append(f"libc6 (>= {min_glibc})")
        else:
            deps.append(RENAMED.get(package, package))
    deps.append(FONTS)
    return ", ".join(deps)


_LAUNCHER = '''"""Start 年报助手 with the system's python3: the bundled libraries first on sys.path."""
import os
import sys

TOP = os.path.dirname(os.path.abspath(__file__))
OWN = os.path.join(TOP, "lib", "cp%d%d" % sys.version_info[:2])
if not os.path.isdir(OWN):
    sys.stderr.write("年报助手需要 Python {first} 到 {last}，这台计算机的 python3 是 %d.%d。\\n" % sys.version_info[:2])
    sys.exit(2)
sys.path[:0] = [os.path.join(TOP, "app"), os.path.join(TOP, "lib", "common"), OWN]
sys.argv[0] = os.path.join(TOP, "app", "app.py")
import runpy  # noqa: E402
runpy.run_path(sys.argv[0], run_name="__main__")
'''


def _write_launchers(root: Path) -> None:
    top = root / PREFIX
    (top / "nianbao.py").write_text(_LAUNCHER.format(first=PYTHONS[0], last=PYTHONS[-1]), encoding="utf-8")
    command = root / "usr" / "bin" / common.PACKAGE_NAME
    command.parent.mkdir(parents=True)
    # -I: the user's own site-packages and PYTHON* variables cannot replace the bundled libraries
    command.write_text(f'#!/bin/sh\nexec /usr/bin/python3 -I /{PREFIX}/nianbao.py "$@"\n', encoding="utf-8")


_DESKTOP = """[Desktop Entry]
Type=Application
Version=1.0
Name={name}
GenericName=政府信息公开工作年度报告
Comment=填报、检查和导出政府信息公开工作年度报告，汇总各乡镇（街道）的报告
Exec=nianbao %f
Icon=nianbao
Terminal=false
Categories=Office;
Keywords=年报;政府信息公开;政务公开;年度报告;
StartupNotify=true
"""


def _write_desktop_files(root: Path, work: Path) -> None:
    share = root / "usr" / "share"
    (share / "applications").mkdir(parents=True)
    (share / "applications" / "nianbao.desktop").write_text(_DESKTOP.format(name=common.APP_NAME), encoding="utf-8")
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True)
    shutil.copyfile(common.ICON_SVG, scalable / "nianbao.svg")
    for size, png in common.render_icon_pngs(work / "icons", sizes=(16, 24, 32, 48, 64, 128, 256)).items():
        folder = share / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True)
        shutil.copyfile(png, folder / "nianbao.png")


_COPYRIGHT = """Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: nianbao
Comment: 年报助手. The bundled Python libraries under /opt/nianbao/lib keep their own license
 files in their *.dist-info folders: PySide6 and Qt (LGPL-3.0), shiboken6 (LGPL-3.0),
 python-docx (MIT), openpyxl (MIT), et-xmlfile (MIT), lxml (BSD-3-Clause), defusedxml
 (PSF-2.0), platformdirs (MIT), typing-extensions (PSF-2.0).

Files: *
Copyright: 2025-2026 年报助手开发组
License: proprietary
 All rights reserved.
"""
_OVERRIDES = """# A self-contained program with its own copy of Qt and its Python libraries, installed as
# add-on software belongs (FHS 3.13): everything of it under /opt/nianbao.
nianbao: dir-or-file-in-opt [opt/nianbao/*]
# Qt and lxml as the upstream wheels ship them (zlib, libxml2, libjpeg linked in by their projects).
nianbao: embedded-library *
nianbao: shared-library-lacks-prerequisites *
"""


_MANPAGE = """.TH NIANBAO 1 "" "nianbao {version}" "User Commands"
.SH NAME
nianbao \\- 年报助手: annual report on government information disclosure
.SH SYNOPSIS
.B nianbao
.RI [ DRAFT.json ]
.br
.B nianbao
.IR command " [" options ]
.SH DESCRIPTION
Without a command, opens the window (on the draft given).
The commands check, export, import and consolidate reports from the command line:
.TP
.B new \\-\\-year Y \\-\\-organ NAME \\-o DRAFT.json
a blank draft
.TP
.B check DRAFT.json
every finding with its place
.TP
.B export DRAFT.json \\-\\-docx OUT.docx \\-\\-xlsx OUT.xlsx
the Word file for sign-off and the Excel file for the county
.TP
.B import\\-xlsx FILE.xlsx \\-o DRAFT.json
an exported .xlsx read back
.TP
.B consolidate FILES_OR_FOLDERS \\-o OUT.xlsx
the county's consolidation
.PP
.B nianbao \\-\\-help
lists every option.
.SH EXIT STATUS
0 success, 1 the report has errors, 2 a file cannot be read or written or the command line is wrong.
.SH FILES
.I ~/.local/share/nianbao
recovery copies and settings; removing the package keeps them.
"""


def _write_docs(root: Path, ver: str) -> None:
    doc = root / "usr" / "share" / "doc" / common.PACKAGE_NAME
    doc.mkdir(parents=True)
    man = root / "usr" / "share" / "man" / "man1"
    man.mkdir(parents=True)
    with open(man / "nianbao.1.gz", "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(_MANPAGE.format(version=ver).encode("utf-8"))
    (doc / "copyright").write_text(_COPYRIGHT, encoding="utf-8")
    when = time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(int(_epoch())))
    changelog = f"nianbao ({ver}) stable; urgency=medium\n\n  * Release {ver}.\n\n -- {MAINTAINER}  {when}\n"
    with open(doc / "changelog.gz", "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(changelog.encode("utf-8"))
    overrides = root / "usr" / "share" / "lintian" / "overrides"
    overrides.mkdir(parents=True)
    (overrides / common.PACKAGE_NAME).write_text(_OVERRIDES, encoding="utf-8")


def _epoch() -> str:
    done = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=common.ROOT, capture_output=True, text=True)
    return done.stdout.strip() or str(int(time.time()))


def _set_modes(root: Path) -> None:
    for path in root.rglob("*"):
        if path.is_symlink():
            continue
        if path.is_dir():
            path.chmod(0o755)
        else:
            path.chmod(0o644)
    (root / "usr" / "bin" / common.PACKAGE_NAME).chmod(0o755)


_POSTINST = """#!/bin/sh
set -e
# Bytecode for the system's python3, so that the window starts without compiling every module
# (/opt is not writable by the clerk). Removed again by prerm.
if [ "$1" = "configure" ] && command -v python3 >/dev/null 2>&1; then
    python3 -m compileall -q -j 0 /opt/nianbao/app /opt/nianbao/lib >/dev/null 2>&1 || true
fi
exit 0
"""
_PRERM = """#!/bin/sh
set -e
# Only the bytecode postinst wrote. Drafts, recovery copies and settings live in the users'
# home folders (~/.local/share/nianbao, ~/文档): removing the package never touches them.
if [ -d /opt/nianbao ]; then
    find /opt/nianbao -depth -type d -name __pycache__ -exec rm -rf {} + 2>/dev/null || true
fi
exit 0
"""


def _write_control(root: Path, arch: str, ver: str, depends: str) -> None:
    debian = root / "DEBIAN"
    debian.mkdir()
    size_kb = common.tree_size(root) // 1024
    control = (
        f"Package: {common.PACKAGE_NAME}\nVersion: {ver}\nArchitecture: {arch}\nMaintainer: {MAINTAINER}\n"
        f"Installed-Size: {size_kb}\nDepends: {depends}\nSection: misc\nPriority: optional\n"
        "Description: annual report on government information disclosure (年报助手)\n"
        " 年报助手 helps a township clerk fill in the statutory annual report on\n"
        " government information disclosure (政府信息公开工作年度报告):\n"
        " the prose and the three statistics tables of the 2019 and 2021\n"
        " formats, checked as they are typed, exported as a .docx for sign-off\n"
        " and an .xlsx for the county. The county checks and consolidates the\n"
        " townships' files.\n"
    )
    (debian / "control").write_text(control, encoding="utf-8")
    for name, text in (("postinst", _POSTINST), ("prerm", _PRERM)):
        (debian / name).write_text(text, encoding="utf-8")
        (debian / name).chmod(0o755)


def lintian(deb: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["lintian", "--no-tag-display-limit", "--fail-on", "error", str(deb)], capture_output=True, text=True
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the .deb packages")
    parser.add_argument("--arch", choices=[*ARCHES, "all"], default="all")
    parser.add_argument("--dist", type=Path, default=common.ROOT / "dist")
    parser.add_argument("--work", type=Path, default=common.ROOT / "build" / "deb")
    parser.add_argument("--cache", type=Path, default=common.ROOT / "build" / "cache")
    parser.add_argument("--no-lintian", action="store_true", help="skip the lintian run (the tests run it)")
    args = parser.parse_args(argv)
    arches = list(ARCHES) if args.arch == "all" else [args.arch]
    try:
        for arch in arches:
            deb = build(arch, args.dist.resolve(), args.work.resolve(), args.cache.resolve())
            if not args.no_lintian:
                checked = lintian(deb)
                print(checked.stdout, end="")
                if checked.returncode != 0:
                    raise BuildError(f"lintian reports errors in {deb.name}")
            print(deb)
    except BuildError as exc:
        print(f"build-deb: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
