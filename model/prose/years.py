"""Years in the prose that are not the report's: a report made from last year's that still says 「2022年」.

A year is stale when it is earlier than the report year and its words do not plainly place it in
the past on purpose (「2019年以来」「自2020年起」「较2022年」「2022年度决算」 in a key-points list
is still flagged: assessors read it as copied). The statistics period 「2022年1月1日至2022年12月31日」
is checked as a whole. The next years (plans, 「2027年」) are never flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from model.prose.numbers import number_value

YEAR = re.compile(r"(?<![0-9０-９])([12][0-9０-９]{3}|二[〇零][一二三四五六七八九〇零]{2})(\s*年)")
# words before or after a year that say it is meant: a history, a comparison, a plan's horizon
PAST_BEFORE = re.compile(r"(?:自|从|截至|截止|截止到|截至到|较|比|与|同|相比|对比|回顾|继|于)\s*$")
PAST_AFTER = re.compile(
    r"^(?:度)?(?:以来|起|至今|开始|以后|之后|以前|之前|前|底前|末|同期|相比|部门决算|决算|预算|年度报告|年报)"
)
# 「2021年招远市金岭镇人民政府部门决算」: last year's accounts and reports are published this year
ABOUT_LAST_YEAR = re.compile(r"^[^，。；、,;]{0,16}?(?:决算|预算执行|审计|年度报告|年报|统计公报|总结)")
RANGE = re.compile(
    r"^(?:度)?(?:[一二三四五六七八九十0-9０-９]+月(?:[0-9０-９一二三四五六七八九十]+日)?)?\s*(?:至|到|—|-|～|~)"
)
PERIOD = re.compile(
    r"([12][0-9０-９]{3})\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|—|-|～|~)\s*([12][0-9０-９]{3})\s*年\s*12\s*月\s*31\s*日"
)


@dataclass(frozen=True)
class YearMention:
    part: str
    start: int  # of the year's digits in the part's text
    end: int
    year: int
    context: str  # the sentence piece around it, for the helper and messages
    period: bool = False  # inside a statistics period 「…1月1日至…12月31日」


def stale_years(texts: dict[str, str], *, year: int) -> list[YearMention]:
    out: list[YearMention] = []
    for part, text in texts.items():
        periods = []
        for m in PERIOD.finditer(text):
            periods.append((m.start(), m.end()))
            for g in (1, 2):
                value = number_value(m.group(g))
                if value != year:
                    out.append(
                        YearMention(
                            part, m.start(g), m.end(g), int(value or 0), _context(text, m.start(g), m.end(g)), True
                        )
                    )
        for m in YEAR.finditer(text):
            if any(a <= m.start() < b for a, b in periods):
                continue
            value = number_value(m.group(1))
            if not isinstance(value, int) or value >= year or value < 1990:
                continue
            before, after = text[max(0, m.start() - 6) : m.start()], text[m.end() : m.end() + 8]
            rest = text[m.end() : m.end() + 24]
            if (
                PAST_BEFORE.search(before)
                or PAST_AFTER.match(after)
                or RANGE.match(after)
                or ABOUT_LAST_YEAR.match(rest)
            ):
                continue
            if _after_a_range(text, m.start()):
                continue
            out.append(YearMention(part, m.start(1), m.end(1), value, _context(text, m.start(1), m.end(1))))
    return sorted(out, key=lambda y: (y.part, y.start))


def _after_a_range(text: str, start: int) -> bool:
    """「2019年至2023年」: the second year ends a range the first opens."""
    return bool(re.search(r"(?:至|到|—|-|～|~)\s*$", text[max(0, start - 3) : start]))


def _context(text: str, start: int, end: int, width: int = 14) -> str:
    left = max(0, start - width)
    right = min(len(text), end + width)
    return ("…" if left else "") + text[left:right].replace("\n", " ") + ("…" if right < len(text) else "")


def replace_year(text: str, mention: YearMention, new_year: int) -> str:
    """The text with this one occurrence replaced (half-width digits, as the format writes years)."""
    return text[: mention.start] + str(new_year) + text[mention.end :]


def occurrences(texts: dict[str, str], year: int) -> list[YearMention]:
    """Every 「2022年」 (or 二〇二二年) of one year, in part order: what the replacing helper walks through."""
    out = []
    for part, text in texts.items():
        for m in YEAR.finditer(text):
            if number_value(m.group(1)) == year:
                out.append(YearMention(part, m.start(1), m.end(1), year, _context(text, m.start(1), m.end(1))))
    return out
