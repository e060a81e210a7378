"""The content checks against a corpus: the two samples and reports with realistic figures, each
variant with one contradiction inserted (a number in the prose, 未收到 against the table, a stale
year, the fee, copied text, 现行有效件数, 规章) or none. Every inserted contradiction must be flagged
at its place; no untouched variant may get a content finding."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import pytest

from model.checks import run_checks
from model.draft_store import load_draft
from model.prose.sentences import active, fee, on_request, review_litigation
from model.report import Report
from tests.conftest import ROOT

CONTENT = ("C1", "C2", "C3", "C4", "C5", "C6")


@dataclass
class Variant:
    name: str
    report: Report
    last_year: Report | None = None
    expect: list[tuple[str, str]] = field(default_factory=list)  # (rule, part or cell); empty: untouched


def sample(name: str) -> Report:
    return load_draft(ROOT / "samples" / name)


def with_figures_2021() -> Report:
    """金岭镇 2022 with realistic figures that balance, and prose written from them."""
    r = sample("jinling-2022.json")
    for code, value in {
        "t3.new.natural": 10, "t3.new.company": 2, "t3.carried.natural": 1,
        "t3.disclosed.natural": 5, "t3.disclosed.company": 1, "t3.partial.natural": 1,
        "t3.withheld_third_party.natural": 2, "t3.unavailable_not_held.natural": 1, "t3.oh_other.natural": 1,
        "t3.next_year.natural": 1, "t3.next_year.company": 1,
        "t4.cases.review_upheld": 1,
        "t2.normative_doc.issued": 2, "t2.normative_doc.repealed": 1, "t2.normative_doc.in_force": 7,
        "t2.license.decisions": 30, "t2.penalty.decisions": 12,
    }.items():  # fmt: skip
        r.enter(code, str(value))
    r.set_text("s1.on_request", on_request(r) + review_litigation(r))
    r.set_text("s1.active", r.text("s1.active") + active(r))
    r.set_text("s6.fee", fee(r))
    return r


def with_figures_2019() -> Report:
    """山前店镇 2020 (the 2019 format) with figures."""
    r = sample("shanqiandian-2020.json")
    for code, value in {
        "t3.new.natural": 3, "t3.disclosed.natural": 2, "t3.unavailable_not_held.natural": 1,
        "t4.cases.direct_upheld": 1, "t2.penalty.decisions": 4,
    }.items():  # fmt: skip
        r.enter(code, str(value))
    r.set_text("s1.on_request", on_request(r) + review_litigation(r))
    r.set_text("s1.active", r.text("s1.active") + active(r))
    return r


def replaced(report: Report, part: str, old: str, new: str) -> Report:
    r = copy.deepcopy(report)
    text = r.text(part)
    assert old in text, (part, old, text)
    r.set_text(part, text.replace(old, new, 1))
    return r


def number_variants(base: Report, tag: str) -> list[Variant]:
    """Each figure the generated sentences state, changed in the prose only."""
    out = []
    spec = base.fmt.prose
    for part in ("s1.on_request", "s1.active"):
        text = base.text(part)
        for fact in spec.facts:
            for cue in (fact.what,):
                import re

                m = re.search(re.escape(cue) + r"(\d+)件", text)
                if not m:
                    continue
                wrong = str(int(m.group(1)) + 3)
                r = replaced(base, part, m.group(0), f"{cue}{wrong}件")
                out.append(Variant(f"{tag}: {fact.id} in prose", r, expect=[("C1", part)]))
    return out


def stale_year_variants(base: Report, tag: str) -> list[Variant]:
    year = base.meta.year
    out = []
    for part in ("s1.intro", "s1.active", "s1.platform", "s1.oversight", "s5.main"):
        text = base.text(part)
        if f"{year}年" in text:
            out.append(
                Variant(
                    f"{tag}: {year - 1} in {part}",
                    replaced(base, part, f"{year}年", f"{year - 1}年"),
                    expect=[("C3", part)],
                )
            )
        else:
            r = copy.deepcopy(base)
            r.set_text(part, f"{year - 1}年，" + text)
            out.append(Variant(f"{tag}: {year - 1} opens {part}", r, expect=[("C3", part)]))
    return out


def corpus() -> list[Variant]:
    a, b = with_figures_2021(), with_figures_2019()
    c, d = sample("jinling-2022.json"), sample("shanqiandian-2020.json")
    v: list[Variant] = []
    # ------------------------------------------------ untouched
    v += [Variant("2021 with figures", a), Variant("2019 with figures", b)]
    v += [Variant("金岭镇 sample", c), Variant("山前店镇 sample", d)]
    v.append(Variant("full-width digits", replaced(a, "s1.on_request", "申请12件", "申请１２件")))
    v.append(Variant("Chinese numerals", replaced(a, "s1.on_request", "予以公开6件", "予以公开六件")))
    v.append(Variant("两件", replaced(a, "s1.on_request", "不予公开2件", "不予公开两件")))
    v.append(
        Variant(
            "a comparison with last year",
            replaced(a, "s1.on_request", "本年度共收到", "较上年增加3件。本年度共收到"),
        )
    )
    v.append(
        Variant(
            "one application described",
            replaced(
                a,
                "s1.on_request",
                "本年度共收到",
                "其中收到1件关于申请获取土地征收补偿方案的政府信息公开申请书。本年度共收到",
            ),
        )
    )
    v.append(
        Variant(
            "a history and a plan", replaced(a, "s5.main", "2022年，", "自2019年以来，特别是2022年，我镇计划2023年，")
        )
    )
    v.append(Variant("last year's accounts", replaced(a, "s1.active", "2022年，", "2022年，公开2021年部门决算，")))
    v.append(Variant("a range of years", replaced(a, "s1.intro", "2022年", "2018年至2022年")))
    v.append(
        Variant(
            "review of a corrected case",
            replaced(a, "s1.oversight", "2022年度，", "2022年度，未发生行政复议纠错案件，"),
        )
    )
    different_last = copy.deepcopy(d)  # another township's prose: no repetition; in_force holds
    v.append(Variant("last year given, different prose", a, last_year=different_last))
    last_a = copy.deepcopy(a)
    last_a.meta.year = 2021
    for part in last_a.fmt.parts:
        last_a.set_text(part, "")
    last_a.enter("t2.normative_doc.in_force", "6")
    v.append(Variant("现行有效 carried right", a, last_year=last_a))
    # ------------------------------------------------ a number in the prose
    v += number_variants(a, "2021")
    v += number_variants(b, "2019")
    v.append(
        Variant(
            "Chinese numeral wrong",
            replaced(a, "s1.on_request", "予以公开6件", "予以公开五件"),
            expect=[("C1", "s1.on_request")],
        )
    )
    v.append(
        Variant(
            "full-width wrong", replaced(a, "s1.on_request", "申请12件", "申请２０件"), expect=[("C1", "s1.on_request")]
        )
    )
    v.append(
        Variant(
            "受理…十二件 wrong",
            replaced(a, "s1.on_request", "共收到政府信息公开申请12件", "共受理政府信息公开申请十三件"),
            expect=[("C1", "s1.on_request")],
        )
    )
    # ------------------------------------------------ 未收到 against the table
    for text, tag in (
        ("本年度未收到政府信息公开申请。", "未收到"),
        ("本年度未受理政府信息公开申请。", "未受理"),
        ("本年度没有收到政府信息公开申请。", "没有收到"),
    ):
        r = copy.deepcopy(a)
        r.set_text("s1.on_request", text)
        v.append(Variant(f"{tag} against 12", r, expect=[("C1", "s1.on_request")]))
    v.append(
        Variant(
            "未发生行政复议 against 1",
            replaced(a, "s1.on_request", "本年度因政府信息公开被申请行政复议1件，", "本年度未发生行政复议，"),
            expect=[("C1", "s1.on_request")],
        )
    )
    r = copy.deepcopy(c)
    r.enter("t3.new.natural", "2")
    r.enter("t3.disclosed.natural", "2")
    v.append(Variant("sample's 未受理 against 2", r, expect=[("C1", "s1.on_request")]))
    r = copy.deepcopy(d)
    r.enter("t3.new.natural", "1")
    r.enter("t3.disclosed.natural", "1")
    v.append(Variant("sample's 受理…0件 against 1", r, expect=[("C1", "s1.on_request")]))
    # ------------------------------------------------ a stale year
    for base, tag in ((a, "2021 with figures"), (b, "2019 with figures"), (c, "金岭镇"), (d, "山前店镇")):
        v += stale_year_variants(base, tag)
    v.append(
        Variant(
            "statistics period of last year",
            replaced(a, "s1.intro", "2022年金岭镇", "本报告统计期限为2021年1月1日至2021年12月31日。2022年金岭镇"),
            expect=[("C3", "s1.intro")],
        )
    )
    # ------------------------------------------------ the fee
    r = copy.deepcopy(a)
    r.enter_field("s6.fee.notices", "1")
    r.enter_field("s6.fee.notice_amount", "50")
    r.enter_field("s6.fee.collected", "50")
    v.append(Variant("未收取 against 50 元", r, expect=[("C2", "s6.fee")]))
    r2 = copy.deepcopy(r)
    r2.set_text("s6.fee", "本年度发出收费通知1件，实际收取信息处理费30元。")
    v.append(Variant("30 元 against 50 元", r2, expect=[("C2", "s6.fee")]))
    r3 = copy.deepcopy(c)
    r3.enter_field("s6.fee.collected", "20")
    v.append(Variant("sample's 未收取任何费用 against 20 元", r3, expect=[("C2", "s6.fee")]))
    # ------------------------------------------------ copied text
    for base, tag in ((a, "2021"), (c, "金岭镇"), (d, "山前店镇")):
        last = copy.deepcopy(base)
        last.meta.year = base.meta.year - 1
        if "t2.normative_doc.in_force" in last.fmt.cells:  # last year's 现行有效 that this year's follows from
            n = base.number
            before = n("t2.normative_doc.in_force") - n("t2.normative_doc.issued") + n("t2.normative_doc.repealed")
            last.enter("t2.normative_doc.in_force", str(before))
        v.append(Variant(f"{tag}: copied from last year", base, last_year=last, expect=[("C4", "")]))
    # ------------------------------------------------ 现行有效件数
    wrong_last = copy.deepcopy(last_a)
    wrong_last.enter("t2.normative_doc.in_force", "5")
    v.append(Variant("现行有效 does not follow", a, last_year=wrong_last, expect=[("C5", "t2.normative_doc.in_force")]))
    # ------------------------------------------------ 规章 in a township
    r = copy.deepcopy(a)
    r.enter("t2.regulation.issued", "1")
    r.enter("t2.regulation.in_force", "1")
    v.append(Variant("规章 in 2021", r, expect=[("C6", "t2.regulation.issued"), ("C6", "t2.regulation.in_force")]))
    r = copy.deepcopy(d)
    r.enter("t2.regulation.made", "1")
    v.append(Variant("规章 in 2019", r, expect=[("C6", "t2.regulation.made")]))
    return v


def _flagged(findings, rule: str, place: str) -> bool:
    return any(f.rule == rule and (not place or place in (f.part, f.cell)) for f in findings)


def test_every_inserted_contradiction_is_flagged_at_its_place_and_untouched_reports_get_nothing(capsys):
    variants = corpus()
    touched = [v for v in variants if v.expect]
    assert len(touched) >= 50 and len(variants) - len(touched) >= 10
    flagged, missed, false_alarms = 0, [], []
    for v in variants:
        findings = [f for f in run_checks(v.report, last_year=v.last_year) if f.rule in CONTENT]
        for rule, place in v.expect:
            if _flagged(findings, rule, place):
                flagged += 1
            else:
                missed.append((v.name, rule, place))
        for f in findings:
            if not any(f.rule == rule and (not place or place in (f.part, f.cell)) for rule, place in v.expect):
                false_alarms.append((v.name, f.rule, f.message))
    with capsys.disabled():
        print(
            f"\ncontent corpus: {len(touched)} variants with a contradiction, "
            f"{len(variants) - len(touched)} untouched; "
            f"flagged {flagged}, missed {len(missed)}, false alarms {len(false_alarms)}"
        )
    assert missed == [] and false_alarms == []


@pytest.mark.parametrize("make", [with_figures_2021, with_figures_2019])
def test_the_bases_balance(make):
    """The corpus's bases have no table error, so every finding there is the content's."""
    assert [f for f in run_checks(make()) if f.severity == "error"] == []
