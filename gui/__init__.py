"""The clerk's window (PySide6). Thin: widgets generated from the format definition, bound to model/."""

import PySide6.QtCore  # noqa: F401  # every module here needs it; loaded first so that PySide's import hook exists

from gui.pyside_hook import lighten

lighten()  # before the window's modules are imported: each would cost PySide a read of its source
