"""What the prose states about the figures: 「收到政府信息公开申请12件」, 「未收到政府信息公开申请」.

Precision before recall: a number is read only where its clause says plainly which figure it is
(one cue, no comparison with another period, no other year, no 各); anything else is left alone,
because a false alarm costs the clerk's trust in every other finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from model.prose.numbers import NUMBER, number_value
from model.prose.spec import Fact, ProseSpec

SENTENCE_END = re.compile(r"[。；;！!？?\n]")
CLAUSE_END = re.compile(r"[，,、：:（）()“”]")
# a clause about a change or another period: its numbers are not this year's figure
OTHER_PERIOD = re.compile(
    r"同比|环比|较上年|比上年|较去年|比去年|去年|上一年|上年度?|增加|减少|增长|下降|上升|累计|历年|以来"
)
YEAR = re.compile(r"([12][0-9０-９]{3}|[一二〇零三四五六七八九]{4})\s*年")
EACH = re.compile(r"各\s*$")
# 「共收到申请5件（其中上年结转1件）」: the 5 may include the carried one; say nothing
INCLUDES = re.compile(r"\s*[（(，,]?\s*(?:其中|含|包括)[^。；）)]{0,8}(?:上年|结转|以前)")
MAX_GAP = 24  # characters between a cue and its number
# 「收到申请后20个工作日内答复」: a span of time, not a count
NOT_A_COUNT = "(?!工作日|自然日|月|小时|季度|星期|周)"


@dataclass(frozen=True)
class Statement:
    fact: Fact
    value: int | float
    part: str
    start: int  # where in the part's text the statement is
    end: int
    quote: str  # the words as written, for messages


def statements(spec: ProseSpec, texts: dict[str, str], *, year: int) -> list[Statement]:
    """Every plain statement of a figure in the given prose parts (part code -> text)."""
    found: list[Statement] = []
    for part, text in texts.items():
        facts = [f for f in spec.facts if not f.parts or part in f.parts]
        if not facts or not text:
            continue
        for start, sentence in _pieces(SENTENCE_END, text, 0):
            numbers = [
                s
                for c, clause in _pieces(CLAUSE_END, sentence, start)
                for s in _numbers(spec, facts, part, clause, c, year)
            ]
            numbers = [s for s in numbers if not INCLUDES.match(text, s.end)]
            counted = {s.fact.id for s in numbers}
            # 「未予公开的申请人提起行政复议2件」: a number beside a "none" in one sentence wins
            found += [s for s in _nones(facts, part, sentence, start, year) if s.fact.id not in counted]
            found += numbers
    return found


def _pieces(pattern: re.Pattern[str], text: str, offset: int) -> list[tuple[int, str]]:
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append((offset + last, text[last : m.start()]))
        last = m.end()
    out.append((offset + last, text[last:]))
    return [(o, t) for o, t in out if t.strip()]


def _nones(facts: list[Fact], part: str, sentence: str, offset: int, year: int) -> list[Statement]:
    out: list[Statement] = []
    if _other_year(sentence, year):
        return out
    for fact in facts:
        if any(word in sentence for word in fact.none_unless):
            continue
        for pattern in fact.none:
            m = re.search(pattern, sentence)  # compiled once, in re's own cache
            if m:
                out.append(Statement(fact, 0, part, offset + m.start(), offset + m.end(), m.group(0)))
                break
    return out


def _other_year(text: str, year: int) -> bool:
    return any(number_value(y.group(1)) != year for y in YEAR.finditer(text))


def _cues(spec: ProseSpec, facts: list[Fact], clause: str) -> list[tuple[int, int, Fact | None]]:
    """Every cue in the clause, longest first where they overlap; None for a cue of a fact not read here."""
    taken = [False] * len(clause)
    out: list[tuple[int, int, Fact | None]] = []
    for word in spec.cue_words:
        start = clause.find(word)  # str.find, not a regex per word: this runs for every clause of every check
        while start >= 0:
            end = start + len(word)
            if not any(taken[start:end]):
                taken[start:end] = [True] * len(word)
                owner = next((f for f in facts if word in f.cues), None)
                out.append((start, end, owner))
            start = clause.find(word, end)
    return sorted(out, key=lambda c: c[0])


def _names_it(fact: Fact, gap: str, after: str) -> bool:
    """The word a figure needs (申请, 规范性文件) names the number itself: just before it (「申请12件」
    「申请共计12件」) or just after its unit (「12件政府信息公开申请」), not something else that was
    counted (「规范性文件管理办法1个」, 「1件关于…的申请书」)."""
    for word in fact.needs:
        at = gap.rfind(word)
        if at >= 0 and len(gap) - (at + len(word)) <= 2:
            return True
        if re.match(rf"[^，。；、关的]{{0,8}}?{re.escape(word)}(?!书|人)", after):
            return True
    return False


def _numbers(spec: ProseSpec, facts: list[Fact], part: str, clause: str, offset: int, year: int) -> list[Statement]:
    cues = _cues(spec, facts, clause)
    if not cues:
        return []
    if _other_year(clause, year):
        return []
    without_cues = clause
    for start, end, _ in cues:
        without_cues = without_cues[:start] + "　" * (end - start) + without_cues[end:]
    if OTHER_PERIOD.search(without_cues):
        return []
    out = []
    for m in re.finditer(rf"({NUMBER})\s*(万元|元|件|个|起|宗|项|条|次|人|%|％){NOT_A_COUNT}", clause):
        before = [c for c in cues if c[1] <= m.start()]
        if not before:
            continue
        start, end, fact = before[-1]
        if fact is None or not re.fullmatch(fact.unit, m.group(2)):
            continue
        gap = clause[end : m.start()]
        if len(gap) > MAX_GAP or re.search(NUMBER, gap) or EACH.search(gap):
            continue
        if len({c[2] for c in before if c[2] is not None and clause[c[1] : m.start()].count("件") == 0}) > 1:
            continue  # 予以公开和部分公开共7件: two figures, one number
        if fact.needs and not _names_it(fact, clause[end : m.start()], clause[m.end() :]):
            continue
        value = number_value(m.group(1))
        if value is None:
            continue
        out.append(Statement(fact, value, part, offset + start, offset + m.end(), clause[start : m.end()]))
    return out
