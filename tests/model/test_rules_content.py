"""The content rules C1–C6 (model.rules_content, run by model.checks.run_checks) and the pieces of
model.prose they stand on: numbers as written, statements of figures, stale years, repetition and
the definitions' "prose" block."""

from __future__ import annotations

import copy
import json
from decimal import Decimal

import pytest

from model.checks import run_checks
from model.definition_loader import DefinitionError, load_definition, parse_definition, read_definition_data
from model.formats import get_format, templates_dir
from model.prose.numbers import chinese_value, number_value
from model.prose.repetition import overall_share, repeated_share, squash
from model.prose.spec import ProseSpec, ProseSpecError, parse_prose
from model.prose.statements import statements
from model.prose.years import replace_year, stale_years
from model.report import Report
from model.rules_content import CONTENT_RULES

FORMATS = templates_dir() / "formats"
CONTENT = tuple(CONTENT_RULES)
ON_REQUEST = "一、总体情况（二）依申请公开"
FEE_PART = "六、其他需要报告的事项（一）收取信息处理费情况"
NEW_PLACE = "表三“一、本年新收政府信息公开申请数量”行“总计”列"
FEE_PLACE = "（一）收取信息处理费情况“实际收取金额（元）”"
# more than 40 characters once punctuation is removed, so that repetition is measured
LONG_A = (
    "我镇坚持以公开为常态、不公开为例外，围绕乡村振兴、民生保障和基层治理等重点领域，"
    "及时公开财政预决算、惠民惠农补贴发放、征地拆迁补偿等群众关心的政府信息，切实保障群众的知情权。"
)
LONG_B = (
    "针对信息更新不够及时、解读形式较为单一的问题，下一步将加强业务培训，"
    "建立栏目责任清单，采用图表、视频等方式解读重要政策，提升政务公开工作的质量和实效。"
)


def content(report: Report, last_year: Report | None = None, rule: str | None = None) -> list:
    found = [f for f in run_checks(report, last_year=last_year) if f.rule in CONTENT]
    return [f for f in found if f.rule == rule] if rule else found


def with_values(report: Report, values: dict[str, object]) -> Report:
    for code, value in values.items():
        report.enter(code, str(value))
    return report


def spec2021() -> ProseSpec:
    spec = get_format("2021").prose
    assert spec is not None
    return spec


def read(text: str, part: str = "s1.on_request", year: int = 2022) -> list[tuple[str, int | float]]:
    return [(s.fact.id, s.value) for s in statements(spec2021(), {part: text}, year=year)]


# ================================================================ C1: a figure in the prose against the table


@pytest.fixture
def twelve(filled2021):
    """12 applications, all disclosed."""
    return with_values(filled2021, {"t3.new.natural": 12, "t3.disclosed.natural": 12})


def test_c1_holds_when_the_prose_states_the_table(twelve):
    for text in (
        "本年度共收到政府信息公开申请12件，予以公开12件。",
        "本年度共受理政府信息公开申请十二件，予以公开十二件。",
        "本年度共收到政府信息公开申请１２件。",
        "本年度收到政府信息公开申请较上年增加3件。",  # a comparison: not this year's figure
        "本年度共收到政府信息公开申请12件，收到申请后均在20个工作日内答复。",
    ):
        twelve.set_text("s1.on_request", text)
        assert content(twelve) == [], text
    assert [f for f in run_checks(twelve) if f.severity == "error"] == []


def test_c1_fails_when_a_number_differs(twelve):
    twelve.set_text("s1.on_request", "本年度共收到政府信息公开申请13件，予以公开12件。")
    [f] = content(twelve)
    assert (f.rule, f.severity, f.section, f.part, f.cell) == ("C1", "warning", "s1", "s1.on_request", "t3.new.total")
    assert (f.expected, f.actual) == (12, 13)
    assert f.message.startswith(f"{ON_REQUEST}写“收到政府信息公开申请13件”，而{NEW_PLACE}为12件，两处不一致。")
    assert "把文字中的13改为12" in f.message
    assert f.key == "C1@t3.new.total"


def test_c1_fails_when_the_prose_says_none(twelve):
    twelve.set_text("s1.on_request", "本年度未收到政府信息公开申请。")
    [f] = content(twelve)
    assert (f.rule, f.severity, f.part, f.cell, f.expected, f.actual) == (
        "C1",
        "warning",
        "s1.on_request",
        "t3.new.total",
        12,
        0,
    )
    assert ON_REQUEST in f.message and NEW_PLACE in f.message and "未收到政府信息公开申请" in f.message
    assert "12件" in f.message
    assert "请改写这句话，写明本年新收政府信息公开申请12件" in f.message


def test_c1_one_finding_per_figure_and_part(twelve):
    twelve.set_text("s1.on_request", "本年度收到政府信息公开申请13件。全年共受理政府信息公开申请14件。")
    twelve.set_text("s1.intro", "本年度收到政府信息公开申请15件。")
    found = content(twelve, rule="C1")
    assert [(f.part, f.actual) for f in found] == [("s1.intro", 15), ("s1.on_request", 13)]


def test_c1_a_figure_summed_over_rows(filled2021):
    report = with_values(
        filled2021,
        {"t3.new.natural": 3, "t3.withheld_secret.natural": 1, "t3.withheld_third_party.natural": 2},
    )
    report.set_text("s1.on_request", "本年度共收到政府信息公开申请3件，不予公开3件。")
    assert content(report) == []
    report.set_text("s1.on_request", "本年度共收到政府信息公开申请3件，不予公开2件。")
    [f] = content(report)
    assert (f.rule, f.severity, f.part, f.cell, f.expected, f.actual) == (
        "C1",
        "warning",
        "s1.on_request",
        "t3.withheld_secret.total",
        3,
        2,
    )
    assert "表三“不予公开”各项之和为3件" in f.message and "“不予公开2件”" in f.message


def test_c1_review_and_decisions(filled2019):
    report = with_values(filled2019, {"t4.cases.review_upheld": 1, "t2.penalty.decisions": 4})
    report.set_text("s1.oversight", "本年度因政府信息公开被申请行政复议1件，未发生行政诉讼。")
    report.set_text("s1.active", "本年度作出行政处罚处理决定4件。")
    assert content(report) == []
    report.set_text("s1.oversight", "本年度未发生行政复议、行政诉讼。")
    report.set_text("s1.active", "本年度作出行政处罚处理决定5件。")
    found = content(report)
    assert [(f.rule, f.severity, f.part, f.cell, f.expected, f.actual) for f in found] == [
        ("C1", "warning", "s1.active", "t2.penalty.decisions", 4, 5),
        ("C1", "warning", "s1.oversight", "t4.cases.review_total", 1, 0),
    ]
    assert (
        "一、总体情况（一）主动公开" in found[0].message and "表二“行政处罚”行“处理决定数量”列为4件" in found[0].message
    )
    assert "5" in found[0].message
    assert "一、总体情况（五）监督保障" in found[1].message and "表四“行政复议—总计”为1件" in found[1].message


def test_c1_decisions_are_read_only_in_their_parts(filled2021):
    filled2021.set_text("s5.main", "下一步将规范行政处罚5件以上的案卷公开，做好行政许可事项的公开工作。")
    assert content(filled2021) == []


# ================================================================ C2: 六（一）'s prose against the fee figures


@pytest.fixture
def fifty(filled2021):
    for code, raw in {"s6.fee.notices": "1", "s6.fee.notice_amount": "50", "s6.fee.collected": "50"}.items():
        filled2021.enter_field(code, raw)
    return filled2021


def test_c2_holds(fifty, filled2019):
    for text in (
        "本年度发出收费通知1件，实际收取信息处理费50元。",
        "本年度发出收费通知1件，实际收取信息处理费50.00元。",
        "本年度发出收费通知一件，收取信息处理费五十元。",
    ):
        fifty.set_text("s6.fee", text)
        assert content(fifty) == [], text
    fifty.enter_field("s6.fee.collected", "0")
    fifty.set_text("s6.fee", "本年度发出收费通知1件，申请人未缴费，未收取信息处理费。")
    assert content(fifty, rule="C2") == []
    filled2019.set_text("s6.main", "本年度未收取信息处理费。")  # 2019 has no fee figures
    assert content(filled2019) == []


def test_c2_fails_when_the_amount_differs(fifty):
    fifty.set_text("s6.fee", "本年度发出收费通知1件，实际收取信息处理费30元。")
    [f] = content(fifty)
    assert (f.rule, f.severity, f.section, f.part, f.cell) == ("C2", "warning", "s6", "s6.fee", "s6.fee.collected")
    assert (f.expected, f.actual) == (Decimal(50), 30)
    assert f.message.startswith(f"{FEE_PART}写“实际收取信息处理费30元”，而{FEE_PLACE}为50元，两处不一致。")
    assert "把文字中的30改为50" in f.message


def test_c2_fails_when_the_prose_says_nothing_was_collected(fifty):
    fifty.set_text("s6.fee", "本年度未收取信息处理费。")
    [f] = content(fifty)
    assert (f.rule, f.severity, f.part, f.cell, f.expected, f.actual) == (
        "C2",
        "warning",
        "s6.fee",
        "s6.fee.collected",
        Decimal(50),
        0,
    )
    assert FEE_PART in f.message and FEE_PLACE in f.message and "50元" in f.message and "未收取信息处理费" in f.message
    assert "写明实际收取的信息处理费50元" in f.message


def test_c2_fails_when_the_notices_differ(fifty):
    fifty.set_text("s6.fee", "本年度发出收费通知2件，实际收取信息处理费50元。")
    [f] = content(fifty)
    assert (f.rule, f.severity, f.part, f.cell, f.expected, f.actual) == (
        "C2",
        "warning",
        "s6.fee",
        "s6.fee.notices",
        1,
        2,
    )
    assert FEE_PART in f.message and "（一）收取信息处理费情况“收费通知件数”为1件" in f.message and "2" in f.message


def test_c2_compares_money_to_the_cent(fifty):
    fifty.enter_field("s6.fee.collected", "50.5")
    fifty.set_text("s6.fee", "本年度发出收费通知1件，实际收取信息处理费50.50元。")
    assert content(fifty) == []
    fifty.set_text("s6.fee", "本年度发出收费通知1件，实际收取信息处理费50.51元。")
    [f] = content(fifty)
    assert (f.rule, f.cell, f.expected, f.actual) == ("C2", "s6.fee.collected", Decimal("50.5"), 50.51)


# ================================================================ C3: a year that is not the report's


def test_c3_holds_for_the_report_year_and_years_meant(filled2021):
    filled2021.set_text(
        "s1.intro",
        "2022年，我镇认真贯彻《中华人民共和国政府信息公开条例》，本报告统计期限为2022年1月1日至2022年12月31日。",
    )
    filled2021.set_text("s1.active", "公开2021年部门决算和2022年部门预算，自2019年以来坚持按月更新。")
    filled2021.set_text("s5.main", "2023年将继续完善工作机制，落实2018年至2022年的规划。")
    assert content(filled2021) == []


def test_c3_fails_for_last_years_year(filled2021):
    filled2021.set_text("s5.main", "2021年，我镇政务公开工作仍存在信息更新不够及时的问题，2020年也是如此。")
    [f] = content(filled2021)
    assert (f.rule, f.severity, f.section, f.part, f.cell) == ("C3", "warning", "s5", "s5.main", None)
    assert (f.expected, f.actual) == (2022, 2021)
    assert f.message.startswith("五、存在的主要问题及改进情况写有年份“2021年”（")
    assert "这是2022年度的报告" in f.message and "改为2022年" in f.message


def test_c3_fails_for_last_years_statistics_period(filled2019):
    filled2019.set_text("s1.intro", "本报告统计期限为2019年1月1日至2019年12月31日。")
    [f] = content(filled2019)
    assert (f.rule, f.severity, f.part, f.expected, f.actual) == ("C3", "warning", "s1.intro", 2020, 2019)
    assert "一、总体情况写有统计期限“2019年”" in f.message


# ================================================================ C4: prose repeated from last year


def last_year_of(report: Report) -> Report:
    last = copy.deepcopy(report)
    last.meta.year = (report.meta.year or 0) - 1
    return last


def test_c4_holds_when_the_prose_is_new(filled2021):
    filled2021.set_text("s5.main", LONG_B)
    last = last_year_of(filled2021)
    last.set_text("s5.main", LONG_A)
    assert content(filled2021, last) == []
    assert content(filled2021) == []  # no last year: nothing compared


def test_c4_fails_when_the_prose_is_copied(filled2021):
    filled2021.set_text("s5.main", LONG_B)
    filled2021.set_text("s1.intro", LONG_A)
    last = last_year_of(filled2021)
    last.set_text("s1.intro", LONG_B)  # 一、总体情况 rewritten, 五 copied
    found = content(filled2021, last)
    assert [(f.rule, f.severity, f.section, f.part, f.expected, f.actual) for f in found] == [
        ("C4", "warning", "s5", "s5.main", 0.5, 1.0)
    ]
    assert found[0].message.startswith(
        "五、存在的主要问题及改进情况有100%的文字与上年报告的同一部分相同（按连续8个字相同计）"
    )
    filled2021.set_text("s1.intro", LONG_B)  # both copied: the whole report too
    found = content(filled2021, last)
    assert [(f.rule, f.section, f.part) for f in found] == [
        ("C4", "s1", "s1.intro"),
        ("C4", "s1", None),
        ("C4", "s5", "s5.main"),
    ]
    whole = found[1]
    assert (whole.severity, whole.expected, whole.actual) == ("warning", 0.5, 1.0)
    assert whole.message.startswith("全文有100%的文字与上年报告相同")


# ================================================================ C5: 现行有效 across years


def test_c5_holds_and_fails(filled2021):
    last = last_year_of(filled2021)
    last.enter("t2.normative_doc.in_force", "6")
    with_values(
        filled2021, {"t2.normative_doc.issued": 2, "t2.normative_doc.repealed": 1, "t2.normative_doc.in_force": 7}
    )
    assert content(filled2021, last) == []
    filled2021.enter("t2.normative_doc.in_force", "8")
    [f] = content(filled2021, last)
    assert (f.rule, f.severity, f.section, f.table, f.row, f.column, f.cell, f.part) == (
        "C5",
        "warning",
        "s2",
        "t2",
        "normative_doc",
        "in_force",
        "t2.normative_doc.in_force",
        None,
    )
    assert (f.expected, f.actual) == (7, 8)
    assert "为8" in f.message and "上年报告的现行有效件数6" in f.message and "应为7（行政规范性文件）" in f.message
    assert content(filled2021) == []  # no last year: nothing to follow from


def test_c5_regulations_outside_a_township(filled2021):
    filled2021.meta.organ = "测试县司法局"
    filled2021.enter("t2.regulation.issued", "1")
    last = last_year_of(filled2021)
    last.enter("t2.regulation.issued", "0")
    [f] = content(filled2021, last)
    assert (f.rule, f.cell, f.expected, f.actual) == ("C5", "t2.regulation.in_force", 1, 0)
    assert "（规章）" in f.message


def test_c5_is_not_checked_in_the_2019_format(filled2019):
    last = last_year_of(filled2019)
    last.enter("t2.normative_doc.public_total", "6")
    assert content(filled2019, last) == []


# ================================================================ C6: 规章 in a township


@pytest.mark.parametrize(
    ("fmt_id", "code"),
    [("2021", "t2.regulation.issued"), ("2021", "t2.regulation.in_force"), ("2019", "t2.regulation.made")],
)
def test_c6_fails_for_regulations_in_a_township(fmt_id, code, request):
    report = request.getfixturevalue(f"filled{fmt_id}")
    report.enter(code, "1")
    found = [f for f in content(report) if f.rule == "C6"]
    [f] = found
    assert (f.rule, f.severity, f.cell, f.table, f.expected, f.actual) == ("C6", "warning", code, "t2", 0, 1)
    assert "“测试镇人民政府”是乡镇（街道）" in f.message and "为1" in f.message


@pytest.mark.parametrize("organ", ["测试镇人民政府", "测试乡政府", "城关街道办事处", "城关街道"])
def test_c6_knows_a_township(filled2021, organ):
    filled2021.meta.organ = organ
    filled2021.enter("t2.regulation.issued", "1")
    filled2021.enter("t2.regulation.in_force", "1")
    assert [f.cell for f in content(filled2021, rule="C6")] == ["t2.regulation.issued", "t2.regulation.in_force"]


def test_c6_holds(filled2021, filled2019):
    assert content(filled2021) == [] and content(filled2019) == []  # 规章 0
    filled2021.meta.organ = "测试县人民政府"  # a county may make 规章
    filled2021.enter("t2.regulation.issued", "1")
    filled2021.enter("t2.regulation.in_force", "1")
    assert content(filled2021, rule="C6") == []
    filled2019.enter("t2.normative_doc.made", "3")  # 行政规范性文件 are a township's
    assert content(filled2019) == []


# ================================================================ numbers


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12),
        ("１２", 12),
        ("1,200", 1200),
        ("１，２００", 1200),
        ("50.5", 50.5),
        ("５０．５", 50.5),
        ("0", 0),
        ("零", 0),
        ("〇", 0),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十五", 25),
        ("两", 2),
        ("两千", 2000),
        ("一百零五", 105),
        ("一百一十五", 115),
        ("一千零五十", 1050),
        ("三万五千", 35000),
        ("十万", 100000),
        ("一万零五", 10005),
        ("二〇二三", 2023),
        ("二零二二", 2022),
    ],
)
def test_number_value(text, value):
    got = number_value(text)
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "abc",
        "12a",
        "1.2.3",
        "二三十",
        "十二三",
        "〇一",
        "百",
        "千",
        "万",
        "万五",
        "一百五",
        "两千三",
        "一万二",
        "十二个",
    ],
)
def test_number_value_refuses_what_it_cannot_read_with_certainty(text):
    assert number_value(text) is None


def chinese(n: int) -> str:
    """The standard writing of n: 十二, 一百零五, 三万五千, 一万零五."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n >= 10000:
        high, low = divmod(n, 10000)
        return chinese(high) + "万" + (("零" if low < 1000 else "") + chinese(low) if low else "")
    out, zero = "", False
    for size, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // size % 10
        if digit:
            out += ("零" if zero else "") + digits[digit] + unit
            zero = False
        elif out:
            zero = True
    return out[1:] if out.startswith("一十") else out


def test_every_chinese_number_in_standard_writing_reads():
    assert [chinese(n) for n in (10, 12, 105, 1050, 35000, 10005, 20010)] == [
        "十",
        "十二",
        "一百零五",
        "一千零五十",
        "三万五千",
        "一万零五",
        "二万零十",
    ]
    wrong = [(n, chinese(n), chinese_value(chinese(n))) for n in range(100000) if chinese_value(chinese(n)) != n]
    assert wrong == []


# ================================================================ statements


def test_statement_of_none():
    [st] = statements(spec2021(), {"s1.on_request": "本年度未收到政府信息公开申请。"}, year=2022)
    assert (st.fact.id, st.value, st.part, st.quote) == ("new", 0, "s1.on_request", "未收到政府信息公开申请")
    assert "本年度未收到政府信息公开申请。"[st.start : st.end] == st.quote
    assert read("我镇没有收到政府信息公开申请。") == [("new", 0)]
    assert read("本年度未收到政府信息公开申请，予以公开3件。") == [("new", 0), ("disclosed", 3)]


def test_statement_of_a_number():
    text = "经统计，本年度收到政府信息公开申请十二件，上年结转两件。"
    found = statements(spec2021(), {"s1.on_request": text}, year=2022)
    assert [(s.fact.id, s.value, s.quote) for s in found] == [
        ("new", 12, "收到政府信息公开申请十二件"),
        ("carried", 2, "上年结转两件"),
    ]
    assert all(text[s.start : s.end] == s.quote for s in found)
    assert read("2022年收到政府信息公开申请5件。") == [("new", 5)]  # the report's own year


@pytest.mark.parametrize(
    "text",
    [
        "本年度较上年增加3件。",
        "本年度收到政府信息公开申请较上年增加3件。",
        "收到政府信息公开申请同比下降2件。",
        "2021年收到政府信息公开申请5件。",  # another year in the clause
        "2021年未收到政府信息公开申请。",
        "予以公开和部分公开各1件。",
        "予以公开和部分公开共7件。",  # two cues for one number
        "其中收到1件关于土地征收补偿方案的政府信息公开申请书。",  # one application described
        "本年度未发生行政复议纠错案件。",  # narrower than 行政复议
        "本年度收到政府信息公开申请上万件。",  # no number
        "收到申请后均在20个工作日内答复。",  # a span of time
        "接到群众申请后3个工作日内转办，对收到的申请在1个月内办结。",
    ],
)
def test_no_statement(text):
    assert read(text) == []


def test_a_number_beside_a_none_in_one_sentence_wins():
    assert read("未予公开的申请人提起行政复议2件。") == [("review", 2)]


def test_facts_are_read_only_in_their_parts():
    assert read("实际收取信息处理费50元。", part="s6.fee") == [("fee_collected", 50)]
    assert read("实际收取信息处理费50元。", part="s1.active") == []
    assert read("作出行政许可处理决定3件。", part="s1.active") == [("license", 3)]
    assert read("作出行政许可处理决定3件。", part="s6.fee") == []


# ================================================================ stale years


@pytest.mark.parametrize(
    "text",
    [
        "2022年，我镇认真开展政务公开工作。",
        "2019年以来，我镇持续推进政务公开。",
        "自2020年起，我镇按月更新公开目录。",
        "2018年至2022年，我镇累计公开信息五千余条。",
        "计划于2023年底前完成栏目整合，2025年全面建成。",  # plan years after the report year
        "公开2021年部门决算。",  # last year's accounts are published this year
        "及时公开了2021年度镇政府部门决算报告。",
        "与2021年相比，申请数量有所增加。",
        "本报告统计期限为2022年1月1日至2022年12月31日。",
    ],
)
def test_not_stale(text):
    assert stale_years({"s1.intro": text}, year=2022) == []


def test_stale_year():
    text = "2021年，我镇认真开展政务公开工作。"
    [m] = stale_years({"s1.intro": text}, year=2022)
    assert (m.part, m.year, m.period, text[m.start : m.end]) == ("s1.intro", 2021, False, "2021")
    assert replace_year(text, m, 2022) == "2022年，我镇认真开展政务公开工作。"
    assert [m.year for m in stale_years({"p": "二〇二一年，我镇"}, year=2022)] == [2021]


def test_stale_statistics_period():
    text = "本报告统计期限为2021年1月1日至2021年12月31日。"
    found = stale_years({"s1.intro": text}, year=2022)
    assert [(m.year, m.period, text[m.start : m.end]) for m in found] == [(2021, True, "2021"), (2021, True, "2021")]
    # a period of the wrong year is flagged even when the year is later
    assert [m.year for m in stale_years({"p": "统计期限为2023年1月1日至2023年12月31日"}, year=2022)] == [2023, 2023]


# ================================================================ repetition


def test_repeated_share():
    assert repeated_share(LONG_A, LONG_A) == 1.0
    assert repeated_share(LONG_A, LONG_A.replace("，", " ").replace("。", "\n")) == 1.0  # punctuation and lines
    assert repeated_share(LONG_A, LONG_B) == 0.0
    assert repeated_share("无。", "无。") is None  # too short to mean anything
    assert repeated_share(LONG_A, "无。") is None
    half = repeated_share(LONG_A + LONG_B, LONG_A)
    assert half is not None and 0.4 < half < 0.6
    size_a, size_b = len(squash(LONG_A)), len(squash(LONG_B))
    assert overall_share([(LONG_A, LONG_A), (LONG_B, LONG_A), ("无。", "无。")]) == (
        pytest.approx(size_a / (size_a + size_b)),
        size_a + size_b,
    )
    assert overall_share([("无。", "无。")]) is None


# ================================================================ the "prose" block


CELLS = {"t3.new.total", "t3.carried.total", "s6.fee.collected"}
PARTS = {"s1.on_request", "s6.fee"}


def fact(**over: object) -> dict[str, object]:
    return {"id": "new", "what": "新收申请", "cells": ["t3.new.total"], "cues": ["收到"]} | over


def parse(data: object) -> ProseSpec:
    return parse_prose(data, cells=CELLS, parts=PARTS)


def test_spec_parses():
    spec = parse(
        {
            "facts": [
                fact(cells=["t3.new.total", "t9.other_format.total"], none=["未收到.*申请"]),
                fact(id="fee", cells=["s6.fee.collected"], cues=["收取", "实际收取"], parts=["s6.fee", "s9.x"]),
            ],
            "township_zero": ["t3.carried.total", "t9.absent"],
            "repetition": {"ngram": 6, "warn_share": 0.4},
        }
    )
    new = spec.fact("new")
    assert new is not None and new.cells == ("t3.new.total",) and new.rule == "C1" and new.none == ("未收到.*申请",)
    fee = spec.fact("fee")
    assert fee is not None and fee.parts == ("s6.fee",)
    assert spec.fact("nothing") is None
    assert spec.township_zero == ("t3.carried.total",)
    assert (spec.ngram, spec.warn_share, spec.similar_share) == (6, 0.4, 0.6)
    assert spec.cue_words[0] == "实际收取"  # longest first


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ([], "prose must be an object"),
        ({"facts": [], "fatcs": []}, "prose has unknown keys ['fatcs']"),
        ({"facts": {}}, "prose.facts must be a list"),
        ({"facts": [fact(cue=["收到"])]}, "prose.facts[0] needs id, what, cells, cues (unknown: ['cue'])"),
        (
            {"facts": [{"id": "new", "what": "x", "cells": ["t3.new.total"]}]},
            "prose.facts[0] needs id, what, cells, cues",
        ),
        (
            {"facts": [fact(cells=["t9.absent.total"])]},
            "prose.facts[0]: none of the cells ['t9.absent.total'] is in this format",
        ),
        ({"facts": [fact(parts=["s9.absent"])]}, "none of the parts ['s9.absent'] is in this format"),
        ({"facts": [fact(none=["未收到(申请"])]}, "prose.facts[0]: a pattern is not a valid regular expression"),
        ({"facts": [fact(unit="[件")]}, "a pattern is not a valid regular expression"),
        ({"facts": [fact(cues="收到")]}, "prose.facts[0].cues must be a list of words"),
        ({"facts": [fact(cues=[""])]}, "prose.facts[0].cues must be a list of words"),
        ({"facts": [fact(), fact(what="又一个")]}, "an id is used twice"),
        ({"in_force": [{"label": "x", "in_force": "t3.new.total"}]}, "prose.in_force[0] needs label"),
        (
            {
                "in_force": [
                    {"label": "x", "in_force": "t3.new.total", "issued": "t9.a", "repealed": "t3.carried.total"}
                ]
            },
            "prose.in_force[0]: no cells ['t9.a'] in this format",
        ),
        ({"repetition": [8]}, "prose.repetition must be an object"),
    ],
)
def test_spec_errors(data, problem):
    with pytest.raises(ProseSpecError) as info:
        parse(data)
    assert problem in str(info.value)


def raw2021() -> dict:
    return read_definition_data(FORMATS / "2021.json")


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda p: p.update(extra=1), "prose has unknown keys ['extra']"),
        (lambda p: p["facts"][0].update(cells=["t9.absent.total"]), "none of the cells ['t9.absent.total']"),
        (lambda p: p["facts"][0].update(none=["(未收到"]), "a pattern is not a valid regular expression"),
        (lambda p: p["facts"][0].update(cue=["收到"]), "unknown: ['cue']"),
    ],
)
def test_a_definition_with_a_broken_prose_block_fails_to_load(change, problem):
    data = raw2021()
    assert parse_definition(copy.deepcopy(data), "fine.json").prose is not None
    change(data["prose"])
    with pytest.raises(DefinitionError) as info:
        parse_definition(data, "broken.json")
    assert str(info.value).startswith("broken.json: prose: ") and problem in str(info.value)
    assert info.value.place == "prose"


def test_a_broken_included_prose_file_fails_to_load(tmp_path):
    data = raw2021()
    (tmp_path / "common").mkdir()
    facts = data["prose"]["facts"]
    facts[0]["cells"] = ["t9.absent.total"]
    (tmp_path / "common" / "prose_x.json").write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
    data["prose"]["facts"] = [{"include": "common/prose_x.json"}]
    path = tmp_path / "x.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DefinitionError) as info:
        load_definition(path)
    assert "x.json" in str(info.value) and "prose" in str(info.value) and "t9.absent.total" in str(info.value)


def test_the_shipped_blocks():
    """2019 reads the same application figures as 2021, without the fee and the 行政规范性文件 counts."""
    a, b = get_format("2021").prose, get_format("2019").prose
    assert a is not None and b is not None
    ids_2021, ids_2019 = [f.id for f in a.facts], [f.id for f in b.facts]
    assert set(ids_2021) - set(ids_2019) == {"nd_issued", "nd_repealed", "nd_in_force", "fee_collected", "fee_notices"}
    assert set(ids_2019) <= set(ids_2021)
    assert b.in_force == () and [e.label for e in a.in_force] == ["规章", "行政规范性文件"]
    for fmt_id, spec in (("2021", a), ("2019", b)):
        fmt = get_format(fmt_id)
        for f in spec.facts:
            assert all(c in fmt.cells or c in fmt.fields for c in f.cells), (fmt_id, f.id)
            assert f.rule == ("C2" if f.id.startswith("fee_") else "C1")
