"""Reading a whole input file with a size limit; every failure becomes one Chinese sentence."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Callable


def read_bounded(path: Path, limit: int, fail: Callable[[str], Exception], *, what: str, too_big: str) -> bytes:
    """The bytes of `path`; raises fail(reason) when it is missing, unreadable or above `limit` bytes.

    `what` names the file in messages (「名单文件」, or "" for a plain file); `too_big` is the
    sentence for a file over the limit, with {name} and {mb} to fill in.
    """
    from model.os_messages import system_reason

    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            # a FIFO would block forever, /dev/zero (or a link to it) never ends
            raise fail(f"“{path.name}”不是普通文件（而是文件夹、设备或管道），没有读取。")
        if info.st_size > limit:
            raise fail(too_big.format(name=path.name, mb=info.st_size // (1024 * 1024)))
        with open(path, "rb") as f:
            data = f.read(limit + 1)  # a file that grows while it is read still stops here
        if len(data) > limit:
            raise fail(too_big.format(name=path.name, mb=len(data) // (1024 * 1024)))
        return data
    except FileNotFoundError as exc:
        raise fail(f"找不到{what}“{path}”。") from exc
    except OSError as exc:
        raise fail(f"无法读取{what}“{path.name}”：{system_reason(exc, path)}。") from exc
