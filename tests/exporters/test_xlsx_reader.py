"""read_xlsx on files that are not what they should be: each refused with its reason, or read with located problems."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from exporters.xlsx.common import GRID_TOP
from exporters.xlsx.reader import XlsxImportError, read_xlsx, read_xlsx_bytes
from exporters.xlsx.writer import export_xlsx
from model.draft_store import draft_to_dict, load_draft
from model.formats import get_format
from model.layout import table_grid
from model.normalize import Invalid
from tests.conftest import SAMPLE_2019, SAMPLE_2021, make_filled
from tests.exporters.test_xlsx_roundtrip import same_draft


@pytest.fixture
def exported(tmp_path):
    """The 2021 sample with some real numbers in it, exported; returns (report, path)."""
    report = load_draft(SAMPLE_2021)
    report.set_value("t3.new.natural", 4)
    report.set_value("t3.disclosed.natural", 3)
    report.set_value("t3.partial.natural", 1)
    report.set_value("t2.fee.fee_amount", Decimal("1.2500"))
    path = tmp_path / "金岭镇.xlsx"
    export_xlsx(report, path)
    return report, path


def edit(path, change) -> None:
    wb = openpyxl.load_workbook(path)
    change(wb)
    wb.save(path)


def data_row(wb, code: str) -> int:
    ws = wb["数据"]
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == code)


def refused(path) -> XlsxImportError:
    with pytest.raises(XlsxImportError) as info:
        read_xlsx(path)
    return info.value


# ------------------------------------------------------------------ files that cannot be read at all


def test_empty_file(tmp_path):
    (tmp_path / "空.xlsx").write_bytes(b"")
    assert str(refused(tmp_path / "空.xlsx")).startswith("“空.xlsx”是空文件（0字节），不是Excel文件。")


def test_docx_renamed_to_xlsx(tmp_path):
    from docx import Document

    Document().save(tmp_path / "报告.xlsx")
    error = refused(tmp_path / "报告.xlsx")
    assert "“报告.xlsx”实际上是Word文档（.docx），只是扩展名是.xlsx" in str(error)


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.95])
def test_truncated_file(exported, keep):
    _, path = exported
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    assert "不完整或已损坏（文件可能在下载、复制或解压时被截断）" in str(refused(path))


def test_corrupted_member(exported):
    """A zip whose sheet data was damaged in place (CRC no longer matches)."""
    _, path = exported
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("xl/worksheets/sheet5.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 20
    data[start : start + 40] = bytes(40)
    path.write_bytes(bytes(data))
    message = str(refused(path))
    assert "损坏" in message


def test_workbook_made_by_another_program(tmp_path):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "机关名称"
    wb.active["B1"] = "某镇"
    wb.save(tmp_path / "别人的表.xlsx")
    error = refused(tmp_path / "别人的表.xlsx")
    assert str(error).startswith(
        "“别人的表.xlsx”不是年报助手导出的文件：其中没有“说明”和“数据”工作表（工作表有：“Sheet”）"
    )
    assert error.kind == "not_ours"


@pytest.mark.parametrize(
    "data, words",
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "旧版Excel（.xls）"),
        (b"%PDF-1.4 ...", "PDF文件"),
        (b'{"app": "nianbao"}', "可能是年报助手的草稿.json"),
        (b"just some text", "不是Excel文件（.xlsx），内容无法识别"),
    ],
)
def test_other_kinds_of_file(tmp_path, data, words):
    (tmp_path / "x.xlsx").write_bytes(data)
    assert words in str(refused(tmp_path / "x.xlsx"))


def test_unknown_format_version(exported):
    _, path = exported

    def change(wb):
        ws = wb["说明"]
        row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "格式版本")
        ws.cell(row, 2).value = "2031（国办公开办函〔2031〕1号）"

    edit(path, change)
    error = refused(path)
    assert "使用的报告格式“2031”本程序不认识（本程序认识：2019（国办公开办函〔2019〕60号）、2021" in str(error)
    assert error.kind == "unknown_format"


def test_file_from_a_newer_program(exported):
    _, path = exported

    def change(wb):
        ws = wb["说明"]
        ws["B2"] = "年报助手导出的年度报告数据（文件格式第7版）"

    edit(path, change)
    assert "由较新版本的年报助手导出（文件格式第7版）" in str(refused(path))


def test_missing_file(tmp_path):
    assert "找不到文件" in str(refused(tmp_path / "没有.xlsx"))


# ------------------------------------------------------------------ files read with problems


def test_checksum_mismatch_is_read_and_listed(exported):
    report, path = exported
    row = {}

    def change(wb):
        row["new"] = data_row(wb, "t3.carried.natural")
        row["fee"] = data_row(wb, "t2.fee.fee_amount")
        wb["数据"].cell(row["new"], 5).value = 3
        wb["数据"].cell(row["fee"], 5).value = 2.5
        text = wb["正文"]
        r = next(r for r in range(2, text.max_row + 1) if text.cell(r, 1).value == "s5.main")
        text.cell(r, 4).value = "改过的正文"

    edit(path, change)
    result = read_xlsx(path)
    assert result.report.values["t3.carried.natural"] == 3
    assert result.report.values["t2.fee.fee_amount"] == Decimal("2.5000")  # the number format's decimals
    assert result.report.narrative["s5.main"] == "改过的正文"
    assert result.checksum_ok is False
    assert (
        result.changed[0]
        == f"表二 行政事业性收费 / 本年收费金额（单位：万元）（数据!E{row['fee']}）：导出时为1.2500，现在为2.5000"
    )
    assert (
        result.changed[1] == f"表三 二、上年结转政府信息公开申请数量 / 自然人（数据!E{row['new']}）：导出时为0，现在为3"
    )
    assert result.changed[2].startswith("正文 五、存在的主要问题及改进情况（正文!D")
    assert len(result.changed) == 3
    # the table sheet still shows the exported number: said, cell by cell
    assert any(p.sheet == "表三" and "与“数据”表中的值3不同" in p.message for p in result.problems)


def test_unchanged_file_reports_nothing(exported):
    report, path = exported
    edit(path, lambda wb: None)  # opened and saved by another program: nothing changed
    result = read_xlsx(path)
    assert result.checksum_ok is True and result.changed == [] and result.problems == []
    same_draft(report, result.report)


def test_formula_in_a_value_cell(exported):
    _, path = exported
    rows = {}

    def change(wb):
        rows["r"] = data_row(wb, "t3.carried.company")
        wb["数据"].cell(rows["r"], 5).value = "=1+2"

    edit(path, change)
    result = read_xlsx(path)
    value = result.report.values["t3.carried.company"]
    assert isinstance(value, Invalid) and value.raw == "=1+2"
    messages = [p.message for p in result.problems if p.sheet == "数据"]
    assert messages == [
        f"“数据”表 E{rows['r']}：表三 二、上年结转政府信息公开申请数量 / 商业企业：这一格是公式“=1+2”，"
        "文件中没有保存它的计算结果（程序不计算公式），已按无效值读入。请把它改成数值（复制后用“选择性粘贴—数值”）。"
    ]
    from model.checks import run_checks

    assert any(f.cell == "t3.carried.company" and f.severity == "error" for f in run_checks(result.report))


@pytest.mark.parametrize(
    "typed, expected, complaint",
    [
        ("三件", Invalid("三件", ""), "“三件”不是这一格能填的数"),
        ("5", 5, None),  # text that is a number: read, no complaint
        ("１２", 12, None),  # full-width digits, as a Chinese IME types them
        ("1.5", Invalid("1.5", ""), "件数必须是整数"),
        (True, Invalid("TRUE", ""), "是逻辑值，不是数字"),
    ],
)
def test_text_in_a_number_cell(exported, typed, expected, complaint):
    _, path = exported
    rows = {}

    def change(wb):
        rows["r"] = data_row(wb, "t4.cases.review_upheld")
        cell = wb["数据"].cell(rows["r"], 5)
        cell.value = typed
        if isinstance(typed, str):
            cell.data_type = "s"

    edit(path, change)
    result = read_xlsx(path)
    value = result.report.values["t4.cases.review_upheld"]
    problems = [p for p in result.problems if p.sheet == "数据"]
    if isinstance(expected, Invalid):
        assert isinstance(value, Invalid) and value.raw == expected.raw
        assert len(problems) == 1 and problems[0].cell == f"E{rows['r']}"
        assert problems[0].message.startswith(f"“数据”表 E{rows['r']}：表四 行政复议—结果维持：")
        assert complaint in problems[0].message
    else:
        assert value == expected and problems == []


def test_merged_cells_moved_by_hand(exported):
    report, path = exported
    grid = table_grid(report.fmt.tables["t3"])
    merged = next(c for c in grid.merges() if c.rowspan > 1 and c.col == 1)  # （三）不予公开 over 8 rows
    first = f"{openpyxl.utils.get_column_letter(1 + merged.col)}{GRID_TOP + merged.row}"
    last = f"{openpyxl.utils.get_column_letter(1 + merged.col)}{GRID_TOP + merged.row + merged.rowspan - 1}"

    def change(wb):
        ws = wb["表三"]
        ws.unmerge_cells(f"{first}:{last}")
        ws.merge_cells("D8:E8")

    edit(path, change)
    result = read_xlsx(path)
    problem = next(p for p in result.problems if "合并单元格" in p.message)
    assert problem.sheet == "表三" and problem.cell == first
    assert problem.message.startswith(
        f"“表三”表 {first}：合并单元格与法定表格不同（{first}:{last} 应为一个合并单元格；D8:E8 不应合并）"
    )
    same_draft(report, result.report)  # the numbers come from the 数据 sheet all the same


@pytest.mark.parametrize("sheet", ["表三", "数据", "正文", "说明", "检查结果"])
def test_missing_sheet(exported, sheet):
    report, path = exported
    edit(path, lambda wb: wb.remove(wb[sheet]))
    result = read_xlsx(path)
    mentioned = [p for p in result.problems if p.sheet == sheet and p.cell == ""]
    assert mentioned and mentioned[0].message.startswith(f"“{sheet}”表：这个工作表不见了")
    assert result.report.values["t3.new.natural"] == 4  # still read
    if sheet in ("表三", "检查结果", "说明"):
        same_draft(report, result.report)
    if sheet == "数据":  # numbers from the tables, fee figures blank
        assert {k: v for k, v in result.report.values.items()} == {
            k: (Decimal(v) if isinstance(v, Decimal) else v) for k, v in report.values.items()
        }
    if sheet == "正文":
        assert result.report.meta.organ == report.meta.organ and result.report.meta.year == 2022
        assert result.report.narrative["s5.main"] == ""


def test_value_changed_only_on_the_table_sheet(exported):
    report, path = exported
    grid = table_grid(report.fmt.tables["t3"])
    row, col = grid.position_of("t3.disclosed.natural")
    address = f"{openpyxl.utils.get_column_letter(1 + col)}{GRID_TOP + row}"
    edit(path, lambda wb: wb["表三"].__setitem__(address, 30))
    result = read_xlsx(path)
    assert result.report.values["t3.disclosed.natural"] == 3  # the 数据 sheet wins
    problem = next(p for p in result.problems if p.sheet == "表三")
    assert problem.cell == address
    assert problem.message == (
        f"“表三”表 {address}：表三 （一）予以公开 / 自然人为30，与“数据”表中的值3不同。程序以“数据”表为准，请核对。"
    )
    assert result.checksum_ok is True and result.changed == []


def test_row_deleted_from_data_sheet_is_taken_from_the_table(exported):
    report, path = exported
    rows = {}

    def change(wb):
        rows["r"] = data_row(wb, "t3.disclosed.natural")
        wb["数据"].delete_rows(rows["r"])

    edit(path, change)
    result = read_xlsx(path)
    assert result.report.values["t3.disclosed.natural"] == 3
    assert any(
        p.sheet == "数据" and "缺少1个数值的行（例如“t3.disclosed.natural”" in p.message for p in result.problems
    )


def test_label_overwritten_on_a_table_sheet(exported):
    _, path = exported
    edit(path, lambda wb: wb["表四"].__setitem__(f"A{GRID_TOP}", "复议"))
    result = read_xlsx(path)
    assert [p.message for p in result.problems] == [
        f"“表四”表 A{GRID_TOP}：应为“行政复议”，现为“复议”。"
        "这张表可能被改动过（例如插入或删除了行、列），数值以“数据”表为准。"
    ]


def test_duplicate_and_unknown_codes(exported):
    _, path = exported

    def change(wb):
        ws = wb["数据"]
        r = ws.max_row + 1
        ws.cell(r, 1).value, ws.cell(r, 5).value = "t3.new.natural", 99
        ws.cell(r + 1, 1).value, ws.cell(r + 1, 5).value = "t9.nothing", 1

    edit(path, change)
    result = read_xlsx(path)
    assert result.report.values["t3.new.natural"] == 4
    messages = [p.message for p in result.problems]
    assert any("字段代码“t3.new.natural”出现了两次" in m for m in messages)
    assert any("字段代码“t9.nothing”不属于2021格式，这一行已忽略。" in m for m in messages)


def test_consolidation_workbook_is_not_a_report(tmp_path, exported):
    from exporters.county.consolidate import consolidate
    from exporters.county.writer import write_consolidation

    _, path = exported
    out = tmp_path / "汇总.xlsx"
    write_consolidation(consolidate([path]), out)
    error = refused(out)
    assert error.kind == "consolidation" and "汇总工作簿" in str(error)


def test_2019_sample_with_edits(tmp_path):
    report = load_draft(SAMPLE_2019)
    report.set_value("t2.license.items_change", -3)
    path = tmp_path / "a.xlsx"
    export_xlsx(report, path)
    result = read_xlsx(path)
    assert result.report.values["t2.license.items_change"] == -3
    assert draft_to_dict(result.report)["format_version"] == "2019"


def test_read_from_bytes_names_the_file():
    with pytest.raises(XlsxImportError) as info:
        read_xlsx_bytes(b"", "来自邮件.xlsx")
    assert "“来自邮件.xlsx”是空文件" in str(info.value)


def test_money_with_more_digits_than_excel_keeps_is_rounded_to_15(exported):
    """Excel writes 1.1 as 1.1000000000000001; the reader takes the 15 digits Excel shows."""
    _, path = exported
    rows = {}

    def change(wb):
        rows["r"] = data_row(wb, "s6.fee.collected")
        wb["数据"].cell(rows["r"], 5).value = 0.1 + 0.2  # 0.30000000000000004
        wb["数据"].cell(rows["r"], 5).number_format = "General"

    edit(path, change)
    result = read_xlsx(path)
    assert result.report.fields["s6.fee.collected"] == Decimal("0.3")
    assert [p for p in result.problems if p.sheet == "数据"] == []


def test_blank_report_fields(tmp_path):
    report = make_filled(get_format("2021"), 2022)
    report.fields["s6.fee.notices"] = None
    export_xlsx(report, tmp_path / "a.xlsx")
    assert read_xlsx(tmp_path / "a.xlsx").report.fields["s6.fee.notices"] is None


def test_info_sheet_edited_against_the_text_sheet(exported):
    report, path = exported

    def change(wb):
        ws = wb["说明"]
        for r in range(1, ws.max_row + 1):
            if ws.cell(r, 1).value == "机关名称":
                ws.cell(r, 2).value = "别的镇人民政府"
            if ws.cell(r, 1).value == "数据校验码":
                ws.cell(r, 2).value = None

    edit(path, change)
    result = read_xlsx(path)
    assert result.report.meta.organ == report.meta.organ
    messages = [p.message for p in result.problems]
    assert (
        "“说明”表 B3：机关名称为“别的镇人民政府”，与“正文”表中的“招远市金岭镇人民政府”不同；以“正文”表为准，请核对。"
        in messages
    )
    assert "“说明”表 B12：没有数据校验码，无法确认文件在导出后是否被修改过。" in messages
    assert result.checksum_ok is None


def test_huge_money_as_text_carries_a_note(tmp_path):
    report = make_filled(get_format("2021"), 2022)
    report.set_value("t2.fee.fee_amount", Decimal("123456789012.3456"))
    export_xlsx(report, tmp_path / "a.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "a.xlsx")
    cell = wb["数据"].cell(data_row(wb, "t2.fee.fee_amount"), 5)
    assert cell.value == "123456789012.3456" and "超过Excel能精确保存的15位" in cell.comment.text
    result = read_xlsx(tmp_path / "a.xlsx")
    assert result.report.values["t2.fee.fee_amount"] == Decimal("123456789012.3456") and result.problems == []


def test_damaged_xml_inside_a_good_zip_is_refused_or_read_never_a_crash(exported):
    """Random bytes of each part overwritten, the zip rebuilt (so its checksums are right): the reader
    reads the file with problems or refuses it with a reason, and never fails otherwise."""
    import random

    _, path = exported
    original = path.read_bytes()
    rng = random.Random(7)
    outcomes = set()
    with zipfile.ZipFile(io.BytesIO(original)) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    for _ in range(60):
        name = rng.choice(sorted(parts))
        data = bytearray(parts[name])
        for _ in range(rng.randint(1, 6)):
            at = rng.randrange(len(data))
            data[at : at + 3] = bytes(rng.choice(b'<>"=/ 0123456789abcxyz\x00\xff') for _ in range(3))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as out:
            for other, content in parts.items():
                out.writestr(other, bytes(data) if other == name else content)
        try:
            read_xlsx_bytes(buffer.getvalue(), "坏.xlsx")
            outcomes.add("read")
        except XlsxImportError as exc:
            assert str(exc).startswith("“坏.xlsx”")
            outcomes.add("refused")
    assert outcomes == {"read", "refused"}


@pytest.mark.parametrize("code", ["t4.cases.review_upheld", "t4.cases.review_total", "t2.fee.fee_amount"])
@pytest.mark.parametrize("stored", ["1E+999999999", "1E+30", "-1E+999999999", "1E-999999999", "1.5E-40"])
def test_absurd_number_stored_in_a_cell_is_refused_at_that_cell(exported, code, stored):
    """An .xlsx cell can hold any number text: it is refused there, with its address, never a crash or a hang."""
    _, path = exported
    rows = {}

    def change(wb):
        rows["r"] = data_row(wb, code)
        wb["数据"].cell(rows["r"], 5).value = 987654321

    edit(path, change)
    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    sheet = next(n for n, data in parts.items() if b"<v>987654321</v>" in data)
    parts[sheet] = parts[sheet].replace(b"<v>987654321</v>", f"<v>{stored}</v>".encode())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for name, data in parts.items():
            out.writestr(name, data)
    result = read_xlsx_bytes(buffer.getvalue(), "大数.xlsx")
    where = f"E{rows['r']}"
    assert any(
        p.sheet == "数据"
        and p.cell == where
        and any(w in p.message for w in ("太大", "负数", "小数"))
        and len(p.message) < 200
        for p in result.problems
    ), [p.message[:300] for p in result.problems]
    kept = result.report.stated.get(code) if code.endswith("_total") else result.report.values[code]
    assert isinstance(kept, Invalid)
