"""The tools that keep the code in order, as configured in pyproject.toml: ruff (lint, format), mypy on model/."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize(
    "command",
    [("ruff", "check", "--no-cache", "."), ("ruff", "format", "--check", "--no-cache", ".")],
    ids=["ruff-check", "ruff-format"],
)
def test_ruff_is_clean(command):
    done = _run(*command)
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_on_model_is_clean():
    done = _run("mypy", "--cache-dir", os.devnull)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success" in done.stdout
