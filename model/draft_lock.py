"""One window per draft: a lock file beside the draft, as Word's ~$ and LibreOffice's .~lock files.

The lock file `.~NAME.lock` holds the owner (pid, host, user, since) as JSON.
A second copy of the program that opens the same draft is told who has it.
A lock left by a dead process on this computer is taken over; one from another
computer (a shared folder) cannot be verified and is only overridden when the
user says so. A folder where no lock can be written (read-only, a CD) does not
stop the draft from opening: the lock is advisory.
"""

from __future__ import annotations

import errno
import json
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, NamedTuple

BUSY_WAIT = 0.05  # seconds between looks at a lock another copy holds open (Windows)
TAKE_OVER_ROUNDS = 8  # a lock that vanishes and reappears this often is held by a live copy
STALE_EMPTY_SECONDS = 10  # an empty lock file older than this was left by a crash between create and write


class LockOwner(NamedTuple):  # not a dataclass: the window takes its lock before the first paint
    pid: int
    host: str
    user: str
    since: str

    def words(self) -> str:
        where = "本机" if self.host == _host() else f"计算机“{self.host}”"
        from model.chinese_time import written_moment

        return f"{where}的用户“{self.user}”（自{written_moment(self.since)}起）"


class DraftLocked(Exception):
    def __init__(self, draft: Path, owner: LockOwner | None):
        self.draft, self.owner = draft, owner
        who = owner.words() if owner else "另一个年报助手窗口"
        self.who = who
        self.message = (
            f"草稿“{draft.name}”已被{who}打开。同时在两处修改同一份草稿，"
            f"后保存的会覆盖先保存的。请先在那里关闭这份草稿，再打开。"
        )
        super().__init__(self.message)

    @property
    def write_message(self) -> str:
        """For a command that would write the draft (import-xlsx -o, new -o)."""
        return (
            f"没有写入“{self.draft.name}”：这份草稿正被{self.who}在年报助手中打开，写入会被那里的下一次保存覆盖，"
            "那里的修改也会丢失。请先在那里关闭这份草稿，再运行这条命令；或者写入另一个文件名。"
        )


def lock_path(draft: Path) -> Path:
    draft = Path(draft)
    return draft.with_name(f".~{draft.name}.lock")


def _host() -> str:
    uname = getattr(os, "uname", None)
    if uname is not None:  # POSIX: what socket.gethostname() says, without importing socket before the first paint
        return str(uname().nodename)
    import socket

    return socket.gethostname()


def _user() -> str:
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):  # getpass.getuser()'s own first look
        if user := os.environ.get(name):
            return user
    try:  # and its last, the password database (getpass itself would bring termios before the first paint)
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except Exception:  # Windows without USERNAME, or a uid with no name: still lock
        return "?"


def _me() -> LockOwner:
    return LockOwner(os.getpid(), _host(), _user(), time.strftime("%Y-%m-%d %H:%M"))


def read_owner(path: Path) -> LockOwner | None:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return LockOwner(int(data["pid"]), str(data["host"]), str(data["user"]), str(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        try:
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, belongs to someone else
        return True
    return True


def _payload(owner: LockOwner) -> bytes:
    return json.dumps(owner._asdict(), ensure_ascii=False).encode("utf-8")


class DraftLock:
    def __init__(self, draft: Path):
        self.draft = Path(draft)
        self.path = lock_path(self.draft)
        self.held = False
        self.problem: str | None = None  # why no lock could be written (the draft opens anyway)

    def acquire(self, *, force: bool = False) -> bool:
        """True when held; False when no lock file can be written (read-only folder, full disk):
        the lock is advisory, the draft opens anyway and .problem says why. Raises DraftLocked."""
        refused: PermissionError | None = None
        for _ in range(TAKE_OVER_ROUNDS):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                taken = self._judge_existing(force)
                if taken is None:
                    continue  # it vanished or was moved aside meanwhile: try the exclusive create again
                return taken
            except PermissionError as exc:
                if _busy(exc):
                    refused = exc
                    continue  # Windows: another copy has the lock open or is deleting it this instant
                return self._without_lock(exc)
            except OSError as exc:
                return self._without_lock(exc)
            return self._write_ours(fd)
        if refused is not None and not self.path.exists():
            return self._without_lock(refused)  # no lock there, and none can be made: a read-only folder
        raise DraftLocked(self.draft, read_owner(self.path))

    def _write_ours(self, fd: int) -> bool:
        try:
            # Not fsynced: a lock is advisory, and one that a power cut leaves empty is judged stale
            # after STALE_EMPTY_SECONDS; a flush to the disk would hold up every start (tens of ms
            # on a Windows PC's hard disk) for nothing a draft depends on.
            os.write(fd, _payload(_me()))
        except OSError as exc:  # a full disk: no half-written lock may block the next start
            os.close(fd)
            _unlink(self.path)
            return self._without_lock(exc)
        os.close(fd)
        self.held = True
        return True

    def _judge_existing(self, force: bool) -> bool | None:
        """An existing lock: raise DraftLocked when it is live, take it over when stale.
        None: the file changed under us, the caller starts again."""
        try:
            seen = _identity(os.stat(self.path))
        except FileNotFoundError:
            return None
        except OSError as exc:
            return self._without_lock(exc)
        owner = read_owner(self.path)
        if not (force or self._stale(owner)):
            raise DraftLocked(self.draft, owner)
        return self._take_over(owner, seen)

    def _without_lock(self, exc: OSError) -> bool:
        from model.os_messages import system_reason

        reason = "磁盘空间不足" if exc.errno == errno.ENOSPC else system_reason(exc, self.path.parent)
        self.problem = (
            f"没有为“{self.draft.name}”写入打开标记（{reason}），如果另一台计算机也打开这份草稿，程序无法提醒。"
        )
        return False

    def _stale(self, owner: LockOwner | None) -> bool:
        if owner is None:
            try:
                age = time.time() - self.path.stat().st_mtime
            except FileNotFoundError:
                return True
            return age > STALE_EMPTY_SECONDS
        if owner.host != _host():
            return False
        return owner.pid == os.getpid() or not pid_alive(owner.pid)

    def _take_over(self, owner: LockOwner | None, seen: tuple[int, ...]) -> bool | None:
        """Move the stale lock aside and create ours as a fresh one. A rename succeeds for one
        process only, and so does the exclusive create after it. What was moved aside must be
        the very file judged stale (same inode, size and time): otherwise another copy took
        over in between, and its fresh lock goes back. Of two copies taking over the same
        stale lock at the same moment, exactly one holds it."""
        aside = self.path.with_name(f"{self.path.name}.{os.getpid()}.{os.urandom(4).hex()}.stale")
        try:
            os.rename(self.path, aside)
        except FileNotFoundError:
            return None  # another copy moved it first: the exclusive create decides
        except PermissionError as exc:
            if _busy(exc):
                return None  # Windows: the other copy has it open right now; look again
            return self._without_lock(exc)
        except OSError as exc:
            return self._without_lock(exc)
        try:
            moved = _identity(os.stat(aside))
        except OSError:
            moved = None
        if moved != seen:  # not the lock judged stale, but one created meanwhile: give it back
            _put_back(aside, self.path)
            raise DraftLocked(self.draft, read_owner(self.path) or owner)
        _unlink(aside)
        try:
            fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            raise DraftLocked(self.draft, read_owner(self.path)) from None
        except OSError as exc:
            return self._without_lock(exc)
        return self._write_ours(fd)

    def release(self) -> None:
        if not self.held:
            return
        self.held = False
        owner = read_owner(self.path)
        if owner is not None and (owner.pid, owner.host) != (os.getpid(), _host()):
            return  # someone took it over (forced): it is theirs now
        _unlink(self.path)


def _busy(exc: PermissionError) -> bool:
    """On Windows a file another process holds open, or is deleting, refuses to be created over or
    renamed (a sharing violation, reported as access denied) for a moment; wait and look again.
    Elsewhere a PermissionError means the folder cannot be written."""
    if sys.platform != "win32":
        return False
    time.sleep(BUSY_WAIT)
    return True


def _identity(st: os.stat_result) -> tuple[int, ...]:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _put_back(aside: Path, path: Path) -> None:
    """Return a live lock moved aside by mistake, never over one created since (POSIX rename would replace it)."""
    if sys.platform != "win32":
        try:
            os.link(aside, path)  # refuses an existing target
        except FileExistsError:
            _unlink(aside)  # a newer lock is in place: it decides
            return
        except OSError:
            pass  # no hard links on this file system (FAT, some shares): rename below
        else:
            _unlink(aside)
            return
    if not path.exists():
        try:
            os.rename(aside, path)  # refuses an existing target on Windows
            return
        except OSError:
            pass
    _unlink(aside)


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


@contextmanager
def held_for_writing(draft: Path) -> Iterator[DraftLock]:
    """A command-line write of a draft: refused (DraftLocked) while a window has the draft open."""
    lock = DraftLock(draft)
    lock.acquire()
    try:
        yield lock
    finally:
        lock.release()
