"""Drafts: round trip, atomic save with backup, migrations, refusals that lose nothing."""

import errno
import json
import os
import stat
from decimal import Decimal

import pytest

from model import atomic, migrations
from model.draft_store import DraftError, backup_path, draft_bytes, load_draft, parse_draft, save_draft
from model.normalize import Invalid


def test_round_trip_keeps_everything(tmp_path, filled2021):
    r = filled2021
    r.enter("t2.fee.fee_amount", "1.25")
    r.enter("t3.new.natural", "１２")
    r.set_value("t3.new.company", None)  # blank stays blank, not 0
    r.set_text("s1.active", "第一段。\n第二段，含“引号”。")
    r.explain("D1@t3", "核实中")
    r.set_meta("contact_phone", "0535-1234567")
    path = tmp_path / "草稿 2022.json"
    save_draft(r, path)
    back = load_draft(path)
    assert back.fmt is r.fmt
    assert back.meta == r.meta
    assert back.values == r.values
    assert back.values["t3.new.company"] is None
    assert back.value("t2.fee.fee_amount") == Decimal("1.25")
    assert back.narrative == r.narrative
    assert back.fields == r.fields
    assert back.explanations == {"D1@t3": "核实中"}
    assert back.stated == {}
    assert draft_bytes(back).split(b'"saved_at"')[0] == draft_bytes(r).split(b'"saved_at"')[0]


def test_file_is_utf8_json_with_versions(tmp_path, filled2021):
    path = tmp_path / "d.json"
    save_draft(filled2021, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["app"] == "nianbao"
    assert data["schema_version"] == migrations.SCHEMA_VERSION
    assert data["format_version"] == "2021"
    assert "测试镇人民政府" in path.read_text(encoding="utf-8")  # not \u escapes
    assert data["values"]["t3.results_total.total"] == 0  # totals written for readers


def test_a_draft_saved_again_with_a_byte_order_mark_reads_the_same(tmp_path, filled2021):
    """Notepad and some editors put a UTF-8 byte order mark in front when saving: still our draft."""
    path = tmp_path / "d.json"
    save_draft(filled2021, path)
    marked = tmp_path / "记事本另存.json"
    marked.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    back = load_draft(marked)
    assert back.meta == filled2021.meta and back.values == filled2021.values
    assert back.narrative == filled2021.narrative
    with pytest.raises(DraftError, match="已损坏或不完整"):
        parse_draft(b"\xef\xbb\xbf\xef\xbb\xbf" + path.read_bytes())  # only one mark is a mark


def test_totals_in_file_are_never_trusted(tmp_path, filled2021):
    path = tmp_path / "d.json"
    save_draft(filled2021, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["values"]["t3.disclosed.natural"] = 2
    data["values"]["t3.results_total.natural"] = 7  # a hand-typed, wrong total
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    r = load_draft(path)
    assert r.value("t3.results_total.natural") == 2  # derived, not 7
    assert r.stated == {"t3.results_total.natural": 7, "t3.disclosed.total": 0, "t3.results_total.total": 0}


def test_invalid_cell_values_are_kept_and_reported(tmp_path, filled2021):
    path = tmp_path / "d.json"
    save_draft(filled2021, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["values"]["t3.new.natural"] = "abc"
    data["values"]["t3.new.company"] = -4
    data["values"]["t3.new.research"] = {"x": 1}
    path.write_text(json.dumps(data), encoding="utf-8")
    r = load_draft(path)
    assert r.values["t3.new.natural"] == Invalid("abc", "这里只能填写数字")
    assert isinstance(r.values["t3.new.company"], Invalid)
    assert isinstance(r.values["t3.new.research"], Invalid)
    save_draft(r, path)  # and survive the next save
    assert json.loads(path.read_text(encoding="utf-8"))["values"]["t3.new.natural"] == "abc"


def test_unknown_data_is_kept(tmp_path, filled2021):
    path = tmp_path / "d.json"
    save_draft(filled2021, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["values"]["t9.future.cell"] = 3
    data["plugin_notes"] = {"a": [1, 2]}
    path.write_text(json.dumps(data), encoding="utf-8")
    save_draft(load_draft(path), path)
    again = json.loads(path.read_text(encoding="utf-8"))
    assert again["values"]["t9.future.cell"] == 3
    assert again["plugin_notes"] == {"a": [1, 2]}


def test_previous_version_is_kept_as_backup(tmp_path, filled2021):
    path = tmp_path / "d.json"
    save_draft(filled2021, path)
    first = path.read_bytes()
    filled2021.enter("t3.new.natural", "3")
    save_draft(filled2021, path)
    assert backup_path(path).read_bytes() == first
    assert load_draft(path).value("t3.new.natural") == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.json", "d.json.bak"]  # no temp files


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "空文件"),
        (b"\xff\xfe\x00garbage", "不是UTF-8"),
        (b'{"app": "nianbao", "schema_version": 1, "format_version": "2021", "va', "已损坏或不完整"),
        (b"[1, 2, 3]", "不是年报助手的草稿"),
        (b'{"hello": "world"}', "不是年报助手的草稿"),
        (b'{"app": "nianbao"}', "缺少草稿版本号"),
        (b'{"app": "nianbao", "schema_version": 99}', "较新版本的年报助手"),
        (b'{"app": "nianbao", "schema_version": 1, "format_version": "1999"}', "不是本程序认识的格式"),
        (b'{"app": "nianbao", "schema_version": 1, "format_version": "2021", "meta": {"year": "2022"}}', "报告年度"),
        (
            b'{"app": "nianbao", "schema_version": 1, "format_version": "2021", "meta": {"date": "2023-02-30"}}',
            "不是有效的日期",
        ),
        (b'{"app": "nianbao", "schema_version": 1, "format_version": "2021", "values": [1]}', "表格数据"),
        (b'{"app": "nianbao", "schema_version": 1, "format_version": "2021", "x": NaN}', "已损坏"),
        (b"[" * 100000 + b"]" * 100000, "嵌套过深"),
    ],
)
def test_unreadable_files_get_a_reason(tmp_path, content, reason):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(DraftError) as info:
        load_draft(path)
    assert reason in info.value.message
    assert path.read_bytes() == content


def test_newer_schema_is_refused_and_not_overwritten(tmp_path, filled2021):
    path = tmp_path / "new.json"
    content = b'{"app": "nianbao", "schema_version": 2, "format_version": "2021"}'
    path.write_bytes(content)
    with pytest.raises(DraftError, match="请升级年报助手"):
        load_draft(path)
    with pytest.raises(DraftError, match="另存为"):
        save_draft(filled2021, path)
    assert path.read_bytes() == content


def test_unreadable_target_is_never_overwritten(tmp_path, filled2021):
    path = tmp_path / "report.json"
    path.write_bytes(b"this is somebody's notes")
    with pytest.raises(DraftError, match="为避免覆盖它"):
        save_draft(filled2021, path)
    assert path.read_bytes() == b"this is somebody's notes"
    save_draft(filled2021, path, overwrite_unreadable=True)  # only on explicit request
    assert load_draft(path).meta.organ == "测试镇人民政府"


def test_huge_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.json"
    with open(path, "wb") as f:
        f.truncate(25 * 1024 * 1024)
    with pytest.raises(DraftError, match="MB"):
        load_draft(path)


def test_migration_steps_run_in_order(monkeypatch, tmp_path, filled2021):
    """A draft of an older schema is brought up to date, one step per version."""
    raw = json.loads(draft_bytes(filled2021))
    raw["schema_version"] = 1
    raw["meta"]["organ_name"] = raw["meta"].pop("organ")  # pretend v1 called it organ_name

    def v1_to_v2(data):
        data["meta"]["organ"] = data["meta"].pop("organ_name")
        return data

    def v2_to_v3(data):
        data["meta"]["city"] = data["meta"]["city"] or "（未填）"
        return data

    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 3)
    monkeypatch.setattr(migrations, "STEPS", {1: v1_to_v2, 2: v2_to_v3})
    import model.draft_store as store

    monkeypatch.setattr(store, "SCHEMA_VERSION", 3)
    r = parse_draft(json.dumps(raw, ensure_ascii=False).encode())
    assert r.meta.organ == "测试镇人民政府"


def test_replace_is_retried_while_the_target_is_locked(tmp_path, monkeypatch, filled2021):
    path = tmp_path / "d.json"
    save_draft(filled2021, path)
    real_replace = os.replace
    calls = {"n": 0}

    def flaky_replace(src, dst):
        calls["n"] += 1
        if calls["n"] <= 3:
            raise PermissionError(errno.EACCES, "locked by antivirus")
        return real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", flaky_replace)
    monkeypatch.setattr(atomic, "REPLACE_DELAY", 0.001)
    filled2021.enter("t3.new.natural", "9")
    save_draft(filled2021, path)
    assert load_draft(path).value("t3.new.natural") == 9


def test_locked_for_too_long_gives_chinese_message_and_keeps_old(tmp_path, monkeypatch, filled2021):
    path = tmp_path / "d.json"
    save_draft(filled2021, path)
    before = path.read_bytes()

    def always_locked(src, dst):
        raise PermissionError(errno.EACCES, "locked")

    monkeypatch.setattr(atomic.os, "replace", always_locked)
    monkeypatch.setattr(atomic, "REPLACE_DELAY", 0.001)
    filled2021.enter("t3.new.natural", "9")
    with pytest.raises(DraftError, match="正被其他程序"):
        save_draft(filled2021, path)
    assert path.read_bytes() == before
    assert filled2021.value("t3.new.natural") == 9  # the draft in memory is untouched
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_disk_full_gives_chinese_message(tmp_path, monkeypatch, filled2021):
    path = tmp_path / "d.json"
    save_draft(filled2021, path)
    before = path.read_bytes()
    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, f):
            self.f = f

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fdopen", lambda fd, mode: FullDisk(real_fdopen(fd, mode)))
    with pytest.raises(DraftError, match="磁盘空间不足"):
        save_draft(filled2021, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.json"]  # nothing half-written


def test_read_only_folder(tmp_path, monkeypatch, filled2021):
    # CI runs as root, which ignores folder permissions: refuse the temp file as a read-only folder does.
    def read_only(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", read_only)
    with pytest.raises(DraftError, match="没有权限"):
        save_draft(filled2021, tmp_path / "d.json")
    assert list(tmp_path.iterdir()) == []


def test_missing_folder(tmp_path, filled2021):
    with pytest.raises(DraftError, match="找不到文件夹"):
        save_draft(filled2021, tmp_path / "no" / "such" / "d.json")


def test_unknown_data_with_fractions_at_any_depth_is_kept(tmp_path, filled2021):
    path = tmp_path / "d.json"
    save_draft(filled2021, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["values"]["t9.future.money"] = 1.25
    data["fields"]["f9.future"] = [0.1, {"deep": 2.5}]
    data["plugin_notes"] = {"ratio": ["RATIO", 7.0], "big": "BIG"}
    text = json.dumps(data).replace('"RATIO"', "0.3333333333333333333333").replace('"BIG"', "1e400")
    path.write_text(text, encoding="utf-8")
    save_draft(load_draft(path), path)  # used to raise TypeError on the Decimals
    again = json.loads(path.read_text(encoding="utf-8"))
    assert again["values"]["t9.future.money"] == 1.25
    assert again["fields"]["f9.future"] == [0.1, {"deep": 2.5}]
    assert again["plugin_notes"]["ratio"] == ["0.3333333333333333333333", 7]  # digits a float cannot hold
    assert again["plugin_notes"]["big"] == 10**400


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_saved_draft_has_the_usual_mode_not_a_private_one(tmp_path, filled2021):
    from model import atomic

    path = tmp_path / "d.json"
    save_draft(filled2021, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~atomic._UMASK
    path.chmod(0o640)  # a mode the user chose is kept
    save_draft(filled2021, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_unknown_data_nested_beyond_reach_is_refused_not_a_crash():
    """Nesting json.loads takes but walking it to keep it (unknown data) does not: a DraftError.
    The deepest nesting json.loads takes depends on the platform's recursion limit: found here."""
    import sys

    from tests.conftest import SAMPLE_2021

    head = json.dumps(json.loads(SAMPLE_2021.read_text(encoding="utf-8")))[:-1] + ',"future":'

    def text(depth: int) -> str:
        return head + "[" * depth + "]" * depth + "}"

    low, high = 1, sys.getrecursionlimit() + 10
    while low < high:  # the deepest nesting json.loads accepts
        mid = (low + high + 1) // 2
        try:
            json.loads(text(mid))
            low = mid
        except RecursionError:
            high = mid - 1
    with pytest.raises(DraftError) as info:
        parse_draft(text(low).encode())
    assert "嵌套过深" in info.value.message
