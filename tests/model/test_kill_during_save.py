"""A process killed (SIGKILL) while saving never leaves a draft that does not load.

The kills land deterministically: the saving child counts every step of the atomic write (the
temp file's creation, each write, flush, chmod, fsync, the replace, the folder's fsync) and kills
itself at step K, half-way through a write when that step is one, for every K of two saves in a
row. The slow variant adds random cut points from a printed seed, so a failure can be replayed.
"""

import os
import random
import signal
import subprocess
import sys

import pytest

from model.draft_store import backup_path, load_draft, save_draft
from tests.conftest import ROOT

SAVER = r"""
import os, signal, sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
import model.atomic as atomic
from model.draft_store import load_draft, save_draft
path, kill_at, cut = Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
calls = 0

def step():
    global calls
    calls += 1
    if calls == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)

class File:
    def __init__(self, f):
        self.f = f
    def write(self, data):
        step()
        part = min(cut, len(data))
        self.f.write(data[:part]); self.f.flush()
        step()                            # killed here: the temp file holds only the first `cut` bytes
        return part + self.f.write(data[part:])
    def __getattr__(self, name):
        return getattr(self.f, name)
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        return self.f.__exit__(*exc)

class Os:
    def __getattr__(self, name):
        real = getattr(os, name)
        if name == "fdopen":
            return lambda *a, **k: File(os.fdopen(*a, **k))
        if name in ("replace", "fsync", "fchmod", "open", "close"):
            def wrapped(*a, **k):
                step()
                result = real(*a, **k)
                step()
                return result
            return wrapped
        return real

atomic.os = Os()
report = load_draft(path)
for n in (1, 2):
    report.enter("t3.new.natural", str(n))
    report.set_text("s1.active", "第%d次保存。" % n * 50)
    save_draft(report, path)
print(calls, flush=True)
"""

ORIGINAL_TEXT = "本年度按照有关要求认真开展各项工作，具体情况如下所述，特此报告说明。"


def saver(path, kill_at: int, cut: int) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", SAVER, str(ROOT), str(path), str(kill_at), str(cut)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def intact(path) -> int:
    """The draft (and its backup) load, as the old or a new version, never a mix."""
    report = load_draft(path)
    value = report.value("t3.new.natural")
    assert value in (0, 1, 2)
    assert report.text("s1.active") == (ORIGINAL_TEXT if value == 0 else f"第{value}次保存。" * 50)
    if backup_path(path).exists():
        assert load_draft(backup_path(path)).value("t3.new.natural") in (0, 1)
    leftovers = [
        p.name
        for p in path.parent.iterdir()
        if p.name not in (path.name, backup_path(path).name) and not p.name.endswith(".tmp")
    ]
    assert leftovers == [], leftovers  # a killed save may leave its temp file, nothing else
    return value


def kill_everywhere(tmp_path, filled, points):
    """points: (kill_at, cut) pairs; each run starts from the same saved draft."""
    seen = set()
    for i, (kill_at, cut) in enumerate(points):
        folder = tmp_path / f"run{i}"
        folder.mkdir()
        path = folder / "草稿.json"
        save_draft(filled, path)
        done = saver(path, kill_at, cut)
        assert done.returncode == -signal.SIGKILL, (kill_at, cut, done.stdout, done.stderr)
        seen.add(intact(path))
    return seen


def steps_of_two_saves(tmp_path, filled) -> int:
    path = tmp_path / "count" / "草稿.json"
    path.parent.mkdir()
    save_draft(filled, path)
    done = saver(path, 0, 10**9)
    assert done.returncode == 0, done.stderr
    assert intact(path) == 2
    return int(done.stdout)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX only")
def test_sigkill_at_every_step_of_the_save(tmp_path, filled2021):
    steps = steps_of_two_saves(tmp_path, filled2021)
    assert steps > 20  # two saves, each with its .bak: many distinct moments
    seen = kill_everywhere(tmp_path, filled2021, [(k, 1000 + 37 * k) for k in range(1, steps + 1)])
    assert seen == {0, 1, 2}  # killed before the first save, between, and in the second


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX only")
def test_sigkill_at_random_bytes_of_the_writes(tmp_path, filled2021):
    seed = int(os.environ.get("NIANBAO_KILL_SEED", "20261201"))
    rng = random.Random(seed)
    steps = steps_of_two_saves(tmp_path, filled2021)
    points = [(rng.randint(1, steps), rng.randint(0, 40_000)) for _ in range(150)]
    try:
        kill_everywhere(tmp_path, filled2021, points)
    except AssertionError as exc:
        raise AssertionError(f"replay with NIANBAO_KILL_SEED={seed}: {exc}") from exc
