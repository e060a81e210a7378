"""Test harness: offscreen Qt, a private data folder per test, the project on sys.path."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
# A refusal of a hostile file must come within 2 s on a clerk's PC; the same tests run by the
# bundle's Windows Python under Wine (emulated, on a loaded CI machine) get five times as long.
REFUSAL_LIMIT_S = 10.0 if os.environ.get("NIANBAO_UNDER_WINE") else 2.0

SAMPLES = ROOT / "samples"
SAMPLE_2021 = SAMPLES / "jinling-2022.json"
SAMPLE_2019 = SAMPLES / "shanqiandian-2020.json"


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path_factory, monkeypatch):
    """No test ever touches the real user data folder."""
    folder = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def fmt2021():
    from model.formats import get_format

    return get_format("2021")


@pytest.fixture
def fmt2019():
    from model.formats import get_format

    return get_format("2019")


@pytest.fixture
def filled2021(fmt2021):
    """A complete, balanced 2021 report with every input 0 and every part written."""
    return make_filled(fmt2021, 2022)


@pytest.fixture
def filled2019(fmt2019):
    return make_filled(fmt2019, 2020)


def make_filled(fmt, year):
    import datetime as dt

    from model.report import Report

    report = Report.new(fmt, organ="测试镇人民政府", year=year, county="测试县", city="测试市")
    report.meta.date = dt.date(year + 1, 1, 20)
    for cell in fmt.input_cells:
        report.set_value(cell.code, 0)
    for part in fmt.narrative_parts():
        report.set_text(part.code, "本年度按照有关要求认真开展各项工作，具体情况如下所述，特此报告说明。")
    for code in fmt.fields:
        report.enter_field(code, "0")
    return report


# Property tests: no per-example deadline (shared CI machines stall), and reproducible runs.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("nianbao", deadline=None, derandomize=True, print_blob=True)
_hypothesis_settings.load_profile("nianbao")
