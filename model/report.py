"""The report being filled in: metadata, prose, and the table values.

Plain Python, no Qt. Input values keep "not yet filled" (None) apart from 0.
Totals are always derived from the inputs; a total found in a file is kept
only as `stated`, so that the checks can say where it disagrees.
"""

from __future__ import annotations

import enum
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Callable, Final, Iterator, cast

from model import dates as dt
from model.definition import Cell, FormatDef, PrettyPrinter
from model.normalize import InputRefused, Invalid, Value, parse_for
from model.text_input import MAX_EXPLANATION_CHARS, MAX_LINE_CHARS, MAX_PART_CHARS, CleanText, clean_text


class NotStated(enum.Enum):
    """The type of NOT_STATED: an enum of one member, so that `value is NOT_STATED` narrows."""

    NOT_STATED = "NOT_STATED"


NOT_STATED: Final = NotStated.NOT_STATED  # a computed cell that no file states: the derived total is shown


@dataclass
class Meta:
    organ: str = ""  # 机关名称
    county: str = ""  # 所属县（市、区）
    city: str = ""  # 市
    year: int | None = None  # 报告年度
    date: dt.date | None = None  # 成文日期
    title: str = ""  # empty: the format's default title
    contact_person: str = ""
    contact_phone: str = ""
    contact_address: str = ""
    website: str = ""

    TEXT_FIELDS = ("organ", "county", "city", "title", "contact_person", "contact_phone", "contact_address", "website")


META_LABELS = {
    "organ": "机关名称",
    "county": "所属县（市、区）",
    "city": "市",
    "year": "报告年度",
    "date": "成文日期",
    "title": "标题",
    "contact_person": "联系人",
    "contact_phone": "联系电话",
    "contact_address": "联系地址",
    "website": "网站",
}


@dataclass
class Report:
    fmt: FormatDef
    meta: Meta = field(default_factory=Meta)
    narrative: dict[str, str] = field(default_factory=dict)  # part code -> text
    fields: dict[str, Value | Invalid] = field(default_factory=dict)  # field code -> value
    values: dict[str, Value | Invalid] = field(default_factory=dict)  # input cell code -> value
    stated: dict[str, Value | Invalid] = field(default_factory=dict)  # computed cell code -> value found in a file
    explanations: dict[str, str] = field(default_factory=dict)  # finding key -> user's explanation
    unknown: dict[str, object] = field(default_factory=dict)  # data this version does not know, kept as is
    notes: list[str] = field(
        default_factory=list, repr=False, compare=False
    )  # what reading the file changed, in Chinese
    # How many times the draft was saved: a version counter that travels with its exports, so the
    # county can tell the later of two files from one township without trusting its PC's clock.
    save_count: int = field(default=0, repr=False, compare=False)
    _listeners: list[Callable[[str], None]] = field(default_factory=list, repr=False, compare=False)
    _derived: dict[str, Value] | None = field(default=None, repr=False, compare=False)
    revision: int = field(default=0, repr=False, compare=False)
    _batch_depth: int = field(default=0, repr=False, compare=False)
    _batched: bool = field(default=False, repr=False, compare=False)

    # ------------------------------------------------------------ creation
    @classmethod
    def new(cls, fmt: FormatDef, *, organ: str = "", year: int | None = None, **meta: object) -> "Report":
        report = cls(fmt=fmt)
        for name, value in {"organ": organ, "year": year, **meta}.items():
            report.set_meta(name, value)
        for part in fmt.narrative_parts():
            report.narrative[part.code] = ""
        for code in fmt.fields:
            report.fields[code] = None
        for cell in fmt.input_cells:
            report.values[cell.code] = None
        return report

    def _repr_pretty_(self, printer: PrettyPrinter, cycle: bool) -> None:
        # Hypothesis and IPython print dataclass fields one by one, listeners and caches
        # included; a failing property test should show the report as repr() does, bounded.
        text = repr(self)
        printer.text(text if len(text) <= 20_000 else text[:20_000] + " …>")

    # ------------------------------------------------------------ observing
    def subscribe(self, listener: Callable[[str], None]) -> Callable[[], None]:
        """listener(what) is called after each change; what is a cell, part, field code or 'meta'."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _changed(self, what: str) -> None:
        self.revision += 1
        if what in self.fmt.cells:  # totals come from the values alone: a text or field leaves them be
            self._derived = None
        if self._batch_depth:
            self._batched = True
            return
        for listener in list(self._listeners):
            listener(what)

    @contextmanager
    def batch(self) -> Iterator[Report]:
        """Many changes, one notification: a paste of 40 cells re-checks once."""
        self._batch_depth += 1
        try:
            yield self
        finally:
            self._batch_depth -= 1
            if not self._batch_depth and self._batched:
                self._batched = False
                for listener in list(self._listeners):
                    listener("batch")

    # ------------------------------------------------------------ values
    def cell(self, code: str) -> Cell:
        return self.fmt.cells[code]

    def value(self, code: str) -> Value | Invalid:
        """The value shown in a cell: the input, or the derived total."""
        cell = self.fmt.cells[code]
        if cell.is_computed:
            return self.derived()[code]
        return self.values.get(code)

    def number(self, code: str) -> int | Decimal:
        """The value as used in sums: blank and invalid count as 0."""
        value = self.value(code)
        return value if isinstance(value, (int, Decimal)) else 0

    def derived(self) -> dict[str, Value]:
        if self._derived is None:
            self._derived = compute_totals(self.fmt, self.values)
        return self._derived

    def set_value(self, code: str, value: Value | Invalid) -> None:
        cell = self.fmt.cells[code]
        if not cell.is_input:
            raise KeyError(f"{code} is not an input cell")
        if self.values.get(code) == value and type(self.values.get(code)) is type(value):
            return
        self.values[code] = value
        self._changed(code)

    def enter(self, code: str, raw: object) -> Value:
        """Set a cell from typed or pasted input; raises InputRefused and keeps the old value."""
        cell = self.fmt.cells[code]
        if not cell.is_input:
            raise InputRefused("这一格是自动计算的合计，不能填写")
        value = parse_for(raw, cell)
        self.set_value(code, value)
        return value

    def set_field(self, code: str, value: Value | Invalid) -> None:
        if code not in self.fmt.fields:
            raise KeyError(code)
        if self.fields.get(code) != value or type(self.fields.get(code)) is not type(value):
            self.fields[code] = value
            self._changed(code)

    def enter_field(self, code: str, raw: object) -> Value:
        fld = self.fmt.fields[code]
        value = parse_for(raw, fld)
        if self.fields.get(code) != value or type(self.fields.get(code)) is not type(value):
            self.fields[code] = value
            self._changed(code)
        return value

    def set_text(self, part_code: str, text: str) -> CleanText:
        """Raises TextRefused (an InputRefused) for a text over the limit; the old text stays."""
        if part_code not in self.fmt.parts:
            raise KeyError(part_code)
        cleaned = clean_text(text, MAX_PART_CHARS)
        if self.narrative.get(part_code, "") != cleaned.text:
            self.narrative[part_code] = cleaned.text
            self._changed(part_code)
        return cleaned

    def set_meta(self, name: str, value: object) -> CleanText | None:
        if name not in {f.name for f in fields(Meta)}:
            raise KeyError(name)
        cleaned = None
        if name in Meta.TEXT_FIELDS:
            cleaned = clean_text(value, MAX_LINE_CHARS, single_line=True)
            value = cleaned.text
        elif name == "year" and value is not None:
            from model.formats import year_refusal

            refusal = year_refusal(cast(int, value))  # Meta.year is an int
            if refusal:
                raise InputRefused(refusal)
        if getattr(self.meta, name) != value:
            setattr(self.meta, name, value)
            self._changed("meta")
        return cleaned

    def blank_inputs(self, table_code: str | None = None) -> list[str]:
        return [
            c.code
            for c in self.fmt.input_cells
            if self.values.get(c.code) is None and (table_code is None or c.table.code == table_code)
        ]

    def set_stated(self, code: str, value: Value | Invalid | NotStated) -> None:
        """A total as a file states it; NOT_STATED: the derived total stands."""
        if value is NOT_STATED:
            if code in self.stated:
                del self.stated[code]
                self._changed(code)
        elif code not in self.stated or self.stated[code] != value:
            self.stated[code] = value
            self._changed(code)

    def explain(self, key: str, text: str) -> None:
        text = clean_text(text, MAX_EXPLANATION_CHARS).text.strip()
        if text:
            if self.explanations.get(key) != text:
                self.explanations[key] = text
                self._changed("explanations")
        elif self.explanations.pop(key, None) is not None:
            self._changed("explanations")

    # ------------------------------------------------------------ text
    @property
    def title(self) -> str:
        return self.meta.title.strip() or self.default_title

    @property
    def default_title(self) -> str:
        return self.fmt.title_for(self.meta.organ.strip(), self.meta.year)

    def text(self, part_code: str) -> str:
        return self.narrative.get(part_code, "")


def stated_disagrees(stated: Value | Invalid, derived: Value) -> bool:
    """Whether a total found in a file says something other than the sum of its terms.

    A blank stated where the terms add up to a number is kept (a published report that left
    总计 empty): it must survive every save, export and import as stated, for the checks to see."""
    if isinstance(stated, Invalid):
        return True
    if stated is None:
        return derived is not None
    return stated != (derived or 0)


def compute_totals(fmt: FormatDef, values: dict[str, Value | Invalid]) -> dict[str, Value]:
    """Every computed cell from the inputs. Blank counts as 0; a total of all-blank terms stays blank."""
    totals: dict[str, Value] = {}
    for code in fmt.computed_order:
        inst = fmt.formulas[code]
        total: int | Decimal = 0
        any_filled = False
        for term in inst.terms:
            v = totals[term] if term in totals else values.get(term)
            if isinstance(v, (int, Decimal)):
                total += v
                any_filled = True
        totals[code] = total if any_filled else None
    return totals
