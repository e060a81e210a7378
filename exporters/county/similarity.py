"""Townships whose prose is mostly the same (雷同): counties penalise a report copied from another unit's.

Each report's prose, punctuation and spaces removed, as a set of character n-grams; two reports are
alike when the n-grams they share make up at least the definition's similar_share of the shorter one.
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Sequence
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


def similar_pairs(fmt, prepared: Sequence[tuple[str, str, object]]) -> list[SimilarPair]:
    """prepared: (name, county, prose_grams) of each township (the n-grams as bytes, or as a reference
    with load()); a sequence that may read each from disk when asked. The pairs, most alike first.

    Townships are compared within their county (雷同 is copying from a neighbour; a county's own 汇总
    compares all its townships); a township whose report names no county is compared with all."""
    spec = fmt.prose
    if spec is None or len(prepared) < 2:
        return []
    groups: dict[str, list[int]] = {}
    for i, (_, county, _) in enumerate(prepared):
        groups.setdefault(organ_key(county), []).append(i)
    blank = groups.pop("", [])
    sets: dict[int, frozenset[int]] = {}

    def grams_of(i: int) -> frozenset[int]:
        if i not in sets:
            data = prepared[i][2]
            data = data.load() if hasattr(data, "load") else data  # kept in the 汇总's ledger until now
            lengths[i] = int.from_bytes(data[:4], "big")
            hashes = array("Q")
            hashes.frombytes(data[4:])  # written by prose_grams in a process of this machine: same byte order
            sets[i] = frozenset(hashes)  # built in C: slicing 8-byte strings took 40 % of a 汇总's own time
        return sets[i]

    pairs = []
    lengths: dict[int, int] = {}

    def compare(i: int, j: int, shared: dict[int, frozenset[int]] | None = None) -> None:
        ga, gb = grams_of(i), grams_of(j)
        smaller = min(len(ga), len(gb))
        if shared is not None and smaller:
            # an n-gram both have is one another member has: the shared ones alone give the same count,
            # and too few of them settle the pair without counting
            ga, gb = shared[i], shared[j]
            if min(len(ga), len(gb)) / smaller < spec.similar_share:
                return
        share = len(ga & gb) / smaller if smaller else 0.0
        if share >= spec.similar_share:
            la, lb = lengths[i], lengths[j]
            pairs.append(SimilarPair(prepared[i][0], prepared[j][0], share, min(la, lb)))

    def shared_within(members: list[int]) -> dict[int, frozenset[int]]:
        """Each member's n-grams that another member has too; all in C (set operations): a county's
        pairs compared whole took a quarter of a 汇总's time."""
        seen: set[int] = set()
        common: set[int] = set()
        for i in members:
            grams = grams_of(i)
            common |= seen & grams
            seen |= grams
        return {i: grams_of(i) & common for i in members}

    for members in groups.values():
        shared = shared_within(members) if len(members) > 2 else None
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                compare(i, j, shared)
        for i in members:  # a county's sets are not needed once its pairs are made: memory stays flat
            sets.pop(i, None)
    alone = set(blank)
    for b in blank:
        for j in range(len(prepared)):
            if j != b and not (j in alone and j < b):
                compare(min(b, j), max(b, j))
                if j not in alone:
                    sets.pop(j, None)  # the others' sets one at a time: memory stays flat
    return sorted(pairs, key=lambda p: (-p.share, p.first, p.second))
