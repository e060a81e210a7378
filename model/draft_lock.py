"""One window per draft: a lock file beside the draft, as Word's ~$ and LibreOffice's .~lock files.

The lock file `.~NAME.lock` holds the owner (pid, host, user, since) as JSON.
A second copy of the program that opens the same draft is told who has it.
A lock left by a dead process on this computer is taken over; one from another
computer (a shared folder) cannot be verified and is only overridden when the
user says so. A folder where no lock can be written (read-only, a CD) does not
stop the draft from opening: the lock is advisory.
"""
from __future__ import annotations

import getpass
import json
import os
import socket
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from model.atomic import atomic_write_bytes

STALE_EMPTY_SECONDS = 10   # an empty lock file older than this was left by a crash between create and write


@dataclass(frozen=True)
class LockOwner:
    pid: int
    host: str
    user: str
    since: str

    def words(self) -> str:
        where = "本机" if self.host == _host() else f"计算机“{self.host}”"
        return f"{where}的用户“{self.user}”（自{self.since}起）"


class DraftLocked(Exception):
    def __init__(self, draft: Path, owner: LockOwner | None):
        self.draft, self.owner = draft, owner
        who = owner.words() if owner else "另一个年报助手窗口"
        self.message = (f"草稿“{draft.name}”已被{who}打开。同时在两处修改同一份草稿，"
                        f"后保存的会覆盖先保存的。请先在那里关闭这份草稿，再打开。")
        super().__init__(self.message)


def lock_path(draft: Path) -> Path:
    draft = Path(draft)
    return draft.with_name(f".~{draft.name}.lock")


def _host() -> str:
    return socket.gethostname()


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:   # no user name in the environment: still lock
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
        handle = kernel32.OpenProcess(0x1000, False, pid)   # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        try:
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return code.value == 259                          # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:     # exists, belongs to someone else
        return True
    return True


def _payload(owner: LockOwner) -> bytes:
    return json.dumps(owner.__dict__, ensure_ascii=False).encode("utf-8")


class DraftLock:
    def __init__(self, draft: Path):
        self.draft = Path(draft)
        self.path = lock_path(self.draft)
        self.held = False

    def acquire(self, *, force: bool = False) -> bool:
        """True when held; False when the folder takes no lock file. Raises DraftLocked."""
        me = _me()
        try:
            fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            owner = read_owner(self.path)
            if not (force or self._stale(owner)):
                raise DraftLocked(self.draft, owner) from None
            return self._take_over(me)
        except OSError:
            return False
        try:
            os.write(fd, _payload(me))
            os.fsync(fd)
        finally:
            os.close(fd)
        self.held = True
        return True

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

    def _take_over(self, me: LockOwner) -> bool:
        try:
            atomic_write_bytes(self.path, _payload(me))
        except OSError:
            return False
        self.held = True
        return True

    def release(self) -> None:
        if not self.held:
            return
        self.held = False
        owner = read_owner(self.path)
        if owner is not None and (owner.pid, owner.host) != (os.getpid(), _host()):
            return   # someone took it over (forced): it is theirs now
        try:
            self.path.unlink()
        except OSError:
            pass
