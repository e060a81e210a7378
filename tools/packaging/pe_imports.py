"""Which DLLs a Windows bundle needs, read from the import tables of its .exe, .pyd and .dll files.

Two uses: the build fails when a bundled file imports a DLL that is neither in the bundle (where
Windows will look for it) nor part of Windows 10 itself; and bundled DLLs that nothing loads (Qt's
QML and Quick libraries, once their bindings are pruned) are left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tools.packaging.common import follow_links

# DLLs that Windows 10 and 11 ship (System32). The Universal CRT (ucrtbase, api-ms-win-crt-*) is
# part of Windows 10; the MSVC C++ runtime (vcruntime140, msvcp140) is not and must be bundled.
# A DLL outside this list and outside the bundle fails the build, so that a new dependency
# (Qt 6.10 importing icuuc.dll, say) is a decision, not a surprise at a clerk's desk.
WINDOWS_DLLS = frozenset(
    name.lower()
    for name in """
advapi32.dll authz.dll bcrypt.dll bcryptprimitives.dll cfgmgr32.dll comctl32.dll comdlg32.dll crypt32.dll
d2d1.dll d3d11.dll d3d12.dll d3d9.dll d3dcompiler_47.dll dbghelp.dll dcomp.dll dnsapi.dll dwmapi.dll
dwrite.dll dxgi.dll gdi32.dll gdiplus.dll hid.dll imm32.dll iphlpapi.dll kernel32.dll kernelbase.dll
mpr.dll msimg32.dll msvcrt.dll ncrypt.dll netapi32.dll normaliz.dll ntdll.dll ole32.dll oleacc.dll
oleaut32.dll opengl32.dll powrprof.dll propsys.dll psapi.dll rpcrt4.dll secur32.dll setupapi.dll
shcore.dll shell32.dll shlwapi.dll ucrtbase.dll urlmon.dll user32.dll userenv.dll uxtheme.dll
version.dll winhttp.dll wininet.dll winmm.dll winspool.drv wintrust.dll ws2_32.dll wtsapi32.dll
dwmapi.dll uiautomationcore.dll mf.dll mfplat.dll mfreadwrite.dll wevtapi.dll
""".split()
)
WINDOWS_PREFIXES = ("api-ms-win-", "ext-ms-win-")


def is_windows_dll(name: str) -> bool:
    name = name.lower()
    return name in WINDOWS_DLLS or name.startswith(WINDOWS_PREFIXES)


def imports_of(path: Path) -> list[str]:
    """The DLL names in a PE file's import table (delay-loaded ones included)."""
    import pefile

    pe = pefile.PE(str(path), fast_load=True)
    try:
        pe.parse_data_directories(
            directories=[
                pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_IMPORT"],
                pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_DELAY_IMPORT"],
            ]
        )
        names = [
            entry.dll.decode("ascii", "replace")
            for attr in ("DIRECTORY_ENTRY_IMPORT", "DIRECTORY_ENTRY_DELAY_IMPORT")
            for entry in getattr(pe, attr, [])
        ]
    finally:
        pe.close()
    return names


def is_pe(path: Path) -> bool:
    return path.suffix.lower() in (".dll", ".pyd", ".exe")


@dataclass
class Closure:
    needed: set[Path] = field(default_factory=set)  # bundled files that something loads
    missing: list[tuple[Path, str]] = field(default_factory=list)  # (importer, DLL found nowhere)


def closure(roots: list[Path], search_dirs: list[Path]) -> Closure:
    """Follow the import tables from roots through the bundle.

    A DLL imported by a module is looked up, as Windows does for these modules, in the module's
    own folder and in search_dirs (the folder of python.exe, and the folders PySide6 and shiboken6
    add with os.add_dll_directory), then among Windows' own DLLs.
    """
    index: dict[Path, dict[str, Path]] = {}

    def in_folder(folder: Path) -> dict[str, Path]:
        if folder not in index:
            index[folder] = {p.name.lower(): p for p in folder.iterdir() if p.is_file()}
        return index[folder]

    def resolve(module: Path, dll: str) -> Path | None:
        for folder in [module.parent, *search_dirs]:
            found = in_folder(folder).get(dll.lower())
            if found:
                return found
        return None

    needed, outside = follow_links(roots, imports_of, resolve)
    return Closure(needed, [(m, dll) for m, dll in outside if not is_windows_dll(dll)])
