"""The statutory format as objects: sections, tables, cells and relations.

Built by model.definition_loader from templates/formats/*.json; everything
else (window, checks, exporters, importer, consolidation) reads these
objects and never spells a statutory label itself.
"""

from __future__ import annotations

from typing import Iterable, Iterator, Protocol

from model.lazy_dataclass import field, lazy_dataclass
from model.prose.spec import ProseSpec

# Cell kinds a definition may use.
COUNT = "count"  # integer >= 0 (件)
MONEY = "money"  # number >= 0 with a bounded number of decimals
# 基本信息 (organ, year, date …) as a place of findings: a section of no format, sorting before 一.
# The loader refuses it as a section code.
INFO_SECTION, INFO_SECTION_HEADING = "s0", "基本信息"
SIGNED = "signed"  # integer, may be negative (2019 「本年增/减」)
COMPUTED = "computed"  # a total, derived from the inputs
NONE = "none"  # printed, but holds no value
CELL_KINDS = (COUNT, MONEY, SIGNED, COMPUTED, NONE)
INPUT_KINDS = (COUNT, MONEY, SIGNED)

SEVERITIES = ("error", "warning", "hint")


class DefinitionError(ValueError):
    """A definition file that cannot be built: which file, where in it, what is wrong. Defined here,
    not in the loader, so that the format registry can raise it without importing the loader."""

    def __init__(self, source: str, place: str, problem: str):
        self.source, self.place, self.problem = source, place, problem
        super().__init__(f"{source}: {place}: {problem}")


class PrettyPrinter(Protocol):
    """What _repr_pretty_ uses of IPython's and Hypothesis' pretty printers."""

    def text(self, obj: str) -> None: ...


class _ShortRepr:
    """The objects point at each other (cells at rows, relations at tables): a generated
    repr would print the whole format, hundreds of megabytes, in any traceback or log."""

    def __repr__(self) -> str:
        name = next((getattr(self, a) for a in ("code", "id", "format_id") if hasattr(self, a)), None)
        if name is None and isinstance(self, RelationInstance):
            name = f"{self.relation.id} {self.target or ''}".strip()
        return f"<{type(self).__name__} {name}>"

    def _repr_pretty_(self, printer: PrettyPrinter, cycle: bool) -> None:
        # IPython's and Hypothesis' pretty printers walk dataclass fields, not __repr__.
        printer.text(repr(self))


@lazy_dataclass(eq=False, repr=False)
class ColumnNode(_ShortRepr):
    code: str
    label: str
    children: tuple["ColumnNode", ...] = ()
    kind: str | None = None
    span: int = 1
    unit: str | None = None
    decimals: int | None = None
    print_unit: bool = False
    parent: "ColumnNode | None" = None
    depth: int = 0

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def leaves(self) -> Iterator["ColumnNode"]:
        if self.is_leaf:
            yield self
        for child in self.children:
            yield from child.leaves()

    @property
    def grid_span(self) -> int:
        return sum(leaf.span for leaf in self.leaves())


@lazy_dataclass(eq=False, repr=False)
class RowNode(_ShortRepr):
    code: str
    label: str
    children: tuple["RowNode", ...] = ()
    kind: str | None = None
    parent: "RowNode | None" = None
    depth: int = 0
    # Where a label over several rows may wrap, when punctuation alone does not say it:
    # 「三、」「本年度」「办理结果」. Joined, the words are the label.
    words: tuple[str, ...] = ()

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def leaves(self) -> Iterator["RowNode"]:
        if self.is_leaf:
            yield self
        for child in self.children:
            yield from child.leaves()


@lazy_dataclass(eq=False, repr=False)
class Cell(_ShortRepr):
    """One value cell: the intersection of a value row and a leaf column."""

    code: str
    table: "Table"
    block: "Block"
    row: RowNode
    column: ColumnNode
    kind: str
    unit: str | None = None
    decimals: int = 0
    print_unit: bool = False
    money_units: tuple[str, ...] = ()  # every money unit of the format: 「3万元」 in a 元 cell is refused

    @property
    def is_input(self) -> bool:
        return self.kind in INPUT_KINDS

    @property
    def is_computed(self) -> bool:
        return self.kind == COMPUTED


@lazy_dataclass(eq=False, repr=False)
class Block(_ShortRepr):
    code: str
    caption: str | None
    corner: str | None
    label_columns: int
    columns: tuple[ColumnNode, ...]
    rows: tuple[RowNode, ...]

    @property
    def leaf_columns(self) -> list[ColumnNode]:
        return [leaf for node in self.columns for leaf in node.leaves()]

    @property
    def leaf_rows(self) -> list[RowNode]:
        return [leaf for node in self.rows for leaf in node.leaves()]

    @property
    def header_depth(self) -> int:
        def depth(node: ColumnNode) -> int:
            return 1 + max((depth(c) for c in node.children), default=0)

        return max((depth(n) for n in self.columns), default=0)

    def all_rows(self) -> Iterator[RowNode]:
        def walk(nodes: Iterable[RowNode]) -> Iterator[RowNode]:
            for n in nodes:
                yield n
                yield from walk(n.children)

        return walk(self.rows)

    def all_columns(self) -> Iterator[ColumnNode]:
        def walk(nodes: Iterable[ColumnNode]) -> Iterator[ColumnNode]:
            for n in nodes:
                yield n
                yield from walk(n.children)

        return walk(self.columns)


@lazy_dataclass(eq=False, repr=False)
class Table(_ShortRepr):
    code: str
    name: str  # 表二 / 表三 / 表四
    grid_columns: int
    blocks: tuple[Block, ...]
    section: "Section | None" = None
    cells: list[Cell] = field(default_factory=list)
    _by_position: dict[tuple[str, str], Cell] = field(default_factory=dict)

    def cell_at(self, row_code: str, column_code: str) -> Cell | None:
        return self._by_position.get((row_code, column_code))

    @property
    def input_cells(self) -> list[Cell]:
        return [c for c in self.cells if c.is_input]

    @property
    def value_rows(self) -> list[RowNode]:
        return [r for b in self.blocks for r in b.leaf_rows]

    @property
    def leaf_columns(self) -> list[ColumnNode]:
        seen: dict[str, ColumnNode] = {}
        for b in self.blocks:
            for c in b.leaf_columns:
                seen.setdefault(c.code, c)
        return list(seen.values())

    def find_row(self, code: str) -> RowNode | None:
        for b in self.blocks:
            for r in b.all_rows():
                if r.code == code:
                    return r
        return None

    def find_column(self, code: str) -> ColumnNode | None:
        for b in self.blocks:
            for c in b.all_columns():
                if c.code == code:
                    return c
        return None


@lazy_dataclass(eq=False, repr=False)
class Field(_ShortRepr):
    """A structured value inside a narrative part (六（一）'s fee figures)."""

    code: str
    label: str
    kind: str
    unit: str | None = None
    decimals: int = 0
    money_units: tuple[str, ...] = ()


@lazy_dataclass(eq=False, repr=False)
class Part(_ShortRepr):
    code: str
    heading: str | None
    hint: str
    optional: bool = False
    fields: tuple[Field, ...] = ()
    section: "Section | None" = None


@lazy_dataclass(eq=False, repr=False)
class Section(_ShortRepr):
    code: str
    heading: str
    parts: tuple[Part, ...] = ()
    table: Table | None = None


def section_of(item: Table | Part) -> Section:
    """The section that shows a table or part: the loader sets one on every table and part."""
    assert item.section is not None, f"{item.code} is shown in no section"
    return item.section


@lazy_dataclass(eq=False, repr=False)
class RelationInstance(_ShortRepr):
    """One concrete equation of a relation, e.g. R1 for the 自然人 column."""

    relation: "Relation"
    column: ColumnNode | None
    row: RowNode | None
    target: str | None = None  # cell code of the total (sum relations)
    terms: tuple[str, ...] = ()  # cell codes summed into the target
    left: tuple[str, ...] = ()  # column_balance: both sides
    right: tuple[str, ...] = ()
    group: ColumnNode | None = None  # row_sum: the header group of the target


@lazy_dataclass(eq=False, repr=False)
class Relation(_ShortRepr):
    id: str
    type: str
    table: Table
    severity: str
    title: str
    message: str
    params: dict[str, object]  # the rule's other keys, as parsed JSON
    instances: list[RelationInstance] = field(default_factory=list)


@lazy_dataclass(eq=False, repr=False)
class Rule(_ShortRepr):
    """A document or domain rule: its behaviour is code, its id and parameters data."""

    id: str
    type: str
    severity: str
    params: dict[str, object]  # the rule's other keys, as parsed JSON


@lazy_dataclass(eq=False, repr=False)
class FormatDef(_ShortRepr):
    format_id: str
    name: str
    document_number: str
    first_year: int
    last_year: int | None
    title_template: str
    period_template: str
    opening_template: str
    deadline: str  # "MM-DD" of the following year
    sections: tuple[Section, ...]
    tables: dict[str, Table]
    relations: list[Relation]
    domain_rules: dict[str, Rule]  # cell kind -> rule
    document_rules: list[Rule]
    source: str = ""
    count_unit: str = ""  # 件: what a count may be followed by
    money_units: tuple[str, ...] = ()  # 万元, 元: the units a money cell may have
    cells: dict[str, Cell] = field(default_factory=dict)
    parts: dict[str, Part] = field(default_factory=dict)
    fields: dict[str, Field] = field(default_factory=dict)
    # computed cell code -> the relation instance that defines it
    formulas: dict[str, RelationInstance] = field(default_factory=dict)
    # computed order: each total after the totals it sums
    computed_order: list[str] = field(default_factory=list)
    # which figures the prose states and in which words (content checks, sentences); None: not checked
    prose: ProseSpec | None = None

    def covers_year(self, year: int) -> bool:
        return year >= self.first_year and (self.last_year is None or year <= self.last_year)

    @property
    def years_text(self) -> str:
        if self.last_year is None:
            return f"{self.first_year}年及以后"
        return f"{self.first_year}—{self.last_year}年"

    @property
    def input_cells(self) -> list[Cell]:
        return [c for c in self.cells.values() if c.is_input]

    def input_like(self, code: str) -> Cell:
        """The input cell whose kind (count, money) a total carries: follow its first term."""
        cell = self.cells[code]
        while cell.is_computed:
            cell = self.cells[self.formulas[cell.code].terms[0]]
        return cell

    def relation(self, rule_id: str) -> Relation | None:
        return next((r for r in self.relations if r.id == rule_id), None)

    def table_sections(self) -> list[Section]:
        return [s for s in self.sections if s.table is not None]

    def narrative_parts(self) -> list[Part]:
        return [p for s in self.sections for p in s.parts]

    def title_for(self, organ: str, year: int | None) -> str:
        return self.title_template.format(organ=organ, year=year if year else "")

    def period_for(self, year: int) -> str:
        return self.period_template.format(year=year)
