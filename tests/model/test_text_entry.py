"""Text enters the model in one place: what cannot be stored is cleaned, what is too long refused,
and nothing the program writes is ever refused when it is read back (issue 12, items 3 and 5)."""

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exporters.docx.writer import export_docx
from exporters.xlsx.reader import read_xlsx
from exporters.xlsx.writer import export_xlsx
from model.draft_store import MAX_DRAFT_BYTES, DraftError, load_draft, save_draft
from model.normalize import InputRefused
from model.text_input import MAX_LINE_CHARS, MAX_PART_CHARS, clean_text, clean_tree
from tests.conftest import SAMPLE_2021

HOSTILE = "开头\ud800中间\x00\x01\x08\x1b\x1f\ufffe\uffff结尾"
CONTROL_CHARS = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\ufffe", "\uffff", "\ud800", "\udfff"]


def test_unstorable_characters_are_removed_and_counted():
    cleaned = clean_text(HOSTILE, 100)
    assert cleaned.text == "开头中间结尾" and cleaned.removed == 8
    assert "有8个无法保存的字符" in cleaned.notice("正文“（一）主动公开”")
    assert clean_text("Word 的软回车\x0b和分页\x0c\r\n", 100).text == "Word 的软回车\n和分页\n\n"
    assert clean_text("a\tb\nc", 100).removed == 0
    assert clean_text("一\n二", 100, single_line=True).text == "一 二"


# The rule in one pattern each, as it was first written: the model's cheaper-to-compile patterns
# (see model/text_input.py) must match exactly what these match.
ONE_NEWLINE_SET = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
ONE_UNSTORABLE_SET = re.compile("[\x00-\x08\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
EDGES = (
    "\x00\x08\t\n\x0b\x0c\r\x0e\x1f \x7f\x85\xa0\u2028\u2029\u3000"
    "\ud7ff\ud800\udbff\udc00\udfff\ue000\ufeff\ufffd\ufffe\uffff\U00010000a中"
)


@given(st.lists(st.sampled_from(EDGES), max_size=40).map("".join), st.booleans())
def test_cleaning_is_the_one_set_rule_for_every_edge_character(text, single_line):
    expected = ONE_NEWLINE_SET.sub(" " if single_line else "\n", text)
    if single_line:
        expected = expected.replace("\n", " ")
    expected, removed = ONE_UNSTORABLE_SET.subn("", expected)
    assert clean_text(text, 1000, single_line=single_line) == (expected, removed)
    assert clean_tree({text: [text]}) == {ONE_UNSTORABLE_SET.sub("", text): [ONE_UNSTORABLE_SET.sub("", text)]}


def test_text_over_the_limit_is_refused_whole(filled2021):
    before = filled2021.text("s5.main")
    with pytest.raises(InputRefused) as caught:
        filled2021.set_text("s5.main", "很" * (MAX_PART_CHARS + 1))
    assert "超过了这里最多50,000个字的限度" in caught.value.reason
    assert filled2021.text("s5.main") == before
    with pytest.raises(InputRefused):
        filled2021.set_meta("organ", "镇" * (MAX_LINE_CHARS + 1))
    with pytest.raises(InputRefused):  # 7.5 million characters: refused at once
        filled2021.set_text("s5.main", "很" * 7_500_000)


@pytest.mark.parametrize("bad", CONTROL_CHARS)
def test_any_unstorable_character_saves_exports_and_reads_back(filled2021, tmp_path, bad):
    report = filled2021
    report.set_text("s5.main", f"存在的问题{bad}和改进")
    report.set_meta("organ", f"测试{bad}镇人民政府")
    report.set_meta("contact_phone", f"0535{bad}7770029")
    report.explain("D6@s5.main", f"说明{bad}文字")
    assert report.text("s5.main") in ("存在的问题和改进", "存在的问题\n和改进")
    assert report.meta.organ in ("测试镇人民政府", "测试 镇人民政府")
    save_draft(report, tmp_path / "d.json")  # used to raise UnicodeEncodeError
    export_docx(report, tmp_path / "d.docx", draft=True)  # used to raise "All strings must be XML compatible"
    export_xlsx(report, tmp_path / "d.xlsx", draft=True)
    assert load_draft(tmp_path / "d.json").text("s5.main") == report.text("s5.main")
    result = read_xlsx(tmp_path / "d.xlsx")
    assert result.report.meta.organ == report.meta.organ and result.checksum_ok is True


def test_a_draft_with_broken_characters_loads_cleaned_and_says_where(tmp_path):
    data = json.loads(SAMPLE_2021.read_text(encoding="utf-8"))
    data["narrative"]["s5.main"] = "问题\ud800一\x00二"
    data["meta"]["organ"] = "金岭\x1b镇"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data, ensure_ascii=True), encoding="utf-8")  # \ud800 as JSON writes it
    report = load_draft(path)
    assert report.text("s5.main") == "问题一二" and report.meta.organ == "金岭镇"
    assert any("正文“五、存在的主要问题及改进情况”中有2个无法保存的字符" in n for n in report.notes), report.notes
    assert any(n.startswith("机关名称中有1个") for n in report.notes)
    save_draft(report, tmp_path / "again.json")
    assert load_draft(tmp_path / "again.json").notes == []


def test_an_oversized_text_in_a_draft_is_refused_with_its_place(tmp_path):
    data = json.loads(SAMPLE_2021.read_text(encoding="utf-8"))
    data["narrative"]["s5.main"] = "很" * (MAX_PART_CHARS + 10)
    path = tmp_path / "long.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DraftError) as caught:
        load_draft(path)
    assert "正文“五、存在的主要问题及改进情况”内容有50,010个字" in caught.value.message


def test_the_largest_report_the_model_takes_is_read_back(filled2021, tmp_path):
    """Every part and every line at its limit: the draft, and the .xlsx, read back without refusal."""
    report = filled2021
    for part in report.fmt.narrative_parts():
        report.set_text(part.code, "很长的正文。" * (MAX_PART_CHARS // 6))
    for name in ("organ", "county", "city", "title", "contact_person", "contact_phone", "contact_address", "website"):
        report.set_meta(name, "名" * MAX_LINE_CHARS)
    save_draft(report, tmp_path / "big.json")
    assert (tmp_path / "big.json").stat().st_size < MAX_DRAFT_BYTES
    assert load_draft(tmp_path / "big.json").text("s5.main") == report.text("s5.main")
    export_xlsx(report, tmp_path / "big.xlsx", draft=True)
    result = read_xlsx(tmp_path / "big.xlsx")  # repetitive text compresses far: not "恶意构造"
    assert result.report.text("s5.main") == report.text("s5.main") and result.checksum_ok is True
