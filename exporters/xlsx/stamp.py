"""The parts of a workbook as written, in its zip comment: a reader can tell an untouched file at no cost.

stamp(data) puts a digest of every part's name and CRC-32 (already in the zip's central directory)
in the archive comment. A digest, not the listing itself: LibreOffice refuses to open a workbook
whose zip comment is longer than 512 bytes ("source file could not be loaded", measured on the
LibreOffice of tools/setup.sh), and a draft with 批注 has more parts than fit. Excel, WPS and
LibreOffice drop the comment when they save the file again, and a zip tool that edits a part changes
that part's CRC, so untouched(zf) holds exactly while every part is as our writer left it. The 汇总
then reads only the parts that carry data: the 表二/表三/表四 sheets were written from the same values as
数据 and need no comparison. Not a seal against forgery (the 数据校验码 is the check of the values); a fast
path that falls back to the full comparison.
"""

from __future__ import annotations

import hashlib
import io
import zipfile

PREFIX = b"nianbao-parts:"


def _listing(infos: list[zipfile.ZipInfo]) -> bytes:
    """A fixed-length digest of every part's name and CRC: 64 hex digits whatever the number of parts."""
    parts = b";".join(f"{i.filename}={i.CRC:08x}".encode("utf-8") for i in sorted(infos, key=lambda i: i.filename))
    return hashlib.sha256(parts).hexdigest().encode("ascii")


def stamp(data: bytes) -> bytes:
    """data with its archive comment holding the digest of each part's CRC; the parts themselves are not rewritten."""
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as zf:
        zf.comment = PREFIX + _listing(zf.infolist())
    return buffer.getvalue()


def untouched(zf: zipfile.ZipFile) -> bool:
    """Every part is the one stamp() listed, and no part was added or removed."""
    comment = zf.comment
    return comment.startswith(PREFIX) and comment[len(PREFIX) :] == _listing(zf.infolist())
