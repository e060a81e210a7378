"""Reading the files of a 汇总 in parallel over the machine's cores, in the order they were given.

Each file is read and checked in a worker process (read_entry is pure: a path in, an Entry out,
with no Report inside, so little crosses between processes). Worker processes are started with
"spawn" on every system: the same on Windows as here, and safe from a window with Qt's threads.
A few files are read in this process: starting workers costs more than it saves. Should the
workers fail to start or die (a locked-down PC, a killed process), the files not yet read are read
here: none is read twice.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

MIN_FILES_PER_WORKER = 8  # below this, a worker's start (imports, ~0.3 s) costs more than it saves
MAX_WORKERS = 16
WORKERS_ENV = "NIANBAO_WORKERS"  # an administrator's (or a test's) fixed number of reading processes


def worker_count(files: int, wanted: int | None = None) -> int:
    if wanted is None:
        try:
            wanted = int(os.environ.get(WORKERS_ENV, ""))
        except ValueError:
            wanted = None
    if wanted is not None:
        return max(1, min(wanted, files or 1))
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, MAX_WORKERS, files // MIN_FILES_PER_WORKER))


def read_all(
    files: list[Path], arrived: Callable, *, workers: int | None = None, progress: Callable | None = None
) -> None:
    """arrived(read_entry(f)) for each f of files, in their order, whether read here or in workers; each
    entry is handed on as it comes (to be put aside before the next), none is kept here."""
    from exporters.county.entry import read_entry

    n = worker_count(len(files), workers)
    done = 0

    def counted(entry) -> None:
        nonlocal done
        arrived(entry)
        done += 1

    if n > 1:
        try:
            _in_workers(files, n, progress, counted)
        except (OSError, RuntimeError, ImportError) as exc:  # BrokenProcessPool is a RuntimeError
            from model.crash_log import write_crash_log

            write_crash_log("汇总时无法使用多个进程读取文件，改为逐个读取", exc)
    for i in range(done, len(files)):  # the rest (all of them without workers), here
        if progress is not None:
            progress(i, len(files), files[i])
        counted(read_entry(files[i]))
    if progress is not None:
        progress(len(files), len(files), None)


def _in_workers(files: list[Path], n: int, progress: Callable | None, arrived: Callable) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from exporters.county.entry import read_entry

    # chunks small enough for the progress to move and the cores to stay even, large enough to be cheap
    chunk = max(1, min(32, len(files) // (n * 8)))
    with ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context("spawn")) as pool:
        for i, entry in enumerate(pool.map(read_entry, files, chunksize=chunk)):
            if progress is not None:
                progress(i, len(files), files[i])
            arrived(entry)
