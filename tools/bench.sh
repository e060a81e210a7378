#!/usr/bin/env bash
# Run every benchmark from nothing: set-up (system packages, .venv), then bench/run_all.py.
# Prints one table: each figure beside its reference from the same run. The first run makes 10,000
# township files and 1,000 county 汇总 (kept in .bench-data/scale, about two minutes); a whole run takes about ten.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/tools/setup.sh" app
cd "$root"
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python bench/run_all.py "$@"
