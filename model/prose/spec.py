"""The definition's "prose" block: which figures prose states, in which words, and which cells say them.

{"facts": [{"id": "new", "what": "本年新收政府信息公开申请", "cells": ["t3.new.total"],
            "cues": ["收到", "受理"], "needs": ["申请"], "unit": "件", "none": ["未收到…申请"], ...}],
 "township_zero": ["t2.regulation.issued", ...], "in_force": [{"in_force": ..., "issued": ..., "repealed": ...}],
 "repetition": {"ngram": 8, "warn_share": 0.5}}
"""

from __future__ import annotations

import re

from model.lazy_dataclass import lazy_dataclass

DEFAULT_UNIT = "件|个|起|宗"


@lazy_dataclass(frozen=True, eq=False)  # compared by identity: see model.lazy_dataclass
class Fact:
    id: str
    what: str  # the figure in words, for messages: 本年新收政府信息公开申请
    cells: tuple[str, ...]  # the cells whose sum the prose states (those the format has)
    cues: tuple[str, ...]  # words that introduce the figure: 收到, 受理
    needs: tuple[str, ...] = ()  # a word the clause must hold near the cue: 申请
    unit: str = DEFAULT_UNIT  # a regex of what follows the number
    none: tuple[str, ...] = ()  # patterns of a statement that the figure is 0: 未收到…申请
    none_unless: tuple[str, ...] = ()  # words that make a "none" statement about something narrower
    parts: tuple[str, ...] = ()  # the prose parts read for it (all when empty)
    money: bool = False  # the figure is an amount (元), compared to two decimals
    rule: str = "C1"  # the rule id its mismatches are reported under


@lazy_dataclass(frozen=True, eq=False)  # compared by identity: see model.lazy_dataclass
class InForce:
    """This year's 现行有效 = last year's + 本年制发 − 本年废止."""

    label: str
    in_force: str
    issued: str
    repealed: str


@lazy_dataclass(frozen=True, eq=False)  # compared by identity: see model.lazy_dataclass
class ProseSpec:
    facts: tuple[Fact, ...] = ()
    township_zero: tuple[str, ...] = ()  # cells a 乡镇/街道 has nothing in (规章)
    in_force: tuple[InForce, ...] = ()
    ngram: int = 8
    warn_share: float = 0.5
    similar_share: float = 0.6  # the county: two townships' prose this much alike is listed
    cue_words: tuple[str, ...] = ()  # every cue, longest first

    def fact(self, fact_id: str) -> Fact | None:
        return next((f for f in self.facts if f.id == fact_id), None)


class ProseSpecError(ValueError):
    pass


def parse_prose(data: object, *, cells: set[str], parts: set[str]) -> ProseSpec:
    """The block as read from the definition; ProseSpecError names what is wrong."""
    if not isinstance(data, dict):
        raise ProseSpecError("prose must be an object")
    unknown = set(data) - {"facts", "township_zero", "in_force", "repetition"}
    if unknown:
        raise ProseSpecError(f"prose has unknown keys {sorted(unknown)}")
    facts = []
    for i, item in enumerate(_list(data.get("facts", []), "prose.facts")):
        facts.append(_fact(item, f"prose.facts[{i}]", cells, parts))
    ids = [f.id for f in facts]
    if len(ids) != len(set(ids)):
        raise ProseSpecError("prose.facts: an id is used twice")
    zero = tuple(str(c) for c in _list(data.get("township_zero", []), "prose.township_zero") if str(c) in cells)
    in_force = []
    for i, item in enumerate(_list(data.get("in_force", []), "prose.in_force")):
        if not isinstance(item, dict) or set(item) != {"label", "in_force", "issued", "repealed"}:
            raise ProseSpecError(f"prose.in_force[{i}] needs label, in_force, issued, repealed")
        entry = InForce(*(str(item[k]) for k in ("label", "in_force", "issued", "repealed")))
        missing = [c for c in (entry.in_force, entry.issued, entry.repealed) if c not in cells]
        if missing:
            raise ProseSpecError(f"prose.in_force[{i}]: no cells {missing} in this format")
        in_force.append(entry)
    rep = data.get("repetition", {})
    if not isinstance(rep, dict):
        raise ProseSpecError("prose.repetition must be an object")
    cue_words = tuple(sorted({c for f in facts for c in f.cues}, key=len, reverse=True))
    return ProseSpec(
        tuple(facts),
        zero,
        tuple(in_force),
        int(rep.get("ngram", 8)),
        float(rep.get("warn_share", 0.5)),
        float(rep.get("similar_share", 0.6)),
        cue_words,
    )


def _list(value: object, place: str) -> list[object]:
    if not isinstance(value, list):
        raise ProseSpecError(f"{place} must be a list")
    return value


def _strings(item: dict[str, object], key: str, place: str) -> tuple[str, ...]:
    value = item.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ProseSpecError(f"{place}.{key} must be a list of words")
    return tuple(str(v) for v in value)


def _fact(item: object, place: str, cells: set[str], parts: set[str]) -> Fact:
    if not isinstance(item, dict):
        raise ProseSpecError(f"{place} must be an object")
    keys = {"id", "what", "cells", "cues", "needs", "unit", "none", "none_unless", "parts", "money", "rule"}
    unknown = set(item) - keys
    if unknown or not {"id", "what", "cells", "cues"} <= set(item):
        raise ProseSpecError(f"{place} needs id, what, cells, cues (unknown: {sorted(unknown)})")
    listed = _strings(item, "cells", place)
    present = tuple(c for c in listed if c in cells)  # a shared block lists the cells of every format
    if not present:
        raise ProseSpecError(f"{place}: none of the cells {list(listed)} is in this format")
    listed_parts = _strings(item, "parts", place)
    fact_parts = tuple(p for p in listed_parts if p in parts)
    if listed_parts and not fact_parts:
        raise ProseSpecError(f"{place}: none of the parts {list(listed_parts)} is in this format")
    try:
        none = _strings(item, "none", place)
        for pattern in none:  # checked here; kept as text, cheap to unpickle (model.definition_cache)
            re.compile(pattern)
        unit = str(item.get("unit", DEFAULT_UNIT))
        re.compile(unit)
    except re.error as exc:
        raise ProseSpecError(f"{place}: a pattern is not a valid regular expression ({exc})") from None
    return Fact(
        id=str(item["id"]),
        what=str(item["what"]),
        cells=present,
        cues=_strings(item, "cues", place),
        needs=_strings(item, "needs", place),
        unit=unit,
        none=none,
        none_unless=_strings(item, "none_unless", place),
        parts=fact_parts,
        money=bool(item.get("money", False)),
        rule=str(item.get("rule", "C1")),
    )
