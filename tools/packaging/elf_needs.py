"""What the Linux bundle links against, read from the ELF dynamic sections (binutils' readelf).

As for Windows (pe_imports.py): bundled libraries that nothing loads are left out, and every
library the bundle needs from the system becomes a Debian dependency, found through the build
machine's own packages (ldconfig, then dpkg -S), so the .deb's Depends line is never guessed.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from tools.packaging.common import BuildError, follow_links

_NEEDED = re.compile(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]")


def is_elf(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def needed_of(path: Path) -> list[str]:
    done = subprocess.run(["readelf", "-d", "-W", str(path)], capture_output=True, text=True)
    if done.returncode != 0:
        raise BuildError(f"readelf failed on {path}: {done.stderr.strip()}")
    return _NEEDED.findall(done.stdout)


@dataclass
class Closure:
    needed: set[Path] = field(default_factory=set)  # bundled files that something loads
    system: dict[str, Path] = field(default_factory=dict)  # soname -> first bundled file needing it


def closure(roots: list[Path], bundled: dict[str, Path]) -> Closure:
    """Follow NEEDED entries from roots; bundled maps a file name (its soname) to the bundled file."""
    needed, outside = follow_links(roots, needed_of, lambda module, soname: bundled.get(soname))
    system: dict[str, Path] = {}
    for module, soname in outside:
        system.setdefault(soname, module)
    return Closure(needed, system)


# The dynamic loader has another name on each architecture; the build machine knows only its own.
LOADERS = {"ld-linux-x86-64.so.2": "libc6", "ld-linux-aarch64.so.1": "libc6"}


def debian_packages(sonames: dict[str, Path], multiarch: str = "x86_64-linux-gnu") -> dict[str, str]:
    """soname -> the Debian package that ships it on this machine, or BuildError naming the unknown ones.

    Package names are the same on every Debian architecture, so the build machine's (amd64) own
    packages name the arm64 package's dependencies too."""
    cache = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    packages, unknown = {}, []
    for soname in sorted(sonames):
        if soname in LOADERS:
            packages[soname] = LOADERS[soname]
            continue
        path = _library_path(cache, soname, multiarch)
        package = _owner(path) if path else None
        if package:
            packages[soname] = package
        else:
            unknown.append(f"{soname} (needed by {sonames[soname].name})")
    if unknown:
        raise BuildError(
            "these libraries are not installed on the build machine, so their Debian packages "
            "cannot be named: " + ", ".join(unknown) + " — run tools/setup.sh build as root"
        )
    return packages


def _library_path(cache: str, soname: str, multiarch: str) -> str | None:
    for line in cache.splitlines():
        parts = line.strip().split(" => ")
        if (
            len(parts) == 2
            and parts[0].split(" ", 1)[0] == soname
            and multiarch.split("-")[0].replace("_", "-") in line
        ):
            return parts[1].strip()
    for folder in (f"/usr/lib/{multiarch}", f"/lib/{multiarch}"):
        candidate = Path(folder) / soname
        if candidate.exists():
            return str(candidate)
    return None


def _owner(path: str) -> str | None:
    real = str(Path(path).resolve())
    for candidate in dict.fromkeys(
        [path, real, real.replace("/usr/lib/", "/lib/", 1), real.replace("/lib/", "/usr/lib/", 1)]
    ):
        done = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if done.returncode == 0 and done.stdout.strip():
            return done.stdout.split(":", 1)[0].strip()
    return None
