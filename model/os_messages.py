"""Why a file operation failed, in Chinese: the system's own (English) text never reaches the clerk."""

from __future__ import annotations

import errno
from pathlib import Path


def os_error_message(exc: OSError, path: Path) -> str:
    """One Chinese sentence for a failed write; the system's own (English) text never reaches the clerk."""
    where = f"“{path}”"
    kept = "已填写的内容仍在程序中，没有丢失。"
    if exc.errno == errno.ENOSPC:
        return f"没有保存：磁盘空间不足，无法写入{where}。请清理磁盘或保存到其他位置；{kept}"
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            f"没有保存：没有权限写入{where}，或者文件正被其他程序（如杀毒软件、Word、网盘同步）占用。"
            f"请关闭占用它的程序后再保存，或保存到其他位置；{kept}"
        )
    if exc.errno == errno.ENOENT:
        return f"没有保存：找不到文件夹“{path.parent}”。请选择其他位置保存。"
    return f"没有保存：{system_reason(exc, path)}。{kept}"


_REASONS = {
    errno.EISDIR: "{where}是一个文件夹，不是文件",
    errno.ENOTDIR: "{where}所在的路径中有一项不是文件夹",
    errno.ENAMETOOLONG: "文件名或路径太长，请换一个短一些的文件名或文件夹",
    errno.ELOOP: "{where}的快捷方式（符号链接）绕成了圈，指不到真正的文件",
    errno.EEXIST: "{where}已经存在",
    errno.EBUSY: "{where}正被其他程序占用",
    errno.EMFILE: "同时打开的文件太多",
    errno.EIO: "读写磁盘时出错（磁盘或U盘可能有故障，或已被拔出）",
    errno.EINVAL: "文件名中有系统不允许的字符",
    errno.EFBIG: "文件太大",
    errno.EDQUOT if hasattr(errno, "EDQUOT") else -1: "磁盘配额已用完",
}


def system_reason(exc: OSError, path: Path | None = None) -> str:
    """Why a file operation failed, in Chinese, with the place."""
    where = f"“{path}”" if path is not None else "文件"
    template = _REASONS.get(exc.errno) if exc.errno is not None else None
    if template:
        return template.format(where=where)
    code = f"（系统错误代码{exc.errno}）" if exc.errno else ""
    return f"读写{where}时出错{code}"
