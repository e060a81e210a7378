"""Work is never lost on the way to or from a file (issue 12): stated blanks, outputs over inputs,
read-only drafts, long Chinese file names, full disks under the lock, the lock's takeover race."""

import errno
import json
import os
import subprocess
import sys
import time

import pytest

from exporters.xlsx.reader import read_xlsx
from exporters.xlsx.writer import export_xlsx
from model import draft_lock
from model.checks import run_checks
from model.draft_lock import DraftLock, DraftLocked, lock_path, read_owner
from model.draft_store import DraftError, load_draft, save_draft
from model.os_messages import os_error_message, system_reason
from model.overwrite import DOCX, DRAFT, XLSX, file_kind, output_refusal
from tests.conftest import ROOT, SAMPLE_2021


def blank_total_report(filled2021):
    """Parts filled, 总计 left blank: as published reports have it (R3)."""
    report = filled2021
    report.enter("t3.new.natural", "5")
    report.enter("t3.disclosed.natural", "5")
    report.stated["t3.new.total"] = None
    return report


def r3(report):
    return sorted((f.rule, f.cell) for f in run_checks(report) if f.cell == "t3.new.total")


def test_a_stated_blank_total_survives_save_export_and_import(filled2021, tmp_path):
    report = blank_total_report(filled2021)
    findings = r3(report)
    assert findings, "the blank total over filled parts is an error to begin with"
    save_draft(report, tmp_path / "d.json")
    assert json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))["values"]["t3.new.total"] == ""
    again = load_draft(tmp_path / "d.json")
    assert again.stated == {"t3.new.total": None} and r3(again) == findings
    export_xlsx(again, tmp_path / "d.xlsx", draft=True)
    result = read_xlsx(tmp_path / "d.xlsx")
    assert result.checksum_ok is True and result.changed == []  # nobody touched it: no "校验码不符"
    assert result.report.stated == {"t3.new.total": None} and r3(result.report) == findings
    save_draft(result.report, tmp_path / "back.json")
    assert load_draft(tmp_path / "back.json").stated == {"t3.new.total": None}


def test_a_blank_total_of_blank_parts_is_no_statement(filled2021, tmp_path):
    filled2021.values = {code: None for code in filled2021.values}
    save_draft(filled2021, tmp_path / "d.json")
    assert load_draft(tmp_path / "d.json").stated == {}


def test_file_kinds_are_read_from_content(tmp_path, filled2021):
    save_draft(filled2021, tmp_path / "d.json")
    export_xlsx(filled2021, tmp_path / "x.xlsx")
    from exporters.docx.writer import export_docx

    export_docx(filled2021, tmp_path / "w.docx")
    (tmp_path / "x.xlsx").rename(tmp_path / "renamed.json")
    assert file_kind(tmp_path / "d.json") == DRAFT
    assert file_kind(tmp_path / "renamed.json") == XLSX
    assert file_kind(tmp_path / "w.docx") == DOCX
    (tmp_path / "t.txt").write_text("keep me", encoding="utf-8")
    assert file_kind(tmp_path / "t.txt") is None
    assert output_refusal(tmp_path / "d.json", XLSX, [tmp_path / "d.json"]).startswith("没有写入：输出文件")
    assert "它是Excel 工作簿，不是要写的年报草稿" in output_refusal(tmp_path / "renamed.json", DRAFT)
    assert output_refusal(tmp_path / "w.docx", DOCX) is None
    assert output_refusal(tmp_path / "new.docx", DOCX) is None
    assert "是一个文件夹" in output_refusal(tmp_path, DOCX)


def run(*args):
    return subprocess.run(
        [sys.executable, str(ROOT / "app.py"), *map(str, args)], capture_output=True, text=True, timeout=120
    )


def test_export_never_replaces_its_draft_and_import_never_its_workbook(tmp_path):
    draft = tmp_path / "D.json"
    draft.write_bytes(SAMPLE_2021.read_bytes())
    for flag in ("--xlsx", "--docx"):
        done = run("export", draft, flag, draft)
        assert done.returncode == 2 and "就是要读取的文件" in done.stderr
        assert draft.read_bytes() == SAMPLE_2021.read_bytes()
    done = run("export", draft, "--xlsx", tmp_path / "T.xlsx")
    assert done.returncode == 0
    workbook = (tmp_path / "T.xlsx").read_bytes()
    done = run("import-xlsx", tmp_path / "T.xlsx", "-o", tmp_path / "T.xlsx", "--force")
    assert done.returncode == 2 and "就是要读取的文件" in done.stderr
    assert (tmp_path / "T.xlsx").read_bytes() == workbook
    done = run("export", draft, "--docx", tmp_path / "T.xlsx")  # a workbook is no Word file
    assert done.returncode == 2 and "它是Excel 工作簿，不是要写的Word 文档" in done.stderr
    done = run("export", draft, "--xlsx", tmp_path / "same", "--docx", tmp_path / "same")
    assert done.returncode == 2 and "同一个文件名" in done.stderr


def test_a_read_only_draft_is_not_replaced(filled2021, tmp_path):
    path = tmp_path / "只读.json"
    save_draft(filled2021, path)
    before = path.read_bytes()
    path.chmod(0o444)
    filled2021.set_text("s5.main", "改过了")
    with pytest.raises(DraftError) as caught:
        save_draft(filled2021, path)
    assert caught.value.read_only and "是只读文件" in caught.value.message and "另存为" in caught.value.message
    assert path.read_bytes() == before
    path.chmod(0o644)


def test_a_long_chinese_file_name_can_be_saved(filled2021, tmp_path):
    path = tmp_path / ("很长的文件名" * 13 + "草稿.json")  # 80 characters, 240 bytes
    assert len(path.name.encode("utf-8")) > 230
    save_draft(filled2021, path)
    save_draft(filled2021, path)  # and again, with its .bak
    assert load_draft(path).meta.organ == filled2021.meta.organ


def test_draft_messages_are_chinese_and_point_to_the_backup(filled2021, tmp_path):
    path = tmp_path / "d.json"
    save_draft(filled2021, path)
    save_draft(filled2021, path)
    path.write_bytes(b"")
    with pytest.raises(DraftError) as caught:
        load_draft(path)
    assert "空文件" in caught.value.message and "“d.json.bak”" in caught.value.message
    with pytest.raises(DraftError) as caught:
        load_draft(tmp_path)
    assert "不是普通文件" in caught.value.message
    for code, english in (
        (errno.EISDIR, "Is a directory"),
        (errno.ENAMETOOLONG, "File name too long"),
        (errno.ELOOP, "Too many levels of symbolic links"),
        (errno.EIO, "Input/output error"),
    ):
        text = os_error_message(OSError(code, english), path)
        assert english not in text and "没有保存" in text
        assert english not in system_reason(OSError(code, english), path)


def test_null_meta_fields_and_field_names_in_messages(tmp_path):
    data = json.loads(SAMPLE_2021.read_text(encoding="utf-8"))
    data["meta"]["city"] = None
    path = tmp_path / "null.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert load_draft(path).meta.city == ""
    data["meta"]["city"] = 5
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DraftError) as caught:
        load_draft(path)
    assert "“市”的内容类型不对" in caught.value.message and "city" not in caught.value.message


@pytest.mark.parametrize("year", [9999, -5, 2018, 10**3999])
def test_absurd_report_years_are_refused_with_their_place(tmp_path, year):
    data = json.loads(SAMPLE_2021.read_text(encoding="utf-8"))
    data["meta"]["year"] = year
    path = tmp_path / "year.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DraftError) as caught:
        load_draft(path)
    assert "报告年度" in caught.value.message and "不在本程序能处理的范围" in caught.value.message
    assert len(caught.value.message) < 300
    done = run("check", path)
    assert done.returncode == 2 and "Traceback" not in done.stderr and "报告年度" in done.stderr


def test_save_count_counts_every_save(filled2021, tmp_path):
    path = tmp_path / "d.json"
    for n in (1, 2, 3):
        save_draft(filled2021, path)
        assert filled2021.save_count == n and load_draft(path).save_count == n


# ------------------------------------------------------------------ the lock


def test_a_full_disk_leaves_no_lock_behind_and_the_draft_opens(tmp_path, monkeypatch):
    draft = tmp_path / "d.json"
    draft.write_text("{}", encoding="utf-8")
    real_write = os.write

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(draft_lock.os, "write", full)
    lock = DraftLock(draft)
    assert lock.acquire() is False
    assert "磁盘空间不足" in lock.problem and "No space" not in lock.problem
    assert not lock_path(draft).exists()  # no 0-byte lock to block the next start
    monkeypatch.setattr(draft_lock.os, "write", real_write)
    assert DraftLock(draft).acquire() is True


TAKER = """
import sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from model.draft_lock import DraftLock, DraftLocked
go = Path({go!r})
while not go.exists():
    pass
try:
    print("won" if DraftLock({draft!r}).acquire() else "nolock", flush=True)
except DraftLocked:
    print("lost", flush=True)
time.sleep(3)
"""


def test_two_copies_taking_over_one_stale_lock_at_once_one_wins(tmp_path):
    """A lock left by a dead process; two copies start at the same moment: exactly one holds it."""
    for attempt in range(12):
        draft = tmp_path / f"d{attempt}.json"
        draft.write_text("{}", encoding="utf-8")
        dead = subprocess.Popen([sys.executable, "-c", "pass"])
        dead.wait()
        lock_path(draft).write_text(
            json.dumps({"pid": dead.pid, "host": draft_lock._host(), "user": "x", "since": "2026-01-01 08:00"}),
            encoding="utf-8",
        )
        go = tmp_path / f"go{attempt}"
        code = TAKER.format(root=str(ROOT), draft=str(draft), go=str(go))
        takers = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True) for _ in range(2)]
        time.sleep(0.3)  # both are spinning on the start line
        go.write_text("")
        said = sorted(t.stdout.readline().strip() for t in takers)
        for t in takers:
            t.kill()
            t.wait()
            t.stdout.close()
        assert said == ["lost", "won"], f"attempt {attempt}: {said}"
        assert read_owner(lock_path(draft)).pid in {t.pid for t in takers}


def test_command_line_refuses_to_write_a_draft_a_window_holds(tmp_path):
    from tests.lock_holder import lock_held_elsewhere

    draft = tmp_path / "D.json"
    draft.write_bytes(SAMPLE_2021.read_bytes())
    assert run("export", SAMPLE_2021, "--xlsx", tmp_path / "T.xlsx").returncode == 0
    with lock_held_elsewhere(draft):
        for args in (
            ["import-xlsx", tmp_path / "T.xlsx", "-o", draft, "--force"],
            ["new", "--year", 2024, "--organ", "甲镇人民政府", "-o", draft, "--force"],
        ):
            done = run(*args)
            assert done.returncode == 2 and "正被本机的用户" in done.stderr and "在年报助手中打开" in done.stderr
        assert draft.read_bytes() == SAMPLE_2021.read_bytes()
        assert not (tmp_path / "D.json.bak").exists()
    done = run("import-xlsx", tmp_path / "T.xlsx", "-o", draft, "--force")  # closed there: now it may
    assert done.returncode == 0, done.stderr
    assert not lock_path(draft).exists()


def test_locked_message_names_who(tmp_path):
    exc = DraftLocked(tmp_path / "d.json", draft_lock.LockOwner(1, "别的电脑", "张三", "2027-01-05 09:00"))
    assert "计算机“别的电脑”的用户“张三”" in exc.write_message


# ------------------------------------------------------------------ units and signs


def test_a_sum_in_yuan_typed_into_a_wan_yuan_cell_is_warned(filled2021):
    filled2021.enter("t2.fee.fee_amount", "251000")
    (finding,) = [f for f in run_checks(filled2021) if f.rule == "D9"]
    assert finding.severity == "warning" and finding.cell == "t2.fee.fee_amount"
    assert "251000万元，即25.1亿元" in finding.message and "251000元 = 25.1万元" in finding.message
    filled2021.enter("t2.fee.fee_amount", "25.1")
    assert not [f for f in run_checks(filled2021) if f.rule == "D9"]


def test_signed_changes_print_their_sign(filled2019, tmp_path):
    import docx
    import openpyxl

    from exporters.docx.writer import export_docx

    filled2019.set_value("t2.license.items_change", 19)
    filled2019.set_value("t2.penalty.items_change", -3)
    export_docx(filled2019, tmp_path / "r.docx", draft=True)
    texts = {c.text for t in docx.Document(tmp_path / "r.docx").tables for row in t.rows for c in row.cells}
    assert "+19" in texts and "-3" in texts and "19" not in texts
    export_xlsx(filled2019, tmp_path / "r.xlsx", draft=True)
    ws = openpyxl.load_workbook(tmp_path / "r.xlsx")["表二"]
    signed = [c for row in ws.iter_rows() for c in row if c.value in (19, -3)]
    assert signed and all(c.number_format == "+0;-0;0" for c in signed)
    assert read_xlsx(tmp_path / "r.xlsx").report.values["t2.license.items_change"] == 19
