"""Where a 汇总 keeps every file it read and every township they cover: a temporary SQLite database
on disk, so that memory stays flat however many files and units there are (a province: 40,000).

Each Entry is kept whole (pickled) beside the columns grading groups and sorts by; its numbers and
n-grams are kept apart and loaded only when summed, written or compared. The grading
(exporters.county.consolidate) finds its groups with SQL, loads their entries, and puts them back.
SQLite's cache is bounded (2 MB by default); the file is deleted when the connection closes.
"""

from __future__ import annotations

import pickle
import sqlite3
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from exporters.county.carried import Unit
from exporters.county.entry import STATUS_ORDER, UNREADABLE, Entry
from exporters.county.inputs import organ_key

_SCHEMA = """
CREATE TABLE entry (
    id INTEGER PRIMARY KEY,
    missing INTEGER NOT NULL,      -- 1: a roster name without a file
    read_ok INTEGER NOT NULL,      -- 1: the file could be read (its status was not 文件无法读取 when read)
    readable INTEGER NOT NULL,     -- 1: it has numbers
    status TEXT NOT NULL,
    rank INTEGER NOT NULL,         -- the status's place in STATUS_ORDER: problems first
    included INTEGER NOT NULL,
    kind TEXT NOT NULL,
    year INTEGER,
    format_id TEXT,
    content_key BLOB NOT NULL,
    dup_key BLOB NOT NULL,         -- kind/organ_key(organ): one report per 机关 and kind
    organ_key BLOB,                -- NULL for a blank 机关名称
    county_key BLOB NOT NULL,
    organ BLOB NOT NULL,           -- text as UTF-8 (surrogates passed): bytes sort as Python sorts str
    path BLOB NOT NULL,
    file_name BLOB NOT NULL,
    body BLOB NOT NULL,
    numbers BLOB,
    grams BLOB
);
CREATE INDEX entry_content ON entry(content_key);
CREATE INDEX entry_dup ON entry(dup_key);
CREATE INDEX entry_organ ON entry(organ_key);
CREATE TABLE unit (
    entry INTEGER NOT NULL,
    key BLOB NOT NULL,             -- Unit.key: county and name
    organ_key BLOB,                -- NULL for a blank name
    organ BLOB NOT NULL,
    county BLOB NOT NULL,
    checksum BLOB NOT NULL,
    via BLOB NOT NULL
);
CREATE INDEX unit_key ON unit(key);
CREATE INDEX unit_organ ON unit(organ_key);
CREATE INDEX unit_entry ON unit(entry);
"""
_RANK = {status: i for i, status in enumerate(STATUS_ORDER)}
_BATCH = 500


def _b(text: str | None) -> bytes:
    return (text or "").encode("utf-8", "surrogatepass")


def _s(data: bytes) -> str:
    return data.decode("utf-8", "surrogatepass")


class Ledger:
    """The inputs of one 汇总. Entries come out as fresh objects: change one, then put() it back."""

    def __init__(self):
        import weakref

        # "": a private temporary database on disk, deleted when closed; no journal: nothing to roll back
        self._db = sqlite3.connect("", isolation_level=None)
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.executescript(_SCHEMA)
        weakref.finalize(self, self._db.close)

    # ------------------------------------------------------------ writing

    def add(self, e: Entry, *, missing: bool = False) -> None:
        numbers, grams = e.numbers, e.grams
        cursor = self._db.execute(
            "INSERT INTO entry (missing, read_ok, readable, status, rank, included, kind, year, format_id,"
            " content_key, dup_key, organ_key, county_key, organ, path, file_name, body, numbers, grams)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                int(missing),
                int(not missing and e.status != UNREADABLE),
                int(numbers is not None),
                e.status,
                _RANK.get(e.status, 99),
                int(e.included),
                e.kind,
                e.year,
                e.format_id,
                _b(e.content_key),
                _b(e.kind + "/" + organ_key(e.organ)) if e.organ else b"",
                _b(organ_key(e.organ)) if e.organ else None,
                _b(organ_key(e.county)),
                _b(e.organ),
                _b(str(e.path)) if e.path is not None else b"",
                _b(e.file_name),
                self._body(e),
                pickle.dumps(numbers, protocol=pickle.HIGHEST_PROTOCOL) if numbers is not None else None,
                grams,
            ),
        )
        e.id = cursor.lastrowid
        self._db.executemany(
            "INSERT INTO unit (entry, key, organ_key, organ, county, checksum, via) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (e.id, _b(u.key), _b(organ_key(u.organ)) if u.organ else None)
                + tuple(_b(x) for x in (u.organ, u.county, u.checksum, u.via))
                for u in e.units
            ),
        )
        self._stored(e)

    def put(self, e: Entry) -> None:
        """Write back what grading changes: the status, whether summed, the reason (in the body)."""
        self._db.execute(
            "UPDATE entry SET status = ?, rank = ?, included = ?, body = ? WHERE id = ?",
            (e.status, _RANK.get(e.status, 99), int(e.included), self._body(e), e.id),
        )

    @staticmethod
    def _body(e: Entry) -> bytes:
        state = dict(e.__dict__)
        state["numbers"] = state["grams"] = None  # kept in their own columns
        return pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)

    # ------------------------------------------------------------ reading

    def get(self, entry_id: int) -> Entry:
        (row,) = self._db.execute("SELECT body, readable, grams IS NOT NULL FROM entry WHERE id = ?", (entry_id,))
        e = Entry.__new__(Entry)
        e.__dict__.update(pickle.loads(row[0]))  # our own temporary database, written just now
        e.id = entry_id
        e.numbers = Stored(self, e.id, "numbers") if row[1] else None
        e.grams = Stored(self, e.id, "grams") if row[2] else None
        return e

    def _stored(self, e: Entry) -> None:
        """After add: the entry's bulk as references into the database, as get() gives them."""
        e.numbers = Stored(self, e.id, "numbers") if e.numbers is not None else None
        e.grams = Stored(self, e.id, "grams") if e.grams is not None else None

    def load(self, entry_id: int, column: str):
        (row,) = self._db.execute(f"SELECT {column} FROM entry WHERE id = ?", (entry_id,))
        return pickle.loads(row[0]) if column == "numbers" else row[0]

    def ids(self, where: str = "1", params: tuple = (), order: str = "id") -> array:
        """The ids of the entries where, in order: 8 bytes an entry."""
        rows = self._db.execute(f"SELECT id FROM entry WHERE {where} ORDER BY {order}", params)
        return array("q", (row[0] for row in rows))

    def each(self, where: str = "1", params: tuple = (), order: str = "id") -> Iterator[Entry]:
        for entry_id in self.ids(where, params, order):
            yield self.get(entry_id)

    def count(self, where: str = "1", params: tuple = ()) -> int:
        return self._db.execute(f"SELECT count(*) FROM entry WHERE {where}", params).fetchone()[0]

    def rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        return self._db.execute(sql, params).fetchall()

    def shared_keys(self, column: str, where: str, params: tuple = ()) -> list[bytes]:
        """Values of column that more than one entry where has (a blank value is no key)."""
        sql = f"SELECT {column} FROM entry WHERE {where} AND {column} != x'' GROUP BY {column} HAVING count(*) > 1"
        return [row[0] for row in self._db.execute(sql, params)]

    # ------------------------------------------------------------ units

    def clashing_units(self) -> list[bytes]:
        """Unit keys held more than once among the entries summed, in the order they first appear."""
        sql = (
            "SELECT u.key FROM unit u JOIN entry e ON e.id = u.entry WHERE e.included"
            " GROUP BY u.key HAVING count(*) > 1 ORDER BY min(u.rowid)"
        )
        return [row[0] for row in self._db.execute(sql)]

    def holders(self, key: bytes) -> list[tuple[int, str, Unit]]:
        """(entry id, kind, unit) of each entry summed that holds the unit key, in order."""
        sql = (
            "SELECT u.entry, e.kind, u.organ, u.county, u.checksum, u.via FROM unit u JOIN entry e ON e.id = u.entry"
            " WHERE e.included AND u.key = ? ORDER BY u.rowid"
        )
        return [(row[0], row[1], Unit(*map(_s, row[2:]))) for row in self._db.execute(sql, (key,))]

    def file_name(self, entry_id: int) -> str:
        return _s(self._db.execute("SELECT file_name FROM entry WHERE id = ?", (entry_id,)).fetchone()[0])

    def naming(self, name_key: str) -> list[tuple[str, str]]:
        """(status, file name) of every file whose 机关 or one of whose units has this organ_key."""
        sql = (
            "SELECT status, file_name FROM entry WHERE missing = 0 AND id IN"
            " (SELECT id FROM entry WHERE organ_key = ? UNION SELECT entry FROM unit WHERE organ_key = ?) ORDER BY id"
        )
        key = _b(name_key)
        return [(row[0], _s(row[1])) for row in self._db.execute(sql, (key, key))]

    def units(self, where: str = "e.included", params: tuple = ()) -> Iterator[Unit]:
        """In the order they were added (file by file), a batch at a time."""
        sql = (
            "SELECT u.rowid, u.organ, u.county, u.checksum, u.via FROM unit u JOIN entry e ON e.id = u.entry"
            f" WHERE ({where}) AND u.rowid > ? ORDER BY u.rowid LIMIT ?"
        )
        last = 0
        while True:
            batch = self._db.execute(sql, (*params, last, _BATCH)).fetchall()
            yield from (Unit(*map(_s, row[1:])) for row in batch)
            if len(batch) < _BATCH:
                return
            last = batch[-1][0]

    def unit_count(self, where: str = "e.included", params: tuple = ()) -> int:
        sql = f"SELECT count(*) FROM unit u JOIN entry e ON e.id = u.entry WHERE {where}"
        return self._db.execute(sql, params).fetchone()[0]


@dataclass(frozen=True, eq=False)
class Stored:
    """An entry's numbers or n-grams, in the ledger until loaded."""

    ledger: Ledger
    entry_id: int
    column: str

    def load(self):
        return self.ledger.load(self.entry_id, self.column)


def loaded(value):
    """An Entry's numbers or grams, wherever they are kept."""
    return value.load() if isinstance(value, Stored) else value


class EntryView(Sequence):
    """Entries of the ledger where, in order, loaded one at a time: a list's reading without the list."""

    def __init__(self, ledger: Ledger, where: str = "1", params: tuple = (), order: str = "id"):
        self._ledger, self._where, self._params, self._order = ledger, where, params, order

    def __len__(self) -> int:
        return self._ledger.count(self._where, self._params)

    def __iter__(self) -> Iterator[Entry]:
        return self._ledger.each(self._where, self._params, self._order)

    def __getitem__(self, index):
        ids = self._ledger.ids(self._where, self._params, self._order)
        if isinstance(index, slice):
            return [self._ledger.get(i) for i in ids[index]]
        return self._ledger.get(ids[index])

    def __eq__(self, other) -> bool:
        return isinstance(other, (list, tuple, Sequence)) and list(self) == list(other)

    def __repr__(self) -> str:
        return f"EntryView({len(self)} entries where {self._where})"


class UnitView(Sequence):
    """The townships in the sums, in order, read from the ledger as they are needed."""

    def __init__(self, ledger: Ledger):
        self._ledger = ledger

    def __len__(self) -> int:
        return self._ledger.unit_count()

    def __iter__(self) -> Iterator[Unit]:
        return self._ledger.units()

    def __getitem__(self, index):
        units = list(self._ledger.units())
        return units[index]

    def __eq__(self, other) -> bool:
        return isinstance(other, (list, tuple, Sequence)) and list(self) == list(other)

    def __repr__(self) -> str:
        return f"UnitView({len(self)} units)"
