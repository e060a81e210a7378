"""The .xlsx files as LibreOffice reads them: every sheet to CSV, values where they belong, typed text still text;
a township file saved again by LibreOffice (shared strings, its own styles) reads back to the same draft;
a formula someone typed is read through the result LibreOffice saved with it.

LibreOffice turns a carriage return inside a cell into a line feed when it saves; Excel keeps it. The
re-saved report below therefore has no CR in its texts (the round trip without LibreOffice covers CR).
"""

from __future__ import annotations

import csv
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import openpyxl
import pytest

from exporters.county.consolidate import consolidate
from exporters.county.writer import write_consolidation
from exporters.xlsx.common import GRID_TOP
from exporters.xlsx.reader import read_xlsx
from exporters.xlsx.writer import export_xlsx
from model.draft_store import load_draft
from model.formats import get_format
from model.layout import table_grid
from model.normalize import Invalid
from tests.conftest import SAMPLE_2019, SAMPLE_2021
from tests.exporters.test_consolidate import township
from tests.exporters.test_xlsx_roundtrip import awkward_report, same_draft
from tests.lo import CSV_FILTER, convert

pytestmark = pytest.mark.render
XLSX_FILTER = "xlsx:Calc MS Excel 2007 XML"


def no_cr(report):
    for code, text in report.narrative.items():
        report.narrative[code] = text.replace("\r\n", "\n").replace("\r", "\n")
    for key, text in report.explanations.items():
        report.explanations[key] = text.replace("\r\n", "\n").replace("\r", "\n")
    return report


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    folder = tmp_path_factory.mktemp("xlsx-render")
    awkward = no_cr(awkward_report("2021"))
    export_xlsx(awkward, folder / "awkward.xlsx", draft=True)
    sample19 = load_draft(SAMPLE_2019)
    export_xlsx(sample19, folder / "sample19.xlsx")
    formula = load_draft(SAMPLE_2021)
    export_xlsx(formula, folder / "formula.xlsx")
    wb = openpyxl.load_workbook(folder / "formula.xlsx")
    ws = wb["数据"]
    formula_row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "t4.cases.review_upheld")
    ws.cell(formula_row, 5).value = "=1+2"
    wb.save(folder / "formula.xlsx")
    towns = folder / "towns"
    towns.mkdir()
    import random

    rng = random.Random(5)
    reports = [township(get_format("2021"), 2022, f"第{i}镇", rng) for i in range(4)]
    for i, report in enumerate(reports):
        export_xlsx(report, towns / f"{i}.xlsx")
    consolidated = consolidate([towns])
    write_consolidation(consolidated, folder / "汇总.xlsx")
    jobs = {
        "awkward-csv": (folder / "awkward.xlsx", CSV_FILTER, folder / "awkward-csv"),
        "sample19-csv": (folder / "sample19.xlsx", CSV_FILTER, folder / "sample19-csv"),
        "awkward-xlsx": (folder / "awkward.xlsx", XLSX_FILTER, folder / "awkward-resaved"),
        "formula-xlsx": (folder / "formula.xlsx", XLSX_FILTER, folder / "formula-resaved"),
        "汇总-csv": (folder / "汇总.xlsx", CSV_FILTER, folder / "汇总-csv"),
    }
    with ThreadPoolExecutor(max_workers=3) as pool:
        futures = {name: pool.submit(convert, *args) for name, args in jobs.items()}
        files = {name: f.result() for name, f in futures.items()}
    return {"awkward": awkward, "sample19": sample19, "formula_row": formula_row, "reports": reports, "files": files}


def sheet_csv(files, sheet: str) -> list[list[str]]:
    path = next(p for p in files if p.stem.endswith(f"-{sheet}"))
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def number(text: str):
    return Decimal(text) if text not in ("",) else None


def test_data_sheet_values_as_libreoffice_reads_them(rendered):
    report = rendered["awkward"]
    rows = sheet_csv(rendered["files"]["awkward-csv"], "数据")
    assert rows[0][:6] == ["字段代码", "表", "行", "列", "值", "类型"]
    by_code = {row[0]: row[4] for row in rows[1:]}
    fmt = report.fmt
    for code, cell in fmt.cells.items():
        value = report.values.get(code) if cell.is_input else report.stated.get(code, report.value(code))
        shown = by_code[code]
        if value is None:
            assert shown == ""
        elif isinstance(value, Invalid):
            assert shown == value.raw
        else:
            assert Decimal(shown) == value, code
    assert by_code["t2.fee.fee_amount"] == "123456789012.3456"  # text: all 16 digits


def test_typed_text_is_text_in_libreoffice(rendered):
    report = rendered["awkward"]
    rows = sheet_csv(rendered["files"]["awkward-csv"], "正文")
    by_code = {}
    for row in rows[1:]:
        by_code.setdefault(row[0], []).append(row[3])
    parts = report.fmt.narrative_parts()
    assert by_code[parts[0].code] == ["=1+1"]
    assert by_code[parts[1].code] == ["@x"]
    assert by_code[parts[3].code] == ["-1"]
    assert by_code["meta.organ"] == ["=测试镇人民政府"]
    assert "".join(by_code[parts[-1].code]) == report.narrative[parts[-1].code]
    info = {row[0]: row[1] for row in sheet_csv(rendered["files"]["awkward-csv"], "说明") if row}
    assert info["机关名称"] == "=测试镇人民政府"
    assert info["状态"] == "草稿——数据未通过校验"


@pytest.mark.parametrize("name", ["awkward", "sample19"])
def test_table_sheets_in_libreoffice(rendered, name):
    report = rendered[name]
    files = rendered["files"][f"{name}-csv"]
    for table in report.fmt.tables.values():
        rows = sheet_csv(files, table.name)
        for gc in table_grid(table).cells:
            text = rows[GRID_TOP - 1 + gc.row][gc.col]
            if gc.role != "value":
                assert text == gc.text
            elif gc.cell is not None:
                value = report.value(gc.code)
                if value is None:
                    assert text == ""
                elif isinstance(value, Invalid):
                    assert text == value.raw
                else:
                    assert Decimal(text.removesuffix("万元")) == value, gc.code


def test_file_saved_again_by_libreoffice_reads_back_the_same_draft(rendered):
    path = rendered["files"]["awkward-xlsx"][0]
    result = read_xlsx(path)
    same_draft(rendered["awkward"], result.report)
    assert result.checksum_ok is True and result.changed == []
    assert all(p.sheet == "数据" for p in result.problems)  # only the two invalid values it holds


def test_formula_is_read_through_its_saved_result(rendered):
    result = read_xlsx(rendered["files"]["formula-xlsx"][0])
    assert result.report.values["t4.cases.review_upheld"] == 3
    row = rendered["formula_row"]
    problem = next(p for p in result.problems if p.sheet == "数据")
    assert problem.cell == f"E{row}"
    assert problem.message == (
        f"“数据”表 E{row}：表四 行政复议—结果维持：这一格是公式“=1+2”，不是数值。"
        "已按Excel保存的计算结果3读入，请核对，并把它改成数值。"
    )
    assert result.checksum_ok is False
    assert result.changed == [f"表四 行政复议—结果维持（数据!E{row}）：导出时为0，现在为3"]


def test_consolidated_tables_in_libreoffice(rendered):
    reports = rendered["reports"]
    files = rendered["files"]["汇总-csv"]
    fmt = reports[0].fmt
    for table in fmt.tables.values():
        rows = sheet_csv(files, table.name)
        assert "非本级年度报告" in rows[1][0]
        for gc in table_grid(table).value_cells():
            if gc.cell is None:
                continue
            want = sum(r.value(gc.code) for r in reports)
            assert Decimal(rows[GRID_TOP - 1 + gc.row][gc.col]) == want, gc.code
    summary = sheet_csv(files, "汇总情况")
    assert "各乡镇（街道）政府信息公开工作年度报告数据汇总（各乡镇、街道报告数据汇总，非本级年度报告）" in summary[0][0]
    statuses = [row[5] for row in summary if row and row[0].isdigit()]
    assert statuses == ["通过"] * 4
