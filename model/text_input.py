"""Text as it enters the model: only what every file the program writes can hold, and no more
than any report needs.

Word's manual line break (U+000B) and a form feed become line breaks; other control characters,
U+FFFE/U+FFFF and lone surrogates (half of a character, e.g. from a damaged file) cannot be stored
in .docx, .xlsx or UTF-8 and are removed, and the caller says so. A text over its limit is refused
whole: cutting it would lose words without notice, and a draft the program could not read back
must never be written.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple, overload

from model.normalize import InputRefused

# The longest part of a published report runs to a few thousand characters.
MAX_PART_CHARS = 50_000
MAX_LINE_CHARS = 1_000  # 机关名称, 标题, 联系电话 … and explanations of a finding
MAX_EXPLANATION_CHARS = 5_000

# Kept to Latin-1 character sets: a set with a character beyond U+00FF costs re about 0.3 ms to
# compile (a 64 K-entry map built in Python), and these are compiled at every start, before the
# first paint. The same matches as one set of all of them.
_TO_NEWLINE = re.compile(r"\r\n|[\r\x0b\x0c\x85]|\u2028|\u2029")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f]")
_UNSTORABLE_PATTERN = "[\x00-\x08\x0e-\x1f\ufffe\uffff\ud800-\udfff]"  # what a draft cannot keep


class TextRefused(InputRefused):
    """A text the model does not take; .reason is one Chinese sentence (the caller knows the place)."""


class CleanText(NamedTuple):  # not a dataclass: making one costs a millisecond of the start
    text: str
    removed: int  # characters that could not be kept

    def notice(self, where: str) -> str | None:
        """What the clerk is told about the removal, or None when nothing was removed."""
        if not self.removed:
            return None
        return (
            f"{where}中有{self.removed}个无法保存的字符（控制字符或残缺的文字编码，常见于从其他软件复制的内容），"
            "已删除；其余内容保留。"
        )


def clean_text(text: object, limit: int, *, single_line: bool = False) -> CleanText:
    """Anything but a str is refused (TextRefused), as is a text over limit."""
    if not isinstance(text, str):
        raise TextRefused("这里只能是文字")
    if len(text) > limit * 2:  # refused before any work on an absurd size
        raise TextRefused(_too_long(len(text), limit))
    text = _TO_NEWLINE.sub(" " if single_line else "\n", text)
    if single_line:
        text = text.replace("\n", " ")
    cleaned, removed = _drop_unstorable(text)
    if len(cleaned) > limit:
        raise TextRefused(_too_long(len(cleaned), limit))
    return CleanText(cleaned, removed)


def _drop_unstorable(text: str) -> tuple[str, int]:
    """text without the characters matched by _UNSTORABLE_PATTERN, and how many there were."""
    if "\ufffe" in text or "\uffff" in text or _has_surrogates(text):
        return _unstorable().subn("", text)  # rare (a broken paste): the whole pattern, compiled then
    return _CONTROL.subn("", text)


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")  # fails on a lone surrogate, and only on one
    except UnicodeEncodeError:
        return True
    return False


@functools.cache
def _unstorable() -> re.Pattern[str]:
    return re.compile(_UNSTORABLE_PATTERN)


def _too_long(n: int, limit: int) -> str:
    return f"内容有{n:,}个字，超过了这里最多{limit:,}个字的限度，没有放进去"


@overload
def clean_tree(value: str) -> str: ...
@overload
def clean_tree(value: dict[str, object]) -> dict[str, object]: ...
@overload
def clean_tree(value: object) -> object: ...
def clean_tree(value: object) -> object:
    """Strings at any depth of data kept for a newer version (report.unknown), made storable."""
    if isinstance(value, str):
        return _drop_unstorable(value)[0]
    if isinstance(value, dict):
        return {clean_tree(k): clean_tree(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_tree(v) for v in value]
    return value
