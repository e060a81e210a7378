"""A definition is validated when it is loaded: mistakes fail loudly, naming file and place."""

import copy
import json
import shutil

import pytest

from model.definition_loader import DefinitionError, load_definition, parse_definition, read_definition_data
from model.formats import FORMATS_DIR_ENV, all_formats, format_for_year, formats_dir, templates_dir
from model.layout import table_grid

FORMATS = templates_dir() / "formats"


def raw(version="2021"):
    return read_definition_data(FORMATS / f"{version}.json")


def fails(data, *fragments):
    with pytest.raises(DefinitionError) as info:
        parse_definition(data, "broken.json")
    text = str(info.value)
    assert text.startswith("broken.json: ")
    for fragment in fragments:
        assert fragment in text, text
    return info.value


def relation(data, rule_id):
    return next(r for r in data["relations"] if r["id"] == rule_id)


def place_of(data, rule_id):
    return f"relations[{data['relations'].index(relation(data, rule_id))}] ({rule_id})"


def t3_block(data):
    return next(t for t in data["tables"] if t["code"] == "t3")["blocks"][0]


def test_both_shipped_definitions_load():
    formats = all_formats()
    assert set(formats) == {"2019", "2021"}
    assert format_for_year(2019).format_id == "2019"
    assert format_for_year(2020).format_id == "2019"
    assert format_for_year(2021).format_id == "2021"
    assert format_for_year(2035).format_id == "2021"
    assert format_for_year(2018) is None


def test_unknown_cell_kind():
    data = raw()
    t3_block(data)["columns"][0]["children"][0]["kind"] = "percent"
    fails(data, "unknown cell kind 'percent'", "tables[1] (t3).blocks[0].columns[0].children[0].kind")


def test_duplicate_row_code():
    data = raw()
    t3_block(data)["rows"][1]["code"] = "new"
    fails(data, "duplicate row code 'new'", "tables[1] (t3)")


def test_column_code_reused_for_another_label():
    data = raw()
    t2 = next(t for t in data["tables"] if t["code"] == "t2")
    t2["blocks"][1]["columns"][0]["label"] = "别的意思"
    fails(data, "column code 'decisions' is used for two different labels")


def test_duplicate_rule_id():
    data = raw()
    relation(data, "R2")["id"] = "R1"
    fails(data, "duplicate rule id(s) ['R1']")


def test_overlapping_spans():
    data = raw()
    t2 = next(t for t in data["tables"] if t["code"] == "t2")
    # a caption cell that already spans the grid, plus a block two columns too wide
    t2["blocks"][0]["columns"][0]["span"] = 3
    t2["grid_columns"] = 4
    fails(data, "tables[0] (t2).blocks[0]", "6 grid columns wide")


def test_overlapping_spans_in_layout_are_caught(fmt2021):
    # Build a layout by hand that overlaps: the grid checker names the two cells.
    from model.layout import Grid, GridCell, _check_coverage

    grid = Grid(
        1, 2, (GridCell(0, 0, 1, 2, "caption", "甲", "a"), GridCell(0, 1, 1, 1, "caption", "乙", "b")), frozenset()
    )
    with pytest.raises(ValueError, match="overlapping spans at grid row 0, column 1: '甲' and '乙'"):
        _check_coverage(grid)


def test_row_nested_deeper_than_label_columns():
    data = raw()
    t3_block(data)["label_columns"] = 2
    t3_block(data)["columns"][0]["children"][1]["children"].append({"code": "extra", "label": "多出一列"})
    fails(data, "nested deeper than the 2 label column(s)")


def test_relation_naming_a_missing_row():
    data = raw()
    relation(data, "R2")["terms"].append("no_such_row")
    fails(data, f"{place_of(data, 'R2')}.terms", "missing row 'no_such_row'")


def test_relation_naming_a_missing_column():
    data = raw()
    relation(data, "R3")["groups"][0]["terms"].append("no_such_col")
    fails(data, f"{place_of(data, 'R3')}.groups[0].terms", "missing column 'no_such_col'")


def test_relation_naming_a_missing_cell():
    data = raw()
    # 'results' is a row group: it has no value cells
    relation(data, "R2")["terms"].append("results")
    fails(data, "relation names a missing cell: row 'results'")


def test_computed_cell_without_formula():
    data = raw()
    data["relations"].remove(relation(data, "R5"))  # R5 defines 表四's totals
    fails(data, "computed cell 't4.cases.review_total' has no sum relation defining it")


def test_cycle_among_totals():
    data = raw()
    relation(data, "R3")["groups"][0]["terms"].append("total")
    fails(data, "cycle")


def test_unknown_keys_and_types():
    data = raw()
    data["sections"][0]["parts"][0]["hnit"] = "typo"
    fails(data, "sections[0].parts[0]", "unknown key(s) ['hnit']")
    data = raw()
    data["tables"][0]["grid_columns"] = "4"
    fails(data, "tables[0].grid_columns", "expected int")


def test_document_rule_naming_missing_part():
    data = raw()
    data["document_rules"][6]["part"] = "s9.none"
    fails(data, "document_rules[6].part", "missing narrative part 's9.none'")


def test_unknown_relation_type_and_severity():
    data = raw()
    data["relations"][0]["type"] = "product"
    fails(data, "unknown relation type 'product'")
    data = raw()
    data["relations"][0]["severity"] = "fatal"
    fails(data, "unknown severity 'fatal'")


def test_a_future_format_is_one_more_file(tmp_path, monkeypatch):
    """Adding a version means adding one file: no code change, the year picks it."""
    folder = tmp_path / "formats"
    shutil.copytree(formats_dir(), folder)
    future = raw("2021")
    future["format_id"] = "2031"
    future["document_number"] = "国办公开办函〔2031〕1号"
    future["report_years"] = {"first": 2031, "last": None}
    t2 = next(t for t in future["tables"] if t["code"] == "t2")
    t2["blocks"][0]["rows"].append({"code": "local_rule", "label": "地方性法规"})
    (folder / "2031.json").write_text(json.dumps(future, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv(FORMATS_DIR_ENV, str(folder))
    formats = all_formats()
    assert format_for_year(2030).format_id == "2021"
    assert format_for_year(2031).format_id == "2031"
    assert formats["2021"].years_text == "2021—2030年"
    new = formats["2031"]
    assert "t2.local_rule.issued" in new.cells
    assert table_grid(new.tables["t2"]).n_rows == 15


def test_two_versions_starting_the_same_year_fail(tmp_path, monkeypatch):
    folder = tmp_path / "formats"
    shutil.copytree(formats_dir(), folder)
    twin = copy.deepcopy(raw("2021"))
    twin["format_id"] = "2021b"
    (folder / "2021b.json").write_text(json.dumps(twin, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv(FORMATS_DIR_ENV, str(folder))
    with pytest.raises(DefinitionError, match="starts in the same year"):
        all_formats()


def test_broken_json_names_the_file(tmp_path, monkeypatch):
    folder = tmp_path / "formats"
    folder.mkdir()
    (folder / "2040.json").write_text("{ not json", encoding="utf-8")
    monkeypatch.setenv(FORMATS_DIR_ENV, str(folder))
    with pytest.raises(DefinitionError, match=r"^2040\.json: file: 2040\.json cannot be read"):
        all_formats()


# ------------------------------------------------------------------ includes


def test_both_versions_share_table4_and_the_common_rules_by_include():
    for version in ("2019", "2021"):
        text = (FORMATS / f"{version}.json").read_text(encoding="utf-8")
        for name in ("table4", "relations_shared", "domain_rules", "document_rules"):
            assert f'"include": "common/{name}.json"' in text
    a, b = all_formats()["2019"], all_formats()["2021"]
    assert [c.code for c in a.tables["t4"].cells] == [c.code for c in b.tables["t4"].cells]
    assert {r.id for r in b.relations} == {"R1", "R2", "R3", "R5", "R6"}


def write_format(folder, data, common=None):
    (folder / "common").mkdir(parents=True, exist_ok=True)
    for name, content in (common or {}).items():
        (folder / "common" / name).write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    path = folder / "x.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def fails_to_load(path, *fragments):
    with pytest.raises(DefinitionError) as info:
        load_definition(path)
    for fragment in fragments:
        assert fragment in str(info.value), str(info.value)


def test_an_included_list_is_spliced_and_an_object_put_in_place(tmp_path):
    data = raw()
    rules = data["domain_rules"]
    data["domain_rules"] = [{"include": "common/first.json"}, *rules[1:]]
    data["tables"][2] = {"include": "common/t4.json"}
    t4 = raw()["tables"][2]
    path = write_format(tmp_path, data, {"first.json": rules[:1], "t4.json": t4})
    fmt = load_definition(path)
    assert set(fmt.domain_rules) == {"count", "money", "signed"} and "t4" in fmt.tables


@pytest.mark.parametrize(
    "include, problem",
    [
        ("../2021.json", "is not a .json file in common/"),
        ("common/missing.json", "does not exist"),
        ("common/loop.json", "includes itself"),
    ],
)
def test_bad_includes_are_refused(tmp_path, include, problem):
    data = raw()
    data["domain_rules"] = {"include": include}
    path = write_format(tmp_path, data, {"loop.json": {"include": "common/loop.json"}})
    fails_to_load(path, "x.json", problem)


def test_an_include_is_nothing_but_an_include(tmp_path):
    data = raw()
    data["tables"][2] = {"include": "common/t4.json", "code": "t4"}
    fails_to_load(write_format(tmp_path, data, {"t4.json": {}}), 'an include is {"include": "common/NAME.json"}')


def test_the_info_section_code_is_reserved():
    data = raw()
    data["sections"][4]["code"] = "s0"
    fails(data, "sections[4]", "section code 's0' is reserved for 基本信息")
