"""The command line, as county staff and scripts use it: real processes, real files."""

import json
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SAMPLE_2019, SAMPLE_2021


def run(*args, cwd=None):
    return subprocess.run(
        [sys.executable, str(ROOT / "app.py"), *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        timeout=60,
    )


def test_new_then_check(tmp_path):
    draft = tmp_path / "新草稿.json"
    done = run("new", "--year", 2024, "--organ", "甲镇人民政府", "--county", "乙县", "-o", draft)
    assert done.returncode == 0, done.stderr
    assert "甲镇人民政府2024年政府信息公开工作年度报告" in done.stdout
    data = json.loads(draft.read_text(encoding="utf-8"))
    assert (data["format_version"], data["meta"]["year"], data["meta"]["county"]) == ("2021", 2024, "乙县")
    assert all(v is None for k, v in data["values"].items())
    check = run("check", draft)
    assert check.returncode == 0  # blanks are warnings, not errors
    assert "警告 D1 〔表三〕 表三还有144格没有填写。" in check.stdout
    assert check.stdout.strip().splitlines()[-1] == "共 0 个错误、16 个警告、1 个提示。"


def test_new_picks_the_2019_format_for_2020(tmp_path):
    draft = tmp_path / "d.json"
    assert run("new", "--year", 2020, "--organ", "甲镇人民政府", "-o", draft).returncode == 0
    assert json.loads(draft.read_text(encoding="utf-8"))["format_version"] == "2019"


def test_new_refuses_unsupported_year_and_existing_file(tmp_path):
    draft = tmp_path / "d.json"
    done = run("new", "--year", 2015, "--organ", "甲镇人民政府", "-o", draft)
    assert done.returncode == 2 and "报告年度“2015”不在本程序能处理的范围（2019年至" in done.stderr
    assert "argument" not in done.stderr and "usage" not in done.stderr
    draft.write_text("keep me", encoding="utf-8")
    for force in ([], ["--force"]):  # not a draft: never replaced, --force or not
        done = run("new", "--year", 2022, "--organ", "甲镇人民政府", "-o", draft, *force)
        assert done.returncode == 2 and "它是其他文件，不是要写的年报草稿" in done.stderr
    assert draft.read_text(encoding="utf-8") == "keep me"
    other = tmp_path / "e.json"
    assert run("new", "--year", 2022, "--organ", "乙镇人民政府", "-o", other).returncode == 0
    done = run("new", "--year", 2022, "--organ", "甲镇人民政府", "-o", other)
    assert done.returncode == 2 and "--force" in done.stderr
    assert run("new", "--year", 2022, "--organ", "甲镇人民政府", "-o", other, "--force").returncode == 0
    assert "乙镇人民政府" in (tmp_path / "e.json.bak").read_text(encoding="utf-8")  # the replaced draft is kept


@pytest.mark.parametrize("sample", [SAMPLE_2021, SAMPLE_2019], ids=["2021", "2019"])
def test_samples_have_no_errors(sample):
    done = run("check", sample)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "错误 " not in done.stdout
    assert done.stdout.strip().splitlines()[-1].startswith("共 0 个错误")


def test_one_changed_value_gives_exactly_r1_r2_r3(tmp_path):
    """The 2021 sample with 予以公开/自然人 raised by 2 in the file, totals left as typed."""
    data = json.loads(SAMPLE_2021.read_text(encoding="utf-8"))
    data["values"]["t3.disclosed.natural"] += 2
    draft = tmp_path / "changed.json"
    draft.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    done = run("check", draft, "--json")
    assert done.returncode == 1
    found = {
        (f["rule"], f["cell"] or f["column"], f["expected"], f["actual"])
        for f in json.loads(done.stdout)
        if f["rule"] in ("R1", "R2", "R3", "R5")
    }
    assert found == {
        ("R1", "natural", 0, 2),  # 一+二 = 0, （七）总计+四 = 2
        ("R1", "total", 0, 2),
        ("R2", "t3.results_total.natural", 2, 0),  # stated （七）总计 0, the rows add up to 2
        ("R2", "t3.results_total.total", 2, 0),
        ("R3", "t3.disclosed.total", 2, 0),  # stated row total 0, the columns add up to 2
    }
    text = run("check", draft).stdout
    assert (
        "错误 R1 〔表三 · 自然人〕 表三“自然人”列：第一项加第二项之和（0）应等于第三项加第四项之和（2），相差2，"
        in text
    )
    assert "错误 R2 〔表三 · （七）总计 · 自然人〕" in text
    assert "错误 R3 〔表三 · （一）予以公开 · 总计〕" in text


def test_check_with_last_year(tmp_path):
    last = json.loads(SAMPLE_2019.read_text(encoding="utf-8"))
    last["values"]["t3.new.natural"] = 1
    last["values"]["t3.next_year.natural"] = 1
    path = tmp_path / "last.json"
    path.write_text(json.dumps(last, ensure_ascii=False), encoding="utf-8")
    done = run("check", SAMPLE_2021, "--last-year", path)
    assert done.returncode == 0  # R6 is a warning
    assert "警告 R6 〔表三 · 二、上年结转政府信息公开申请数量 · 自然人〕" in done.stdout


def test_check_unreadable_file_exits_2(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    done = run("check", bad)
    assert done.returncode == 2 and "已损坏或不完整" in done.stderr
    done = run("check", tmp_path / "missing.json")
    assert done.returncode == 2 and "找不到文件" in done.stderr


def test_usage_errors_exit_2_in_chinese():
    done = run("new", "--year", "abc")
    assert done.returncode == 2 and "命令行有误" in done.stderr
    done = run("check", "x.json", "--deadline", "0131")
    assert done.returncode == 2 and "不是“月-日”的形式" in done.stderr
    for day in ("13-40", "02-30", "04-31"):  # 02-30 used to crash the command
        done = run("check", "x.json", "--deadline", day)
        assert done.returncode == 2 and f"“{day}”不是一年中的某一天" in done.stderr, done.stderr
        assert "Traceback" not in done.stderr
    done = run("check", "x.json", "--deadline", "02-29")  # a day in leap years
    assert done.returncode == 2 and "找不到" in done.stderr
    done = run("new", "--year", "2024", "--organ", "", "-o", "x.json")
    assert done.returncode == 2 and "机关名称不能为空" in done.stderr
    for args in (
        ["new", "--organ", "x", "-o", "y.json"],
        ["check"],
        ["consolidate", "a", "-o"],
        ["bogus-option", "--zz"],
    ):
        done = run(*args)
        assert done.returncode == 2 and not re.search(r"\b(usage|argument|required|error|expected)\b", done.stderr), (
            done.stderr
        )


def test_deadline_option(tmp_path):
    data = json.loads(SAMPLE_2021.read_text(encoding="utf-8"))
    data["meta"]["date"] = "2023-02-10"
    draft = tmp_path / "late.json"
    draft.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert "D5" in run("check", draft).stdout
    assert "D5" not in run("check", draft, "--deadline", "2-20").stdout


def test_content_findings_in_check_json_and_the_xlsx(tmp_path):
    """The prose against the tables (C1), stale years (C3) and, with --last-year, copied text (C4)."""
    from model.draft_store import load_draft, save_draft

    report = load_draft(SAMPLE_2021)
    report.set_text("s1.on_request", "本年度共收到政府信息公开申请5件。")
    draft, last = tmp_path / "2023.json", tmp_path / "2022.json"
    save_draft(report, last)
    report.meta.year = 2023
    save_draft(report, draft)
    done = run("check", draft)
    assert done.returncode == 0  # warnings only
    assert re.search(r"^警告 C1 〔一、总体情况 · （二）依申请公开〕 .*写“收到政府信息公开申请5件”", done.stdout, re.M)
    assert "警告 C3 〔一、总体情况 · （一）主动公开〕" in done.stdout
    assert "C4" not in done.stdout
    with_last = run("check", draft, "--last-year", last, "--json")
    rules = {f["rule"] for f in json.loads(with_last.stdout)}
    assert {"C1", "C3", "C4"} <= rules
    xlsx = tmp_path / "报县里.xlsx"
    assert run("export", draft, "--xlsx", xlsx).returncode == 0
    import openpyxl

    rows = [[c.value for c in row] for row in openpyxl.load_workbook(xlsx)["检查结果"].iter_rows()]
    assert any("C1" in row for row in rows) and any("C3" in row for row in rows)


PUBLISHED = ROOT / "tests" / "fixtures" / "published"


def test_import_report_lists_first_and_writes_only_when_asked(tmp_path):
    source = next(PUBLISHED.glob("001_*.txt"))
    shown = run("import-report", source, cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "金山镇 2023年度，按中华人民共和国政府信息公开工作年度报告格式读入：" in shown.stdout
    assert "表三“（七）总计”行“总计”列公布的是1，而各项之和是0" in shown.stdout
    assert "没有写入草稿" in shown.stdout and list(tmp_path.iterdir()) == []
    draft = tmp_path / "金山镇2023.json"
    written = run("import-report", source, "-o", draft)
    assert written.returncode == 0 and draft.exists()
    data = json.loads(draft.read_text(encoding="utf-8"))
    assert data["meta"]["organ"] == "金山镇" and data["values"]["t2.license.decisions"] == 690
    again = run("import-report", source, "-o", draft)
    assert again.returncode == 2 and "--force" in again.stderr
    check = run("check", draft)
    assert check.returncode == 1 and "R2" in check.stdout  # the published total that disagrees


def test_import_report_refuses_what_is_no_report(tmp_path):
    doc = tmp_path / "旧报告.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    done = run("import-report", doc, "-o", tmp_path / "d.json")
    assert done.returncode == 2 and "另存为”Word文档（.docx）" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "d.json").exists()
    missing = run("import-report", tmp_path / "没有.html")
    assert missing.returncode == 2 and "找不到" in missing.stderr
    same = run("import-report", doc, "-o", doc, "--force")
    assert same.returncode == 2 and doc.read_bytes().startswith(b"\xd0\xcf")  # no output replaces an input


def test_import_report_compares_the_published_report_with_what_the_township_sent(tmp_path):
    source = next(PUBLISHED.glob("004_*.txt"))
    draft = tmp_path / "报送.json"
    assert run("import-report", source, "-o", draft).returncode == 0
    xlsx = tmp_path / "报送.xlsx"
    assert run("export", draft, "--xlsx", xlsx, "--draft").returncode == 0
    same = run("import-report", source, "--compare", xlsx)
    assert same.returncode == 0 and "没有不同" in same.stdout
    from model.draft_store import load_draft, save_draft

    report = load_draft(draft)
    report.enter("t2.penalty.decisions", "5")
    report.set_text("s1.on_request", "本年度未收到申请。")
    save_draft(report, draft)
    differ = run("import-report", source, "--compare", draft)
    assert differ.returncode == 1
    assert "表二“行政处罚”行“本年处理决定数量”列：发布的是0，报送的是5。" in differ.stdout
    assert "“一、总体情况（二）依申请公开”：发布的文字与报送的不同" in differ.stdout
