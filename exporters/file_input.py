"""Reading a whole input file with a size limit; every failure becomes one Chinese sentence."""
from __future__ import annotations

from pathlib import Path
from typing import Callable


def read_bounded(path: Path, limit: int, fail: Callable[[str], Exception], *, what: str, too_big: str) -> bytes:
    """The bytes of `path`; raises fail(reason) when it is missing, unreadable or above `limit` bytes.

    `what` names the file in messages (「名单文件」, or "" for a plain file); `too_big` is the
    sentence for a file over the limit, with {name} and {mb} to fill in.
    """
    try:
        size = path.stat().st_size
        if size > limit:
            raise fail(too_big.format(name=path.name, mb=size // (1024 * 1024)))
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise fail(f"找不到{what}“{path}”。") from exc
    except OSError as exc:
        raise fail(f"无法读取{what}“{path.name}”：{exc.strerror or exc}。") from exc
