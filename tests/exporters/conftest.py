"""Fixtures the exporter tests share."""

from __future__ import annotations

import pytest

from exporters.xlsx.writer import export_xlsx
from model.draft_store import load_draft
from tests.conftest import SAMPLE_2021


@pytest.fixture(scope="session")
def genuine(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("genuine") / "金岭镇.xlsx"
    export_xlsx(load_draft(SAMPLE_2021), path)
    return path.read_bytes()
