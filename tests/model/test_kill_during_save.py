"""A process killed (SIGKILL) while saving never leaves a draft that does not load."""
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from model.draft_store import backup_path, load_draft, save_draft
from tests.conftest import ROOT

SAVER = r"""
import sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from model.draft_store import load_draft, save_draft
path = Path(sys.argv[2])
report = load_draft(path)
print("ready", flush=True)
n = 0
while True:
    n += 1
    report.enter("t3.new.natural", str(n))
    report.set_text("s1.active", "第%d次保存。" % n * 50)   # a larger file: more moments to be killed in
    save_draft(report, path)
"""


def kill_while_saving(tmp_path, filled, rounds, seed):
    path = tmp_path / "草稿.json"
    save_draft(filled, path)
    rng = random.Random(seed)
    seen = set()
    for _ in range(rounds):
        with subprocess.Popen([sys.executable, "-c", SAVER, str(ROOT), str(path)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) as child:
            assert child.stdout.readline().strip() == b"ready", child.stderr.read().decode()
            time.sleep(rng.uniform(0, 0.08))
            child.send_signal(signal.SIGKILL)
            child.wait()
        report = load_draft(path)                          # always loads: old or new, never partial
        value = report.value("t3.new.natural")
        assert isinstance(value, int)
        assert report.text("s1.active") in ("本年度按照有关要求认真开展各项工作，具体情况如下所述，特此报告说明。",
                                            f"第{value}次保存。" * 50)
        seen.add(value)
        if backup_path(path).exists():
            load_draft(backup_path(path))                  # and so does the backup
    return seen


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX only")
def test_sigkill_at_many_moments(tmp_path, filled2021):
    seen = kill_while_saving(tmp_path, filled2021, rounds=40, seed=1)
    assert len(seen) > 5      # the kills really landed at different moments of the save loop


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX only")
def test_sigkill_200_times(tmp_path, filled2021):
    seen = kill_while_saving(tmp_path, filled2021, rounds=200, seed=os.getpid())
    assert len(seen) > 10
