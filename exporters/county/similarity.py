"""Townships whose prose is mostly the same (雷同): counties penalise a report copied from another unit's.

Each report's prose, punctuation and spaces removed, as a set of character n-grams; two reports are
alike when the n-grams they share make up at least the definition's similar_share of the shorter one.
"""

from __future__ import annotations

import zlib
from array import array
from dataclasses import dataclass

from exporters.county.inputs import organ_key
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


def prose_grams(report: Report) -> bytes | None:
    """The report's prose as its distinct n-grams, each hashed to 8 bytes and sorted; None when too short.
    A few kilobytes a township, where the n-gram strings would be a hundred."""
    spec = report.fmt.prose
    if spec is None:
        return None
    text = squash("".join(report.text(code) for code in report.fmt.parts))
    if len(text) < MIN_PROSE:
        return None
    # two C checksums make a 64-bit hash, stable across processes (str hash() is salted per process)
    hashed = sorted(
        {
            zlib.crc32(b) << 32 | zlib.adler32(b)
            for b in (g.encode("utf-8", "surrogatepass") for g in grams(text, spec.ngram))
        }
    )
    return len(text).to_bytes(4, "big") + array("Q", hashed).tobytes()


def similar_pairs(fmt, prepared: list[tuple[str, str, bytes]]) -> list[SimilarPair]:
    """prepared: (name, county, prose_grams) of each township. The pairs, most alike first.

    Townships are compared within their county (雷同 is copying from a neighbour; a county's own 汇总
    compares all its townships); a township whose report names no county is compared with all."""
    spec = fmt.prose
    if spec is None or len(prepared) < 2:
        return []
    groups: dict[str, list[int]] = {}
    for i, (_, county, _) in enumerate(prepared):
        groups.setdefault(organ_key(county), []).append(i)
    blank = groups.pop("", [])
    sets: dict[int, frozenset[bytes]] = {}

    def grams_of(i: int) -> frozenset[bytes]:
        if i not in sets:
            from exporters.county.spill import loaded

            data = loaded(prepared[i][2])
            lengths[i] = int.from_bytes(data[:4], "big")
            sets[i] = frozenset(data[k : k + 8] for k in range(4, len(data), 8))
        return sets[i]

    pairs = []
    lengths: dict[int, int] = {}

    def compare(i: int, j: int) -> None:
        ga, gb = grams_of(i), grams_of(j)
        smaller = min(len(ga), len(gb))
        share = len(ga & gb) / smaller if smaller else 0.0
        if share >= spec.similar_share:
            la, lb = lengths[i], lengths[j]
            pairs.append(SimilarPair(prepared[i][0], prepared[j][0], share, min(la, lb)))

    for members in groups.values():
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                compare(i, j)
        for i in members:  # a county's sets are not needed once its pairs are made: memory stays flat
            sets.pop(i, None)
    alone = set(blank)
    for b in blank:
        for j in range(len(prepared)):
            if j != b and not (j in alone and j < b):
                compare(min(b, j), max(b, j))
    return sorted(pairs, key=lambda p: (-p.share, p.first, p.second))
