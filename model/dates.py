"""The datetime module's classes, without running Lib/datetime.py.

On Python 3.11 (Debian 12's, so UOS's and Kylin's, and this checkout's) `import datetime` runs
datetime.py, which defines every class in Python and then replaces them all with the C module's:
about 5 M instructions, 1.5 ms before the first paint (callgrind, bench/bench_startup.py). The
classes here are the C module's, the very ones `datetime` hands out, so the two mix freely.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date, datetime, timedelta, timezone
else:
    try:
        from _datetime import date, datetime, timedelta, timezone
    except ImportError:  # a Python built without the C module
        from datetime import date, datetime, timedelta, timezone

__all__ = ["date", "datetime", "timedelta", "timezone"]
