"""Read and validate a format definition file (templates/formats/*.json).

A definition that is wrong in any way fails here, at load time, with the
file and the place named: unknown kinds, duplicate codes, overlapping spans,
relations naming cells that do not exist, cycles among totals.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Literal, TypeVar, cast, overload

from model.definition import (  # DefinitionError is named here too, where callers import it
    CELL_KINDS,
    COMPUTED,
    COUNT,
    INFO_SECTION,
    INPUT_KINDS,
    MONEY,
    NONE,
    SEVERITIES,
    Block,
    Cell,
    ColumnNode,
    DefinitionError,
    Field,
    FormatDef,
    Part,
    Relation,
    RelationInstance,
    RowNode,
    Rule,
    Section,
    Table,
)
from model.prose.spec import ProseSpecError, parse_prose

_T = TypeVar("_T")
_U = TypeVar("_U")
# what isinstance takes: one type or a tuple of types
_Types = type[object] | tuple[type[object], ...]

DEFINITION_SCHEMA = 1
CODE_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
RELATION_TYPES = ("column_balance", "column_sum", "row_sum", "carry_over")
DOCUMENT_RULE_TYPES = (
    "blank_cells",
    "organ_present",
    "year_present",
    "title_form",
    "date_deadline",
    "narrative_empty",
    "problems_substantive",
    "money_plausible",
)


class _Ctx:
    """Carries the file name so that every error names the file and the place."""

    def __init__(self, source: str):
        self.source = source

    def fail(self, place: str, problem: str) -> DefinitionError:
        return DefinitionError(self.source, place, problem)

    # get(obj, key, place, str) is a str, (str, type(None)) a str or None, required=False adds the default.
    @overload
    def get(self, obj: object, key: str, place: str, types: type[_T], required: Literal[True] = True) -> _T: ...
    @overload
    def get(
        self, obj: object, key: str, place: str, types: tuple[type[_T], type[_U]], required: Literal[True] = True
    ) -> _T | _U: ...
    @overload
    def get(self, obj: object, key: str, place: str, types: type[_T], required: bool, default: _T) -> _T: ...
    @overload
    def get(
        self, obj: object, key: str, place: str, types: type[_T], required: bool = True, default: None = None
    ) -> _T | None: ...
    @overload
    def get(
        self,
        obj: object,
        key: str,
        place: str,
        types: tuple[type[_T], type[_U]],
        required: bool = True,
        default: None = None,
    ) -> _T | _U | None: ...
    def get(
        self, obj: object, key: str, place: str, types: _Types, required: bool = True, default: object = None
    ) -> object:
        if not isinstance(obj, dict):
            raise self.fail(place, "expected an object")
        if key not in obj:
            if required:
                raise self.fail(place, f"missing key '{key}'")
            return default
        value = obj[key]
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in _as_tuple(types)):
            raise self.fail(f"{place}.{key}", f"expected {_type_names(types)}, got {type(value).__name__}")
        return value

    def code(self, obj: object, place: str) -> str:
        code = self.get(obj, "code", place, str)
        if not CODE_RE.match(code):
            raise self.fail(f"{place}.code", f"code '{code}' is not lower-case ASCII (a-z, 0-9, _ and .)")
        return code

    def check_keys(self, obj: dict[str, object], place: str, allowed: set[str]) -> None:
        unknown = set(obj) - allowed
        if unknown:
            raise self.fail(place, f"unknown key(s) {sorted(unknown)}")


def _as_tuple(types: _Types) -> tuple[type[object], ...]:
    return types if isinstance(types, tuple) else (types,)


def _type_names(types: _Types) -> str:
    return " or ".join(t.__name__ for t in _as_tuple(types))


INCLUDE = "include"
COMMON_DIR = "common"  # blocks that several format versions share, beside their files


def load_definition(path: Path) -> FormatDef:
    """A definition file, its {"include": "common/….json"} pieces put in place first."""
    path = Path(path)
    return parse_definition(read_definition_data(path), path.name)


def read_definition_data(path: Path) -> dict[str, object]:
    """The definition as one JSON object, every include expanded (DefinitionError on a bad one)."""
    path = Path(path)
    ctx = _Ctx(path.name)
    data = _read_json(ctx, path, "file")
    # Not checked here: parse_definition fails on a top level that is not an object.
    return cast("dict[str, object]", _expand_includes(ctx, data, path.parent, "top level", ()))


def _read_json(ctx: "_Ctx", path: Path, place: str) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ctx.fail(place, f"{path.name} cannot be read as UTF-8 JSON: {exc}") from exc


def _expand_includes(ctx: "_Ctx", value: object, folder: Path, place: str, chain: tuple[str, ...]) -> object:
    """Replace every {"include": "common/x.json"} by that file's content; in a list, an included
    list is spliced in. Only files under common/ may be included; a cycle is refused."""
    if isinstance(value, dict):
        if INCLUDE in value:
            if set(value) != {INCLUDE} or not isinstance(value[INCLUDE], str):
                raise ctx.fail(place, 'an include is {"include": "common/NAME.json"} and nothing else')
            name = value[INCLUDE]
            target = (folder / name).resolve()
            common = (folder / COMMON_DIR).resolve()
            if common not in target.parents or target.suffix != ".json":
                raise ctx.fail(place, f"include '{name}' is not a .json file in {COMMON_DIR}/")
            if name in chain:
                raise ctx.fail(place, f"include '{name}' includes itself ({' -> '.join(chain + (name,))})")
            if not target.is_file():
                raise ctx.fail(place, f"include '{name}' does not exist")
            return _expand_includes(ctx, _read_json(ctx, target, place), folder, f"{place} ({name})", chain + (name,))
        return {k: _expand_includes(ctx, v, folder, f"{place}.{k}", chain) for k, v in value.items()}
    if isinstance(value, list):
        out: list[object] = []
        for i, item in enumerate(value):
            expanded = _expand_includes(ctx, item, folder, f"{place}[{i}]", chain)
            if isinstance(item, dict) and INCLUDE in item and isinstance(expanded, list):
                out.extend(expanded)
            else:
                out.append(expanded)
        return out
    return value


def parse_definition(data: dict[str, object], source: str = "<definition>") -> FormatDef:
    ctx = _Ctx(source)
    top_keys = {
        "definition_schema",
        "format_id",
        "name",
        "document_number",
        "report_years",
        "title_template",
        "period_template",
        "opening_template",
        "deadline",
        "units",
        "sections",
        "tables",
        "relations",
        "domain_rules",
        "document_rules",
        "prose",
    }
    ctx.check_keys(data, "top level", top_keys)
    schema = ctx.get(data, "definition_schema", "top level", int)
    if schema != DEFINITION_SCHEMA:
        raise ctx.fail("definition_schema", f"version {schema} is not supported (expected {DEFINITION_SCHEMA})")
    format_id = ctx.get(data, "format_id", "top level", str)
    years = ctx.get(data, "report_years", "top level", dict)
    first = ctx.get(years, "first", "report_years", int)
    last = ctx.get(years, "last", "report_years", (int, type(None)))
    if last is not None and last < first:
        raise ctx.fail("report_years", "last year before first year")
    deadline = ctx.get(data, "deadline", "top level", str)
    if not re.match(r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$", deadline):
        raise ctx.fail("deadline", f"'{deadline}' is not MM-DD")

    tables: dict[str, Table] = {}
    for i, tdata in enumerate(ctx.get(data, "tables", "top level", list)):
        table = _parse_table(ctx, tdata, f"tables[{i}]")
        if table.code in tables:
            raise ctx.fail(f"tables[{i}]", f"duplicate table code '{table.code}'")
        tables[table.code] = table

    fmt = FormatDef(
        format_id=format_id,
        name=ctx.get(data, "name", "top level", str),
        document_number=ctx.get(data, "document_number", "top level", str),
        first_year=first,
        last_year=last,
        title_template=ctx.get(data, "title_template", "top level", str),
        period_template=ctx.get(data, "period_template", "top level", str),
        opening_template=ctx.get(data, "opening_template", "top level", str),
        deadline=deadline,
        sections=(),
        tables=tables,
        relations=[],
        domain_rules={},
        document_rules=[],
        source=source,
    )
    units = ctx.get(data, "units", "top level", dict)
    ctx.check_keys(units, "units", {"count", "money"})
    fmt.count_unit = ctx.get(units, "count", "units", str)
    money_units = ctx.get(units, "money", "units", list)
    if not money_units or not all(isinstance(u, str) and u for u in money_units):
        raise ctx.fail("units.money", "needs a list of money units")
    fmt.money_units = tuple(money_units)
    fmt.sections = _parse_sections(ctx, fmt, ctx.get(data, "sections", "top level", list))
    specs: list[Cell | Field] = [*(c for t in tables.values() for c in t.cells if c.is_input), *fmt.fields.values()]
    for spec in specs:
        _settle_unit(ctx, fmt, spec)
    for table in tables.values():
        for cell in table.cells:
            if cell.code in fmt.cells:
                raise ctx.fail(f"table {table.code}", f"duplicate cell code '{cell.code}'")
            fmt.cells[cell.code] = cell
        if table.section is None:
            raise ctx.fail(f"table {table.code}", "no section shows this table")
    for i, rdata in enumerate(ctx.get(data, "relations", "top level", list)):
        fmt.relations.append(
            _parse_relation(
                ctx, fmt, rdata, f"relations[{i}] ({rdata.get('id', '?') if isinstance(rdata, dict) else '?'})"
            )
        )
    ids = [r.id for r in fmt.relations]
    _parse_rules(ctx, fmt, data, ids)
    _bind_formulas(ctx, fmt)
    if "prose" in data:
        try:
            fmt.prose = parse_prose(data["prose"], cells=set(fmt.cells) | set(fmt.fields), parts=set(fmt.parts))
        except ProseSpecError as exc:
            raise ctx.fail("prose", str(exc)) from exc
    # The printed layout is validated here too, so overlapping spans fail at load.
    from model.layout import table_grid

    for table in tables.values():
        try:
            table_grid(table)
        except ValueError as exc:
            raise ctx.fail(f"table {table.code}", str(exc)) from exc
    return fmt


# ---------------------------------------------------------------- tables


def _parse_table(ctx: _Ctx, tdata: dict[str, object], place: str) -> Table:
    ctx.check_keys(tdata, place, {"code", "name", "grid_columns", "blocks"})
    table = Table(
        code=ctx.code(tdata, place),
        name=ctx.get(tdata, "name", place, str),
        grid_columns=ctx.get(tdata, "grid_columns", place, int),
        blocks=(),
    )
    place = f"{place} ({table.code})"
    blocks: list[Block] = []
    row_codes: dict[str, str] = {}
    column_labels: dict[str, str] = {}
    for i, bdata in enumerate(ctx.get(tdata, "blocks", place, list)):
        bplace = f"{place}.blocks[{i}]"
        ctx.check_keys(bdata, bplace, {"code", "caption", "corner", "label_columns", "columns", "rows"})
        block = Block(
            code=ctx.code(bdata, bplace),
            caption=ctx.get(bdata, "caption", bplace, (str, type(None)), required=False),
            corner=ctx.get(bdata, "corner", bplace, (str, type(None)), required=False),
            label_columns=ctx.get(bdata, "label_columns", bplace, int),
            columns=tuple(
                _parse_column(ctx, c, f"{bplace}.columns[{j}]", None, 0)
                for j, c in enumerate(ctx.get(bdata, "columns", bplace, list))
            ),
            rows=tuple(
                _parse_row(ctx, r, f"{bplace}.rows[{j}]", None, 0)
                for j, r in enumerate(ctx.get(bdata, "rows", bplace, list))
            ),
        )
        if not block.columns or not block.rows:
            raise ctx.fail(bplace, "a block needs at least one column and one row")
        for row in block.all_rows():
            if row.code in row_codes:
                raise ctx.fail(bplace, f"duplicate row code '{row.code}' in table {table.code}")
            row_codes[row.code] = row.label
            if row.depth >= max(block.label_columns, 1):
                raise ctx.fail(
                    bplace, f"row '{row.code}' is nested deeper than the {block.label_columns} label column(s)"
                )
            if not row.label and block.label_columns:
                raise ctx.fail(bplace, f"row '{row.code}' has no label")
        seen_here: set[str] = set()
        for col in block.all_columns():
            if col.code in seen_here:
                raise ctx.fail(bplace, f"duplicate column code '{col.code}'")
            seen_here.add(col.code)
            # The same column code may recur in another block only with the same label.
            if column_labels.setdefault(col.code, col.label) != col.label:
                raise ctx.fail(bplace, f"column code '{col.code}' is used for two different labels")
        width = block.label_columns + sum(c.grid_span for c in block.columns)
        if width != table.grid_columns:
            raise ctx.fail(bplace, f"block is {width} grid columns wide, the table has {table.grid_columns}")
        blocks.append(block)
    table.blocks = tuple(blocks)
    for block in table.blocks:
        for row in block.leaf_rows:
            for col in block.leaf_columns:
                kind = _cell_kind(row, col)
                if kind == NONE:
                    continue
                decimals = col.decimals if col.decimals is not None else (4 if kind == MONEY else 0)
                cell = Cell(
                    code=f"{table.code}.{row.code}.{col.code}",
                    table=table,
                    block=block,
                    row=row,
                    column=col,
                    kind=kind,
                    unit=col.unit,
                    decimals=decimals,
                    print_unit=col.print_unit,
                )
                table.cells.append(cell)
                table._by_position[(row.code, col.code)] = cell
    return table


def _cell_kind(row: RowNode, col: ColumnNode) -> str:
    if COMPUTED in (row.kind, col.kind):
        return COMPUTED
    if NONE in (row.kind, col.kind):
        return NONE
    return row.kind or col.kind or COUNT


def _parse_column(ctx: _Ctx, data: dict[str, object], place: str, parent: ColumnNode | None, depth: int) -> ColumnNode:
    ctx.check_keys(data, place, {"code", "label", "children", "kind", "span", "unit", "decimals", "print_unit"})
    node = ColumnNode(
        code=ctx.code(data, place),
        label=ctx.get(data, "label", place, str),
        kind=_kind(ctx, data, place),
        span=ctx.get(data, "span", place, int, required=False, default=1),
        unit=ctx.get(data, "unit", place, (str, type(None)), required=False),
        decimals=ctx.get(data, "decimals", place, (int, type(None)), required=False),
        print_unit=ctx.get(data, "print_unit", place, bool, required=False, default=False),
        parent=parent,
        depth=depth,
    )
    if node.span < 1:
        raise ctx.fail(f"{place}.span", "span must be at least 1")
    children = ctx.get(data, "children", place, list, required=False, default=[])
    node.children = tuple(
        _parse_column(ctx, c, f"{place}.children[{i}]", node, depth + 1) for i, c in enumerate(children)
    )
    if node.children and ("span" in data or node.kind):
        raise ctx.fail(place, "a header group cannot carry span or kind; put them on its leaves")
    if node.kind == MONEY and not node.unit:
        raise ctx.fail(place, "a money column needs a unit")
    return node


def _parse_row(ctx: _Ctx, data: dict[str, object], place: str, parent: RowNode | None, depth: int) -> RowNode:
    ctx.check_keys(data, place, {"code", "label", "children", "kind", "words"})
    node = RowNode(
        code=ctx.code(data, place),
        label=ctx.get(data, "label", place, str),
        kind=_kind(ctx, data, place),
        parent=parent,
        depth=depth,
        words=tuple(ctx.get(data, "words", place, list, required=False, default=[])),
    )
    if node.words and "".join(node.words) != node.label:
        raise ctx.fail(f"{place}.words", f"the words must spell the label '{node.label}'")
    children = ctx.get(data, "children", place, list, required=False, default=[])
    node.children = tuple(_parse_row(ctx, c, f"{place}.children[{i}]", node, depth + 1) for i, c in enumerate(children))
    if node.children and node.kind:
        raise ctx.fail(place, "a row group cannot carry a kind")
    return node


def _kind(ctx: _Ctx, data: dict[str, object], place: str) -> str | None:
    kind = ctx.get(data, "kind", place, (str, type(None)), required=False)
    if kind is not None and kind not in CELL_KINDS:
        raise ctx.fail(f"{place}.kind", f"unknown cell kind '{kind}' (known: {', '.join(CELL_KINDS)})")
    return kind


# -------------------------------------------------------------- sections


def _parse_sections(ctx: _Ctx, fmt: FormatDef, items: list[dict[str, object]]) -> tuple[Section, ...]:
    sections: list[Section] = []
    codes: set[str] = set()
    for i, sdata in enumerate(items):
        place = f"sections[{i}]"
        ctx.check_keys(sdata, place, {"code", "heading", "parts", "table"})
        section = Section(code=ctx.code(sdata, place), heading=ctx.get(sdata, "heading", place, str))
        if section.code in codes:
            raise ctx.fail(place, f"duplicate section code '{section.code}'")
        if section.code == INFO_SECTION:
            raise ctx.fail(
                place, f"section code '{INFO_SECTION}' is reserved for 基本信息 (findings about the metadata)"
            )
        codes.add(section.code)
        table_code = ctx.get(sdata, "table", place, str, required=False)
        parts = ctx.get(sdata, "parts", place, list, required=False, default=[])
        if (table_code is None) == (not parts):
            raise ctx.fail(place, "a section has either a table or narrative parts")
        if table_code is not None:
            table = fmt.tables.get(table_code)
            if table is None:
                raise ctx.fail(f"{place}.table", f"no table '{table_code}'")
            if table.section is not None:
                raise ctx.fail(f"{place}.table", f"table '{table_code}' is shown twice")
            table.section = section
            section.table = table
        part_objs: list[Part] = []
        for j, pdata in enumerate(parts):
            pplace = f"{place}.parts[{j}]"
            ctx.check_keys(pdata, pplace, {"code", "heading", "hint", "optional", "fields"})
            part = Part(
                code=ctx.code(pdata, pplace),
                heading=ctx.get(pdata, "heading", pplace, (str, type(None))),
                hint=ctx.get(pdata, "hint", pplace, str),
                optional=ctx.get(pdata, "optional", pplace, bool, required=False, default=False),
                section=section,
            )
            if part.code in fmt.parts or part.code in codes:
                raise ctx.fail(pplace, f"duplicate part code '{part.code}'")
            fields: list[Field] = []
            for k, fdata in enumerate(ctx.get(pdata, "fields", pplace, list, required=False, default=[])):
                fplace = f"{pplace}.fields[{k}]"
                ctx.check_keys(fdata, fplace, {"code", "label", "kind", "unit", "decimals"})
                kind = ctx.get(fdata, "kind", fplace, str)
                if kind not in INPUT_KINDS:
                    raise ctx.fail(f"{fplace}.kind", f"unknown field kind '{kind}' (known: {', '.join(INPUT_KINDS)})")
                fld = Field(
                    code=ctx.code(fdata, fplace),
                    label=ctx.get(fdata, "label", fplace, str),
                    kind=kind,
                    unit=ctx.get(fdata, "unit", fplace, (str, type(None)), required=False),
                    decimals=ctx.get(fdata, "decimals", fplace, int, required=False, default=4 if kind == MONEY else 0),
                )
                if fld.code in fmt.fields:
                    raise ctx.fail(fplace, f"duplicate field code '{fld.code}'")
                fmt.fields[fld.code] = fld
                fields.append(fld)
            part.fields = tuple(fields)
            fmt.parts[part.code] = part
            part_objs.append(part)
        section.parts = tuple(part_objs)
        sections.append(section)
    return tuple(sections)


# ------------------------------------------------------------- relations


def _severity(ctx: _Ctx, data: dict[str, object], place: str) -> str:
    sev = ctx.get(data, "severity", place, str)
    if sev not in SEVERITIES:
        raise ctx.fail(f"{place}.severity", f"unknown severity '{sev}' (known: {', '.join(SEVERITIES)})")
    return sev


def _parse_relation(ctx: _Ctx, fmt: FormatDef, data: dict[str, object], place: str) -> Relation:
    rid = ctx.get(data, "id", place, str)
    rtype = ctx.get(data, "type", place, str)
    if rtype not in RELATION_TYPES:
        raise ctx.fail(f"{place}.type", f"unknown relation type '{rtype}' (known: {', '.join(RELATION_TYPES)})")
    table_code = ctx.get(data, "table", place, str)
    table = fmt.tables.get(table_code)
    if table is None:
        raise ctx.fail(f"{place}.table", f"no table '{table_code}'")
    params = {k: v for k, v in data.items() if k not in ("id", "type", "table", "severity", "title", "message")}
    rel = Relation(
        id=rid,
        type=rtype,
        table=table,
        severity=_severity(ctx, data, place),
        title=ctx.get(data, "title", place, str),
        message=ctx.get(data, "message", place, str),
        params=params,
    )

    def columns(key: str) -> list[ColumnNode]:
        spec = params.get(key, "*")
        if spec == "*":
            return table.leaf_columns
        return [_column(ctx, table, code, f"{place}.{key}") for code in _code_list(ctx, spec, f"{place}.{key}")]

    def rows(key: str) -> list[RowNode]:
        spec = params.get(key, "*")
        if spec == "*":
            return table.value_rows
        return [_row(ctx, table, code, f"{place}.{key}") for code in _code_list(ctx, spec, f"{place}.{key}")]

    def cell(row: str, col: str, where: str) -> str:
        found = table.cell_at(row, col)
        if found is None:
            raise ctx.fail(where, f"relation names a missing cell: row '{row}', column '{col}' of table {table.code}")
        return found.code

    def row_codes(key: str) -> list[str]:
        codes = _code_list(ctx, ctx.get(params, key, place, (list, str)), f"{place}.{key}")
        for code in codes:
            _row(ctx, table, code, f"{place}.{key}")
        return codes

    if rtype == "column_balance":
        ctx.check_keys(params, place, {"columns", "left", "right"})
        left, right = row_codes("left"), row_codes("right")
        for col in columns("columns"):
            rel.instances.append(
                RelationInstance(
                    rel,
                    column=col,
                    row=None,
                    left=tuple(cell(r, col.code, f"{place}.left") for r in left),
                    right=tuple(cell(r, col.code, f"{place}.right") for r in right),
                )
            )
    elif rtype == "column_sum":
        ctx.check_keys(params, place, {"columns", "target", "terms"})
        target = ctx.get(params, "target", place, str)
        _row(ctx, table, target, f"{place}.target")
        terms = row_codes("terms")
        for col in columns("columns"):
            rel.instances.append(
                RelationInstance(
                    rel,
                    column=col,
                    row=table.find_row(target),
                    target=cell(target, col.code, f"{place}.target"),
                    terms=tuple(cell(r, col.code, f"{place}.terms") for r in terms),
                )
            )
    elif rtype == "row_sum":
        ctx.check_keys(params, place, {"rows", "groups"})
        groups = ctx.get(params, "groups", place, list)
        if not groups:
            raise ctx.fail(f"{place}.groups", "no groups")
        for row in rows("rows"):
            for g, gdata in enumerate(groups):
                gplace = f"{place}.groups[{g}]"
                target = ctx.get(gdata, "target", gplace, str)
                target_col = _column(ctx, table, target, f"{gplace}.target")
                terms = _code_list(ctx, ctx.get(gdata, "terms", gplace, list), f"{gplace}.terms")
                for term in terms:
                    _column(ctx, table, term, f"{gplace}.terms")
                rel.instances.append(
                    RelationInstance(
                        rel,
                        column=target_col,
                        row=row,
                        group=target_col.parent,
                        target=cell(row.code, target, f"{gplace}.target"),
                        terms=tuple(cell(row.code, t, f"{gplace}.terms") for t in terms),
                    )
                )
    elif rtype == "carry_over":
        ctx.check_keys(params, place, {"columns", "this_year_row", "last_year_row"})
        this_row = ctx.get(params, "this_year_row", place, str)
        last_row = ctx.get(params, "last_year_row", place, str)
        for col in columns("columns"):
            rel.instances.append(
                RelationInstance(
                    rel,
                    column=col,
                    row=table.find_row(this_row),
                    left=(cell(this_row, col.code, f"{place}.this_year_row"),),
                    right=(cell(last_row, col.code, f"{place}.last_year_row"),),
                )
            )
    return rel


def _code_list(ctx: _Ctx, spec: object, place: str) -> list[str]:
    if isinstance(spec, str):
        spec = [spec]
    if not isinstance(spec, list) or not all(isinstance(s, str) for s in spec) or not spec:
        raise ctx.fail(place, "expected a non-empty list of codes")
    return spec


def _row(ctx: _Ctx, table: Table, code: str, place: str) -> RowNode:
    row = table.find_row(code)
    if row is None:
        raise ctx.fail(place, f"relation names a missing row '{code}' in table {table.code}")
    return row


def _column(ctx: _Ctx, table: Table, code: str, place: str) -> ColumnNode:
    col = table.find_column(code)
    if col is None:
        raise ctx.fail(place, f"relation names a missing column '{code}' in table {table.code}")
    return col


def _parse_rules(ctx: _Ctx, fmt: FormatDef, data: dict[str, object], ids: list[str]) -> None:
    for i, rdata in enumerate(ctx.get(data, "domain_rules", "top level", list)):
        place = f"domain_rules[{i}]"
        kind = ctx.get(rdata, "kind", place, str)
        if kind not in INPUT_KINDS:
            raise ctx.fail(f"{place}.kind", f"unknown cell kind '{kind}' (known: {', '.join(INPUT_KINDS)})")
        rule = Rule(
            id=ctx.get(rdata, "id", place, str),
            type=kind,
            severity=_severity(ctx, rdata, place),
            params={k: v for k, v in rdata.items() if k not in ("id", "kind", "severity")},
        )
        fmt.domain_rules[kind] = rule
        ids.append(rule.id)
    used = {c.kind for c in fmt.cells.values() if c.is_input} | {f.kind for f in fmt.fields.values()}
    missing = used - set(fmt.domain_rules)
    if missing:
        raise ctx.fail("domain_rules", f"no domain rule for cell kind(s) {sorted(missing)}")
    for i, rdata in enumerate(ctx.get(data, "document_rules", "top level", list)):
        place = f"document_rules[{i}]"
        rtype = ctx.get(rdata, "type", place, str)
        if rtype not in DOCUMENT_RULE_TYPES:
            raise ctx.fail(f"{place}.type", f"unknown document rule type '{rtype}'")
        rule = Rule(
            id=ctx.get(rdata, "id", place, str),
            type=rtype,
            severity=_severity(ctx, rdata, place),
            params={k: v for k, v in rdata.items() if k not in ("id", "type", "severity")},
        )
        if "cell" in rule.params and rule.params["cell"] not in fmt.cells:
            raise ctx.fail(f"{place}.cell", f"rule names a missing cell '{rule.params['cell']}'")
        if "part" in rule.params and rule.params["part"] not in fmt.parts:
            raise ctx.fail(f"{place}.part", f"rule names a missing narrative part '{rule.params['part']}'")
        by_section = rule.params.get("advice_by_section", {})
        if not isinstance(by_section, dict) or any(code not in {s.code for s in fmt.sections} for code in by_section):
            raise ctx.fail(f"{place}.advice_by_section", "needs section codes of this format")
        if rtype == "money_plausible":
            limits = ctx.get(rule.params, "limits", place, dict)
            units = {c.unit for c in fmt.cells.values() if c.kind == MONEY} | {
                f.unit for f in fmt.fields.values() if f.kind == MONEY
            }
            for unit, limit in limits.items():
                if unit not in units or not isinstance(limit, (int, float)) or isinstance(limit, bool) or limit <= 0:
                    raise ctx.fail(f"{place}.limits.{unit}", "needs a money unit used in this format and a number > 0")
        fmt.document_rules.append(rule)
        ids.append(rule.id)
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise ctx.fail("rules", f"duplicate rule id(s) {sorted(dupes)}")


def _settle_unit(ctx: _Ctx, fmt: FormatDef, spec: Cell | Field) -> None:
    """Every input knows its unit (a count its 件 when none is written) and the format's money units."""
    if spec.kind == MONEY:
        if spec.unit not in fmt.money_units:
            raise ctx.fail(spec.code, f"money needs one of the units {list(fmt.money_units)}, not {spec.unit!r}")
    elif spec.unit is None:
        spec.unit = fmt.count_unit
    spec.money_units = fmt.money_units


def _bind_formulas(ctx: _Ctx, fmt: FormatDef) -> None:
    """Each computed cell is defined by the first sum relation that targets it."""
    for rel in fmt.relations:
        for inst in rel.instances:
            if inst.target is None:
                continue
            target = fmt.cells[inst.target]
            if target.is_computed:
                fmt.formulas.setdefault(inst.target, inst)
    for cell in fmt.cells.values():
        if cell.is_computed and cell.code not in fmt.formulas:
            raise ctx.fail(f"table {cell.table.code}", f"computed cell '{cell.code}' has no sum relation defining it")
    order: list[str] = []
    state: dict[str, int] = {}

    def visit(code: str, chain: list[str]) -> None:
        if state.get(code) == 2:
            return
        if state.get(code) == 1:
            raise ctx.fail("relations", "totals depend on each other in a cycle: " + " -> ".join(chain + [code]))
        state[code] = 1
        for term in fmt.formulas[code].terms:
            if term in fmt.formulas:
                visit(term, chain + [code])
        state[code] = 2
        order.append(code)

    for code in fmt.formulas:
        visit(code, [])
    fmt.computed_order = order
