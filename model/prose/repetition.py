"""How much of one text repeats another: the share of its characters covered by n-grams the other has.

Character n-grams (8 by default) after punctuation and spaces are removed: insensitive to reflowed
lines and changed punctuation, blind to a sentence rephrased. Short texts (「无。」) are not compared.
"""

from __future__ import annotations

import re

MIN_CHARS = 40  # below this a part is too short for a share to mean anything
_NOT_TEXT = re.compile(r"[\s\W_]+", re.UNICODE)


def squash(text: str) -> str:
    return _NOT_TEXT.sub("", text)


def grams(text: str, n: int) -> set[str]:
    return {text[i : i + n] for i in range(len(text) - n + 1)}


def repeated_share(text: str, other: str, n: int = 8) -> float | None:
    """Of text's characters, the share inside an n-gram that other also has; None when too short."""
    a, b = squash(text), squash(other)
    if len(a) < MIN_CHARS or len(b) < n:
        return None
    theirs = grams(b, n)
    covered = [False] * len(a)
    for i in range(len(a) - n + 1):
        if a[i : i + n] in theirs:
            for j in range(i, i + n):
                covered[j] = True
    return sum(covered) / len(a)


def overall_share(pairs: list[tuple[str, str]], n: int = 8) -> tuple[float, int] | None:
    """Across parts: (share of all compared characters that repeat, characters compared)."""
    repeated = total = 0
    for text, other in pairs:
        share = repeated_share(text, other, n)
        if share is None:
            continue
        size = len(squash(text))
        repeated += round(share * size)
        total += size
    return (repeated / total, total) if total else None
