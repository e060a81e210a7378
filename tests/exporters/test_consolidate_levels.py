"""逐级汇总: counties' 汇总 summed by a city, cities' by a province; no township ever counted twice.

The sums at every level are compared, code by code, with sums taken independently over the township
reports themselves; the units each 汇总 carries with the checksums of the townships' own reports.
"""

from __future__ import annotations

import random
import shutil
from decimal import Decimal

import openpyxl
import pytest

import app
from exporters.county import consolidate as county
from exporters.county.carried import CARRIED_SHEET, UNITS_SHEET
from exporters.county.consolidate import consolidate, loaded
from exporters.county.writer import consolidation_bytes, write_consolidation
from exporters.xlsx.common import checksum
from model.draft_store import draft_to_dict
from model.formats import get_format
from model.report import compute_totals
from tests.exporters.test_consolidate import T0, township, write_xlsx

# city → county → number of townships; 城关镇 is in two counties, as in life
HIERARCHY = {"甲市": {"甲县": 4, "乙县": 3}, "乙市": {"丙县": 3}}


class Tree:
    def __init__(self, root):
        self.root = root
        self.reports: dict[str, list] = {}  # county -> its townships' reports
        self.files: dict[str, list] = {}  # county -> its townships' files
        self.county_books: dict[str, object] = {}  # county -> its 汇总 workbook
        self.city_books: dict[str, object] = {}


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Tree:
    root = tmp_path_factory.mktemp("levels")
    t = Tree(root)
    fmt = get_format("2021")
    rng = random.Random(32)
    for city, counties in HIERARCHY.items():
        for name, n in counties.items():
            folder = root / "乡镇" / name
            folder.mkdir(parents=True)
            t.reports[name], t.files[name] = [], []
            for i in range(n):
                organ = "城关镇人民政府" if i == 0 else f"{name}第{i}镇人民政府"
                report = township(fmt, 2022, organ, rng)
                report.meta.county = name if i else ""  # a 城关镇 that left its county blank
                report.meta.city = city
                path = folder / f"{i}.xlsx"
                write_xlsx(report, path, T0)
                t.reports[name].append(report)
                t.files[name].append(path)
            c = consolidate([folder], unit=name)
            assert [e.status for e in c.entries] == [county.PASS] * n
            out = root / "县汇总" / city / f"{name}汇总.xlsx"
            out.parent.mkdir(parents=True, exist_ok=True)
            write_consolidation(c, out)
            t.county_books[name] = out
        c = consolidate([root / "县汇总" / city], unit=city)
        out = root / "市汇总" / f"{city}汇总.xlsx"
        out.parent.mkdir(parents=True, exist_ok=True)
        write_consolidation(c, out)
        t.city_books[city] = out
    return t


def expected_sums(reports) -> dict:
    """Every input and 六（一） figure summed straight over the township reports, and the totals derived."""
    fmt = reports[0].fmt
    sums: dict = {}
    for code in [c.code for c in fmt.input_cells]:
        numbers = [r.values.get(code) for r in reports if isinstance(r.values.get(code), (int, Decimal))]
        sums[code] = sum(numbers[1:], numbers[0]) if numbers else None
    totals = compute_totals(fmt, sums)
    for code in fmt.fields:
        numbers = [r.fields.get(code) for r in reports if isinstance(r.fields.get(code), (int, Decimal))]
        sums[code] = sum(numbers[1:], numbers[0]) if numbers else None
    return {**sums, **totals}


def assert_sums(c, reports) -> None:
    expected = expected_sums(reports)
    fmt = reports[0].fmt
    got = {code: c.total.value(code) for code in fmt.cells} | {code: c.total.fields.get(code) for code in fmt.fields}
    assert got == expected
    assert sorted((u.organ, u.checksum) for u in c.units) == sorted(
        (r.meta.organ, checksum(draft_to_dict(r))) for r in reports
    )


def county_reports(t: Tree, city: str) -> list:
    return [r for name in HIERARCHY[city] for r in t.reports[name]]


def test_sums_equal_township_sums_at_every_level(tree):
    t = tree
    for name in t.county_books:  # county level, from the townships' files
        assert_sums(consolidate(t.files[name]), t.reports[name])
    for city in HIERARCHY:  # city level, from the counties' 汇总
        c = consolidate([t.root / "县汇总" / city])
        assert all(e.kind == county.LEVEL and e.status == county.PASS for e in c.entries)
        assert_sums(c, county_reports(t, city))
    c = consolidate(list(t.city_books.values()), unit="某省")  # province level, from the cities' 汇总
    everyone = [r for reports in t.reports.values() for r in reports]
    assert_sums(c, everyone)
    assert c.count(county.PASS) == 2 and len(c.units) == 10
    assert "合计包含10个乡镇（街道）的报告" in c.summary()
    # the two 城关镇 are two townships: their counties tell them apart (the blank one is its county's)
    assert sorted(u.county for u in c.units if u.organ == "城关镇人民政府") == ["丙县", "乙县", "甲县"]


def test_the_province_workbook_shows_the_sums_and_the_units(tree, tmp_path):
    c = consolidate(list(tree.city_books.values()), unit="某省")
    out = tmp_path / "省汇总.xlsx"
    write_consolidation(c, out)
    wb = openpyxl.load_workbook(out)
    units = wb[UNITS_SHEET]
    rows = [[units.cell(r, k).value for k in range(1, 6)] for r in range(2, units.max_row + 1)]
    assert len(rows) == 10 and [row[0] for row in rows] == list(range(1, 11))
    via = {row[1]: row[4] for row in rows if row[1] == "甲县第1镇人民政府"}
    assert via == {"甲县第1镇人民政府": "甲市汇总.xlsx / 甲县汇总.xlsx / 1.xlsx"}
    data = wb[CARRIED_SHEET]
    carried = {data.cell(r, 1).value: data.cell(r, 2).value for r in range(2, data.max_row + 1)}
    assert carried["level.unit"] == "某省" and carried["level.units"] == "10"
    everyone = [r for reports in tree.reports.values() for r in reports]
    expected = expected_sums(everyone)
    for code in [cell.code for cell in everyone[0].fmt.input_cells]:
        assert carried[code] == (None if expected[code] is None else pytest.approx(float(expected[code])))
    detail = wb["明细"]
    names = [detail.cell(r, 1).value for r in range(3, 5)]
    assert names == ["甲市（汇总，7个单位）", "乙市（汇总，3个单位）"]


def test_a_unit_in_two_county_consolidations_is_refused_at_city_level(tree, tmp_path):
    t = tree
    # 甲县第1镇's file was also put in 乙县's folder: both counties' 汇总 hold it
    folder = tmp_path / "乙县"
    shutil.copytree(t.root / "乡镇" / "乙县", folder)
    shutil.copy(t.files["甲县"][1], folder / "误放的甲县第1镇.xlsx")
    wrong = consolidate([folder], unit="乙县")
    assert wrong.count(county.PASS) == 4
    (tmp_path / "县").mkdir()
    write_consolidation(wrong, tmp_path / "县" / "乙县汇总.xlsx")
    shutil.copy(t.county_books["甲县"], tmp_path / "县" / "甲县汇总.xlsx")
    c = consolidate([tmp_path / "县"])
    status = {e.file_name: e.status for e in c.entries}
    assert status == {"乙县汇总.xlsx": county.OVERLAP, "甲县汇总.xlsx": county.OVERLAP}
    for e in c.entries:
        assert "“甲县第1镇人民政府”（甲县）也包含在" in e.reason and not e.included
    assert c.units == [] and all(v is None for v in c.total.values.values())
    assert c.has_problems
    # the command line says so, and exits 1
    lines = []
    args = app.build_parser().parse_args(["consolidate", str(tmp_path / "县"), "-o", str(tmp_path / "市.xlsx")])
    code = app.cmd_consolidate(args, out=_collect(lines))
    assert code == app.EXIT_FINDINGS
    assert sum(line.startswith("单位重复：") for line in lines) == 2


def _collect(lines):
    def out(text="", *, err=False):
        lines.append(text)

    return out


def test_a_township_file_beside_its_countys_consolidation(tree, tmp_path):
    """The township's own file stays, the 汇总 that also holds it is refused: nothing counted twice."""
    t = tree
    c = consolidate([t.county_books["甲县"], t.files["甲县"][2]])
    status = {e.file_name: e.status for e in c.entries}
    assert status == {"甲县汇总.xlsx": county.OVERLAP, "2.xlsx": county.PASS}
    assert_sums(c, [t.reports["甲县"][2]])


def test_the_same_consolidation_twice_is_a_duplicate_not_an_overlap(tree, tmp_path):
    shutil.copy(tree.county_books["丙县"], tmp_path / "丙县汇总（再次发送）.xlsx")
    c = consolidate([tree.county_books["丙县"], tmp_path / "丙县汇总（再次发送）.xlsx"])
    assert sorted(e.status for e in c.entries) == sorted([county.PASS, county.DUPLICATE])
    assert_sums(c, tree.reports["丙县"])


def test_a_consolidation_edited_after_it_was_written(tree, tmp_path):
    wb = openpyxl.load_workbook(tree.county_books["乙县"])
    data = wb[CARRIED_SHEET]
    row = next(r for r in range(2, data.max_row + 1) if data.cell(r, 1).value == "t3.new.natural")
    data.cell(row, 2).value = (data.cell(row, 2).value or 0) + 100
    edited = tmp_path / "乙县汇总.xlsx"
    wb.save(edited)
    c = consolidate([edited, tree.county_books["甲县"]])
    e = next(e for e in c.entries if e.file_name == "乙县汇总.xlsx")
    assert e.status == county.ERRORS and not e.included
    assert e.reason.startswith("汇总工作簿生成后被修改过（校验码不符）")
    assert_sums(c, tree.reports["甲县"])
    again = consolidate([edited, tree.county_books["甲县"]], include_errors=True)
    assert next(e for e in again.entries if e.file_name == "乙县汇总.xlsx").included


def test_an_old_consolidation_without_its_units_cannot_be_summed_again(tree, tmp_path):
    wb = openpyxl.load_workbook(tree.county_books["乙县"])
    del wb[UNITS_SHEET]
    old = tmp_path / "乙县汇总（旧版）.xlsx"
    wb.save(old)
    (e,) = consolidate([old]).entries
    assert e.status == county.UNREADABLE
    assert "不知道它包含哪些单位，不能再次汇总" in e.reason


def test_roster_at_city_level_counts_the_townships_inside_each_consolidation(tree):
    roster = [r.meta.organ for r in tree.reports["甲县"][1:]] + ["甲县不存在镇人民政府", "甲县"]
    c = consolidate([tree.county_books["甲县"]], roster=roster)
    assert [m.organ for m in c.missing] == ["甲县不存在镇人民政府"]
    only_counties = consolidate([tree.county_books["甲县"], tree.county_books["乙县"]], roster=["甲县", "乙县", "丁县"])
    assert [m.organ for m in only_counties.missing] == ["丁县"]


def test_parallel_and_serial_consolidation_give_identical_workbooks(tree, tmp_path):
    folders = [tree.root / "乡镇", tree.root / "县汇总" / "乙市"]
    serial = consolidate(folders, workers=1, unit="测试")
    parallel = consolidate(folders, workers=2, unit="测试")
    kept = [
        [(e.file_name, e.status, e.reason, loaded(e.numbers), loaded(e.grams), e.units) for e in c.entries]
        for c in (serial, parallel)
    ]
    assert kept[0] == kept[1]
    parallel.created_at = serial.created_at
    books = [openpyxl.load_workbook(__import__("io").BytesIO(consolidation_bytes(c))) for c in (serial, parallel)]
    assert books[0].sheetnames == books[1].sheetnames
    for name in books[0].sheetnames:
        a, b = books[0][name], books[1][name]
        assert [[cell.value for cell in row] for row in a.iter_rows()] == [
            [cell.value for cell in row] for row in b.iter_rows()
        ], name
        assert a.merged_cells.ranges == b.merged_cells.ranges
    # 丙县's townships are both in the folder of files and in 乙市's folder as 丙县汇总: the 汇总 is refused
    assert {e.file_name: e.status for e in serial.entries if e.kind == county.LEVEL} == {
        "丙县汇总.xlsx": county.OVERLAP
    }


def test_similarity_is_looked_for_within_a_county(tree):
    from exporters.county.similarity import prose_grams, similar_pairs

    fmt = get_format("2021")
    a, b, c = (township(fmt, 2022, f"{n}镇", random.Random(5)) for n in "甲乙丙")
    assert a.narrative == b.narrative == c.narrative  # the same prose three times
    g = prose_grams(a)
    pairs = similar_pairs(fmt, [("甲镇", "一县", g), ("乙镇", "二县", g), ("丙镇", "一县", g)])
    assert [(p.first, p.second, p.share) for p in pairs] == [("甲镇", "丙镇", 1.0)]
    pairs = similar_pairs(fmt, [("甲镇", "一县", g), ("乙镇", "", g), ("丙镇", "二县", g)])
    assert {(p.first, p.second) for p in pairs} == {("甲镇", "乙镇"), ("乙镇", "丙镇")}


def test_sheets_written_row_by_row_keep_their_layout(tree):
    """Write-only mode: widths and frozen panes before the rows, the tables copied whole with their styles."""
    from exporters.xlsx.tables import Styles, write_table_sheet

    c = consolidate(tree.files["甲县"], unit="甲县")
    wb = openpyxl.load_workbook(__import__("io").BytesIO(consolidation_bytes(c)))
    frozen = {"汇总情况": "C7", "明细": "E3", "检查结果": "A2", CARRIED_SHEET: "A2", UNITS_SHEET: "A2"}
    for name, cell in frozen.items():
        ws = wb[name]
        assert ws.freeze_panes == cell, name
        assert ws.column_dimensions["A"].width > 5 and ws.column_dimensions["B"].width > 5, name
    reference = openpyxl.Workbook()
    section = next(s for s in c.fmt.table_sections() if s.table.code == "t3")
    ws = reference.active
    write_table_sheet(
        ws, section.table, lambda cell: c.total.value(cell.code), Styles(), title="t", subtitle="s", note="n"
    )
    saved = __import__("io").BytesIO()
    reference.save(saved)  # as read back: borders of merged cells come from their first cell
    ws = openpyxl.load_workbook(saved).active
    copy = wb["表三"]
    assert copy.merged_cells.ranges == ws.merged_cells.ranges
    assert copy.print_title_rows == ws.print_title_rows and copy.freeze_panes == ws.freeze_panes
    assert copy.page_setup.orientation == ws.page_setup.orientation
    for row in ws.iter_rows(min_row=4):
        for cell in row:
            other = copy[cell.coordinate]
            assert other.value == cell.value, cell.coordinate
            assert (other.font.b, other.border.left.style, other.alignment.horizontal, other.number_format) == (
                cell.font.b,
                cell.border.left.style,
                cell.alignment.horizontal,
                cell.number_format,
            ), cell.coordinate
    for key, dim in ws.column_dimensions.items():
        assert copy.column_dimensions[key].width == dim.width
    for r, dim in ws.row_dimensions.items():
        assert copy.row_dimensions[r].height == dim.height


def test_similar_pairs_are_those_every_pair_compared_whole_gives():
    """The shared-n-gram shortcut (exporters.county.similarity) drops no pair and changes no share:
    against every pair of a county compared whole, over prose copied in part, whole and not at all."""
    from array import array

    from exporters.county.similarity import similar_pairs

    fmt = get_format("2021")
    rng = random.Random(7)
    pool = [rng.getrandbits(64) for _ in range(6000)]
    boiler = pool[:150]  # what every report of a county says
    prepared, grams = [], []
    for k in range(24):
        own = rng.sample(pool[150:], rng.randint(40, 900))
        if k % 5 == 4:  # copied: most of the one before, and a little of its own
            own = rng.sample(grams[-1], int(len(grams[-1]) * rng.choice((0.55, 0.6, 0.62, 0.9, 1.0)))) + own[:20]
        hashes = sorted(set(boiler + own))
        grams.append(hashes)
        county = "" if k == 23 else ("一县" if k < 12 else "二县")
        data = (len(hashes) * 3).to_bytes(4, "big") + array("Q", hashes).tobytes()
        prepared.append((f"{k:02d}镇", county, data))
    share = fmt.prose.similar_share
    expected = set()
    for i in range(24):
        for j in range(i + 1, 24):
            if prepared[i][1] != prepared[j][1] and "" not in (prepared[i][1], prepared[j][1]):
                continue
            a, b = set(grams[i]), set(grams[j])
            s = len(a & b) / min(len(a), len(b))
            if s >= share:
                expected.add((prepared[i][0], prepared[j][0], s))
    got = {(p.first, p.second, p.share) for p in similar_pairs(fmt, prepared)}
    assert got == expected
    assert len(expected) >= 4  # the copies were found (and the test has pairs to lose)
