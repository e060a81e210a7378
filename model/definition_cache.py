"""Built format definitions kept between runs, so that the window does not build one at every start.

Building a definition (its JSON and includes read, every label, relation and pattern checked, the
printed layout validated) takes about 12 ms of a start of about 250 ms; reading it back, about 2 ms.
The cache is a pickle in the program's data folder, under a name made from everything the built
definition depends on: the definition file and every file under common/, the code that builds it
(each module's size and modification time), the program's and Python's versions. A definition or
program changed is a new name, so a stale definition is never read; a build whose code is not on
disk as files (an archive) keeps no cache at all. A cache missing, cut short, damaged or unreadable
is built again, silently; one that cannot be written is simply not kept. Writing one removes the
same definition's older caches and temporary files left by a run that was killed.

The folder is the user's own (it holds the recovery copies too), so unpickling from it trusts no
one the user does not; the payload's CRC is checked first all the same, against a torn write.
zlib and the C pickler are used, not hashlib and pickle: this runs before the first paint, and
importing those two took 15-40 ms here (OpenSSL; pickle.py), more than the cache saves. A name is
a 64-bit digest (CRC-32 and Adler-32 of every input): it only has to tell versions apart.
"""

from __future__ import annotations

import importlib
import os
import sys
import zlib
from pathlib import Path
from types import ModuleType
from typing import Callable

from model.definition import FormatDef

CACHE_VERSION = 1  # raised when what is kept changes shape
BUILDERS = ("model.definition", "model.definition_loader", "model.prose.spec", "model.layout")
CHECK = 4  # bytes of the payload's CRC-32 in front of it
PREFIX = "definition-"


def cached_definition(path: Path, build: Callable[[Path], FormatDef]) -> FormatDef:
    """build(path), or the same definition as built by an earlier run."""
    try:
        target = _cache_file(path)
    except OSError:  # the definition cannot be read: build() says so, in its own words
        target = None
    if target is None:
        return build(path)
    fmt = _read(target)
    if fmt is None:
        fmt = build(path)
        _write(target, fmt)
    return fmt


class _Digest:
    """CRC-32 and Adler-32 over everything fed to it: 16 hex digits."""

    def __init__(self) -> None:
        self.crc, self.adler = 0, 1

    def update(self, data: bytes) -> None:
        self.crc, self.adler = zlib.crc32(data, self.crc), zlib.adler32(data, self.adler)

    def hexdigest(self) -> str:
        return f"{self.crc:08x}{self.adler:08x}"


def _cache_file(path: Path) -> Path | None:
    """Where the built definition of path is kept; None: it is not kept (its builder cannot be named)."""
    from model import APP_VERSION
    from model.paths import data_dir

    key = _Digest()
    key.update(f"{CACHE_VERSION}|{sys.version}|{APP_VERSION}|{path.name}".encode())
    key.update(path.read_bytes())
    common = path.parent / "common"
    # every file an include may name (any .json below common/, as the loader allows)
    for included in sorted(common.rglob("*.json")) if common.is_dir() else ():
        key.update(included.relative_to(common).as_posix().encode() + b"\0" + included.read_bytes())
    for name in BUILDERS:
        module = sys.modules.get(name)
        source = module.__file__ if module is not None else _origin(name)  # not imported for this
        try:
            stat = os.stat(source) if source else None
        except OSError:
            stat = None
        if stat is None:  # a build whose code is not on disk as files: no cache rather than a stale one
            return None
        key.update(f"|{name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return data_dir() / "cache" / f"{PREFIX}{path.stem}-{key.hexdigest()}.pickle"


def _kept_for(folder: Path, stem: str) -> list[Path]:
    """The caches of the definition named stem, and their temporary files: not another definition's
    whose name starts the same (2021-b.json beside 2021.json)."""
    start = f"{PREFIX}{stem}-"
    found = []
    for candidate in folder.glob(f"{start}*"):
        rest = candidate.name[len(start) :].split(".", 1)[0]
        if len(rest) == 16 and all(ch in "0123456789abcdef" for ch in rest):
            found.append(candidate)
    return found


def _pickler() -> ModuleType:
    try:
        return importlib.import_module("_pickle")  # the C pickler alone
    except ImportError:  # another Python
        return importlib.import_module("pickle")


def _origin(name: str) -> str | None:
    from importlib.util import find_spec

    spec = find_spec(name)
    return spec.origin if spec is not None else None


def _read(target: Path) -> FormatDef | None:
    try:
        data = target.read_bytes()
    except OSError:
        return None
    payload = data[CHECK:]
    if len(data) <= CHECK or zlib.crc32(payload).to_bytes(CHECK, "big") != data[:CHECK]:
        return None
    try:
        fmt = _pickler().loads(payload)
    except Exception:  # any damage at all: built again
        return None
    return fmt if isinstance(fmt, FormatDef) else None


def _write(target: Path, fmt: FormatDef) -> None:
    try:
        payload = _pickler().dumps(fmt, protocol=5)
    except Exception:  # something in it that cannot be kept: not cached
        return
    temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(zlib.crc32(payload).to_bytes(CHECK, "big") + payload)
        os.replace(temporary, target)  # whole or not at all; a cache needs no fsync (it is rebuilt)
    except OSError:  # a read-only or full disk: no cache, and no half-written file left behind
        _remove(temporary)
        return
    stem = target.name[len(PREFIX) : -len("-0123456789abcdef.pickle")]
    for old in _kept_for(target.parent, stem):
        if old != target:  # an earlier program's or definition's, or a killed run's temporary file
            _remove(old)


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:  # held open elsewhere (Windows): removed by a later run
        pass
