"""Where a 汇总 keeps the bulk of each file it read (numbers, n-grams): a temporary file, so that
memory does not grow with the number of files."""

from __future__ import annotations

from dataclasses import dataclass


class Spill:
    """A temporary file for the bulk of each file read (its numbers, its n-grams): in memory a
    township costs a few hundred bytes, whatever the count. Deleted with the Consolidation."""

    def __init__(self):
        import tempfile
        import weakref

        self._file = tempfile.TemporaryFile(prefix="nianbao-huizong-")
        weakref.finalize(self, self._file.close)  # closed (and so deleted) with the last reference

    def keep(self, obj) -> Stored | None:
        import pickle

        if obj is None:
            return None
        data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
        offset = self._file.seek(0, 2)
        self._file.write(data)
        return Stored(self, offset, len(data))

    def _read(self, offset: int, size: int):
        import pickle

        self._file.seek(offset)
        return pickle.loads(self._file.read(size))  # our own temporary file, written just now


@dataclass(frozen=True, eq=False)
class Stored:
    spill: Spill
    offset: int
    size: int

    def load(self):
        return self.spill._read(self.offset, self.size)


def loaded(value):
    """An Entry's numbers or grams, wherever they are kept."""
    return value.load() if isinstance(value, Stored) else value
