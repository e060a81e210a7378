"""Mutations of real exports, read by the .xlsx reader: run as a child process by test_xlsx_fuzz.py.

    python -m tests.fuzz_xlsx SEED CASES FILE.xlsx...

Prints one JSON line per case ({"case", "mutation", "outcome": ok|refused|crash, "seconds", "message"})
and a last line {"peak_mb": …}: the child's own peak memory, which bounds every case's.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import sys
import time
import traceback
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script, also by an embedded Python

NASTY_TEXT = [
    "",
    " ",
    "-1",
    "1E+999999999",
    "1e-999999999",
    "99999999999999999999",
    "NaN",
    "inf",
    "=1+1",
    '=HYPERLINK("x")',
    "\x00",
    "\ud800",
    "\ufffe",
    "２０２２",
    "一二三",
    "1,2,3",
    "0x10",
    "12件",
    "3万元",
    "+19",
    "9" * 5000,
    "中" * 40_000,
    "&amp;&lt;",
    "_x0000_",
    "_x000B_",
    "2022-13-45",
    "0001-01-01T00:00:00",
    "9999-12-31T23:59:59+14:00",
    "t3.new.natural",
    "s1.active",
    "meta.year",
]
NASTY_REFS = ["A0", "XFE1", "A1048577", "A1000000000", "ZZZZ1", "1A", "", "A-1", "A1:B2", "$A$1"]


def mutations(data: bytes, rng: random.Random):
    """(name, mutated bytes): one mutation of the zip, of one part's XML, or of one cell."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = zf.infolist()
        parts = {i.filename: zf.read(i.filename) for i in infos}
    kind = rng.choice(["bytes", "truncate", "member", "xml", "cell", "cell", "cell", "attribute", "dup_row"])
    if kind == "bytes":
        buf = bytearray(data)
        for _ in range(rng.randint(1, 20)):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
        return "flip bytes", bytes(buf)
    if kind == "truncate":
        return "truncate", data[: rng.randrange(len(data))]
    name = rng.choice(sorted(parts))
    if kind == "member":
        action = rng.choice(["delete", "duplicate", "rename", "empty", "garbage"])
        new = dict(parts)
        if action == "delete":
            del new[name]
        elif action == "duplicate":
            return f"duplicate {name}", _zip(list(parts.items()) + [(name, parts[name])])
        elif action == "rename":
            new[name + "x"] = new.pop(name)
        elif action == "empty":
            new[name] = b""
        else:
            new[name] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 4000)))
        return f"{action} {name}", _zip(list(new.items()))
    xml = parts[name]
    if kind == "xml":
        action = rng.choice(["cut", "drop_element", "repeat_element", "namespace"])
        if action == "cut":
            xml = xml[: rng.randrange(max(1, len(xml)))]
        elif action == "namespace":
            xml = xml.replace(b"http://schemas.openxmlformats.org", b"http://example.org", rng.randint(1, 3))
        else:
            tags = [m for m in re.finditer(rb"<([a-zA-Z:]+)[^<>]*?(/>|>[^<]*</\1>)", xml)]
            if tags:
                m = rng.choice(tags)
                piece = m.group(0)
                xml = (
                    xml[: m.start()]
                    + (b"" if action == "drop_element" else piece * rng.randint(2, 50))
                    + xml[m.end() :]
                )
        return f"{action} in {name}", _replace(parts, name, xml)
    if kind == "attribute":
        refs = list(re.finditer(rb'\b(r|ref|s|t)="([^"]*)"', xml))
        if refs:
            m = rng.choice(refs)
            value = rng.choice(NASTY_REFS + ["999999", "-1", "inlineStr", "str", "e", "b", "d", "n", "x"])
            xml = xml[: m.start(2)] + value.encode() + xml[m.end(2) :]
        return f"attribute in {name}", _replace(parts, name, xml)
    if kind == "dup_row":
        rows = list(re.finditer(rb"<row [^>]*>.*?</row>", xml, re.S))
        if rows:
            m = rng.choice(rows)
            xml = xml[: m.end()] + m.group(0) * rng.randint(1, 5) + xml[m.end() :]
        return f"repeated row in {name}", _replace(parts, name, xml)
    texts = list(re.finditer(rb"<(t|v)( [^>]*)?>([^<]*)</\1>", xml))
    if texts:
        m = rng.choice(texts)
        value = rng.choice(NASTY_TEXT)
        escaped = value.replace("&", "&amp;").replace("<", "&lt;").encode("utf-8", "surrogatepass")
        xml = xml[: m.start(3)] + escaped + xml[m.end(3) :]
    return f"cell value in {name}", _replace(parts, name, xml)


def _replace(parts: dict, name: str, xml: bytes) -> bytes:
    return _zip([(n, xml if n == name else b) for n, b in parts.items()])


def _zip(items) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in items:
            zf.writestr(name, body)
    return out.getvalue()


def main(argv: list[str]) -> int:
    import warnings

    from exporters.xlsx.reader import XlsxImportError, read_xlsx_bytes
    from model.checks import run_checks
    from model.draft_store import draft_bytes, parse_draft

    warnings.simplefilter("ignore")  # zipfile's "Duplicate name" while building the mutants
    seed, cases, files = int(argv[0]), int(argv[1]), argv[2:]
    genuine = [open(f, "rb").read() for f in files]
    for case in range(cases):
        rng = random.Random(f"{seed}-{case}")
        name, data = mutations(rng.choice(genuine), rng)
        start = time.monotonic()
        seconds = None
        try:
            result = read_xlsx_bytes(data, "乡镇.xlsx")
            seconds = time.monotonic() - start  # the reading is what is timed, not what follows
            outcome, message = "ok", "; ".join(p.message for p in result.problems[:3])
            # whatever is read in can be checked, saved, read back and, now and then, exported
            run_checks(result.report)
            parse_draft(draft_bytes(result.report))
            if case % 10 == 0:
                from exporters.docx.writer import docx_bytes
                from exporters.xlsx.writer import xlsx_bytes

                findings = run_checks(result.report)
                docx_bytes(result.report, draft=True)
                read_xlsx_bytes(xlsx_bytes(result.report, findings, draft=True), "again.xlsx")
        except XlsxImportError as exc:
            outcome, message = "refused", str(exc)
        except Exception:
            outcome, message = "crash", traceback.format_exc(limit=6)
        print(
            json.dumps(
                {
                    "case": case,
                    "mutation": name,
                    "outcome": outcome,
                    "seconds": round(seconds if seconds is not None else time.monotonic() - start, 3),
                    "message": message[-600:] if outcome == "crash" else message[:600],
                },
                ensure_ascii=False,
            ),
            flush=True,
        )
    print(json.dumps({"peak_mb": peak_mb()}), flush=True)
    return 0


def peak_mb() -> float:
    """This process's own peak resident memory. Not getrusage's ru_maxrss: on Linux a child started
    from a large parent (pytest) inherits the parent's peak through fork."""
    if sys.platform == "win32":
        import ctypes
        from ctypes import wintypes

        class Counters(ctypes.Structure):
            _fields_ = [
                ("cb", wintypes.DWORD),
                ("PageFaultCount", wintypes.DWORD),
                ("PeakWorkingSetSize", ctypes.c_size_t),
                ("WorkingSetSize", ctypes.c_size_t),
                ("QuotaPeakPagedPoolUsage", ctypes.c_size_t),
                ("QuotaPagedPoolUsage", ctypes.c_size_t),
                ("QuotaPeakNonPagedPoolUsage", ctypes.c_size_t),
                ("QuotaNonPagedPoolUsage", ctypes.c_size_t),
                ("PagefileUsage", ctypes.c_size_t),
                ("PeakPagefileUsage", ctypes.c_size_t),
            ]

        counters = Counters()
        counters.cb = ctypes.sizeof(counters)
        ctypes.windll.psapi.GetProcessMemoryInfo(
            ctypes.windll.kernel32.GetCurrentProcess(), ctypes.byref(counters), counters.cb
        )
        return counters.PeakWorkingSetSize / (1 << 20)
    with open(f"/proc/{os.getpid()}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
