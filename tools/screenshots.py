"""Save a screenshot of every page of the window at 1366x768 (offscreen), for looking at.

    python tools/screenshots.py [DRAFT.json] [--scale 1.25] [--out screenshots/]

Not a test: the PNGs are for a person to look at, and are not committed.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("draft", nargs="?", type=Path, default=ROOT / "samples" / "jinling-2022.json")
    parser.add_argument("--scale", default="1")
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument("--size", default="1366x768")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["QT_SCALE_FACTOR"] = args.scale
    os.environ.setdefault("NIANBAO_DATA_DIR", str(args.out / "data"))
    from PySide6.QtWidgets import QApplication

    from gui.main import apply_app_font
    from gui.main_window import MainWindow
    from model.draft_store import load_draft

    app = QApplication([])
    apply_app_font(app)
    window = MainWindow(load_draft(args.draft), args.draft)
    width, height = (int(x) for x in args.size.split("x"))
    window.resize(int(width / float(args.scale)), int(height / float(args.scale)))
    window.show()
    args.out.mkdir(parents=True, exist_ok=True)
    stem = f"{args.draft.stem}@{args.scale}"
    for i in range(window.nav.topLevelItemCount()):
        item = window.nav.topLevelItem(i)
        window.nav.setCurrentItem(item)
        app.processEvents()
        target = args.out / f"{stem}-{i:02d}.png"
        window.grab().save(str(target))
        print(target)
    window.modified = False
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
