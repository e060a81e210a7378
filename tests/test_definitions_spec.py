"""The shipped format definitions, checked label for label against the spec.

Authority: the project's statutory-format specification (statutory-format.md, kept with the
team's shared notes beside this repository, not in it) — the decision list at its
top, §1.2 (headings), §1.4 (2021 表二), §1.5 (2021 表三), §1.6 (表四),
§1.8 (Unicode), §2.3 (2019 表二), §2.4 (2019 表三), §2.5, §2.6, §3.1 and
Appendix A.

Every expectation below is transcribed by hand from that document. Nothing
here reads templates/formats/*.json: if a definition file and the spec
disagree, these tests fail.
"""

from __future__ import annotations

import pytest

from model.definition import COMPUTED, COUNT, MONEY, SIGNED
from model.formats import get_format
from model.layout import CAPTION, CORNER, HEADER, LABEL, VALUE, table_grid

VERSIONS = ("2021", "2019")
TABLES = ("表二", "表三", "表四")


# ---------------------------------------------------------------------------
# Expectations, transcribed from the spec
# ---------------------------------------------------------------------------

# Decision list + §1.2 (2021) and §2.2 (2019: the same six).
HEADINGS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]
# Which table each section holds, in heading order (§1.3).
SECTION_TABLES = [None, "表二", "表三", "表四", None, None]

# §1.3: the five topics of 一、总体情况, in this order.
OVERALL_TOPICS = ["主动公开", "依申请公开", "政府信息管理", "政府信息公开平台建设", "监督保障"]

# §3.1 and the decision list: 2021 六 preloads these seven, （七） full-width.
OTHER_MATTERS_2021 = [
    "（一）收取信息处理费情况",
    "（二）本行政机关落实上级年度政务公开工作要点情况",
    "（三）人大代表建议和政协提案办理结果公开情况",
    "（四）本行政机关年度政务公开工作创新情况",
    "（五）本行政机关政府信息公开工作年度报告数据统计需要说明的事项",
    "（六）本行政机关认为需要报告的其他事项",
    "（七）其他有关文件专门要求通过政府信息公开工作年度报告予以报告的事项",
]

# --- 表二: §1.4 / A.1 (2021), §2.3 / A.2 (2019) ----------------------------
# Each section: (caption, column headers, row labels). C0 of every header row
# reads 「信息内容」.
T2_CORNER = "信息内容"
T2_SECTIONS = {
    "2021": [
        ("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "行政规范性文件"]),
        ("第二十条第（五）项", ["本年处理决定数量"], ["行政许可"]),
        ("第二十条第（六）项", ["本年处理决定数量"], ["行政处罚", "行政强制"]),
        ("第二十条第（八）项", ["本年收费金额（单位：万元）"], ["行政事业性收费"]),
    ],
    "2019": [
        ("第二十条第（一）项", ["本年新制作数量", "本年新公开数量", "对外公开总数量"], ["规章", "规范性文件"]),
        ("第二十条第（五）项", ["上一年项目数量", "本年增/减", "处理决定数量"], ["行政许可", "其他对外管理服务事项"]),
        ("第二十条第（六）项", ["上一年项目数量", "本年增/减", "处理决定数量"], ["行政处罚", "行政强制"]),
        ("第二十条第（八）项", ["上一年项目数量", "本年增/减"], ["行政事业性收费"]),
        ("第二十条第（九）项", ["采购项目数量", "采购总金额"], ["政府集中采购"]),
    ],
}
# Where the header and value cells of a section sit, by the number of values
# per row: a list of (grid column, colspan).
#   2021 (§1.4): 4 columns; one-value sections merge C1–C3.
#   2019 (§2.3): 5 columns; [label][v1][v2 colspan 2][v3] and
#                [label][v1 colspan 2][v2 colspan 2].
T2_VALUE_LAYOUT = {
    "2021": {3: [(1, 1), (2, 1), (3, 1)], 1: [(1, 3)]},
    "2019": {3: [(1, 1), (2, 2), (4, 1)], 2: [(1, 2), (3, 2)]},
}
# Cells that are not plain counts, keyed by (caption, row, column). §1.4,
# §2.3 and the decision list: 2021 本年收费金额 is money; 2019 本年增/减 is
# signed; 2019 采购总金额 is money. Everything else in 表二 is a count.
T2_NOT_COUNT = {
    "2021": {
        ("第二十条第（八）项", "行政事业性收费", "本年收费金额（单位：万元）"): MONEY,
    },
    "2019": {
        ("第二十条第（五）项", "行政许可", "本年增/减"): SIGNED,
        ("第二十条第（五）项", "其他对外管理服务事项", "本年增/减"): SIGNED,
        ("第二十条第（六）项", "行政处罚", "本年增/减"): SIGNED,
        ("第二十条第（六）项", "行政强制", "本年增/减"): SIGNED,
        ("第二十条第（八）项", "行政事业性收费", "本年增/减"): SIGNED,
        ("第二十条第（九）项", "政府集中采购", "采购总金额"): MONEY,
    },
}

# --- 表三: §1.5, §2.4, A.3, A.4 --------------------------------------------
T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
# A label tree: a leaf is its label; a group is (label, [children]).
T3_COLUMNS = [
    (
        "申请人情况",
        [
            "自然人",
            ("法人或其他组织", ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]),
            "总计",
        ],
    ),
]
# G3…G9 (§1.5).
T3_DATA_COLUMNS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
T3_OTHER_HANDLING = "（六）其他处理"
T3_RESULTS_TOTAL = "（七）总计"
T3_ROWS_2021 = [
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    (
        "三、本年度办理结果",
        [
            "（一）予以公开",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            (
                "（三）不予公开",
                [
                    "1.属于国家秘密",
                    "2.其他法律行政法规禁止公开",
                    "3.危及“三安全一稳定”",
                    "4.保护第三方合法权益",
                    "5.属于三类内部事务信息",
                    "6.属于四类过程性信息",
                    "7.属于行政执法案卷",
                    "8.属于行政查询事项",
                ],
            ),
            (
                "（四）无法提供",
                [
                    "1.本机关不掌握相关政府信息",
                    "2.没有现成信息需要另行制作",
                    "3.补正后申请内容仍不明确",
                ],
            ),
            (
                "（五）不予处理",
                [
                    "1.信访举报投诉类申请",
                    "2.重复申请",
                    "3.要求提供公开出版物",
                    "4.无正当理由大量反复申请",
                    "5.要求行政机关确认或重新出具已获取信息",
                ],
            ),
            (
                T3_OTHER_HANDLING,
                [
                    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                    "3.其他",
                ],
            ),
            T3_RESULTS_TOTAL,
        ],
    ),
    "四、结转下年度继续办理",
]


def as_leaf(tree, label):
    """The same label tree with the group `label` reduced to a single row."""
    out = []
    for node in tree:
        if isinstance(node, tuple):
            name, children = node
            node = name if name == label else (name, as_leaf(children, label))
        out.append(node)
    return out


# §2.4: 2019 differs only in （六）其他处理, which is one row.
T3_ROWS = {"2021": T3_ROWS_2021, "2019": as_leaf(T3_ROWS_2021, T3_OTHER_HANDLING)}

# --- 表四: §1.6, §2.5, A.5 ---------------------------------------------------
T4_RESULTS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
T4_COLUMNS = [
    ("行政复议", T4_RESULTS),
    ("行政诉讼", [("未经复议直接起诉", T4_RESULTS), ("复议后起诉", T4_RESULTS)]),
]
T4_GROUPS = ["行政复议", "未经复议直接起诉", "复议后起诉"]  # each has a computed 总计

# --- Grid sizes, value and computed cell counts ----------------------------
GRID_SIZE = {  # (rows, columns)
    "表二": {"2021": (14, 4), "2019": (18, 5)},  # §1.4 R0–R13; §2.3 5 sections
    "表三": {"2021": (28, 10), "2019": (26, 10)},  # 3 header rows + 25 / 23 value rows
    "表四": {"2021": (4, 15), "2019": (4, 15)},  # §1.6: 3 header rows + 1 data row
}
VALUE_CELLS = {
    "表二": {"2021": 10, "2019": 22},
    "表三": {"2021": 175, "2019": 161},
    "表四": {"2021": 15, "2019": 15},
}
# Decision list: 表三 column 总计 (one per value row) and row （七）总计 (one per
# column, sharing one cell with the 总计 column); 表四 the three 总计.
COMPUTED_CELLS = {
    "表二": {"2021": 0, "2019": 0},
    "表三": {"2021": 25 + 6, "2019": 23 + 6},
    "表四": {"2021": 3, "2019": 3},
}

# --- Merged cells: (row, column, rowspan, colspan, role, text) -------------
# Value cells have no text.
T2_MERGES = {
    "2021": [  # §1.4
        (0, 0, 1, 4, CAPTION, "第二十条第（一）项"),
        (4, 0, 1, 4, CAPTION, "第二十条第（五）项"),
        (5, 1, 1, 3, HEADER, "本年处理决定数量"),
        (6, 1, 1, 3, VALUE, ""),
        (7, 0, 1, 4, CAPTION, "第二十条第（六）项"),
        (8, 1, 1, 3, HEADER, "本年处理决定数量"),
        (9, 1, 1, 3, VALUE, ""),
        (10, 1, 1, 3, VALUE, ""),
        (11, 0, 1, 4, CAPTION, "第二十条第（八）项"),
        (12, 1, 1, 3, HEADER, "本年收费金额（单位：万元）"),
        (13, 1, 1, 3, VALUE, ""),
    ],
    "2019": [  # §2.3
        (0, 0, 1, 5, CAPTION, "第二十条第（一）项"),
        (1, 2, 1, 2, HEADER, "本年新公开数量"),
        (2, 2, 1, 2, VALUE, ""),
        (3, 2, 1, 2, VALUE, ""),
        (4, 0, 1, 5, CAPTION, "第二十条第（五）项"),
        (5, 2, 1, 2, HEADER, "本年增/减"),
        (6, 2, 1, 2, VALUE, ""),
        (7, 2, 1, 2, VALUE, ""),
        (8, 0, 1, 5, CAPTION, "第二十条第（六）项"),
        (9, 2, 1, 2, HEADER, "本年增/减"),
        (10, 2, 1, 2, VALUE, ""),
        (11, 2, 1, 2, VALUE, ""),
        (12, 0, 1, 5, CAPTION, "第二十条第（八）项"),
        (13, 1, 1, 2, HEADER, "上一年项目数量"),
        (13, 3, 1, 2, HEADER, "本年增/减"),
        (14, 1, 1, 2, VALUE, ""),
        (14, 3, 1, 2, VALUE, ""),
        (15, 0, 1, 5, CAPTION, "第二十条第（九）项"),
        (16, 1, 1, 2, HEADER, "采购项目数量"),
        (16, 3, 1, 2, HEADER, "采购总金额"),
        (17, 1, 1, 2, VALUE, ""),
        (17, 3, 1, 2, VALUE, ""),
    ],
}
T3_MERGES_SHARED = [  # §1.5, unchanged in 2019 (§2.4)
    (0, 0, 3, 3, CORNER, T3_NOTE),
    (0, 3, 1, 7, HEADER, "申请人情况"),
    (1, 3, 2, 1, HEADER, "自然人"),
    (1, 4, 1, 5, HEADER, "法人或其他组织"),
    (1, 9, 2, 1, HEADER, "总计"),
    (3, 0, 1, 3, LABEL, "一、本年新收政府信息公开申请数量"),
    (4, 0, 1, 3, LABEL, "二、上年结转政府信息公开申请数量"),
    (5, 1, 1, 2, LABEL, "（一）予以公开"),
    (6, 1, 1, 2, LABEL, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    (7, 1, 8, 1, LABEL, "（三）不予公开"),
    (15, 1, 3, 1, LABEL, "（四）无法提供"),
    (18, 1, 5, 1, LABEL, "（五）不予处理"),
]
T3_MERGES_BY_VERSION = {  # where （六） makes the difference (§2.4, §2.6 item 6)
    "2021": [
        (5, 0, 22, 1, LABEL, "三、本年度办理结果"),
        (23, 1, 3, 1, LABEL, T3_OTHER_HANDLING),
        (26, 1, 1, 2, LABEL, T3_RESULTS_TOTAL),
        (27, 0, 1, 3, LABEL, "四、结转下年度继续办理"),
    ],
    "2019": [
        (5, 0, 20, 1, LABEL, "三、本年度办理结果"),
        (23, 1, 1, 2, LABEL, T3_OTHER_HANDLING),
        (24, 1, 1, 2, LABEL, T3_RESULTS_TOTAL),
        (25, 0, 1, 3, LABEL, "四、结转下年度继续办理"),
    ],
}
T4_MERGES = [  # §1.6, identical in 2019 (§2.5)
    (0, 0, 1, 5, HEADER, "行政复议"),
    *[(1, k, 2, 1, HEADER, label) for k, label in enumerate(T4_RESULTS)],
    (0, 5, 1, 10, HEADER, "行政诉讼"),
    (1, 5, 1, 5, HEADER, "未经复议直接起诉"),
    (1, 10, 1, 5, HEADER, "复议后起诉"),
]
MERGES = {
    "表二": T2_MERGES,
    "表三": {v: T3_MERGES_SHARED + T3_MERGES_BY_VERSION[v] for v in VERSIONS},
    "表四": {v: T4_MERGES for v in VERSIONS},
}


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def table_named(version, name):
    fmt = get_format(version)
    assert fmt is not None, f"format {version} does not load"
    found = [t for t in fmt.tables.values() if t.name == name]
    assert len(found) == 1, f"{version}: expected one {name}, found {len(found)}"
    return found[0]


def only_block(table):
    assert len(table.blocks) == 1, f"{table.name} should be one block"
    return table.blocks[0]


def tree(nodes):
    """A model row or column hierarchy as a label tree (see T3_COLUMNS)."""
    return [n.label if n.is_leaf else (n.label, tree(n.children)) for n in nodes]


def flatten(label_tree, depth=0):
    """(depth, label) in reading order."""
    for node in label_tree:
        if isinstance(node, tuple):
            yield depth, node[0]
            yield from flatten(node[1], depth + 1)
        else:
            yield depth, node


def leaves(label_tree):
    for node in label_tree:
        if isinstance(node, tuple):
            yield from leaves(node[1])
        else:
            yield node


def in_reading_order(cells):
    return sorted(cells, key=lambda c: (c.row, c.col))


def texts(grid, role):
    return [c.text for c in in_reading_order(grid.cells) if c.role == role]


def merged(grid):
    return sorted(
        (c.row, c.col, c.rowspan, c.colspan, c.role, c.text) for c in grid.cells if c.rowspan > 1 or c.colspan > 1
    )


def all_label_texts(version):
    """Every printed label of the format: headings, part headings, table labels."""
    fmt = get_format(version)
    out = [s.heading for s in fmt.sections]
    out += [p.heading for s in fmt.sections for p in s.parts if p.heading]
    for name in TABLES:
        out += [c.text for c in table_grid(table_named(version, name)).cells if c.role != VALUE]
    return out


def t2_key(cell):
    return cell.block.caption, cell.row.label, cell.column.label


def t3_groups_with_sub_rows(version):
    """Labels of the 三、 rows that have numbered sub-rows 「1.」…, in order."""
    (results,) = [n for n in T3_ROWS[version] if isinstance(n, tuple)]
    return [n[0] for n in results[1] if isinstance(n, tuple)]


# ---------------------------------------------------------------------------
# 1. Labels
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_section_headings_in_order(version):
    fmt = get_format(version)
    assert [s.heading for s in fmt.sections] == HEADINGS


@pytest.mark.parametrize("version", VERSIONS)
def test_sections_hold_their_tables(version):
    fmt = get_format(version)
    assert [s.table.name if s.table else None for s in fmt.sections] == SECTION_TABLES


@pytest.mark.parametrize("version", VERSIONS)
def test_overall_situation_parts_cover_the_five_topics_in_order(version):
    first = get_format(version).sections[0]
    headings = [p.heading for p in first.parts if p.heading]
    assert len(headings) == len(OVERALL_TOPICS), headings
    for heading, topic in zip(headings, OVERALL_TOPICS):
        assert topic in heading, (heading, topic)


def test_other_matters_2021_has_the_seven_items():
    last = get_format("2021").sections[5]
    assert [p.heading for p in last.parts] == OTHER_MATTERS_2021


@pytest.mark.parametrize("version", VERSIONS)
def test_t2_captions_headers_and_rows(version):
    table = table_named(version, "表二")
    got = [(b.caption, tree(b.columns), tree(b.rows)) for b in table.blocks]
    assert got == T2_SECTIONS[version]
    assert [b.corner for b in table.blocks] == [T2_CORNER] * len(T2_SECTIONS[version])


@pytest.mark.parametrize("version", VERSIONS)
def test_t3_note_headers_and_rows(version):
    block = only_block(table_named(version, "表三"))
    assert block.caption is None
    assert block.corner == T3_NOTE
    assert tree(block.columns) == T3_COLUMNS
    assert tree(block.rows) == T3_ROWS[version]


@pytest.mark.parametrize("version", VERSIONS)
def test_t4_headers_and_no_row_labels(version):
    table = table_named(version, "表四")
    block = only_block(table)
    assert block.caption is None
    assert tree(block.columns) == T4_COLUMNS
    grid = table_grid(table)
    assert texts(grid, LABEL) == [] and texts(grid, CORNER) == []


@pytest.mark.parametrize("version", VERSIONS)
def test_grid_captions_and_corners(version):
    t2, t3, t4 = (table_grid(table_named(version, n)) for n in TABLES)
    assert texts(t2, CAPTION) == [caption for caption, _, _ in T2_SECTIONS[version]]
    assert texts(t2, CORNER) == [T2_CORNER] * len(T2_SECTIONS[version])
    assert texts(t3, CAPTION) == [] and texts(t3, CORNER) == [T3_NOTE]
    assert texts(t4, CAPTION) == [] and texts(t4, CORNER) == []


@pytest.mark.parametrize("version", VERSIONS)
def test_t3_grid_row_labels_sit_in_the_column_of_their_depth(version):
    grid = table_grid(table_named(version, "表三"))
    got = [(c.col, c.text) for c in in_reading_order(grid.cells) if c.role == LABEL]
    assert got == list(flatten(T3_ROWS[version]))


@pytest.mark.parametrize("version", VERSIONS)
def test_t3_grid_data_columns_are_g3_to_g9(version):
    grid = table_grid(table_named(version, "表三"))
    assert [grid.at(2, 3 + i).text for i in range(7)] == T3_DATA_COLUMNS


@pytest.mark.parametrize("version", VERSIONS)
def test_t4_grid_leaf_columns_are_k0_to_k14(version):
    grid = table_grid(table_named(version, "表四"))
    assert [grid.at(2, k).text for k in range(15)] == T4_RESULTS * 3


# ---------------------------------------------------------------------------
# 2. Value cells and computed cells
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", TABLES)
@pytest.mark.parametrize("version", VERSIONS)
def test_value_cell_count(version, name):
    table = table_named(version, name)
    grid = table_grid(table)
    assert len(table.cells) == VALUE_CELLS[name][version]
    # every printed value cell is a real cell: no blank, not-applicable cells
    assert len(grid.value_cells()) == VALUE_CELLS[name][version]
    assert all(c.cell is not None for c in grid.value_cells())


@pytest.mark.parametrize("version", VERSIONS)
def test_t3_every_value_row_has_all_seven_columns(version):
    table = table_named(version, "表三")
    got = [(c.row.label, c.column.label) for c in table.cells]
    expected = [(r, c) for r in leaves(T3_ROWS[version]) for c in T3_DATA_COLUMNS]
    assert sorted(got) == sorted(expected)  # group rows (三、（三）…) hold no values


@pytest.mark.parametrize("name", TABLES)
@pytest.mark.parametrize("version", VERSIONS)
def test_computed_cell_count(version, name):
    computed = [c for c in table_named(version, name).cells if c.kind == COMPUTED]
    assert len(computed) == COMPUTED_CELLS[name][version]


@pytest.mark.parametrize("version", VERSIONS)
def test_t3_computed_cells_are_the_total_column_and_the_results_total_row(version):
    cells = table_named(version, "表三").cells
    computed = {(c.row.label, c.column.label) for c in cells if c.kind == COMPUTED}
    expected = {(row, "总计") for row in leaves(T3_ROWS[version])} | {
        (T3_RESULTS_TOTAL, column) for column in T3_DATA_COLUMNS
    }
    assert computed == expected
    assert {c.kind for c in cells if c.kind != COMPUTED} == {COUNT}


@pytest.mark.parametrize("version", VERSIONS)
def test_t4_computed_cells_are_the_three_totals(version):
    cells = table_named(version, "表四").cells
    computed = [(c.column.parent.label, c.column.label) for c in cells if c.kind == COMPUTED]
    assert computed == [(group, "总计") for group in T4_GROUPS]
    assert {c.kind for c in cells if c.kind != COMPUTED} == {COUNT}


# ---------------------------------------------------------------------------
# 3. Merges and layout
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", TABLES)
@pytest.mark.parametrize("version", VERSIONS)
def test_grid_size(version, name):
    grid = table_grid(table_named(version, name))
    assert (grid.n_rows, grid.n_cols) == GRID_SIZE[name][version]


@pytest.mark.parametrize("name", TABLES)
@pytest.mark.parametrize("version", VERSIONS)
def test_merged_cells_exactly(version, name):
    grid = table_grid(table_named(version, name))
    assert merged(grid) == sorted(MERGES[name][version])


@pytest.mark.parametrize("version", VERSIONS)
def test_t2_header_and_value_cells_follow_the_section_layout(version):
    grid = table_grid(table_named(version, "表二"))
    top = 0
    for caption, columns, rows in T2_SECTIONS[version]:
        layout = T2_VALUE_LAYOUT[version][len(columns)]
        header_row = top + 1
        header = [(c.col, c.colspan) for c in in_reading_order(grid.cells) if c.row == header_row and c.role == HEADER]
        assert header == layout, caption
        for i, label in enumerate(rows):
            row = header_row + 1 + i
            assert grid.at(row, 0).text == label
            values = [(c.col, c.colspan) for c in in_reading_order(grid.cells) if c.row == row and c.role == VALUE]
            assert values == layout, (caption, label)
        top = header_row + 1 + len(rows)
    assert top == grid.n_rows


# ---------------------------------------------------------------------------
# 4. Unicode (§1.8, §2.3)
# ---------------------------------------------------------------------------

FW_OPEN, FW_CLOSE = "\uff08", "\uff09"  # （ ）
FW_COLON, FW_COMMA = "\uff1a", "\uff0c"  # ： ，
DUNHAO = "\u3001"  # 、
LEFT_QUOTE, RIGHT_QUOTE = "\u201c", "\u201d"
NUMERALS = "一二三四五六七八九"
FULL_WIDTH_DIGITS_STOP_SLASH = {chr(0xFF10 + d) for d in range(10)} | {"\uff0e", "\uff0f"}  # ０…９ ． ／


@pytest.mark.parametrize("version", VERSIONS)
def test_no_ascii_brackets_or_straight_quotes_anywhere(version):
    for text in all_label_texts(version):
        assert not set(text) & set('()"'), text
        assert not set(text) & FULL_WIDTH_DIGITS_STOP_SLASH, text


@pytest.mark.parametrize("version", VERSIONS)
def test_full_width_brackets(version):
    captions = texts(table_grid(table_named(version, "表二")), CAPTION)
    for caption in captions:
        assert (
            caption[:5] == "第二十条第"
            and caption[5] == FW_OPEN
            and caption[6] in NUMERALS
            and caption[7] == FW_CLOSE
            and caption[8:] == "项"
        ), caption

    t3 = table_grid(table_named(version, "表三"))
    parenthesised = [t for t in texts(t3, LABEL) if t[0] in (FW_OPEN, "(")]
    assert [t[:3] for t in parenthesised] == [FW_OPEN + n + FW_CLOSE for n in NUMERALS[:7]]
    partial = parenthesised[1]
    assert partial.endswith(FW_OPEN + "区分处理的" + FW_COMMA + "只计这一情形" + FW_COMMA + "不计其他情形" + FW_CLOSE)

    note = texts(t3, CORNER)[0]
    assert note[0] == FW_OPEN and note[-1] == FW_CLOSE
    assert note.count(FW_COLON) == 1 and note.count(FW_COMMA) == 1


def test_full_width_brackets_2021_only_labels():
    headers = texts(table_grid(table_named("2021", "表二")), HEADER)
    assert "本年收费金额" + FW_OPEN + "单位" + FW_COLON + "万元" + FW_CLOSE in headers
    items = [p.heading for p in get_format("2021").sections[5].parts]
    assert [h[:3] for h in items] == [FW_OPEN + n + FW_CLOSE for n in NUMERALS[:7]]


@pytest.mark.parametrize("version", VERSIONS)
def test_dunhao_in_headings_and_top_rows(version):
    assert [s.heading[:2] for s in get_format(version).sections] == [n + DUNHAO for n in "一二三四五六"]
    top_rows = [label for depth, label in flatten(tree(only_block(table_named(version, "表三")).rows)) if depth == 0]
    assert [label[:2] for label in top_rows] == [n + DUNHAO for n in "一二三四"]


def test_dunhao_in_other_handling_sub_rows_2021():
    block = only_block(table_named("2021", "表三"))
    other = next(r for r in block.all_rows() if r.label == T3_OTHER_HANDLING)
    first, second, third = (r.label for r in other.children)
    for label in (first, second):
        assert label.count(DUNHAO) == 1, label
        assert FW_COMMA not in label and "," not in label, label
    assert third == "3.其他"


@pytest.mark.parametrize("version", VERSIONS)
def test_curly_quotes(version):
    labels = [r.label for r in only_block(table_named(version, "表三")).all_rows()]
    assert "3.危及" + LEFT_QUOTE + "三安全一稳定" + RIGHT_QUOTE in labels


@pytest.mark.parametrize("version", VERSIONS)
def test_sub_rows_are_numbered_with_ascii_digit_and_full_stop(version):
    block = only_block(table_named(version, "表三"))
    groups = [r for r in block.all_rows() if r.depth == 1 and r.children]
    assert [g.label for g in groups] == t3_groups_with_sub_rows(version)
    for group in groups:
        for i, row in enumerate(group.children, start=1):
            assert row.label.startswith(f"{i}."), row.label
            assert row.label[0] in "12345678" and row.label[1] == "\u002e" and row.label[2] != " ", row.label


def test_ascii_slash_in_2019_change_header():
    headers = texts(table_grid(table_named("2019", "表二")), HEADER)
    change = [h for h in headers if h.startswith("本年增")]
    assert change == ["本年增\u002f减"] * 3


# ---------------------------------------------------------------------------
# 5. Cell kinds of 表二 (§1.4, §2.3, decision list)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_t2_cell_kinds(version):
    expected = {
        (caption, row, column): T2_NOT_COUNT[version].get((caption, row, column), COUNT)
        for caption, columns, rows in T2_SECTIONS[version]
        for row in rows
        for column in columns
    }
    got = {t2_key(c): c.kind for c in table_named(version, "表二").cells}
    assert got == expected


def test_t2_2021_fee_amount_is_money_in_wan_yuan():
    (cell,) = [c for c in table_named("2021", "表二").cells if c.kind == MONEY]
    assert cell.column.label == "本年收费金额（单位：万元）"
    assert cell.unit == "万元"
    assert cell.decimals == 4  # decision: up to 4 decimals
    assert cell.print_unit is False  # the unit is in the header; the cell is a bare number


def test_t2_2019_procurement_amount_is_money_printed_with_its_unit():
    (cell,) = [c for c in table_named("2019", "表二").cells if c.kind == MONEY]
    assert cell.column.label == "采购总金额"
    assert cell.unit == "万元"  # decision: store it in 万元 …
    assert cell.print_unit is True  # … and print the unit with the number
