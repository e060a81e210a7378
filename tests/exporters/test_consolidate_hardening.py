"""One bad input never stops a 汇总 and nothing odd is read (issue 12, items 10, 11, 12, 16, 17)."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import subprocess
import sys
import time

import pytest

from exporters.county.consolidate import DUPLICATE, ERRORS, PASS, UNREADABLE, consolidate
from model.formats import get_format
from tests.conftest import ROOT
from tests.exporters.test_consolidate import T0, township, write_json, write_xlsx


def run(*args, timeout=60):
    return subprocess.run(
        [sys.executable, str(ROOT / "app.py"), *map(str, args)], capture_output=True, text=True, timeout=timeout
    )


def one(tmp_path, name, organ="甲镇人民政府", days=0, seed=1, **changes):
    report = township(get_format("2021"), 2022, organ, random.Random(seed))
    for key, value in changes.items():
        setattr(report, key, value)
    path = tmp_path / name
    (write_xlsx if name.endswith(".xlsx") else write_json)(report, path, T0 + dt.timedelta(days=days))
    return report


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="pipes and /dev/zero are POSIX (the Windows run under Wine)")
def test_devices_pipes_and_link_loops_are_listed_and_the_run_goes_on(tmp_path):
    one(tmp_path, "甲镇.xlsx")
    (tmp_path / "零.xlsx").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "管道.xlsx")
    (tmp_path / "圈.xlsx").symlink_to(tmp_path / "圈.xlsx")
    (tmp_path / "断.json").symlink_to(tmp_path / "不存在.json")
    start = time.monotonic()
    c = consolidate([tmp_path])
    assert time.monotonic() - start < 10
    by_name = {e.path.name: e for e in c.entries}
    assert by_name["甲镇.xlsx"].status == PASS
    assert "不是普通文件" in by_name["零.xlsx"].reason and "不是普通文件" in by_name["管道.xlsx"].reason
    assert "绕成了圈" in by_name["圈.xlsx"].reason
    assert "找不到" in by_name["断.json"].reason
    for name in ("零.xlsx", "管道.xlsx", "圈.xlsx", "断.json"):
        assert by_name[name].status == UNREADABLE
        assert "Too many" not in by_name[name].reason and "Errno" not in by_name[name].reason
    done = run("check", tmp_path / "管道.xlsx")  # given to check: refused, no hang
    assert done.returncode == 2 and "Traceback" not in done.stderr
    done = run("consolidate", tmp_path, "-o", tmp_path / "汇总.xlsx")
    assert done.returncode == 1 and (tmp_path / "汇总.xlsx").exists(), done.stderr


def test_arguments_are_checked_before_any_file_is_read(tmp_path, monkeypatch):
    one(tmp_path, "甲镇.xlsx")
    for args, words in (
        (["-o", tmp_path / "没有这个文件夹" / "汇总.xlsx"], "找不到文件夹"),
        (["-o", tmp_path / "汇总.xlsx", "--year", "1999"], "报告年度“1999”不在本程序能处理的范围"),
        (["-o", tmp_path / "甲镇.xlsx"], "不是年报助手生成的汇总工作簿"),
    ):
        done = run("consolidate", tmp_path, *args)
        assert done.returncode == 2 and words in done.stderr, done.stderr


@pytest.mark.parametrize("year", [9999, -5, 10**3999])
def test_a_file_with_an_absurd_year_does_not_stop_the_others(tmp_path, year):
    one(tmp_path, "甲镇.json")
    one(tmp_path, "乙镇.json", organ="乙镇人民政府", seed=2)
    data = json.loads((tmp_path / "乙镇.json").read_text(encoding="utf-8"))
    data["meta"]["year"] = year
    (tmp_path / "乙镇.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    done = run("consolidate", tmp_path, "-o", tmp_path / "汇总.xlsx")
    assert done.returncode == 1 and "Traceback" not in done.stderr and (tmp_path / "汇总.xlsx").exists()
    assert "乙镇.json" in done.stdout and "报告年度" in done.stdout


def test_an_absurd_export_time_is_treated_as_unknown(tmp_path):
    one(tmp_path, "甲镇-旧.json", days=-3)
    one(tmp_path, "甲镇-新.json", seed=2)
    data = json.loads((tmp_path / "甲镇-新.json").read_text(encoding="utf-8"))
    data["saved_at"] = "0001-01-01T00:00:00"
    (tmp_path / "甲镇-新.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    c = consolidate([tmp_path])
    by_name = {e.path.name: e for e in c.entries}
    assert by_name["甲镇-新.json"].exported_at is None
    assert any("不可信" in p for p in by_name["甲镇-新.json"].problems)
    assert by_name["甲镇-新.json"].status == DUPLICATE and by_name["甲镇-旧.json"].status == PASS


def test_identical_files_without_a_name_are_not_summed_twice(tmp_path):
    for name in ("无名-1.json", "无名-2.json"):
        report = one(tmp_path, name, organ="")
    c = consolidate([tmp_path], include_errors=True)
    assert c.included == [] and {e.status for e in c.entries} == {ERRORS}
    assert all("没有填写机关名称" in e.reason for e in c.entries)
    assert c.total.value("t3.new.total") in (0, None)
    assert report.meta.organ == ""


def test_identical_files_under_two_names_are_one_report(tmp_path):
    one(tmp_path, "a.json")
    one(tmp_path, "b.json")  # the same township, the same content, sent twice
    c = consolidate([tmp_path])
    assert sorted(e.status for e in c.entries) == sorted([DUPLICATE, PASS]) and len(c.included) == 1


def test_duplicates_are_ranked_by_the_drafts_save_counter_before_the_clock(tmp_path):
    one(tmp_path, "甲镇-改后.xlsx", seed=2, days=-30, save_count=7)  # the PC's clock was set back
    one(tmp_path, "甲镇-改前.xlsx", seed=1, days=0, save_count=3)
    c = consolidate([tmp_path])
    by_name = {e.path.name: e for e in c.entries}
    assert by_name["甲镇-改后.xlsx"].status == PASS and by_name["甲镇-改前.xlsx"].status == DUPLICATE
    reason = by_name["甲镇-改前.xlsx"].reason
    assert "保留较新的“甲镇-改后.xlsx”（草稿第7次保存，2022年12月21日" in reason
    assert "这一份（草稿第3次保存，2023年1月20日" in reason
    done = run("consolidate", tmp_path, "-o", tmp_path / "汇总.xlsx")
    import openpyxl

    book = openpyxl.load_workbook(tmp_path / "汇总.xlsx", read_only=True)
    texts = " ".join(str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v)
    book.close()
    assert "草稿第7次保存" in texts and "草稿第3次保存" in texts, done.stdout
