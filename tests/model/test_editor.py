"""model.editor: the one way a change gets into a report."""

from decimal import Decimal

from model.editor import EXPLANATION, FIELD, META, TEXT, VALUE, Editor
from model.normalize import Invalid


def test_an_entry_is_normalised_applied_checked_and_described(filled2021):
    editor = Editor(filled2021)
    told = []
    editor.subscribe(told.append)
    result = editor.enter([(VALUE, "t3.new.natural", "１２件")], "填写表三")
    assert filled2021.values["t3.new.natural"] == 12 and told == [result]
    assert result.cells == {"t3.new.natural", "t3.new.total"} and result.totals == {"t3.new.total"}
    assert {f.rule for f in result.findings} >= {"R1"} and result.findings is editor.findings
    assert result.edit.place == "t3" and editor.undo_label("t3") == "填写表三"


def test_a_no_op_is_no_step_and_tells_no_one(filled2021):
    editor = Editor(filled2021)
    told = []
    editor.subscribe(told.append)
    result = editor.enter([(VALUE, "t3.new.natural", "0"), (META, "organ", filled2021.meta.organ)], "填写")
    assert not result.changed and told == [] and not editor.can_undo()


def test_a_refused_entry_changes_nothing_and_says_why(filled2021):
    editor = Editor(filled2021)
    result = editor.enter([(VALUE, "t3.new.natural", "三件"), (VALUE, "t3.new.total", "3")], "填写")
    assert [(r.code, r.reason) for r in result.refused] == [
        ("t3.new.natural", "请用阿拉伯数字填写，例如12"),
        ("t3.new.total", "合计由程序自动计算，请修改各分项"),
    ]
    assert filled2021.values["t3.new.natural"] == 0 and not result.changed


def test_a_file_value_the_cell_cannot_take_is_kept_as_read(filled2021):
    editor = Editor(filled2021)
    editor.enter(
        [(VALUE, "t3.new.natural", "三件"), (FIELD, "s6.fee.collected", Invalid("x", "这里只能填写数字"))],
        "读入",
        keep_invalid=True,
        record=False,
    )
    assert isinstance(filled2021.values["t3.new.natural"], Invalid)
    assert filled2021.fields["s6.fee.collected"] == Invalid("x", "这里只能填写数字")
    assert not editor.can_undo()


def test_each_place_keeps_its_own_history(filled2021):
    editor = Editor(filled2021)
    editor.enter([(VALUE, "t3.new.natural", "1")], "填写表三")
    editor.enter([(VALUE, "t4.cases.review_upheld", "2")], "填写表四")
    editor.enter([(META, "contact_person", "张三")], "修改联系人")
    assert editor.undo_label("t3") == "填写表三" and editor.undo_label() == "修改联系人"
    editor.undo("t3")  # 表三 only: 表四 and 基本信息 stay
    assert filled2021.values["t3.new.natural"] == 0 and filled2021.values["t4.cases.review_upheld"] == 2
    assert filled2021.meta.contact_person == "张三" and editor.redo_label("t3") == "填写表三"
    editor.redo("t3")
    assert filled2021.values["t3.new.natural"] == 1


def test_typing_in_one_prose_part_is_one_step(filled2021):
    editor = Editor(filled2021)
    before = filled2021.text("s5.main")
    for typed in ("存", "存在", "存在问题"):
        editor.enter([(TEXT, "s5.main", typed)], "修改“五、存在的主要问题及改进情况”")
    editor.undo()
    assert filled2021.text("s5.main") == before and not editor.can_undo()


def test_undoing_back_to_the_saved_state_is_clean(filled2021):
    editor = Editor(filled2021)
    editor.enter([(VALUE, "t3.new.natural", "1")], "填写")
    editor.mark_clean()
    editor.enter([(VALUE, "t3.new.natural", "2")], "填写")
    assert not editor.is_clean
    editor.undo()
    assert editor.is_clean
    editor.undo()
    assert not editor.is_clean


def test_text_is_cleaned_and_said(filled2021):
    editor = Editor(filled2021)
    result = editor.enter([(TEXT, "s5.main", "问题\x00一"), (EXPLANATION, "D1@t3", " 核实中 ")], "修改")
    assert filled2021.text("s5.main") == "问题一" and filled2021.explanations["D1@t3"] == "核实中"
    assert "有1个无法保存的字符" in result.notices[0]


def test_money_is_exact(filled2021):
    Editor(filled2021).enter([(VALUE, "t2.fee.fee_amount", "1.50")], "填写")
    assert filled2021.values["t2.fee.fee_amount"] == Decimal("1.5")
