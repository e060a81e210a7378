"""model.report: the report's state, totals derived from inputs, totals stated by a file."""

from model.report import NOT_STATED, stated_disagrees


def test_totals_are_derived_and_blank_when_every_term_is(filled2021):
    r = filled2021
    r.enter("t3.new.natural", "2")
    r.enter("t3.new.company", "3")
    assert r.value("t3.new.total") == 5
    for code in list(r.values):
        r.set_value(code, None)
    assert r.value("t3.new.total") is None and r.number("t3.new.total") == 0


def test_a_stated_total_is_kept_only_where_it_disagrees():
    assert stated_disagrees(None, 5) and not stated_disagrees(None, None)
    assert stated_disagrees(4, 5) and not stated_disagrees(5, 5) and not stated_disagrees(0, None)


def test_changes_notify_once_per_batch(filled2021):
    told = []
    filled2021.subscribe(told.append)
    with filled2021.batch():
        filled2021.set_value("t3.new.natural", 1)
        filled2021.set_value("t3.new.company", 1)
        filled2021.set_stated("t3.new.total", 9)
    assert told == ["batch"]
    filled2021.set_stated("t3.new.total", NOT_STATED)
    assert "t3.new.total" not in filled2021.stated and told[-1] == "t3.new.total"
