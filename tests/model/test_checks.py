"""Every rule: one case where it holds and one where it fails, with place and numbers."""

import datetime as dt
from decimal import Decimal

import pytest

from model.checks import run_checks
from model.editor import Editor
from model.normalize import Invalid
from model.report import Report


def by_rule(findings, rule):
    return [f for f in findings if f.rule == rule]


def test_a_complete_report_has_no_findings(filled2021, filled2019):
    assert run_checks(filled2021) == []
    assert run_checks(filled2019) == []


# ------------------------------------------------------------------ R1


def test_r1_holds_when_every_column_balances(filled2021):
    r = filled2021
    r.enter("t3.new.natural", "5")
    r.enter("t3.carried.natural", "1")
    r.enter("t3.disclosed.natural", "3")
    r.enter("t3.np_repeated.natural", "2")
    r.enter("t3.next_year.natural", "1")
    assert by_rule(run_checks(r), "R1") == []


def test_r1_fails_per_column_with_both_sums(filled2021):
    r = filled2021
    r.enter("t3.new.natural", "5")
    r.enter("t3.disclosed.natural", "3")
    r.enter("t3.next_year.natural", "1")
    found = by_rule(run_checks(r), "R1")
    assert [(f.table, f.column, f.expected, f.actual, f.severity) for f in found] == [
        ("t3", "natural", 5, 4, "error"),
        ("t3", "total", 5, 4, "error"),
    ]
    assert found[0].message == (
        "表三“自然人”列：第一项加第二项之和（5）应等于第三项加第四项之和（4），相差1，请核对本列的办理结果。"
    )
    assert found[0].section == "s3" and found[0].row is None


def test_r1_skips_a_column_with_nothing_filled(fmt2021):
    r = Report.new(fmt2021, organ="甲镇人民政府", year=2022)
    assert by_rule(run_checks(r), "R1") == []


# ------------------------------------------------------------ R2, R3, R5
# Totals are always computed; a total stated in a file is compared with the sum.


def test_totals_are_derived_from_inputs(filled2021):
    r = filled2021
    r.enter("t3.disclosed.natural", "3")
    r.enter("t3.withheld_secret.company", "2")
    r.enter("t3.oh_no_fee.other", "1")
    assert r.value("t3.results_total.natural") == 3
    assert r.value("t3.results_total.company") == 2
    assert r.value("t3.disclosed.total") == 3
    assert r.value("t3.results_total.total") == 6
    r.enter("t4.cases.direct_pending", "4")
    assert r.value("t4.cases.direct_total") == 4


def test_total_of_blank_terms_stays_blank(fmt2021):
    r = Report.new(fmt2021)
    assert r.value("t3.results_total.natural") is None
    r.enter("t3.partial.natural", "0")
    assert r.value("t3.results_total.natural") == 0


def test_computed_cells_cannot_be_entered(filled2021):
    from model.normalize import InputRefused

    with pytest.raises(InputRefused, match="自动计算"):
        filled2021.enter("t3.results_total.natural", "4")


def test_r2_holds_when_stated_total_matches(filled2021):
    r = filled2021
    r.enter("t3.disclosed.natural", "2")
    r.stated["t3.results_total.natural"] = 2
    assert by_rule(run_checks(r), "R2") == []


def test_r2_fails_when_stated_total_differs(filled2021):
    r = filled2021
    r.enter("t3.disclosed.natural", "2")
    r.stated["t3.results_total.natural"] = 5
    [f] = by_rule(run_checks(r), "R2")
    assert (f.cell, f.row, f.column, f.expected, f.actual) == (
        "t3.results_total.natural",
        "results_total",
        "natural",
        2,
        5,
    )
    assert f.message.startswith("表三“（七）总计”行“自然人”列：填报的总计为5，各项办理结果之和为2，相差3。")
    editor = Editor(r)
    result = editor.accept_computed(["t3.results_total.natural"])
    assert by_rule(result.findings, "R2") == [] and "t3.results_total.natural" in result.cells
    editor.undo()  # one undo step brings the stated total back
    assert r.stated == {"t3.results_total.natural": 5} and by_rule(editor.findings, "R2")


def test_r3_fails_when_stated_row_total_differs(filled2021):
    r = filled2021
    r.enter("t3.new.company", "4")
    r.stated["t3.new.total"] = 3
    [f] = by_rule(run_checks(r), "R3")
    assert (f.cell, f.expected, f.actual) == ("t3.new.total", 4, 3)
    assert f.message.startswith("表三“一、本年新收政府信息公开申请数量”行：填报的“总计”为3，六类申请人之和为4，相差1。")


def test_r3_holds_when_stated_row_total_matches(filled2021):
    r = filled2021
    r.enter("t3.new.company", "4")
    r.stated["t3.new.total"] = 4
    assert by_rule(run_checks(r), "R3") == []


def test_r5_each_group_of_table_four(filled2021):
    r = filled2021
    r.enter("t4.cases.after_upheld", "1")
    r.enter("t4.cases.after_pending", "2")
    r.stated["t4.cases.after_total"] = 3
    r.stated["t4.cases.review_total"] = 1
    [f] = by_rule(run_checks(r), "R5")
    assert (f.cell, f.expected, f.actual) == ("t4.cases.review_total", 0, 1)
    assert f.message.startswith(
        "表四“行政复议”：填报的“总计”为1，结果维持、结果纠正、其他结果、尚未审结之和为0，相差1。"
    )


def test_r5_names_nested_group(filled2021):
    r = filled2021
    r.stated["t4.cases.direct_total"] = 2
    [f] = by_rule(run_checks(r), "R5")
    assert "表四“行政诉讼—未经复议直接起诉”" in f.message


# ------------------------------------------------------------------ R6


def test_r6_carry_over_holds(filled2021, filled2019):
    last = filled2019
    last.enter("t3.new.natural", "2")
    last.enter("t3.next_year.natural", "2")
    this = filled2021
    this.enter("t3.carried.natural", "2")
    this.enter("t3.disclosed.natural", "2")
    assert by_rule(run_checks(this, last_year=last), "R6") == []


def test_r6_carry_over_fails_per_column_across_format_versions(filled2021, filled2019):
    last = filled2019  # 2020, 2019 format
    last.enter("t3.new.legal_service", "3")
    last.enter("t3.next_year.legal_service", "3")
    this = filled2021  # 2022 report, 2021 format
    found = by_rule(run_checks(this, last_year=last), "R6")
    assert [(f.cell, f.expected, f.actual, f.severity) for f in found] == [
        ("t3.carried.legal_service", 3, 0, "warning"),
        ("t3.carried.total", 3, 0, "warning"),
    ]
    assert found[0].message.startswith(
        "表三“二、上年结转政府信息公开申请数量”行“法律服务机构”列：本年填0，上年报告“四、结转下年度继续办理”为3，相差3。"
    )
    assert by_rule(run_checks(this), "R6") == []  # only with last year's draft


# ------------------------------------------------------------- V1 V2 V3


@pytest.mark.parametrize(
    "code, raw, rule",
    [
        ("t3.new.natural", "-2", "V1"),
        ("t2.fee.fee_amount", "1.23456", "V2"),
    ],
)
def test_domain_rules_report_invalid_values_at_their_cell(filled2021, code, raw, rule):
    r = filled2021
    r.set_value(code, Invalid(raw=raw, reason="原因"))
    [f] = by_rule(run_checks(r), rule)
    assert (f.cell, f.actual, f.severity) == (code, raw, "error")
    assert f"“{raw}”不能作为这一格的值（原因）" in f.message


def test_domain_rule_signed_2019(filled2019):
    r = filled2019
    r.enter("t2.license.items_change", "-3")  # a decrease is allowed
    assert run_checks(r) == []
    r.set_value("t2.license.items_change", Invalid(raw="1.5", reason="件数必须是整数，不能有小数"))
    [f] = by_rule(run_checks(r), "V3")
    assert f.message.startswith("表二“行政许可”行“本年增/减”列：“1.5”不能作为这一格的值")


def test_domain_rule_for_fields(filled2021):
    r = filled2021
    r.fields["s6.fee.collected"] = Invalid(raw="很多", reason="这里只能填写数字")
    [f] = by_rule(run_checks(r), "V2")
    assert f.part == "s6.fee.collected" and "实际收取金额（元）" in f.message


# ------------------------------------------------------------------ D1..D8


def test_d1_blank_cells_counted_per_table(filled2021):
    r = filled2021
    assert by_rule(run_checks(r), "D1") == []
    r.set_value("t3.new.natural", None)
    r.set_value("t3.np_confirm.other", None)
    r.set_value("t4.cases.review_upheld", None)
    found = by_rule(run_checks(r), "D1")
    assert [(f.table, f.actual, f.severity) for f in found] == [("t3", 2, "warning"), ("t4", 1, "warning")]
    assert found[0].message.startswith("表三还有2格没有填写。")


def test_d2_d3_organ_and_year_are_errors(fmt2021, filled2021):
    assert by_rule(run_checks(filled2021), "D2") == []
    r = Report.new(fmt2021)
    findings = run_checks(r)
    assert [f.severity for f in by_rule(findings, "D2")] == ["error"]
    assert [f.part for f in by_rule(findings, "D3")] == ["meta.year"]
    r.set_meta("year", 2019)  # a 2019 report in the 2021 format
    [f] = by_rule(run_checks(r), "D3")
    assert "2019年不适用" in f.message and f.actual == 2019


def test_d4_title_form(filled2021):
    r = filled2021
    assert r.title == "测试镇人民政府2022年政府信息公开工作年度报告"
    r.set_meta("title", "测试镇人民政府 2022年政府信息公开工作年度报告")  # a stray space is fine
    assert by_rule(run_checks(r), "D4") == []
    r.set_meta("title", "测试镇2022年政府信息公开工作报告")
    [f] = by_rule(run_checks(r), "D4")
    assert f.expected == "测试镇人民政府2022年政府信息公开工作年度报告"
    assert f.actual == "测试镇2022年政府信息公开工作报告"


def test_d5_deadline_default_and_configurable(filled2021):
    r = filled2021
    r.set_meta("date", dt.date(2023, 1, 31))
    assert by_rule(run_checks(r), "D5") == []
    r.set_meta("date", dt.date(2023, 2, 10))
    [f] = by_rule(run_checks(r), "D5")
    assert (f.severity, f.expected, f.actual) == ("warning", "2023年1月31日", "2023年2月10日")
    assert by_rule(run_checks(r, deadline="02-20"), "D5") == []
    r.set_meta("date", dt.date(2022, 11, 1))
    assert "结束之前" in by_rule(run_checks(r), "D5")[0].message
    r.set_meta("date", None)
    assert by_rule(run_checks(r), "D5")[0].severity == "hint"


def test_d6_empty_narrative_parts(filled2021):
    r = filled2021
    r.set_text("s1.on_request", "  ")
    r.set_text("s1.intro", "")  # optional: no finding
    r.set_text("s6.innovation", "")
    found = by_rule(run_checks(r), "D6")
    assert [(f.part, f.section) for f in found] == [("s1.on_request", "s1"), ("s6.innovation", "s6")]
    assert found[0].message == "“一、总体情况”的“（二）依申请公开”还没有填写。请按提示填写。"
    assert found[1].message.endswith("没有相关情况的，请写“无”。")


def test_six_items_accept_wu(filled2021):
    r = filled2021
    r.set_text("s6.innovation", "无")
    assert run_checks(r) == []


@pytest.mark.parametrize(
    "text, fails",
    [
        ("无", True),
        ("无。", True),
        ("问题较少，继续努力。", True),
        ("一是公开内容不够全面；二是更新不够及时。下一步将完善机制、加强培训。", False),
    ],
)
def test_d7_section_five_substance(filled2021, text, fails):
    r = filled2021
    r.set_text("s5.main", text)
    found = by_rule(run_checks(r), "D7")
    assert bool(found) == fails
    if fails:
        assert found[0].part == "s5.main" and found[0].expected == 20


def test_a_large_administrative_fee_asks_nothing_of_the_information_processing_fee(filled2021):
    """表二's 行政事业性收费 and 六（一）'s 信息处理费 are different statutory items (D8 linked them, wrongly)."""
    r = filled2021
    r.set_text("s6.fee", "本年度未收取信息处理费。")
    for code in ("s6.fee.notices", "s6.fee.notice_amount", "s6.fee.collected"):
        r.enter_field(code, "0")
    r.enter("t2.fee.fee_amount", "1250.5")
    assert [f for f in run_checks(r) if f.part == "s6.fee" or f.part in r.fmt.fields] == []
    assert "D8" not in {rule.id for rule in r.fmt.document_rules}


# ------------------------------------------------------------- explain


def test_warning_carries_explanation_but_error_does_not(filled2021):
    r = filled2021
    r.set_meta("date", dt.date(2023, 2, 10))
    r.enter("t3.new.natural", "1")  # R1 error
    findings = run_checks(r)
    d5 = by_rule(findings, "D5")[0]
    r1 = by_rule(findings, "R1")[0]
    r.explain(d5.key, "因机构调整，经县政务公开办同意延期报送。")
    r.explain(r1.key, "errors cannot be explained away")
    findings = run_checks(r)
    assert by_rule(findings, "D5")[0].explanation == "因机构调整，经县政务公开办同意延期报送。"
    assert by_rule(findings, "R1")[0].explanation is None
    r.explain(d5.key, "")
    assert by_rule(run_checks(r), "D5")[0].explanation is None


def test_findings_are_ordered_by_section(fmt2021):
    r = Report.new(fmt2021)
    sections = [f.section for f in run_checks(r)]
    order = ["s0", "s1", "s2", "s3", "s4", "s5", "s6"]
    assert sections == sorted(sections, key=order.index)


def test_money_sum_has_no_float_noise(fmt2021):
    """0.1 + 0.2 + 0.4 万元 summed over townships (the county's 汇总) is 0.7 exactly, never 0.7000000000000001."""
    from exporters.county.consolidate import sum_reports

    reports = []
    for typed in ("0.1", "0.2", "0.4"):
        r = Report.new(fmt2021, organ="甲镇", year=2022)
        r.enter("t2.fee.fee_amount", typed)
        reports.append(r)
    total = sum_reports(fmt2021, 2022, reports).value("t2.fee.fee_amount")
    assert total == Decimal("0.7") and isinstance(total, Decimal) and str(total) == "0.7"
    assert sum(float(t) for t in ("0.1", "0.2", "0.4")) != 0.7  # what floats would have given
