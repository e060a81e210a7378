"""model.recovery: autosaved copies of unsaved work, apart from the drafts."""

from model.recovery import find_recoveries, recovery_file, set_aside, write_recovery


def test_a_recovery_copy_is_found_with_its_draft_and_report(filled2021, tmp_path, private_data_dir):
    draft = tmp_path / "甲镇.json"
    path = write_recovery(filled2021, draft, "s1")
    assert path == recovery_file(draft, "s1") and path.parent == private_data_dir / "recovery"
    (found,) = find_recoveries()
    assert found.path == path and found.draft_path == draft and found.report.meta.organ == filled2021.meta.organ


def test_untitled_reports_get_one_copy_per_window(filled2021):
    assert recovery_file(None, "a") != recovery_file(None, "b")
    write_recovery(filled2021, None, "a")
    write_recovery(filled2021, None, "b")
    assert len(find_recoveries()) == 2


def test_an_unreadable_copy_is_returned_as_its_path_and_never_deleted(private_data_dir):
    bad = private_data_dir / "recovery" / "0123456789abcdef.recovery.json"
    bad.parent.mkdir(parents=True, exist_ok=True)
    bad.write_text("{broken", encoding="utf-8")
    assert find_recoveries() == [bad] and bad.exists()


def test_a_declined_copy_is_set_aside(filled2021, private_data_dir):
    path = write_recovery(filled2021, None, "a")
    moved = set_aside(path)
    assert not path.exists() and moved.exists() and moved.parent.name == "declined"
    assert find_recoveries() == []
