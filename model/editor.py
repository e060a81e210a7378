"""The one way a change gets into a report: typing, paste, 本表空白填0, clearing, the 基本信息 fields,
the prose, carry-forward from last year and every import.

    editor = Editor(report, last_year=...)
    result = editor.enter([(VALUE, "t3.new.natural", "１２")], "填写表三")
    result.cells, result.totals, result.findings, result.refused

Each entry is normalised (model.normalize for numbers, model.text_input for text), a no-op is
skipped, what remains is applied in one batch and recorded as one undo step of its place (a table,
the 基本信息 page, a prose part), the checks run once, and the result says what changed: the value
cells, the totals, the findings. The window repaints from that record; nothing else writes a report
that is open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable, Literal, cast

from model import dates as dt
from model.definition import section_of
from model.lazy_dataclass import field, lazy_dataclass
from model.normalize import InputRefused, Invalid, Value, parse_for
from model.report import NOT_STATED, Meta, NotStated, Report
from model.text_input import MAX_EXPLANATION_CHARS, MAX_LINE_CHARS, MAX_PART_CHARS, clean_text

VALUE, FIELD, META, TEXT, EXPLANATION, STATED = "value", "field", "meta", "text", "explanation", "stated"
COMPUTED_REFUSAL = "合计由程序自动计算，请修改各分项"

if TYPE_CHECKING:  # the checks and their findings are imported when first run (model.checks)
    from model.findings import Finding


@lazy_dataclass(frozen=True)
class Change:
    target: str  # VALUE, FIELD, META, TEXT, EXPLANATION
    code: str  # cell, field, part code; meta name; finding key
    old: object
    new: object


@lazy_dataclass(frozen=True)
class Refusal:
    target: str
    code: str
    raw: object
    reason: str  # Chinese, without the place


@lazy_dataclass()
class Edit:
    """One undo step."""

    label: str  # 撤销“<label>”
    place: str  # a table code, "meta", "text:<part>", "explanations", or "import"
    changes: tuple[Change, ...]


@lazy_dataclass()
class EditResult:
    edit: Edit | None  # None: nothing changed
    refused: list[Refusal] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # text that was cleaned, in Chinese
    cells: frozenset[str] = frozenset()  # value cells whose shown value changed (inputs, totals)
    totals: frozenset[str] = frozenset()
    findings: list[Finding] = field(default_factory=list)
    undone: bool = False  # the result of an undo (or redo)

    @property
    def changed(self) -> bool:
        return self.edit is not None


Listener = Callable[[EditResult], None]


class Editor:
    def __init__(self, report: Report, *, last_year: Report | None = None, deadline: str = "01-31"):
        self.report = report
        self.last_year = last_year
        self.deadline = deadline
        self._findings: list[Finding] | None = None  # None: not run since the last change
        self._undo: list[Edit] = []
        self._redo: list[Edit] = []
        self._saved: tuple[Edit, ...] = ()  # the steps applied when the report was last saved
        self._listeners: list[Listener] = []

    @property
    def findings(self) -> list[Finding]:
        """The checks' findings for the report as it is now, run when first asked after a change."""
        if self._findings is None:
            # imported here: the window shows its first page before the checks' modules are loaded
            from model.checks import run_checks

            self._findings = run_checks(self.report, last_year=self.last_year, deadline=self.deadline)
        return self._findings

    @property
    def checked(self) -> bool:
        """The findings for the report as it is now are known (asking for them runs no checks)."""
        return self._findings is not None

    # ------------------------------------------------------------ listening
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _tell(self, result: EditResult) -> EditResult:
        for listener in list(self._listeners):
            listener(result)
        return result

    # ------------------------------------------------------------ entering
    def enter(
        self,
        entries: Iterable[tuple[str, str, object]],
        label: str,
        *,
        place: str | None = None,
        keep_invalid: bool = False,
        record: bool = True,
    ) -> EditResult:
        """entries: (target, code, raw) as typed, pasted or read from a file.

        keep_invalid: a file's value the cell cannot take is kept as Invalid (shown and reported by the
        checks), not refused; typing and paste refuse it. record=False: no undo step (an import that
        builds a new report)."""
        changes, refused, notices = [], [], []
        new: object
        notice: str | None
        for target, code, raw in entries:
            try:
                if keep_invalid and isinstance(raw, Invalid):
                    new, notice = raw, None  # read from a file as it is, reason and all
                else:
                    new, notice = self._normalise(target, code, raw)
            except InputRefused as exc:
                if keep_invalid and target in (VALUE, FIELD) and raw is not None:
                    new, notice = Invalid(str(raw), exc.reason), None
                else:
                    refused.append(Refusal(target, code, raw, exc.reason))
                    continue
            if notice:
                notices.append(notice)
            old = self._current(target, code)
            if not _same(old, new):
                changes.append(Change(target, code, old, new))
        edit = Edit(label, place or _place_of(self.report, changes), tuple(changes)) if changes else None
        if edit is None:
            return EditResult(None, refused, notices, findings=self.findings if record else [])
        if record:
            self._record(edit)
        # An edit that is not recorded builds a report being read in, one piece after another: the
        # checks run once, when its findings are first asked for, not after every piece.
        return self._tell(self._apply(edit, refused, notices, check=record))

    def set_values(self, values: dict[str, object], label: str, *, place: str | None = None) -> EditResult:
        """Input cells set to values already normalised (0 for 本表空白填0, None for clearing)."""
        return self.enter([(VALUE, code, v) for code, v in values.items()], label, place=place)

    def accept_computed(self, codes: list[str] | None = None) -> EditResult:
        """Drop totals a file stated (some, or all): the totals the program computes stand. One undo step."""
        codes = list(self.report.stated) if codes is None else [c for c in codes if c in self.report.stated]
        changes = tuple(Change(STATED, c, self.report.stated[c], NOT_STATED) for c in codes)
        if not changes:
            return EditResult(None, findings=self.findings)
        place = self.report.fmt.cells[codes[0]].table.code
        edit = Edit("采用自动计算的合计", place, changes)
        self._record(edit)
        return self._tell(self._apply(edit))

    def _normalise(self, target: str, code: str, raw: object) -> tuple[object, str | None]:
        fmt = self.report.fmt
        if target == VALUE:
            cell = fmt.cells[code]
            if not cell.is_input:
                raise InputRefused(COMPUTED_REFUSAL)
            return parse_for(raw, cell), None
        if target == FIELD:
            fld = fmt.fields[code]
            return parse_for(raw, fld), None
        if target == TEXT:
            part = fmt.parts[code]
            cleaned = clean_text(raw or "", MAX_PART_CHARS)
            return cleaned.text, cleaned.notice(f"“{part.heading or section_of(part).heading}”")
        if target == EXPLANATION:
            return clean_text(raw or "", MAX_EXPLANATION_CHARS).text.strip(), None
        if target == META:
            return self._meta_value(code, raw)
        raise KeyError(target)

    def _meta_value(self, name: str, raw: object) -> tuple[object, str | None]:
        from model.report import META_LABELS

        if name in Meta.TEXT_FIELDS:
            cleaned = clean_text(raw or "", MAX_LINE_CHARS, single_line=True)
            return cleaned.text, cleaned.notice(META_LABELS[name])
        if name == "year":
            if raw is None or raw == "":
                return None, None
            from model.formats import year_refusal

            year = int(cast("str | int", raw))  # what the form and the files give; int() refuses the rest
            refusal = year_refusal(year)
            if refusal:
                raise InputRefused(refusal)
            return year, None
        if name == "date":
            if raw is not None and not isinstance(raw, dt.date):
                raise InputRefused("成文日期不是日期")
            return raw, None
        raise KeyError(name)

    def _current(self, target: str, code: str) -> object:
        report = self.report
        current: dict[str, Callable[[], object]] = {
            VALUE: lambda: report.values.get(code),
            FIELD: lambda: report.fields.get(code),
            TEXT: lambda: report.narrative.get(code, ""),
            EXPLANATION: lambda: report.explanations.get(code, ""),
            META: lambda: getattr(report.meta, code),
        }
        return current[target]()

    # ------------------------------------------------------------ applying
    def _apply(
        self,
        edit: Edit,
        refused: Iterable[Refusal] = (),
        notices: Iterable[str] = (),
        *,
        backwards: bool = False,
        undone: bool = False,
        check: bool = True,
    ) -> EditResult:
        report = self.report
        before = dict(report.derived())
        changes = reversed(edit.changes) if backwards else edit.changes
        with report.batch():
            for c in changes:
                _put(report, c.target, c.code, c.old if backwards else c.new)
        after = report.derived()
        totals = frozenset(code for code, v in after.items() if not _same(before.get(code), v))
        inputs = frozenset(c.code for c in edit.changes if c.target in (VALUE, STATED))
        self._findings = None
        findings = self.findings if check else []
        return EditResult(edit, list(refused), list(notices), inputs | totals, totals, findings, undone)

    def recheck(self, *, last_year: Report | None | Literal[False] = False) -> EditResult:
        """The checks again (last year's report chosen, say): a result with no edit, told to listeners."""
        if last_year is not False:
            self.last_year = last_year
        self._findings = None
        return self._tell(EditResult(None, findings=self.findings))

    # ------------------------------------------------------------ history
    def _record(self, edit: Edit) -> None:
        last = self._undo[-1] if self._undo else None
        if (
            last is not None
            and last.place == edit.place
            and edit.place.startswith("text:")
            and not self._redo
            and not any(last is e for e in self._saved)
        ):
            # typing in one prose part is one step, as in a word processor
            merged: dict[tuple[str, str], Change] = {}
            for c in last.changes + edit.changes:
                first = merged.get((c.target, c.code))
                merged[(c.target, c.code)] = Change(c.target, c.code, first.old if first else c.old, c.new)
            self._undo[-1] = Edit(last.label, last.place, tuple(merged.values()))
        else:
            self._undo.append(edit)
        self._redo.clear()

    def can_undo(self, place: str | None = None) -> bool:
        return self._last(self._undo, place) is not None

    def can_redo(self, place: str | None = None) -> bool:
        return self._last(self._redo, place) is not None

    def undo_label(self, place: str | None = None) -> str | None:
        edit = self._last(self._undo, place)
        return edit.label if edit else None

    def redo_label(self, place: str | None = None) -> str | None:
        edit = self._last(self._redo, place)
        return edit.label if edit else None

    def undo(self, place: str | None = None) -> EditResult | None:
        """Undo the last step (of place, when given: each table keeps its own history)."""
        edit = self._last(self._undo, place)
        if edit is None:
            return None
        self._undo.remove(edit)
        self._redo.append(edit)
        return self._tell(self._apply(edit, backwards=True, undone=True))

    def redo(self, place: str | None = None) -> EditResult | None:
        edit = self._last(self._redo, place)
        if edit is None:
            return None
        self._redo.remove(edit)
        self._undo.append(edit)
        return self._tell(self._apply(edit, undone=True))

    @staticmethod
    def _last(steps: list[Edit], place: str | None) -> Edit | None:
        for edit in reversed(steps):
            if place is None or edit.place == place:
                return edit
        return None

    def mark_clean(self) -> None:
        """The report as it is now is saved: undoing back to here makes it unmodified again."""
        self._saved = tuple(self._undo)

    @property
    def is_clean(self) -> bool:
        return len(self._undo) == len(self._saved) and all(a is b for a, b in zip(self._undo, self._saved))


def _put(report: Report, target: str, code: str, value: object) -> None:
    # A Change keeps its values as objects; its target says what each is (_normalise made it so).
    if target == VALUE:
        report.set_value(code, cast("Value | Invalid", value))
    elif target == FIELD:
        report.set_field(code, cast("Value | Invalid", value))
    elif target == TEXT:
        report.set_text(code, cast(str, value))
    elif target == EXPLANATION:
        report.explain(code, cast(str, value))
    elif target == STATED:
        report.set_stated(code, cast("Value | Invalid | NotStated", value))
    else:
        report.set_meta(code, value)


def _same(a: object, b: object) -> bool:
    return a == b and type(a) is type(b)


def _place_of(report: Report, changes: list[Change]) -> str:
    first = changes[0]
    if first.target == VALUE:
        return report.fmt.cells[first.code].table.code
    if first.target == TEXT:
        return f"text:{first.code}"
    if first.target == FIELD:
        part = next(p for p in report.fmt.parts.values() if any(f.code == first.code for f in p.fields))
        return f"text:{part.code}"
    if first.target == EXPLANATION:
        return "explanations"
    return "meta"
