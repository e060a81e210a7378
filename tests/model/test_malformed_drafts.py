"""Malformed drafts: every one refused or flagged with a reason, quickly, never a crash or a hang."""

import json
import re
import time

import pytest

from model.checks import run_checks
from model.draft_store import DraftError, draft_to_dict, load_draft, parse_draft
from model.normalize import Invalid
from tests.conftest import SAMPLE_2021

QUICK = 2.0  # seconds: a guard against hangs, a thousand times what these take


@pytest.fixture(scope="module")
def sample_dict():
    return draft_to_dict(load_draft(SAMPLE_2021))


def _with_value(sample, cell, value_json: str) -> bytes:
    text = json.dumps(sample, ensure_ascii=False)
    changed, n = re.subn(f'"{re.escape(cell)}": (0|"0")', lambda m: f'"{cell}": {value_json}', text, count=1)
    assert n == 1
    return changed.encode("utf-8")


@pytest.mark.parametrize("cell", ["t3.new.natural", "t2.fee.fee_amount"])
@pytest.mark.parametrize(
    "literal, reason",
    [
        ("1e30", "太大"),
        ("1000000000000000000000000000000", "太大"),
        ("1e999", "太大"),
        ("-0.0", "负数"),
        ("-3", "负数"),
        ("true", "只能填写数字"),
        ('"abc"', "只能填写数字"),
        ('{"a": 1}', "应当是一个数字"),
        ("[1, 2]", "应当是一个数字"),
        ('"１２万"', ""),
    ],
)
def test_absurd_cell_values_are_kept_and_flagged_at_their_cell(sample_dict, cell, literal, reason):
    start = time.perf_counter()
    report = parse_draft(_with_value(sample_dict, cell, literal))
    findings = [f for f in run_checks(report) if f.cell == cell]
    assert time.perf_counter() - start < QUICK
    value = report.values[cell]
    assert isinstance(value, Invalid) and reason in value.reason
    assert findings and findings[0].severity == "error" and "请改正" in findings[0].message


def test_number_with_thousands_of_digits_is_refused(sample_dict):
    start = time.perf_counter()
    with pytest.raises(DraftError) as info:
        parse_draft(_with_value(sample_dict, "t3.new.natural", "9" * 5000))
    assert time.perf_counter() - start < QUICK and "无法读取" in info.value.message


@pytest.mark.parametrize(
    "key, value, reason",
    [
        ("narrative", {"s1.active": 5}, "正文“s1.active”的内容类型不对"),
        ("meta", [1], "“基本信息”的内容类型不对"),
        ("explanations", {"D6@s1.active": ["x"]}, "说明的内容类型不对"),
        ("values", "0", "表格数据"),
        ("format_version", 2021, "不是本程序认识的格式"),
    ],
)
def test_wrong_types_are_refused_with_a_reason(sample_dict, key, value, reason):
    data = dict(sample_dict, **{key: value})
    with pytest.raises(DraftError) as info:
        parse_draft(json.dumps(data, ensure_ascii=False).encode("utf-8"))
    assert reason in info.value.message


def test_200_mb_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "巨大.json"
    with open(path, "wb") as f:  # sparse: 200 MB on paper, nothing on disk
        f.truncate(200 * 1024 * 1024)
    start = time.perf_counter()
    with pytest.raises(DraftError) as info:
        load_draft(path)
    assert time.perf_counter() - start < QUICK and "200 MB" in info.value.message


def test_deeply_nested_values_are_refused(tmp_path):
    nested = (
        '{"app": "nianbao", "schema_version": 1, "format_version": "2021", "values": '
        + '{"a": ' * 50000
        + "1"
        + "}" * 50000
        + "}"
    )
    start = time.perf_counter()
    with pytest.raises(DraftError) as info:
        parse_draft(nested.encode("utf-8"))
    assert time.perf_counter() - start < QUICK and "嵌套过深" in info.value.message


def test_correct_totals_beyond_the_count_limit_still_round_trip(sample_dict):
    """Found by the property test: a large but correct total in the file is not an invalid value."""
    data = json.loads(json.dumps(sample_dict))
    data["values"]["t3.new.natural"] = 999_999_999
    data["values"]["t3.new.company"] = 999_999_999
    data["values"]["t3.new.total"] = 1_999_999_998
    report = parse_draft(json.dumps(data).encode("utf-8"))
    assert report.stated == {} and report.value("t3.new.total") == 1_999_999_998
