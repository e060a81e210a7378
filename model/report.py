"""The report being filled in: metadata, prose, and the table values.

Plain Python, no Qt. Input values keep "not yet filled" (None) apart from 0.
Totals are always derived from the inputs; a total found in a file is kept
only as `stated`, so that the checks can say where it disagrees.
"""

from __future__ import annotations

import enum
from contextlib import contextmanager
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


class Meta:
    """Who reports, for which year, and how to reach them. A plain class, not a dataclass: making
    one compiles its methods, a millisecond of the window's start (bench/bench_startup.py)."""

    NAMES: Final = (
        "organ",  # 机关名称
        "county",  # 所属县（市、区）
        "city",  # 市
        "year",  # 报告年度
        "date",  # 成文日期
        "title",  # empty: the format's default title
        "contact_person",
        "contact_phone",
        "contact_address",
        "website",
    )
    TEXT_FIELDS: Final = (
        "organ",
        "county",
        "city",
        "title",
        "contact_person",
        "contact_phone",
        "contact_address",
        "website",
    )
    __hash__ = None  # type: ignore[assignment]  # changed in place: compared by value, never hashed

    def __init__(
        self,
        organ: str = "",
        county: str = "",
        city: str = "",
        year: int | None = None,
        date: dt.date | None = None,
        title: str = "",
        contact_person: str = "",
        contact_phone: str = "",
        contact_address: str = "",
        website: str = "",
    ) -> None:
        self.organ = organ
        self.county = county
        self.city = city
        self.year = year
        self.date = date
        self.title = title
        self.contact_person = contact_person
        self.contact_phone = contact_phone
        self.contact_address = contact_address
        self.website = website

    def _key(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.NAMES)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()

    def __repr__(self) -> str:
        return "Meta(" + ", ".join(f"{name}={getattr(self, name)!r}" for name in self.NAMES) + ")"


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


class Report:
    """One township's report: its identity, prose, figures and the clerk's explanations. Every change
    goes through a method here (model.editor calls them), which tells the subscribers. A plain class,
    not a dataclass, for the window's start (see Meta); compared and printed by what it says, never
    by its subscribers, caches or save count."""

    COMPARED: Final = ("fmt", "meta", "narrative", "fields", "values", "stated", "explanations", "unknown")
    __hash__ = None  # type: ignore[assignment]

    def __init__(
        self,
        fmt: FormatDef,
        meta: Meta | None = None,
        narrative: dict[str, str] | None = None,
        fields: dict[str, Value | Invalid] | None = None,
        values: dict[str, Value | Invalid] | None = None,
        stated: dict[str, Value | Invalid] | None = None,
        explanations: dict[str, str] | None = None,
        unknown: dict[str, object] | None = None,
        notes: list[str] | None = None,
        save_count: int = 0,
    ) -> None:
        self.fmt = fmt
        self.meta = Meta() if meta is None else meta
        self.narrative: dict[str, str] = {} if narrative is None else narrative  # part code -> text
        self.fields: dict[str, Value | Invalid] = {} if fields is None else fields  # field code -> value
        self.values: dict[str, Value | Invalid] = {} if values is None else values  # input cell code -> value
        # computed cell code -> value found in a file
        self.stated: dict[str, Value | Invalid] = {} if stated is None else stated
        self.explanations: dict[str, str] = {} if explanations is None else explanations  # finding key -> text
        self.unknown: dict[str, object] = {} if unknown is None else unknown  # data this version does not know
        self.notes: list[str] = [] if notes is None else notes  # what reading the file changed, in Chinese
        # How many times the draft was saved: a version counter that travels with its exports, so the
        # county can tell the later of two files from one township without trusting its PC's clock.
        self.save_count = save_count
        self._listeners: list[Callable[[str], None]] = []
        self._derived: dict[str, Value] | None = None
        self.revision = 0
        self._batch_depth = 0
        self._batched = False

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self.COMPARED)

    def __repr__(self) -> str:
        return "Report(" + ", ".join(f"{name}={getattr(self, name)!r}" for name in self.COMPARED) + ")"

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
        if name not in Meta.NAMES:
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
