"""Sentences written from the figures, in the register of published reports, for the clerk to insert.

Each is read back by model.prose.statements as exactly the figures it was made from (a test holds
them to it), so a sentence inserted and left behind when the figures change is flagged by C1.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from model.prose.figures import figure, figure_text
from model.prose.spec import Fact
from model.report import Report


@dataclass(frozen=True)
class Suggestion:
    id: str
    title: str  # for the button: 依申请公开情况
    text: str


def suggestions_for(report: Report, part_code: str) -> list[Suggestion]:
    """The sentences offered in one prose part (none where the format has no such figures)."""
    spec = report.fmt.prose
    if spec is None:
        return []
    out = []
    for sid, title, parts, make in _MAKERS:
        if part_code in parts:
            text = make(report)
            if text:
                out.append(Suggestion(sid, title, text))
    return out


def _n(report: Report, fact_id: str) -> int | Decimal | None:
    spec = report.fmt.prose
    fact: Fact | None = spec.fact(fact_id) if spec is not None else None
    return figure(report, fact) if fact is not None else None


def on_request(report: Report) -> str:
    new, carried, nxt = _n(report, "new"), _n(report, "carried"), _n(report, "next_year")
    if new is None:
        return ""
    if not new and not carried:
        return "本年度未收到政府信息公开申请。"
    head = f"本年度共收到政府信息公开申请{new}件" if new else "本年度新收政府信息公开申请0件"
    if carried:
        head += f"，上年结转{carried}件"
    results = []
    for fact_id in ("disclosed", "partial", "withheld", "unavailable", "not_processed", "other_handling"):
        value = _n(report, fact_id)
        if value:
            fact = report.fmt.prose.fact(fact_id) if report.fmt.prose else None
            results.append(f"{fact.what if fact else fact_id}{value}件")
    if nxt:
        results.append(f"结转下年度继续办理{nxt}件")
    return head + "。" + (f"办理结果：{'，'.join(results)}。" if results else "")


def review_litigation(report: Report) -> str:
    review, litigation = _n(report, "review"), _n(report, "litigation")
    if review is None or litigation is None:
        return ""
    if not review and not litigation:
        return "本年度未发生因政府信息公开引起的行政复议、行政诉讼。"
    pieces = []
    pieces.append(
        f"本年度因政府信息公开被申请行政复议{review}件" if review else "本年度未发生因政府信息公开引起的行政复议"
    )
    pieces.append(f"被提起行政诉讼{litigation}件" if litigation else "未发生行政诉讼")
    return "，".join(pieces) + "。"


def active(report: Report) -> str:
    pieces = []
    issued, repealed, in_force = _n(report, "nd_issued"), _n(report, "nd_repealed"), _n(report, "nd_in_force")
    if issued is not None and repealed is not None and in_force is not None:
        pieces.append(
            f"本年度制发行政规范性文件{issued}件，废止行政规范性文件{repealed}件，现行有效行政规范性文件{in_force}件"
        )
    decisions = []
    for fact_id in ("license", "penalty", "coercion"):
        value = _n(report, fact_id)
        fact = report.fmt.prose.fact(fact_id) if report.fmt.prose else None
        if value is not None and fact is not None:
            decisions.append(f"{fact.what}{value}件")
    if decisions:
        pieces.append(("本年度" if not pieces else "") + "作出" + "、".join(decisions))
    return "；".join(pieces) + "。" if pieces else ""


def fee(report: Report) -> str:
    collected, notices = _n(report, "fee_collected"), _n(report, "fee_notices")
    if collected is None:
        return ""
    if not collected and not notices:
        return "本年度未收取信息处理费。"
    amount = report.fields.get("s6.fee.notice_amount")
    text = f"本年度发出收费通知{notices or 0}件"
    if isinstance(amount, (int, Decimal)):
        text += f"，收费通知金额{figure_text(amount)}元"
    return text + f"，实际收取信息处理费{figure_text(collected)}元。"


_MAKERS = (
    ("on_request", "依申请公开情况（表三）", ("s1.on_request",), on_request),
    ("review_litigation", "行政复议、行政诉讼情况（表四）", ("s1.on_request", "s1.oversight"), review_litigation),
    ("active", "主动公开情况（表二）", ("s1.active",), active),
    ("fee", "信息处理费情况", ("s6.fee",), fee),
)
