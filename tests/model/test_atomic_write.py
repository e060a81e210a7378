"""atomic_write fills a temporary file beside the target and only then replaces it: a write that fails
half-way leaves the old file as it was and no temporary file behind."""

from __future__ import annotations

import pytest

from model.atomic import atomic_write


def test_a_streamed_write_replaces_the_file_whole(tmp_path):
    target = tmp_path / "汇总.xlsx"
    target.write_bytes(b"old")

    def write(f):
        for i in range(100):
            f.write(b"%03d" % i)
        f.seek(0)  # a zip writer goes back to fill in its headers
        f.write(b"XYZ")

    atomic_write(target, write)
    assert target.read_bytes() == b"XYZ" + b"".join(b"%03d" % i for i in range(1, 100))
    assert [p.name for p in tmp_path.iterdir()] == ["汇总.xlsx"]


def test_a_write_that_fails_half_way_leaves_the_old_file(tmp_path):
    target = tmp_path / "汇总.xlsx"
    target.write_bytes(b"old")

    def write(f):
        f.write(b"half of it")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        atomic_write(target, write)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["汇总.xlsx"]
