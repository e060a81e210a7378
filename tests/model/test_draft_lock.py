"""Two running copies of the program and one draft; stale locks of dead processes."""

import json
import os
import time

import pytest

from model.draft_lock import DraftLock, DraftLocked, lock_path, read_owner
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
    holder.kill()  # SIGKILL on POSIX, TerminateProcess on Windows: no chance to remove its lock
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
    lock_path(draft).write_text(
        json.dumps({"pid": holder.pid, "host": "x", "user": "u", "since": "s"}), encoding="utf-8"
    )
    lock.release()  # taken back by the other copy: not ours to delete
    assert lock_path(draft).exists()


def test_lock_from_another_computer_is_not_taken_silently(draft):
    lock_path(draft).write_text(
        json.dumps(
            {"pid": 1, "host": "办公室-另一台", "user": "李四", "since": "2025-01-10 09:00"}, ensure_ascii=False
        ),
        encoding="utf-8",
    )
    with pytest.raises(DraftLocked) as caught:
        DraftLock(draft).acquire()
    assert "计算机“办公室-另一台”的用户“李四”（自2025年1月10日 09:00起）" in caught.value.message


def test_empty_lock_file_is_stale_only_when_old(draft):
    lock_path(draft).write_bytes(b"")
    with pytest.raises(DraftLocked):
        DraftLock(draft).acquire()  # another copy may be writing it right now
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


def test_a_copy_looking_while_another_takes_over_does_not_take_its_fresh_lock(draft, monkeypatch):
    """The interleaving CI once hit: B finds the stale lock, A moves it aside, B looks again (nothing there),
    A creates its fresh lock (still empty), B goes on. Exactly one of them may end up holding the draft."""
    import threading

    from model import draft_lock

    pids = {"A": 1_000_001, "B": 1_000_002}
    lock_path(draft).write_text(
        json.dumps({"pid": 999_999, "host": draft_lock._host(), "user": "x", "since": "2026-01-01 08:00"}),
        encoding="utf-8",
    )
    real_open, real_rename, real_write, real_stat = os.open, os.rename, os.write, os.stat
    real_read_owner = draft_lock.read_owner
    a_moved, b_looked, a_created, b_finished = (threading.Event() for _ in range(4))
    b_calls = {"open": 0, "looks": 0}

    def who():
        return threading.current_thread().name

    def fake_open(path, flags, *args):
        if who() == "B":
            b_calls["open"] += 1
            if b_calls["open"] > 1:
                b_looked.set()
                a_created.wait(5)  # B's next try at the path comes after A has created its lock
        try:
            return real_open(path, flags, *args)
        except FileExistsError:
            if who() == "B" and b_calls["open"] == 1:
                a_moved.wait(5)  # B saw the stale lock; A moves it before B looks again
            raise

    def fake_rename(src, dst):
        if who() == "B":
            b_looked.set()
            a_created.wait(5)
        real_rename(src, dst)
        if who() == "A" and not a_moved.is_set():
            a_moved.set()
            b_looked.wait(5)  # B looks at the empty path until its next move, then A creates its lock

    def looking(real):
        def look(*args, **kwargs):
            try:
                return real(*args, **kwargs)
            finally:
                if who() == "B" and a_moved.is_set():
                    b_calls["looks"] += 1
                    if b_calls["looks"] >= 2:
                        b_looked.set()

        return look

    def fake_write(fd, data):
        if who() == "A":
            a_created.set()  # created, nothing written yet: B runs to its end first
            b_finished.wait(5)
        return real_write(fd, data)

    monkeypatch.setattr(draft_lock.os, "open", fake_open)
    monkeypatch.setattr(draft_lock.os, "rename", fake_rename)
    monkeypatch.setattr(draft_lock.os, "write", fake_write)
    monkeypatch.setattr(draft_lock.os, "stat", looking(real_stat))
    monkeypatch.setattr(draft_lock, "read_owner", looking(real_read_owner))
    monkeypatch.setattr(draft_lock, "pid_alive", lambda pid: pid in pids.values())
    monkeypatch.setattr(
        draft_lock, "_me", lambda: draft_lock.LockOwner(pids[who()], draft_lock._host(), who(), "2026-12-02 08:00")
    )
    outcome = {}

    def take(name):
        try:
            outcome[name] = "won" if DraftLock(draft).acquire() else "nolock"
        except DraftLocked:
            outcome[name] = "lost"
        finally:
            if name == "B":
                b_finished.set()
                a_created.set()
                b_looked.set()

    b = threading.Thread(target=take, args=("B",), name="B")
    b.start()
    time.sleep(0.2)  # B is waiting after its first look
    a = threading.Thread(target=take, args=("A",), name="A")
    a.start()
    a.join(10)
    b.join(10)
    assert sorted(outcome.values()) == ["lost", "won"], outcome
    winner = next(name for name, said in outcome.items() if said == "won")
    assert read_owner(lock_path(draft)).pid == pids[winner]
    assert not list(draft.parent.glob("*.stale"))


def test_on_windows_a_lock_busy_for_a_moment_is_looked_at_again(draft, monkeypatch):
    """Windows refuses to create over (or rename) a file another copy holds open or is deleting:
    a sharing violation, reported as access denied. That is another copy at work, not a read-only folder."""
    from model import draft_lock

    monkeypatch.setattr(draft_lock.sys, "platform", "win32")
    monkeypatch.setattr(draft_lock, "BUSY_WAIT", 0)
    real_open = os.open
    calls = []

    def busy_then_taken(path, flags, *args):
        calls.append(path)
        if len(calls) == 1:
            raise PermissionError(13, "Access is denied")
        lock_path(draft).write_text(
            json.dumps({"pid": 4242, "host": "另一台电脑", "user": "李四", "since": "2026-12-02 09:00"}),
            encoding="utf-8",
        )
        return real_open(path, flags, *args)

    monkeypatch.setattr(draft_lock.os, "open", busy_then_taken)
    with pytest.raises(DraftLocked) as caught:
        DraftLock(draft).acquire()
    assert caught.value.owner.user == "李四" and len(calls) == 2


def test_on_windows_a_folder_that_refuses_every_lock_still_opens_the_draft(draft, monkeypatch):
    from model import draft_lock

    monkeypatch.setattr(draft_lock.sys, "platform", "win32")
    monkeypatch.setattr(draft_lock, "BUSY_WAIT", 0)

    def refuse(*a, **k):
        raise PermissionError(13, "Access is denied")

    monkeypatch.setattr(draft_lock.os, "open", refuse)
    lock = DraftLock(draft)
    assert lock.acquire() is False and "Access" not in lock.problem and "打开标记" in lock.problem
