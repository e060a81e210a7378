"""Townships whose prose is mostly the same (雷同): counties penalise a report copied from another unit's.

Each report's prose, punctuation and spaces removed, as a set of character n-grams; two reports are
alike when the n-grams they share make up at least the definition's similar_share of the shorter one.
"""

from __future__ import annotations

from dataclasses import dataclass

from model.prose.repetition import grams, squash
from model.report import Report

SIMILAR_SHEET = "正文雷同"
MIN_PROSE = 200  # characters: shorter prose (「无」 throughout) says too little to compare


@dataclass(frozen=True)
class SimilarPair:
    first: str  # organ names, in the order the county lists them
    second: str
    share: float  # of the shorter prose
    compared: int  # characters of the shorter prose


def similar_pairs(named: list[tuple[str, Report]]) -> list[SimilarPair]:
    """The pairs, most alike first."""
    if not named:
        return []
    spec = named[0][1].fmt.prose
    if spec is None:
        return []
    prepared = []
    for name, report in named:
        text = squash("".join(report.text(code) for code in report.fmt.parts))
        if len(text) >= MIN_PROSE:
            prepared.append((name, grams(text, spec.ngram), len(text)))
    pairs = []
    for i, (a, ga, la) in enumerate(prepared):
        for b, gb, lb in prepared[i + 1 :]:
            smaller = min(len(ga), len(gb))
            share = len(ga & gb) / smaller if smaller else 0.0
            if share >= spec.similar_share:
                pairs.append(SimilarPair(a, b, share, min(la, lb)))
    return sorted(pairs, key=lambda p: (-p.share, p.first, p.second))
