"""Two running copies of the program and one draft; stale locks of dead processes."""
import json
import os
import subprocess
import sys
import time

import pytest

from model.draft_lock import DraftLock, DraftLocked, lock_path, read_owner
from tests.conftest import ROOT
from tests.lock_holder import lock_held_elsewhere

@pytest.fixture
def draft(tmp_path):
    path = tmp_path / "甲镇 2024年 草稿.json"
    path.write_text("{}", encoding="utf-8")
    return path


@pytest.fixture
def holder(draft):
    """Another running copy of the program, holding the draft's lock."""
    with lock_held_elsewhere(draft) as proc:
        yield proc


def test_second_copy_is_told_the_draft_is_open_elsewhere(draft, holder):
    with pytest.raises(DraftLocked) as caught:
        DraftLock(draft).acquire()
    assert caught.value.owner.pid == holder.pid
    assert caught.value.message.startswith(f"草稿“{draft.name}”已被本机的用户")
    assert "请先在那里关闭这份草稿" in caught.value.message


def test_lock_of_a_killed_process_is_taken_over(draft, holder):
    holder.kill()    # SIGKILL on POSIX, TerminateProcess on Windows: no chance to remove its lock
    holder.wait()
    lock = DraftLock(draft)
    assert lock.acquire()
    assert read_owner(lock_path(draft)).pid == os.getpid()
    lock.release()
    assert not lock_path(draft).exists()


def test_force_overrides_a_live_lock_and_release_leaves_theirs(draft, holder):
    lock = DraftLock(draft)
    assert lock.acquire(force=True)
    assert read_owner(lock_path(draft)).pid == os.getpid()
    lock_path(draft).write_text(json.dumps({"pid": holder.pid, "host": "x", "user": "u", "since": "s"}),
                                encoding="utf-8")
    lock.release()                       # taken back by the other copy: not ours to delete
    assert lock_path(draft).exists()


def test_lock_from_another_computer_is_not_taken_silently(draft):
    lock_path(draft).write_text(json.dumps({"pid": 1, "host": "办公室-另一台", "user": "李四",
                                            "since": "2025-01-10 09:00"}, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DraftLocked) as caught:
        DraftLock(draft).acquire()
    assert "计算机“办公室-另一台”的用户“李四”（自2025-01-10 09:00起）" in caught.value.message


def test_empty_lock_file_is_stale_only_when_old(draft):
    lock_path(draft).write_bytes(b"")
    with pytest.raises(DraftLocked):
        DraftLock(draft).acquire()       # another copy may be writing it right now
    old = time.time() - 60
    os.utime(lock_path(draft), (old, old))
    assert DraftLock(draft).acquire()


def test_same_process_reopens_its_own_draft(draft):
    first = DraftLock(draft)
    assert first.acquire()
    assert DraftLock(draft).acquire()


def test_folder_without_lock_files_still_opens(draft, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "read-only")
    monkeypatch.setattr(os, "open", refuse)
    lock = DraftLock(draft)
    assert lock.acquire() is False and not lock.held
