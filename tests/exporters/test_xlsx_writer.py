"""The township .xlsx read with openpyxl: sheets, statutory layout, numbers as numbers, text never a formula, draft."""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from exporters.common import DRAFT_MARK, ExportRefused
from exporters.xlsx.common import GRID_TOP, checksum, column_path, row_path
from exporters.xlsx.tables import expected_merges
from exporters.xlsx.writer import export_xlsx
from model.checks import run_checks
from model.draft_store import draft_to_dict, load_draft
from model.formats import get_format
from model.layout import LABEL, VALUE, table_grid
from model.normalize import Invalid
from tests.conftest import SAMPLE_2019, SAMPLE_2021, make_filled
from tests.exporters.test_docx_writer import distinct_values
from tests.exporters.test_xlsx_roundtrip import awkward_report

SHEETS = ["说明", "表二", "表三", "表四", "数据", "正文", "检查结果"]


def data_rows(wb) -> dict[str, int]:
    ws = wb["数据"]
    return {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}


def info(wb) -> dict[str, object]:
    ws = wb["说明"]
    return {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value}


@pytest.fixture(params=["2021", "2019"])
def distinct(request, tmp_path):
    """Every input a different number, money with decimals, a negative 本年增/减, one blank; R1 broken: a draft."""
    fmt = get_format(request.param)
    report = distinct_values(make_filled(fmt, 2022 if request.param == "2021" else 2020))
    path = tmp_path / "d.xlsx"
    export_xlsx(report, path, draft=True)
    return report, openpyxl.load_workbook(path), path


def test_sheets_in_order_and_info(tmp_path):
    report = load_draft(SAMPLE_2021)
    export_xlsx(report, tmp_path / "a.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "a.xlsx")
    assert wb.sheetnames == SHEETS
    data = info(wb)
    assert data["机关名称"] == "招远市金岭镇人民政府" and data["县（市、区）"] == "招远市" and data["市"] == "烟台市"
    assert data["报告年度"] == 2022
    assert data["格式版本"] == "2021（国办公开办函〔2021〕30号）"
    assert data["程序版本"] == "年报助手 0.1.0"
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d", data["导出时间"])  # as people read it
    time_row = next(r for r in wb["说明"].iter_rows() if r[0].value == "导出时间")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", time_row[2].value)  # beside it
    assert data["检查结果"] == "0个错误，0个警告，0个提示"
    assert data["数据校验码"] == checksum(draft_to_dict(report)) and re.fullmatch(r"[0-9a-f]{64}", data["数据校验码"])
    assert data["状态"].startswith("正式导出")
    assert wb.properties.keywords == "nianbao-xlsx/1 format=2021"


def test_table_sheets_are_laid_out_like_the_printed_tables(distinct):
    report, wb, _ = distinct
    for section in report.fmt.table_sections():
        table = section.table
        ws = wb[table.name]
        grid = table_grid(table)
        assert ws["A1"].value == section.heading
        assert {str(r) for r in ws.merged_cells.ranges} == expected_merges(grid)
        for gc in grid.cells:
            cell = ws.cell(GRID_TOP + gc.row, 1 + gc.col)
            assert cell.border.left.style == "thin" and cell.border.bottom.style == "thin"
            if gc.role != VALUE:
                assert cell.value == gc.text, (table.name, gc)
                assert cell.alignment.wrap_text
                continue
            if gc.cell is None:
                assert cell.value is None
                continue
            value = report.value(gc.code)  # totals: the derived value
            if value is None:
                assert cell.value is None
            elif isinstance(value, Decimal):
                assert Decimal(repr(cell.value)) == value and cell.number_format.startswith("0.0000")
            else:
                assert cell.value == value and isinstance(cell.value, int)
            assert (cell.fill.fgColor.rgb == "00F2F2F2") == gc.cell.is_computed
        widths = [ws.column_dimensions[openpyxl.utils.get_column_letter(k + 1)].width for k in range(grid.n_cols)]
        assert all(w >= 8 for w in widths)
        value_cols = {gc.col for gc in grid.value_cells()}
        assert len({widths[k] for k in value_cols}) == 1  # number columns are equal


def test_long_labels_get_room(tmp_path):
    """表三's （六）1. label (36 characters) wraps in a row tall enough for two lines."""
    report = make_filled(get_format("2021"), 2022)
    export_xlsx(report, tmp_path / "a.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "a.xlsx")["表三"]
    grid = table_grid(report.fmt.tables["t3"])
    label = next(gc for gc in grid.cells if gc.role == LABEL and gc.text.startswith("1.申请人无正当理由"))
    assert ws.row_dimensions[GRID_TOP + label.row].height >= 30
    corner = grid.cells[0] if grid.cells[0].role != LABEL else None
    assert corner is not None and ws.cell(GRID_TOP, 1).alignment.wrap_text
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1


def test_data_sheet_has_one_row_per_value_cell(distinct):
    report, wb, _ = distinct
    ws = wb["数据"]
    assert [c.value for c in ws[1]] == ["字段代码", "表", "行", "列", "值", "类型", "导出时的值"]
    assert ws.column_dimensions["G"].hidden
    fmt = report.fmt
    codes = [c.code for t in fmt.tables.values() for c in t.cells] + [
        f.code for p in fmt.narrative_parts() for f in p.fields
    ]
    assert [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)] == codes
    for r, code in enumerate(codes, 2):
        if code in fmt.cells:
            cell = fmt.cells[code]
            assert ws.cell(r, 2).value == cell.table.name
            assert ws.cell(r, 3).value == row_path(cell) and ws.cell(r, 4).value == column_path(cell)
            value = report.values.get(code) if cell.is_input else report.value(code)
        else:
            value = report.fields.get(code)
        stored = ws.cell(r, 5).value
        if value is None:
            assert stored is None
        elif isinstance(value, int):
            assert stored == value and type(stored) is int
        else:
            assert Decimal(repr(stored)) == value
    rows = data_rows(wb)
    assert ws.cell(rows["t3.results_total.total"], 6).value == "合计（自动计算）"


def test_invalid_and_huge_money_are_text_with_the_exact_characters(tmp_path):
    report = awkward_report("2021")
    export_xlsx(report, tmp_path / "a.xlsx", draft=True)
    wb = openpyxl.load_workbook(tmp_path / "a.xlsx")
    ws, rows = wb["数据"], data_rows(wb)
    invalid = next(code for code, v in report.values.items() if isinstance(v, Invalid))
    assert ws.cell(rows[invalid], 5).value == "三件" and ws.cell(rows[invalid], 5).data_type == "s"
    assert ws.cell(rows["t2.fee.fee_amount"], 5).value == "123456789012.3456"  # 16 digits: kept as text
    assert ws.cell(rows["s6.fee.notice_amount"], 5).value == 1.5
    assert ws.cell(rows["s6.fee.notice_amount"], 5).number_format == "0.00"


def test_typed_text_never_becomes_a_formula(tmp_path):
    report = awkward_report("2021")
    export_xlsx(report, tmp_path / "a.xlsx", draft=True)
    with zipfile.ZipFile(tmp_path / "a.xlsx") as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<f[ >]", zf.read(name)), name
    wb = openpyxl.load_workbook(tmp_path / "a.xlsx")
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate)
    text = wb["正文"]
    found = {text.cell(r, 1).value: text.cell(r, 4) for r in range(2, text.max_row + 1)}
    first_part = report.fmt.narrative_parts()[0].code
    assert found[first_part].value == "=1+1" and found[first_part].data_type == "s" and found[first_part].quotePrefix
    assert found["meta.organ"].value == "=测试镇人民政府" and found["meta.organ"].quotePrefix
    assert info(wb)["机关名称"] == "=测试镇人民政府"
    assert wb["表二"]["A2"].value.startswith("=测试镇人民政府")


def test_long_text_is_cut_into_pieces_excel_can_hold(tmp_path):
    report = awkward_report("2021")
    export_xlsx(report, tmp_path / "a.xlsx", draft=True)
    ws = openpyxl.load_workbook(tmp_path / "a.xlsx")["正文"]
    last = report.fmt.narrative_parts()[-1].code
    rows = [r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == last]
    assert [ws.cell(r, 3).value for r in rows] == [1, 2, 3]
    assert all(len(ws.cell(r, 4).value) <= 16000 for r in rows)
    assert "".join(ws.cell(r, 4).value for r in rows) == report.narrative[last]


def test_findings_sheet_lists_every_finding_with_its_explanation(tmp_path):
    report = make_filled(get_format("2021"), 2022)
    report.set_value("t3.new.natural", None)  # 表三 has a blank: warning D1
    warning = next(f for f in run_checks(report) if f.severity == "warning")
    report.explain(warning.key, "本镇没有收到申请，已核实")
    findings = run_checks(report)
    export_xlsx(report, tmp_path / "a.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "a.xlsx")["检查结果"]
    assert [c.value for c in ws[1]] == ["级别", "规则", "位置", "说明", "解释"]
    rows = [[ws.cell(r, k).value for k in range(1, 6)] for r in range(2, ws.max_row + 1)]
    assert len(rows) == len(findings)
    for row, f in zip(rows, findings):
        assert row[0] == f.severity_text and row[1] == f.rule and row[3] == f.message
        assert (row[4] or None) == f.explanation
    assert any(row[4] == "本镇没有收到申请，已核实" and row[2] for row in rows)


def test_report_with_errors_exports_only_as_draft(tmp_path):
    report = load_draft(SAMPLE_2019)
    report.set_value("t3.new.natural", 5)  # R1 broken
    errors = [f for f in run_checks(report) if f.severity == "error"]
    assert errors
    with pytest.raises(ExportRefused):
        export_xlsx(report, tmp_path / "a.xlsx")
    assert not (tmp_path / "a.xlsx").exists()
    export_xlsx(report, tmp_path / "a.xlsx", draft=True)
    wb = openpyxl.load_workbook(tmp_path / "a.xlsx")
    data = info(wb)
    assert data["状态"] == DRAFT_MARK
    assert data["检查结果"].startswith(f"{len(errors)}个错误")
    listed = [wb["说明"].cell(r, 2).value for r in range(1, wb["说明"].max_row + 1)]
    for i, f in enumerate(errors, 1):
        assert f"{i}. {f.message}" in listed
    for name in ("表二", "表三", "表四"):
        assert wb[name]["A3"].value == DRAFT_MARK


def test_2019_purchase_amount_shows_its_unit(tmp_path):
    report = load_draft(SAMPLE_2019)
    report.set_value("t2.procurement.proc_amount", Decimal("25.1"))
    export_xlsx(report, tmp_path / "a.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "a.xlsx")["表二"]
    grid = table_grid(report.fmt.tables["t2"])
    row, col = grid.position_of("t2.procurement.proc_amount")
    cell = ws.cell(GRID_TOP + row, 1 + col)
    assert cell.value == 25.1 and cell.number_format == '0.0"万元"'


def test_exporters_do_not_import_openpyxl_at_startup():
    import subprocess
    import sys

    from tests.conftest import ROOT

    code = (
        "import sys; import app, exporters.xlsx.reader, exporters.county.consolidate;"
        "print(sorted(m for m in sys.modules if m.startswith(('openpyxl', 'PySide6', 'lxml'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == "[]", done.stdout + done.stderr


def test_table_sheets_lock_totals_and_validate_inputs(tmp_path):
    """In Excel or WPS a township cannot type into a total, nor text into a number cell."""
    from openpyxl.utils.cell import range_boundaries

    report = load_draft(SAMPLE_2021)
    path = tmp_path / "报送.xlsx"
    export_xlsx(report, path)
    wb = openpyxl.load_workbook(path)
    for section in report.fmt.table_sections():
        ws = wb[section.table.name]
        assert ws.protection.sheet and not ws.protection.password
        validated: dict[str, object] = {}
        for dv in ws.data_validations.dataValidation:
            assert dv.showErrorMessage and dv.error and dv.errorTitle == "输入有误"
            for cell_range in dv.sqref.ranges:
                c1, r1, c2, r2 = range_boundaries(str(cell_range))
                for r in range(r1, r2 + 1):
                    for c in range(c1, c2 + 1):
                        validated[ws.cell(row=r, column=c).coordinate] = dv
        for gc in table_grid(section.table).cells:
            if gc.role != VALUE or gc.cell is None:
                continue
            target = ws.cell(row=GRID_TOP + gc.row, column=1 + gc.col)
            if gc.cell.is_computed:
                assert target.protection.locked and target.coordinate not in validated
            else:
                dv = validated[target.coordinate]
                assert not target.protection.locked
                kind = {"count": ("whole", "0"), "money": ("decimal", "0"), "signed": ("whole", "-999999999")}
                assert (dv.type, dv.formula1) == kind[gc.cell.kind], gc.cell.code
                assert "不能填文字" in dv.error or "只能填整数" in dv.error


def test_every_sheet_has_a_header_and_page_footer_and_no_recalculation(tmp_path):
    report = load_draft(SAMPLE_2021)
    path = tmp_path / "报送.xlsx"
    export_xlsx(report, path)
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        assert ws.oddHeader.center.text.startswith("招远市金岭镇人民政府"), ws.title
        assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
    with zipfile.ZipFile(path) as zf:
        workbook_xml = zf.read("xl/workbook.xml").decode()
    assert 'fullCalcOnLoad="1"' not in workbook_xml  # Excel does not ask to save an untouched file


def test_times_shown_to_people_are_beijing_time():
    import datetime as dt

    from model.chinese_time import written_time

    utc = dt.datetime(2026, 12, 1, 10, 20, tzinfo=dt.timezone.utc)
    assert written_time(utc) == "2026年12月1日 18:20"
    assert written_time(utc.astimezone(dt.timezone(dt.timedelta(hours=-5)))) == "2026年12月1日 18:20"
