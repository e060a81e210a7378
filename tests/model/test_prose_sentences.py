"""The sentences written from the figures (model.prose.sentences), over a small grid of figures in
both formats: each one, inserted into its part, gets no content finding, reads back through
model.prose.statements as exactly the figures it states, and is flagged by C1/C2 at that part
once a figure it states changes in the table."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from model.checks import run_checks
from model.formats import get_format
from model.prose import sentences
from model.prose.figures import figure
from model.prose.sentences import active, fee, on_request, review_litigation, suggestions_for
from model.prose.statements import statements
from model.report import Report
from tests.conftest import make_filled

YEARS = {"2021": 2022, "2019": 2020}
FIGURE_RULES = ("C1", "C2")
CONTENT = ("C1", "C2", "C3", "C4", "C5", "C6")

# 表三's results in the 自然人 column, in the order the grid spreads the applications over them
RESULTS = {
    "2021": [
        ("disclosed", "t3.disclosed.natural"),
        ("partial", "t3.partial.natural"),
        ("withheld", "t3.withheld_third_party.natural"),
        ("withheld", "t3.withheld_internal.natural"),
        ("unavailable", "t3.unavailable_not_held.natural"),
        ("not_processed", "t3.np_repeated.natural"),
        ("other_handling", "t3.oh_other.natural"),
        ("other_handling", "t3.oh_no_fee.natural"),
        ("next_year", "t3.next_year.natural"),
    ],
    "2019": [
        ("disclosed", "t3.disclosed.natural"),
        ("partial", "t3.partial.natural"),
        ("withheld", "t3.withheld_third_party.natural"),
        ("withheld", "t3.withheld_internal.natural"),
        ("unavailable", "t3.unavailable_not_held.natural"),
        ("not_processed", "t3.np_repeated.natural"),
        ("other_handling", "t3.other_handling.natural"),
        ("next_year", "t3.next_year.natural"),
    ],
}

# an input cell that each figure adds up (what "the table changes" changes)
BUMP = {
    "new": "t3.new.natural",
    "carried": "t3.carried.natural",
    "next_year": "t3.next_year.natural",
    "disclosed": "t3.disclosed.natural",
    "partial": "t3.partial.natural",
    "withheld": "t3.withheld_secret.natural",
    "unavailable": "t3.unavailable_unclear.natural",
    "not_processed": "t3.np_petition.natural",
    "review": "t4.cases.review_other",
    "litigation": "t4.cases.after_pending",
    "license": "t2.license.decisions",
    "penalty": "t2.penalty.decisions",
    "coercion": "t2.coercion.decisions",
    "nd_issued": "t2.normative_doc.issued",
    "nd_repealed": "t2.normative_doc.repealed",
    "nd_in_force": "t2.normative_doc.in_force",
    "fee_collected": "s6.fee.collected",
    "fee_notices": "s6.fee.notices",
}
BUMP_OTHER_HANDLING = {"2021": "t3.oh_no_correction.natural", "2019": "t3.other_handling.natural"}


def filled(fmt_id: str, values: dict[str, object] | None = None, fields: dict[str, str] | None = None) -> Report:
    report = make_filled(get_format(fmt_id), YEARS[fmt_id])
    for code, value in (values or {}).items():
        report.enter(code, str(value))
    for code, raw in (fields or {}).items():
        report.enter_field(code, raw)
    return report


def part_of(maker_id: str) -> tuple[str, ...]:
    return next(parts for sid, _, parts, _ in sentences._MAKERS if sid == maker_id)


def inserted(report: Report, part: str, sentence: str) -> Report:
    r = copy.deepcopy(report)
    r.set_text(part, r.text(part) + sentence)
    return r


def read_back(report: Report, part: str) -> list[tuple[str, int | float]]:
    spec = report.fmt.prose
    assert spec is not None
    found = statements(spec, {part: report.text(part)}, year=report.meta.year or 0)
    return sorted((s.fact.id, s.value) for s in found)


def content(report: Report) -> list:
    return [f for f in run_checks(report) if f.rule in CONTENT]


def bump(report: Report, fact_id: str) -> Report:
    """The report with the figure one more in the table (an input cell or 六（一）'s field)."""
    code = BUMP_OTHER_HANDLING[report.fmt.format_id] if fact_id == "other_handling" else BUMP[fact_id]
    r = copy.deepcopy(report)
    if code in r.fmt.fields:
        value = r.fields.get(code)
        r.enter_field(code, str((value if isinstance(value, (int, Decimal)) else 0) + 1))
    else:
        r.enter(code, str(r.number(code) + 1))
    return r


def assert_holds(report: Report, part: str, sentence: str, expected: dict[str, int | Decimal]) -> None:
    """Inserted into part: no content finding, reads back as expected, each figure changed is flagged there."""
    spec = report.fmt.prose
    assert spec is not None
    assert [f for f in run_checks(report) if f.severity == "error"] == [], "the grid's report must balance"
    for fact_id, value in expected.items():  # the grid's own figures are what the table says
        fact = spec.fact(fact_id)
        assert fact is not None and figure(report, fact) == value, fact_id
    r = inserted(report, part, sentence)
    assert content(r) == [], sentence
    assert read_back(r, part) == sorted(expected.items()), sentence
    for fact_id, value in expected.items():
        fact = spec.fact(fact_id)
        assert fact is not None
        changed = bump(r, fact_id)
        now = figure(changed, fact)
        assert now != value
        flagged = [f for f in run_checks(changed) if f.rule in FIGURE_RULES and f.part == part]
        assert [(f.rule, f.cell, f.expected, f.actual, f.severity) for f in flagged] == [
            (fact.rule, fact.cells[0], now, value, "warning")
        ], (sentence, fact_id, flagged)


# ---------------------------------------------------------------- 依申请公开 (表三)

NEW = (0, 1, 12)
CARRIED = (0, 1)


def on_request_cases() -> list[tuple[str, int, int, int]]:
    out = []
    for fmt_id, results in RESULTS.items():
        for new in NEW:
            for carried in CARRIED:
                starts = range(len(results)) if new + carried else range(1)
                out += [(fmt_id, new, carried, start) for start in starts]
    return out


def spread(fmt_id: str, new: int, carried: int, start: int) -> tuple[dict[str, object], dict[str, int]]:
    """new + carried applications spread round-robin over the results from start: the input values
    and the figures the sentence states."""
    results = RESULTS[fmt_id]
    values: dict[str, object] = {"t3.new.natural": new, "t3.carried.natural": carried}
    figures: dict[str, int] = {}
    for i in range(new + carried):
        fact_id, code = results[(start + i) % len(results)]
        values[code] = int(str(values.get(code, 0))) + 1
        figures[fact_id] = figures.get(fact_id, 0) + 1
    stated = {"new": new}
    if carried:
        stated["carried"] = carried
    stated.update(figures)
    return values, stated


@pytest.mark.parametrize(("fmt_id", "new", "carried", "start"), on_request_cases())
def test_on_request_reads_back_and_follows_the_table(fmt_id, new, carried, start):
    values, stated = spread(fmt_id, new, carried, start)
    report = filled(fmt_id, values)
    sentence = on_request(report)
    assert sentence
    for part in part_of("on_request"):
        assert_holds(report, part, sentence, stated)


def test_on_request_wording():
    report = filled("2021", spread("2021", 12, 1, 0)[0])
    assert on_request(report).startswith("本年度共收到政府信息公开申请12件，上年结转1件。办理结果：")
    assert on_request(report) == (
        "本年度共收到政府信息公开申请12件，上年结转1件。办理结果：予以公开2件，部分公开2件，不予公开4件，"
        "无法提供1件，不予处理1件，其他处理2件，结转下年度继续办理1件。"
    )
    assert on_request(filled("2021")) == "本年度未收到政府信息公开申请。"
    assert on_request(filled("2019")) == "本年度未收到政府信息公开申请。"
    assert on_request(filled("2021", {"t3.new.natural": 1, "t3.disclosed.natural": 1})) == (
        "本年度共收到政府信息公开申请1件。办理结果：予以公开1件。"
    )
    assert on_request(filled("2019", {"t3.carried.natural": 1, "t3.next_year.natural": 1})) == (
        "本年度新收政府信息公开申请0件，上年结转1件。办理结果：结转下年度继续办理1件。"
    )


def test_on_request_counts_every_applicant_column():
    values = {
        "t3.new.natural": 3,
        "t3.new.company": 2,
        "t3.new.other": 1,
        "t3.disclosed.natural": 3,
        "t3.disclosed.company": 1,
        "t3.withheld_secret.company": 1,
        "t3.next_year.other": 1,
    }
    for fmt_id in RESULTS:
        report = filled(fmt_id, values)
        sentence = on_request(report)
        assert (
            sentence == "本年度共收到政府信息公开申请6件。办理结果：予以公开4件，不予公开1件，结转下年度继续办理1件。"
        )
        assert_holds(report, "s1.on_request", sentence, {"new": 6, "disclosed": 4, "withheld": 1, "next_year": 1})


# ---------------------------------------------------------------- 行政复议、行政诉讼 (表四)

CASES = (0, 1, 3)
REVIEW_CELLS = ("t4.cases.review_upheld", "t4.cases.review_corrected", "t4.cases.review_pending")
LITIGATION_CELLS = ("t4.cases.direct_upheld", "t4.cases.after_corrected", "t4.cases.direct_pending")


def cases(cells: tuple[str, ...], n: int) -> dict[str, object]:
    values: dict[str, object] = {}
    for i in range(n):
        code = cells[i % len(cells)]
        values[code] = int(str(values.get(code, 0))) + 1
    return values


@pytest.mark.parametrize("fmt_id", list(YEARS))
@pytest.mark.parametrize("review", CASES)
@pytest.mark.parametrize("litigation", CASES)
def test_review_litigation_reads_back_and_follows_the_table(fmt_id, review, litigation):
    report = filled(fmt_id, cases(REVIEW_CELLS, review) | cases(LITIGATION_CELLS, litigation))
    sentence = review_litigation(report)
    for part in part_of("review_litigation"):
        assert_holds(report, part, sentence, {"review": review, "litigation": litigation})


def test_review_litigation_wording():
    assert review_litigation(filled("2021")) == "本年度未发生因政府信息公开引起的行政复议、行政诉讼。"
    report = filled("2019", cases(REVIEW_CELLS, 1) | cases(LITIGATION_CELLS, 3))
    assert review_litigation(report) == "本年度因政府信息公开被申请行政复议1件，被提起行政诉讼3件。"
    report = filled("2021", cases(LITIGATION_CELLS, 1))
    assert review_litigation(report) == "本年度未发生因政府信息公开引起的行政复议，被提起行政诉讼1件。"
    report = filled("2021", cases(REVIEW_CELLS, 3))
    assert review_litigation(report) == "本年度因政府信息公开被申请行政复议3件，未发生行政诉讼。"


# ---------------------------------------------------------------- 主动公开 (表二)

DOCUMENTS = ((0, 0, 0), (1, 0, 1), (2, 1, 7))  # 行政规范性文件 issued, repealed, in force (2021 only)
DECISIONS = ((0, 0, 0), (1, 0, 0), (30, 12, 1))  # 行政许可, 行政处罚, 行政强制 decisions


def active_cases() -> list[tuple[str, tuple[int, int, int] | None, tuple[int, int, int]]]:
    out: list[tuple[str, tuple[int, int, int] | None, tuple[int, int, int]]] = []
    for decisions in DECISIONS:
        out += [("2021", documents, decisions) for documents in DOCUMENTS]
        out.append(("2019", None, decisions))
    return out


@pytest.mark.parametrize(("fmt_id", "documents", "decisions"), active_cases())
def test_active_reads_back_and_follows_the_table(fmt_id, documents, decisions):
    values: dict[str, object] = dict(
        zip(("t2.license.decisions", "t2.penalty.decisions", "t2.coercion.decisions"), decisions)
    )
    stated: dict[str, int | Decimal] = dict(zip(("license", "penalty", "coercion"), decisions))
    if documents is not None:
        values |= dict(
            zip(("t2.normative_doc.issued", "t2.normative_doc.repealed", "t2.normative_doc.in_force"), documents)
        )
        stated |= dict(zip(("nd_issued", "nd_repealed", "nd_in_force"), documents))
    report = filled(fmt_id, values)
    sentence = active(report)
    for part in part_of("active"):
        assert_holds(report, part, sentence, stated)


def test_active_wording():
    values = {
        "t2.normative_doc.issued": 2,
        "t2.normative_doc.repealed": 1,
        "t2.normative_doc.in_force": 7,
        "t2.license.decisions": 30,
        "t2.penalty.decisions": 12,
        "t2.coercion.decisions": 1,
    }
    assert active(filled("2021", values)) == (
        "本年度制发行政规范性文件2件，废止行政规范性文件1件，现行有效行政规范性文件7件；"
        "作出行政许可处理决定30件、行政处罚处理决定12件、行政强制处理决定1件。"
    )
    assert active(filled("2019")) == "本年度作出行政许可处理决定0件、行政处罚处理决定0件、行政强制处理决定0件。"


# ---------------------------------------------------------------- 信息处理费 (六（一）, 2021 only)

FEES = (
    # notices, notice amount, collected (as entered; "" is blank), and the figures the sentence states
    ("0", "0", "0", {"fee_collected": Decimal(0)}),
    ("1", "50", "0", {"fee_notices": 1, "fee_collected": Decimal(0)}),
    ("1", "50", "50", {"fee_notices": 1, "fee_collected": Decimal(50)}),
    ("2", "", "50", {"fee_notices": 2, "fee_collected": Decimal(50)}),
    ("1", "50.50", "50.50", {"fee_notices": 1, "fee_collected": Decimal("50.5")}),
    ("0", "0", "50", {"fee_notices": 0, "fee_collected": Decimal(50)}),
)


@pytest.mark.parametrize(("notices", "amount", "collected", "stated"), FEES)
def test_fee_reads_back_and_follows_the_table(notices, amount, collected, stated):
    report = filled(
        "2021", fields={"s6.fee.notices": notices, "s6.fee.notice_amount": amount, "s6.fee.collected": collected}
    )
    sentence = fee(report)
    for part in part_of("fee"):
        assert_holds(report, part, sentence, stated)


def test_fee_wording():
    fields = {"s6.fee.notices": "1", "s6.fee.notice_amount": "50", "s6.fee.collected": "50"}
    assert fee(filled("2021")) == "本年度未收取信息处理费。"
    assert fee(filled("2021", fields=fields)) == "本年度发出收费通知1件，收费通知金额50元，实际收取信息处理费50元。"
    fields = {"s6.fee.notices": "2", "s6.fee.notice_amount": "", "s6.fee.collected": "50.50"}
    assert fee(filled("2021", fields=fields)) == "本年度发出收费通知2件，实际收取信息处理费50.5元。"


def test_2019_has_no_fee_or_document_sentence():
    report = filled("2019")
    assert fee(report) == ""
    assert "规范性文件" not in active(report)
    assert suggestions_for(report, "s6.main") == []


# ---------------------------------------------------------------- offered together


@pytest.mark.parametrize("fmt_id", list(YEARS))
def test_every_suggestion_inserted_at_once(fmt_id):
    """Each part with everything it offers, in one report with figures everywhere: no content finding."""
    values, _ = spread(fmt_id, 12, 1, 2)
    values |= cases(REVIEW_CELLS, 1) | cases(LITIGATION_CELLS, 3)
    values |= {"t2.license.decisions": 30, "t2.penalty.decisions": 12}
    if fmt_id == "2021":
        values |= {"t2.normative_doc.issued": 2, "t2.normative_doc.repealed": 1, "t2.normative_doc.in_force": 7}
    fields = {"s6.fee.notices": "1", "s6.fee.notice_amount": "50", "s6.fee.collected": "50"} if fmt_id == "2021" else {}
    report = filled(fmt_id, values, fields)
    offered = {}
    for part in report.fmt.parts:
        offered[part] = [s.id for s in suggestions_for(report, part)]
        report.set_text(part, report.text(part) + "".join(s.text for s in suggestions_for(report, part)))
    expected = {
        "s1.on_request": ["on_request", "review_litigation"],
        "s1.oversight": ["review_litigation"],
        "s1.active": ["active"],
    }
    if fmt_id == "2021":
        expected["s6.fee"] = ["fee"]
    assert {p: ids for p, ids in offered.items() if ids} == expected
    assert [f for f in run_checks(report) if f.severity == "error"] == []
    assert content(report) == []
    on_req = dict(read_back(report, "s1.on_request"))
    assert on_req["new"] == 12 and on_req["carried"] == 1 and on_req["review"] == 1 and on_req["litigation"] == 3


@pytest.mark.parametrize("fmt_id", list(YEARS))
@pytest.mark.parametrize(("new", "carried"), [(n, c) for n in NEW for c in CARRIED])
@pytest.mark.parametrize(("review", "litigation"), [(r, li) for r in CASES for li in CASES])
def test_on_request_and_review_litigation_in_one_part(fmt_id, new, carried, review, litigation):
    """s1.on_request offers both: one after the other, each reads back as its own figures."""
    values, stated = spread(fmt_id, new, carried, 4)
    values |= cases(REVIEW_CELLS, review) | cases(LITIGATION_CELLS, litigation)
    report = filled(fmt_id, values)
    sentence = on_request(report) + review_litigation(report)
    assert_holds(report, "s1.on_request", sentence, stated | {"review": review, "litigation": litigation})
