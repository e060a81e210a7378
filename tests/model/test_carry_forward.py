"""model.carry_forward: 从上年报告新建."""

from model.carry_forward import new_from_last_year
from model.normalize import Invalid


def test_last_years_carry_over_organ_and_prose(filled2021):
    last = filled2021
    last.enter("t3.new.natural", "3")
    last.enter("t3.next_year.natural", "3")
    last.set_meta("contact_phone", "0535-7770029")
    report = new_from_last_year(last, organ="新名字镇人民政府")
    assert report.meta.year == 2023 and report.meta.organ == "新名字镇人民政府"
    assert report.meta.contact_phone == "0535-7770029"
    assert report.value("t3.carried.natural") == 3 and report.value("t3.new.natural") is None
    assert report.text("s5.main") == last.text("s5.main")
    assert new_from_last_year(last, copy_prose=False).text("s5.main") == ""


def test_an_invalid_value_of_last_year_is_not_carried(filled2021):
    filled2021.values["t3.next_year.company"] = Invalid("x", "这里只能填写数字")
    report = new_from_last_year(filled2021)
    assert report.values["t3.carried.company"] is None and not report.notes
