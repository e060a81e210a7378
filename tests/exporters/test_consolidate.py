"""汇总 over 200 generated township files: every status, the roster, and every summed cell checked independently."""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from exporters.county import consolidate as county
from exporters.county.consolidate import RosterError, consolidate, find_inputs, organ_key, read_roster
from exporters.county.writer import write_consolidation
from exporters.xlsx.common import GRID_TOP
from exporters.xlsx.writer import xlsx_bytes
from model.checks import run_checks
from model.draft_store import draft_to_dict
from model.formats import get_format
from model.layout import table_grid
from tests.conftest import make_filled

T0 = dt.datetime(2023, 1, 20, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def township(fmt, year: int, organ: str, rng: random.Random):
    """A balanced report with random numbers: R1 holds per column (新收+结转 = 办理结果+结转下年)."""
    report = make_filled(fmt, year)
    report.meta.organ = organ
    for cell in fmt.input_cells:
        if cell.table.code == "t3" or cell.row.code == "regulation":
            continue  # 表三 balanced below; a township makes no 规章 (C6)
        if cell.kind == "money":
            report.set_value(cell.code, Decimal(rng.randint(0, 999999)) / Decimal(10000))
        elif cell.kind == "signed":
            report.set_value(cell.code, rng.randint(-5, 5))
        else:
            report.set_value(cell.code, rng.randint(0, 20))
    for col in ("natural", "company", "research", "nonprofit", "legal_service", "other"):
        a, b, c, d = (rng.randint(0, 9) for _ in range(4))
        report.set_value(f"t3.disclosed.{col}", a)
        report.set_value(f"t3.partial.{col}", b)
        report.set_value(f"t3.np_repeated.{col}", c)
        report.set_value(f"t3.new.{col}", a + b + c)
        report.set_value(f"t3.carried.{col}", d)
        report.set_value(f"t3.next_year.{col}", d)
    for code, fld in fmt.fields.items():
        report.fields[code] = Decimal(rng.randint(0, 99999)) / 100 if fld.kind == "money" else rng.randint(0, 3)
    for part in fmt.narrative_parts():  # each township writes its own prose (identical prose is 雷同)
        report.set_text(part.code, "".join(rng.choice(PHRASES) for _ in range(14)) + "。")
    return report


PHRASES = [
    "加强",
    "规范",
    "完善",
    "落实",
    "推进",
    "深化",
    "公开",
    "专栏",
    "目录",
    "指南",
    "培训",
    "考核",
    "制度",
    "平台",
    "网站",
    "政务",
    "信息",
    "群众",
    "监督",
    "审核",
    "发布",
    "更新",
    "及时",
    "准确",
    "便民",
    "服务",
    "窗口",
    "解读",
    "回应",
    "关切",
    "村务",
    "财务",
    "党务",
    "惠民",
    "政策",
    "资金",
    "项目",
    "重点",
    "领域",
    "乡村",
]


def write_json(report, path, saved_at: dt.datetime) -> None:
    data = draft_to_dict(report)
    data["saved_at"] = saved_at.isoformat()
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def write_xlsx(report, path, exported_at: dt.datetime) -> None:
    findings = run_checks(report)
    draft = any(f.severity == "error" for f in findings)
    path.write_bytes(xlsx_bytes(report, findings, draft=draft, exported_at=exported_at))


class Generated:
    """The folder of files, what each file's status must be, and the reports that must be summed."""

    def __init__(self, folder):
        self.folder = folder
        self.expected: dict[str, str] = {}
        self.summed: list = []
        self.roster: list[str] = []
        self.missing: dict[str, str] = {}  # roster name -> words its reason must contain


def generate(folder) -> Generated:
    rng = random.Random(20230120)
    fmt21, fmt19 = get_format("2021"), get_format("2019")
    g = Generated(folder)
    (folder / "乡镇甲").mkdir()
    (folder / "乡镇乙" / "补报").mkdir(parents=True)

    def place(i: int, name: str):
        return folder / ("乡镇甲" if i % 2 else "乡镇乙/补报" if i % 5 == 0 else "乡镇乙") / name

    goods = {}
    for i in range(160):  # 140 drafts, 20 workbooks
        organ = f"测试第{i:03d}镇人民政府"
        report = township(fmt21, 2022, organ, rng)
        assert run_checks(report) == []
        path = place(i, f"{i:03d}.{'xlsx' if i < 20 else 'json'}")
        (write_xlsx if i < 20 else write_json)(report, path, T0)
        goods[i] = (report, path)
        g.expected[path.name] = county.PASS
        g.roster.append(organ)
    for i in range(160, 165):  # 警告: one blank cell in 表四 (summed as 0)
        organ = f"测试第{i:03d}街道办事处"
        report = township(fmt21, 2022, organ, rng)
        report.set_value("t4.cases.review_upheld", None)
        path = place(i, f"{i:03d}.json")
        write_json(report, path, T0)
        g.expected[path.name] = county.WARN
        g.summed.append(report)
        g.roster.append(organ.replace("办事处", ""))  # the roster may leave out 办事处
    for i in range(165, 175):  # 错误: R1 broken; three of them as .xlsx drafts
        organ = f"测试第{i:03d}镇人民政府"
        report = township(fmt21, 2022, organ, rng)
        report.set_value("t3.new.natural", report.values["t3.new.natural"] + 1)
        path = place(i, f"{i:03d}.{'xlsx' if i < 168 else 'json'}")
        (write_xlsx if i < 168 else write_json)(report, path, T0)
        g.expected[path.name] = county.ERRORS
        g.roster.append(organ)
    for k, i in enumerate(range(175, 185)):  # the same 机关 again: 5 older copies, 5 newer
        original, original_path = goods[k * 7]
        copy = township(fmt21, 2022, original.meta.organ.replace("人民政府", " 人民政府"), rng)
        newer = k % 2 == 0
        path = place(i, f"{i:03d}-重报.{'xlsx' if k < 3 else 'json'}")
        (write_xlsx if k < 3 else write_json)(copy, path, T0 + dt.timedelta(days=1 if newer else -1))
        if newer:
            g.expected[original_path.name] = county.DUPLICATE
            g.expected[path.name] = county.PASS
            g.summed.append(copy)
        else:
            g.expected[path.name] = county.DUPLICATE
    for _, (report, path) in goods.items():
        if g.expected[path.name] == county.PASS:
            g.summed.append(report)
    for i in range(185, 193):  # another year, or the 2019 format
        fmt, year = (fmt21, 2021) if i < 190 else (fmt19, 2020)
        organ = f"测试第{i:03d}镇人民政府"
        report = township(fmt, year, organ, rng)
        path = place(i, f"{i:03d}.{'xlsx' if i % 2 else 'json'}")
        (write_xlsx if i % 2 else write_json)(report, path, T0)
        g.expected[path.name] = county.MISMATCH
        if i in (185, 190):
            g.roster.append(organ)
            g.missing[organ] = f"只收到年份或格式不符的文件：“{path.name}”"
    unreadable = {
        "193-空.xlsx": b"",
        "194-截断.xlsx": (folder / "乡镇甲" / "001.xlsx").read_bytes()[:3000],
        "195-乱码.json": b"\x00\x01garbage",
        "196-别的.json": json.dumps({"a": 1}).encode(),
        "198-新格式.json": json.dumps(
            {**json.loads((folder / "乡镇乙" / "022.json").read_text(encoding="utf-8")), "format_version": "2031"}
        ).encode(),
    }
    for name, data in unreadable.items():
        (folder / name).write_bytes(data)
    from docx import Document

    Document().save(folder / "197-其实是Word.xlsx")
    other = openpyxl.Workbook()
    other.active["A1"] = "别的程序做的表"
    other.save(folder / "199-别的表.xlsx")
    for name in [*unreadable, "197-其实是Word.xlsx", "199-别的表.xlsx"]:
        g.expected[name] = county.UNREADABLE
    for n in range(1, 7):
        g.roster.append(f"未报送第{n}镇人民政府")
        g.missing[f"未报送第{n}镇人民政府"] = "没有收到这个单位的报告"
    # never read: Office lock files, hidden files, backups, other types
    (folder / "~$001.xlsx").write_bytes(b"lock")
    (folder / ".003.xlsx.tmp").write_bytes(b"tmp")
    (folder / "乡镇甲" / "001.json.bak").write_bytes(b"{}")
    (folder / "说明.txt").write_text("readme", encoding="utf-8")
    assert len(g.expected) == 200
    return g


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("townships")
    started = time.perf_counter()
    g = generate(folder)
    generated = time.perf_counter() - started
    roster = folder.parent / f"{folder.name}-名单.txt"
    roster.write_bytes(
        ("\ufeff" + "\n".join(f"  {n}  " if i % 9 == 0 else n for i, n in enumerate(g.roster)) + "\n\n\n").encode(
            "utf-8"
        )
    )
    out = folder / "汇总.xlsx"
    started = time.perf_counter()
    c = consolidate([folder], roster=roster, exclude=[out])  # the roster file itself
    write_consolidation(c, out)
    took = time.perf_counter() - started
    print(f"\n200 files generated in {generated:.1f} s; consolidated and written in {took:.1f} s")
    return g, c, out


def expected_sum(reports, code):
    numbers = [r.value(code) if code in r.fmt.cells else r.fields.get(code) for r in reports]
    numbers = [n for n in numbers if n is not None]
    return sum(numbers[1:], numbers[0]) if numbers else None


def test_every_file_has_its_status(run):
    g, c, _ = run
    got = {e.path.name: e.status for e in c.entries}
    assert got == g.expected
    for e in c.entries:
        assert e.included == (e.status in (county.PASS, county.WARN)), e.path.name
    assert c.year == 2022 and c.fmt.format_id == "2021"
    assert sorted(e.organ for e in c.included) == sorted(r.meta.organ for r in g.summed)
    assert all(e.changed == [] and e.problems == [] for e in c.entries)  # fresh exports: nothing edited


def test_reasons_say_why(run):
    _, c, _ = run
    by_name = {e.path.name: e for e in c.entries}
    assert by_name["193-空.xlsx"].reason.startswith("“193-空.xlsx”是空文件")
    assert "实际上是Word文档" in by_name["197-其实是Word.xlsx"].reason
    assert "不是年报助手导出的文件" in by_name["199-别的表.xlsx"].reason
    assert "不完整或已损坏" in by_name["194-截断.xlsx"].reason
    assert "“2031”不是本程序认识的格式" in by_name["198-新格式.json"].reason
    assert by_name["185.xlsx"].reason == "报告年度为2021年，本次汇总的是2022年度，未计入合计。"
    assert by_name["190.json"].reason == "报告年度为2020年，本次汇总的是2022年度，未计入合计。"
    assert by_name["165.xlsx"].reason.startswith("有2个错误，未计入合计")  # R1 for 自然人 and for 总计
    assert "报送的是草稿" in by_name["165.xlsx"].reason
    dup = by_name["176-重报.xlsx"]  # an older copy of 测试第007镇
    assert dup.reason.startswith(
        "与“007.xlsx”同为“测试第007镇人民政府”的报告；保留较新的“007.xlsx”（草稿第0次保存，2023年1月20日"
    )
    assert by_name["000.xlsx"].reason.startswith("与“175-重报.xlsx”同为")


def test_roster(run):
    g, c, _ = run
    assert {e.organ: e.status for e in c.missing} == {name: county.MISSING for name in g.missing}
    for e in c.missing:
        assert g.missing[e.organ] in e.reason
        assert "另有7个文件无法读取" in e.reason
    assert c.count(county.MISSING) == 8


def test_every_summed_cell_is_the_sum_over_the_included_townships(run):
    g, c, _ = run
    fmt = c.fmt
    for code in list(fmt.cells) + list(fmt.fields):
        got = c.total.value(code) if code in fmt.cells else c.total.fields[code]
        assert got == expected_sum(g.summed, code), code
    assert c.total.value("t3.new.total") > 0 and isinstance(c.total.value("t2.fee.fee_amount"), Decimal)


def test_workbook_tables_and_detail_hold_the_sums(run):
    g, c, out = run
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["汇总情况", "表二", "表三", "表四", "明细", "检查结果", "汇总数据", "所含单位"]
    assert "（各乡镇、街道报告数据汇总，非本级年度报告）" in wb["汇总情况"]["A1"].value
    assert wb.properties.keywords == "nianbao-consolidation/1"
    for table in c.fmt.tables.values():
        ws = wb[table.name]
        assert "非本级年度报告" in ws["A2"].value and "165个乡镇（街道）报告数据之和" in ws["A2"].value
        for gc in table_grid(table).value_cells():
            if gc.cell is None:
                continue
            want = expected_sum(g.summed, gc.code)
            got = ws.cell(GRID_TOP + gc.row, 1 + gc.col).value
            assert (Decimal(repr(got)) if isinstance(got, float) else got) == want, gc.code
    detail = wb["明细"]
    codes = [detail.cell(1, k).value for k in range(5, detail.max_column + 1)]
    total_row = next(r for r in range(3, detail.max_row + 1) if str(detail.cell(r, 1).value).startswith("合计"))
    assert total_row == 3 + len(g.summed)
    assert {detail.cell(r, 1).value for r in range(3, total_row)} == {r.meta.organ for r in g.summed}
    for k, code in enumerate(codes, 5):
        got = detail.cell(total_row, k).value
        want = expected_sum(g.summed, code)
        assert (Decimal(repr(got)) if isinstance(got, float) else got) == want, code
    excluded = [detail.cell(r, 1).value for r in range(total_row + 3, detail.max_row + 1)]
    assert len(excluded) == 10 + 10 + 5  # 错误, the duplicates not kept, the 2021-year files (2021 format)


def test_summary_sheet_lists_every_file_and_missing_name(run):
    g, c, out = run
    ws = openpyxl.load_workbook(out)["汇总情况"]
    header = next(r for r in range(1, 12) if ws.cell(r, 1).value == "序号")
    rows = [[ws.cell(r, k).value for k in range(1, 12)] for r in range(header + 1, ws.max_row + 1)]
    assert len(rows) == 200 + 8
    by_file = {row[2]: row for row in rows if row[2]}
    for name, status in g.expected.items():
        assert by_file[name][5] == status
        assert by_file[name][8] == ("是" if status in (county.PASS, county.WARN) else "否")
    assert [row[5] for row in rows[:8]] == [county.MISSING] * 8  # problems first
    text = ws["A4"].value
    assert text.startswith(
        "共读入200个文件，计入合计165个（通过160、有警告5）；未计入：有错误10个、重复报送10个、"
        "年份或格式不符8个、文件无法读取7个；名单共"
    )


def test_skipped_files(run):
    g, c, out = run
    read = {e.path.name for e in c.entries}
    assert not read & {"~$001.xlsx", ".003.xlsx.tmp", "001.json.bak", "说明.txt", "汇总.xlsx"}
    # run again: now the output is in the folder and skipped; an older 汇总 of the same townships found
    # there is read (逐级汇总 reads 汇总 workbooks) but refused: its townships' own files are summed
    out.with_name("去年的汇总.xlsx").write_bytes(out.read_bytes())
    again = consolidate([g.folder], exclude=[out])
    assert [(p.name, why) for p, why in again.skipped] == [("汇总.xlsx", "这是本次汇总要写入的文件")]
    assert {e.path.name: e.status for e in again.entries} == {**g.expected, "去年的汇总.xlsx": county.OVERLAP}
    old = next(e for e in again.entries if e.path.name == "去年的汇总.xlsx")
    assert old.reason.startswith("“") and "也包含在" in old.reason and "等165个单位" in old.reason
    assert again.total.values == c.total.values and len(again.units) == len(c.units) == 165
    out.with_name("去年的汇总.xlsx").unlink()


def test_findings_sheet_has_every_townships_findings(run):
    _, c, out = run
    ws = openpyxl.load_workbook(out)["检查结果"]
    rows = [[ws.cell(r, k).value for k in range(1, 9)] for r in range(2, ws.max_row + 1)]
    findings = sum(len(e.findings) + len(e.problems) + len(e.changed) + (not e.readable) for e in c.entries)
    assert len(rows) == findings
    assert any(row[1] == "165.xlsx" and row[3] == "错误" and row[4] == "R1" for row in rows)
    assert any(row[1] == "193-空.xlsx" and row[3] == "无法读取" for row in rows)


# ------------------------------------------------------------------ smaller cases


def small_folder(tmp_path, specs):
    """specs: (name, fmt_id, year, organ, saved_at offset in days, break R1)."""
    rng = random.Random(1)
    reports = {}
    for name, fmt_id, year, organ, days, broken in specs:
        report = township(get_format(fmt_id), year, organ, rng)
        if broken:
            report.set_value("t3.new.other", report.values["t3.new.other"] + 2)
        path = tmp_path / name
        (write_xlsx if name.endswith(".xlsx") else write_json)(report, path, T0 + dt.timedelta(days=days))
        reports[name] = report
    return reports


def test_year_option_and_include_errors(tmp_path):
    reports = small_folder(
        tmp_path,
        [
            ("a.json", "2021", 2022, "甲镇", 0, False),
            ("b.json", "2021", 2022, "乙镇", 0, False),
            ("c.json", "2021", 2021, "丙镇", 0, False),
            ("d.xlsx", "2021", 2021, "丁镇", 0, True),
        ],
    )
    c = consolidate([tmp_path])
    assert c.year == 2022 and {e.path.name for e in c.included} == {"a.json", "b.json"}
    c = consolidate([tmp_path], year=2021)
    assert {e.path.name: e.status for e in c.entries} == {
        "a.json": county.MISMATCH,
        "b.json": county.MISMATCH,
        "c.json": county.PASS,
        "d.xlsx": county.ERRORS,
    }
    assert [e.path.name for e in c.included] == ["c.json"]
    c = consolidate([tmp_path], year=2021, include_errors=True)
    assert {e.path.name for e in c.included} == {"c.json", "d.xlsx"}
    assert c.total.value("t3.new.other") == reports["c.json"].value("t3.new.other") + reports["d.xlsx"].value(
        "t3.new.other"
    )
    with pytest.raises(ValueError, match="不支持2015年度"):
        consolidate([tmp_path], year=2015)


def test_different_formats_are_never_summed_together(tmp_path):
    small_folder(
        tmp_path,
        [
            ("a.json", "2019", 2020, "甲镇", 0, False),
            ("b.json", "2019", 2020, "乙镇", 0, False),
            ("c.json", "2021", 2020, "丙镇", 0, False),
        ],
    )
    c = consolidate([tmp_path])
    assert c.fmt.format_id == "2019"
    assert {e.path.name: e.status for e in c.entries}["c.json"] == county.MISMATCH
    assert "不同格式的表格不能相加" in next(e for e in c.entries if e.path.name == "c.json").reason


def test_duplicate_keeps_the_newest_export(tmp_path):
    small_folder(
        tmp_path,
        [
            ("新.json", "2021", 2022, "甲镇人民政府", 2, False),
            ("旧.xlsx", "2021", 2022, "甲镇", 1, False),
            ("最旧.json", "2021", 2022, "甲 镇人民政府", -3, False),
        ],
    )
    c = consolidate([tmp_path])
    assert {e.path.name: e.status for e in c.entries} == {
        "新.json": county.PASS,
        "旧.xlsx": county.DUPLICATE,
        "最旧.json": county.DUPLICATE,
    }


def test_find_inputs(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ("a.xlsx", "b.json", "sub/c.XLSX", "~$a.xlsx", ".hidden.json", "x.json.bak", "y.docx", "out.xlsx"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "d.json").write_bytes(b"x")
    files, skipped = find_inputs([tmp_path, tmp_path / "a.xlsx"], exclude=[tmp_path / "out.xlsx"])
    assert [p.relative_to(tmp_path).as_posix() for p in files] == ["a.xlsx", "b.json", "sub/c.XLSX"]
    assert [(p.name, why) for p, why in skipped] == [("out.xlsx", "这是本次汇总要写入的文件")]


def test_read_roster(tmp_path):
    path = tmp_path / "名单.txt"
    path.write_bytes("\ufeff甲镇人民政府\r\n\r\n  乙镇  \n甲镇\n".encode("utf-8"))
    assert read_roster(path) == ["甲镇人民政府", "乙镇"]
    path.write_bytes("丙镇\n丁街道\n".encode("gb18030"))
    assert read_roster(path) == ["丙镇", "丁街道"]
    path.write_bytes(b"\n \n")
    with pytest.raises(RosterError, match="中没有机关名称"):
        read_roster(path)
    with pytest.raises(RosterError, match="找不到名单文件"):
        read_roster(tmp_path / "没有.txt")


def test_organ_key():
    assert organ_key("甲镇人民政府") == organ_key(" 甲镇 ") == organ_key("甲镇人民政府\u3000") == "甲镇"
    assert organ_key("乙街道办事处") == organ_key("乙街道")
    assert organ_key("ＡＢ镇") == organ_key("AB镇")
    assert organ_key("甲镇") != organ_key("小甲镇")


def test_nothing_readable(tmp_path):
    (tmp_path / "a.xlsx").write_bytes(b"")
    c = consolidate([tmp_path])
    assert c.fmt is None and c.total is None and [e.status for e in c.entries] == [county.UNREADABLE]
    write_consolidation(c, tmp_path / "out.xlsx")
    assert openpyxl.load_workbook(tmp_path / "out.xlsx").sheetnames == ["汇总情况", "检查结果"]


def test_a_file_that_crashes_the_reader_does_not_stop_the_others(tmp_path, monkeypatch):
    small_folder(tmp_path, [("a.json", "2021", 2022, "甲镇", 0, False), ("b.xlsx", "2021", 2022, "乙镇", 0, False)])
    import exporters.xlsx.reader as reader

    def broken(path):
        raise RuntimeError("模拟的程序错误")

    monkeypatch.setattr(reader, "read_xlsx", broken)
    c = consolidate([tmp_path])
    by_name = {e.path.name: e for e in c.entries}
    assert by_name["a.json"].status == county.PASS
    assert by_name["b.xlsx"].status == county.UNREADABLE
    reason = by_name["b.xlsx"].reason
    assert reason.startswith("读取“b.xlsx”时程序出错，这个文件没有计入。") and "RuntimeError" not in reason
    log = reason.split("错误记录“", 1)[1].split("”", 1)[0]  # the traceback is in the log, for maintainers
    assert "RuntimeError: 模拟的程序错误" in Path(log).read_text(encoding="utf-8")


def test_townships_whose_prose_is_mostly_the_same_are_listed(tmp_path):
    rng = random.Random(7)
    fmt = get_format("2021")
    reports = {name: township(fmt, 2022, name, rng) for name in ("甲镇人民政府", "乙镇人民政府", "丙镇人民政府")}
    copied = reports["乙镇人民政府"]  # 乙 took 甲's report and changed its name and a few words
    for part in fmt.narrative_parts():
        copied.set_text(part.code, reports["甲镇人民政府"].text(part.code).replace("加强", "强化", 1))
    for i, report in enumerate(reports.values()):
        write_json(report, tmp_path / f"{i}.json", T0)
    out = tmp_path / "汇总.xlsx"
    c = consolidate([tmp_path])
    [pair] = c.similar
    assert {pair.first, pair.second} == {"甲镇人民政府", "乙镇人民政府"} and pair.share > 0.9
    assert "有1对单位的正文大部分相同（见“正文雷同”表）" in c.summary()
    write_consolidation(c, out)
    ws = openpyxl.load_workbook(out)["正文雷同"]
    assert [c.value for c in ws[1]] == ["单位甲", "单位乙", "相同比例", "比较的字数", "说明"]
    row = [c.value for c in ws[2]]
    assert set(row[:2]) == {"甲镇人民政府", "乙镇人民政府"} and row[2] == f"{pair.share:.0%}"
    assert ws.max_row == 2


def test_the_workbook_prints_well_and_opens_without_recalculating(run):
    g, c, out = run
    wb = openpyxl.load_workbook(out)
    for ws in wb.worksheets:
        assert ws.oddHeader.center.text.startswith("2022年度各乡镇（街道）政府信息公开工作年度报告数据汇总"), ws.title
        assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
    detail = wb["明细"]
    assert detail.page_setup.orientation == "landscape" and detail.freeze_panes == "E3"
    assert detail.print_title_cols == "$A:$D" and detail.print_title_rows == "$1:$2"
    import re
    import zipfile

    with zipfile.ZipFile(out) as zf:
        assert 'fullCalcOnLoad="1"' not in zf.read("xl/workbook.xml").decode()
    summary = " ".join(str(cell.value) for row in wb["汇总情况"].iter_rows(max_row=6) for cell in row if cell.value)
    assert re.search(r"生成时间：\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d（\d{4}-\d\d-\d\dT", summary)
