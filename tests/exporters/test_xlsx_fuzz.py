"""Fuzzing the reader with mutations of real exports (zip members, each part's XML, cell values):
every case ends in a result or a Chinese refusal, within 2 s, under 300 MB (issue 12)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from exporters.xlsx.writer import export_xlsx
from model.draft_store import load_draft
from tests.conftest import REFUSAL_LIMIT_S, ROOT, SAMPLE_2019, SAMPLE_2021
from tests.exporters.test_xlsx_roundtrip import awkward_report

CASES = int(os.environ.get("NIANBAO_FUZZ_CASES", "300"))
SEED = int(os.environ.get("NIANBAO_FUZZ_SEED", "20261201"))  # another seed explores other mutants
# The 2 s promise is measured natively; under Wine (the Windows run of this suite) every system
# call is emulated, so there only the outcomes are held to it, the time to five times as much.
LIMIT_S = REFUSAL_LIMIT_S
ENGLISH = re.compile(r"[A-Za-z]{5,}")


def test_mutated_exports_are_read_or_refused_in_chinese(tmp_path):
    files = []
    for i, report in enumerate([load_draft(SAMPLE_2021), load_draft(SAMPLE_2019), awkward_report("2021")]):
        path = tmp_path / f"{i}.xlsx"
        export_xlsx(report, path, draft=True)
        files.append(str(path))
    done = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "fuzz_xlsx.py"), str(SEED), str(CASES), *files],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    peak = lines.pop()["peak_mb"]
    assert len(lines) == CASES
    crashes = [c for c in lines if c["outcome"] == "crash"]
    assert not crashes, f"seed {SEED}: " + "\n".join(
        f"case {c['case']} ({c['mutation']}): {c['message']}" for c in crashes[:5]
    )
    slow = [c for c in lines if c["seconds"] > LIMIT_S]
    assert not slow, slow[:5]
    assert peak < 300, f"peak memory {peak:.0f} MB"
    refused = [c for c in lines if c["outcome"] == "refused"]
    assert refused and len(refused) < CASES  # both outcomes occur: the mutants bite
    for c in refused:
        message = c["message"]
        assert message.startswith("“乡镇.xlsx”"), c
        assert not ENGLISH.findall(
            message.replace("Excel", "").replace("WPS", "").replace("PowerPoint", "").replace("OpenDocument", "")
        ), c
