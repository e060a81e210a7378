"""PySide6 asks of every module imported after it whether its source says "PySide6" (for its
__feature__ switches, PYSIDE-2029), and reads the source with inspect.getsource: the file tokenised
and split into lines, 0.25 ms a module, 5 ms of the window's start here (bench/bench_startup.py).
lighten() asks the same question of the file's bytes, a few microseconds; a module that is not a
.py file, or an unreadable one, is still asked PySide's way. If a PySide6 release moves or renames
the function, nothing is replaced and PySide works as it ships.
"""

from __future__ import annotations

import sys
from types import ModuleType

_replaced: list[object] = []  # PySide's own function, once replaced


def lighten() -> None:
    feature = sys.modules.get("shibokensupport.feature")
    upstream = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(upstream) or _replaced:
        return

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return bool(upstream(module))
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return bool(upstream(module))

    _replaced.append(upstream)
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
