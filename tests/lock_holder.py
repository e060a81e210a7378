"""Another running copy of the program, holding a draft's lock (a real second process)."""

import subprocess
import sys
from contextlib import contextmanager

from tests.conftest import ROOT

HOLDER = """
import sys, time
sys.path.insert(0, {root!r})
from model.draft_lock import DraftLock
lock = DraftLock({draft!r}); lock.acquire()
print("held", flush=True)
time.sleep(60)
"""


@contextmanager
def lock_held_elsewhere(draft):
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER.format(root=str(ROOT), draft=str(draft))], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout.readline().strip() == "held"
        yield proc
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()
