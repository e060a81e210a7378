"""export --xlsx, import-xlsx and consolidate as real processes: exit codes, messages, files, --force."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import openpyxl

from exporters.xlsx.reader import read_xlsx
from model.draft_store import draft_to_dict, load_draft
from tests.conftest import ROOT, SAMPLE_2019, SAMPLE_2021


def run(*args):
    return subprocess.run(
        [sys.executable, str(ROOT / "app.py"), *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def test_export_then_import(tmp_path):
    xlsx, draft = tmp_path / "金岭镇.xlsx", tmp_path / "读回.json"
    done = run("export", SAMPLE_2021, "--xlsx", xlsx)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"已导出“{xlsx}”。"
    done = run("import-xlsx", xlsx, "-o", draft)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (
        f"已读入“金岭镇.xlsx”：招远市金岭镇人民政府2022年政府信息公开工作年度报告（2021格式），已保存为草稿“{draft}”。"
        in done.stdout
    )
    a, b = draft_to_dict(load_draft(SAMPLE_2021)), draft_to_dict(load_draft(draft))
    a.pop("saved_at"), b.pop("saved_at")
    assert b.pop("save_count") == a.pop("save_count") + 1  # writing the imported draft is one more save
    assert a == b


def test_import_never_overwrites_without_force(tmp_path):
    xlsx, draft = tmp_path / "a.xlsx", tmp_path / "d.json"
    assert run("export", SAMPLE_2019, "--xlsx", xlsx).returncode == 0
    shutil.copy(SAMPLE_2021, draft)  # an existing draft of another township
    done = run("import-xlsx", xlsx, "-o", draft)
    assert done.returncode == 2 and "已经存在，没有覆盖。要覆盖请加 --force" in done.stderr
    assert draft.read_bytes() == SAMPLE_2021.read_bytes()
    done = run("import-xlsx", xlsx, "-o", draft, "--force")
    assert done.returncode == 0, done.stderr
    assert json.loads(draft.read_text(encoding="utf-8"))["meta"]["organ"] == "莱阳市山前店镇人民政府"
    assert (tmp_path / "d.json.bak").read_bytes() == SAMPLE_2021.read_bytes()  # --force keeps the old one


def test_import_edited_file_exits_1_and_lists_changes(tmp_path):
    xlsx, draft = tmp_path / "a.xlsx", tmp_path / "d.json"
    assert run("export", SAMPLE_2021, "--xlsx", xlsx).returncode == 0
    wb = openpyxl.load_workbook(xlsx)
    ws = wb["数据"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "t4.cases.review_upheld")
    ws.cell(row, 5).value = 2
    wb.save(xlsx)
    done = run("import-xlsx", xlsx, "-o", draft)
    assert done.returncode == 1
    assert f"  表四 行政复议—结果维持（数据!E{row}）：导出时为0，现在为2" in done.stdout
    assert "“表四”表" in done.stdout  # the table sheet still says 0
    assert json.loads(draft.read_text(encoding="utf-8"))["values"]["t4.cases.review_upheld"] == 2


def test_import_unreadable_file_exits_2(tmp_path):
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(b"PK\x03\x04 truncated")
    done = run("import-xlsx", bad, "-o", tmp_path / "d.json")
    assert done.returncode == 2 and "不完整或已损坏" in done.stderr
    assert not (tmp_path / "d.json").exists()


def test_export_with_errors_needs_draft(tmp_path):
    data = json.loads(SAMPLE_2021.read_text(encoding="utf-8"))
    data["values"]["t3.new.natural"] = 3
    source = tmp_path / "错.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    done = run("export", source, "--xlsx", tmp_path / "a.xlsx")
    assert done.returncode == 1 and "不能导出正式文件" in done.stderr
    assert not (tmp_path / "a.xlsx").exists()
    done = run("export", source, "--xlsx", tmp_path / "a.xlsx", "--draft")
    assert done.returncode == 0
    result = read_xlsx(tmp_path / "a.xlsx")
    assert result.draft and result.report.values["t3.new.natural"] == 3
    done = run("import-xlsx", tmp_path / "a.xlsx", "-o", tmp_path / "d.json")
    assert (
        done.returncode == 1 and "这个文件是按草稿导出的" in done.stdout and "检查结果：3个错误" in done.stdout
    )  # R1 ×2, and R3: the file's own total (0) kept


def test_consolidate_folder_with_roster(tmp_path):
    folder = tmp_path / "各镇"
    folder.mkdir()
    assert run("export", SAMPLE_2021, "--xlsx", folder / "金岭镇.xlsx").returncode == 0
    assert run("export", SAMPLE_2019, "--xlsx", folder / "山前店镇.xlsx").returncode == 0
    (folder / "坏.xlsx").write_bytes(b"")
    roster = tmp_path / "名单.txt"
    roster.write_text("招远市金岭镇人民政府\n某某镇人民政府\n", encoding="utf-8-sig")
    out = tmp_path / "汇总.xlsx"
    done = run("consolidate", folder, "-o", out, "--roster", roster)
    assert done.returncode == 1, done.stderr  # something to follow up: exit 1, file written
    lines = done.stdout.strip().splitlines()
    assert lines[0].startswith("共读入3个文件，计入合计1个")
    assert "未报送：某某镇人民政府（名单）没有收到这个单位的报告。" in done.stdout
    assert "文件无法读取：（未知单位）（“坏.xlsx”）" in done.stdout
    assert lines[-1] == f"已写入汇总工作簿“{out}”（各乡镇、街道报告数据汇总，非本级年度报告）。"
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:2] == ["汇总情况", "表二"]
    # the same again, --year 2020: the 2019-format file is summed; the existing 汇总 workbook may be replaced
    done = run("consolidate", folder, "-o", out, "--year", "2020")
    assert done.returncode == 1 and "计入合计1个" in done.stdout
    assert "2020年度" in openpyxl.load_workbook(out)["汇总情况"]["A1"].value


def test_consolidate_clean_folder_exits_0(tmp_path):
    assert run("export", SAMPLE_2021, "--xlsx", tmp_path / "a.xlsx").returncode == 0
    done = run("consolidate", tmp_path / "a.xlsx", "-o", tmp_path / "out.xlsx")
    assert done.returncode == 0, done.stdout + done.stderr


def test_consolidate_refuses_to_overwrite_a_township_file(tmp_path):
    target = tmp_path / "金岭镇.xlsx"
    assert run("export", SAMPLE_2021, "--xlsx", target).returncode == 0
    before = target.read_bytes()
    done = run("consolidate", tmp_path, "-o", target)
    assert done.returncode == 2 and "不是年报助手生成的汇总工作簿" in done.stderr
    assert target.read_bytes() == before


def test_consolidate_usage_errors(tmp_path):
    done = run("consolidate", tmp_path / "没有这个文件夹", "-o", tmp_path / "o.xlsx")
    assert done.returncode == 2 and "找不到" in done.stderr
    done = run("consolidate", tmp_path, "-o", tmp_path / "o.xlsx")
    assert done.returncode == 2 and "没有找到可以汇总的" in done.stderr
    done = run("consolidate", tmp_path, "-o", tmp_path / "o.csv")
    assert done.returncode == 2 and "应以 .xlsx 结尾" in done.stderr
    done = run("consolidate", tmp_path, "-o", tmp_path / "o.xlsx", "--roster", tmp_path / "无.txt")
    assert done.returncode == 2 and "找不到名单文件" in done.stderr
    assert not (tmp_path / "o.xlsx").exists()
