"""export_xlsx → read_xlsx gives back the very same draft: samples, blanks, invalid values, money, awkward text."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exporters.xlsx.common import escape_text, unescape_text
from exporters.xlsx.reader import read_xlsx
from exporters.xlsx.writer import export_xlsx
from model.draft_store import draft_bytes, draft_to_dict, load_draft, parse_draft, save_draft
from model.formats import get_format
from model.normalize import Invalid
from tests.conftest import SAMPLE_2019, SAMPLE_2021, make_filled
from tests.strategies import reports

AWKWARD_TEXTS = [
    "=1+1",
    "@x",
    "+86 0535",
    "-1",
    '=HYPERLINK("http://example.com","点我")',
    "第一行\r\n第二行\r第三行\n",
    "\tTab 开头和结尾\t",
    " 前后有空格 ",
    "Word 的软回车\x0b在这里\x0c分页",
    "字面上的 _x000B_ 和 _x005F_ 要保持原样",
    "表情😀和生僻字𠀀",
    "",
]


def saved(report) -> dict:
    """The draft as the program saves it (money typed as an integer 0 is saved as the money "0")."""
    data = draft_to_dict(parse_draft(draft_bytes(report)))
    data.pop("saved_at")
    return data


def same_draft(before, after, saves: int = 0) -> None:
    """after (read from the .xlsx) is exactly the draft before: same dict, before and after saving;
    saves: how many times after was saved since (each save counts one more in the draft)."""
    a, b = draft_to_dict(before), draft_to_dict(after)
    a.pop("saved_at")
    b.pop("saved_at")
    assert b["save_count"] == a["save_count"] + saves
    b["save_count"] = a["save_count"]
    assert b == saved(before)
    again = saved(after)
    again["save_count"] = a["save_count"]
    assert again == saved(before)


def export_and_read(report, tmp_path, name="out.xlsx", draft=False):
    path = tmp_path / name
    export_xlsx(report, path, draft=draft)
    return read_xlsx(path)


def awkward_report(fmt_id: str):
    """Everything a draft can hold that is easy to lose on the way through Excel."""
    fmt = get_format(fmt_id)
    report = make_filled(fmt, 2022 if fmt_id == "2021" else 2020)
    inputs = fmt.input_cells
    for i, cell in enumerate(inputs):
        if cell.kind == "count":
            report.set_value(cell.code, i * 7 % 50)
        elif cell.kind == "signed":
            report.set_value(cell.code, -(i % 9))
    report.set_value(inputs[3].code, None)  # blank, not 0
    report.set_value(inputs[5].code, Invalid("三件", "请用阿拉伯数字填写，例如12"))  # kept as typed
    money = [c for c in inputs if c.kind == "money"]
    report.set_value(money[0].code, Decimal("123456789012.3456"))  # 16 digits: more than Excel keeps
    parts = fmt.narrative_parts()
    for part, text in zip(parts, AWKWARD_TEXTS):
        report.set_text(part.code, text)
    report.set_text(parts[-1].code, ("很长的正文，" * 7000) + "😀" + "=结尾")  # 42 000 characters: three pieces
    report.set_meta("organ", "=测试镇人民政府")
    report.set_meta("title", "@标题")
    report.set_meta("contact_phone", "0535-7770029")
    report.set_meta("contact_address", "-地址")
    report.meta.date = dt.date(year=report.meta.year + 1, month=1, day=9)
    for code in fmt.fields:
        fld = fmt.fields[code]
        report.fields[code] = Decimal("1.50") if fld.kind == "money" else 3
    if fmt.fields:
        report.fields[next(iter(fmt.fields))] = Invalid("abc", "这里只能填写数字")
    total = next(c for c in fmt.cells.values() if c.is_computed)
    report.stated[total.code] = 999  # a total found in a file, kept
    report.explain("D1@t3", "=SUM(A1) 这是说明，不是公式")
    report.explain("R6@t3.carried.natural", "上年报告有误\r\n已更正")  # kept with a plain line break
    report.unknown = {
        "values": {"t9.future.cell": "5"},
        "future_key": {"ratio": "1.50", "list": [1, "b", None]},
        "narrative": {"s9.future": "新版本的正文"},
    }
    return report


@pytest.mark.parametrize("sample", [SAMPLE_2021, SAMPLE_2019], ids=["2021", "2019"])
def test_samples_round_trip_exactly(sample, tmp_path):
    report = load_draft(sample)
    result = export_and_read(report, tmp_path)
    same_draft(report, result.report)
    assert result.problems == [] and result.changed == []
    assert result.checksum_ok is True and result.draft is False
    assert (
        result.exported_at is not None and abs(dt.datetime.now().astimezone() - result.exported_at).total_seconds() < 60
    )
    # and the read report saves as a draft that loads back equal
    save_draft(result.report, tmp_path / "back.json")
    same_draft(report, load_draft(tmp_path / "back.json"), saves=1)


@pytest.mark.parametrize("fmt_id", ["2021", "2019"])
def test_awkward_report_round_trips_exactly(fmt_id, tmp_path):
    report = awkward_report(fmt_id)
    result = export_and_read(report, tmp_path, draft=True)
    same_draft(report, result.report)
    assert result.report.narrative == report.narrative and result.report.meta == report.meta
    assert result.report.unknown == report.unknown
    assert result.draft is True and result.checksum_ok is True and result.changed == []
    # invalid values come back as invalid values, and the reader says where they are
    assert {p.sheet for p in result.problems} == {"数据"}
    assert any("“三件”不是这一格能填的数" in p.message for p in result.problems)


@pytest.mark.parametrize(
    "amount",
    ["0.0001", "0.1", "1.50", "2.5000", "0", "0.0000", "7", "999999999999.9999", "100000000000.0001", "123456.7891"],
)
def test_money_keeps_its_exact_value_and_decimals(amount, tmp_path):
    fmt = get_format("2021")
    report = make_filled(fmt, 2022)
    report.set_value("t2.fee.fee_amount", Decimal(amount))
    result = export_and_read(report, tmp_path)
    back = result.report.values["t2.fee.fee_amount"]
    assert isinstance(back, Decimal) and format(back, "f") == amount
    assert result.problems == []


def test_money_typed_and_parsed_round_trips(tmp_path):
    """Money entered as the clerk types it (「1.5万元」), through the model's own normaliser."""
    report = make_filled(get_format("2021"), 2022)
    report.enter("t2.fee.fee_amount", "１.５万元")
    report.enter_field("s6.fee.collected", "12.30元")
    result = export_and_read(report, tmp_path)
    same_draft(report, result.report)


def test_blank_report_round_trips(tmp_path):
    from model.report import Report

    report = Report.new(get_format("2021"), organ="", year=None)
    result = export_and_read(report, tmp_path, draft=True)
    same_draft(report, result.report)
    assert all(v is None for v in result.report.values.values())


def test_draft_json_bytes_equal_after_round_trip(tmp_path):
    """The strongest form: the saved draft files are byte-identical apart from saved_at."""
    report = awkward_report("2021")
    result = export_and_read(report, tmp_path, draft=True)
    save_draft(report, tmp_path / "a.json")
    save_draft(result.report, tmp_path / "b.json")
    strip = [line for line in (tmp_path / "a.json").read_text(encoding="utf-8").splitlines() if "saved_at" not in line]
    other = [line for line in (tmp_path / "b.json").read_text(encoding="utf-8").splitlines() if "saved_at" not in line]
    assert strip == other
    parse_draft((tmp_path / "b.json").read_bytes())


@settings(max_examples=200)
@given(st.text())
def test_escape_is_reversible(text):
    escaped = escape_text(text)
    assert unescape_text(escaped) == text
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    assert not ILLEGAL_CHARACTERS_RE.search(escaped)


ANY_TEXT = st.text(max_size=300)  # control characters and lone surrogates included: the model cleans them


@settings(max_examples=15)
@given(ANY_TEXT, ANY_TEXT)
def test_any_text_round_trips(tmp_path_factory, body, organ):
    """Whatever text is typed or pasted, what the model keeps goes through Excel and back unchanged."""
    report = make_filled(get_format("2021"), 2022)
    report.set_text("s5.main", body)
    report.set_meta("organ", organ)
    result = export_and_read(report, tmp_path_factory.mktemp("any"), draft=True)
    assert result.report.narrative["s5.main"] == report.narrative["s5.main"]
    assert result.report.meta.organ == report.meta.organ
    assert result.changed == [] and result.checksum_ok is True


def test_money_zero_from_fill_blanks_is_not_a_change(tmp_path):
    """「本表空白填0」 puts the integer 0 into the money cell; read back it is the money 0:
    same draft, same checksum."""
    report = load_draft(SAMPLE_2021)
    report.set_value("t2.fee.fee_amount", 0)
    result = export_and_read(report, tmp_path)
    assert result.report.values["t2.fee.fee_amount"] == Decimal(0)
    assert result.checksum_ok is True and result.changed == []
    same_draft(report, result.report)


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(reports())
def test_any_report_round_trips_through_xlsx(report):
    """Random reports of both formats (blanks, invalid entries, money, any text, explanations) come back as saved."""
    from exporters.xlsx.reader import read_xlsx_bytes
    from exporters.xlsx.writer import xlsx_bytes
    from model.checks import run_checks

    result = read_xlsx_bytes(xlsx_bytes(report, run_checks(report), draft=True))
    same_draft(report, result.report)
    assert result.changed == [] and result.checksum_ok is True


@pytest.mark.parametrize("fmt_id", ["2019", "2021"])
def test_totals_above_the_cap_on_one_input_round_trip(fmt_id, tmp_path):
    """Each input may be up to 999,999,999; a total of two such is still a total, not an invalid entry."""
    report = make_filled(get_format(fmt_id), 2020 if fmt_id == "2019" else 2022)
    for code in ("t4.cases.after_upheld", "t4.cases.after_corrected", "t3.new.natural", "t3.new.company"):
        report.set_value(code, 999_999_999)
    assert report.value("t4.cases.after_total") > 999_999_999
    result = export_and_read(report, tmp_path, draft=True)
    assert result.report.stated == {}
    assert result.changed == [] and result.checksum_ok is True
    same_draft(report, result.report)
    save_draft(result.report, tmp_path / "d.json")
    assert load_draft(tmp_path / "d.json").stated == {}
