#!/usr/bin/env bash
# Run every benchmark from nothing: set-up (system packages, .venv), then bench/run_all.py.
# Prints one table (median/p99 times and peak memory); takes a few minutes (1,000 township files).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/tools/setup.sh" app
cd "$root"
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python bench/run_all.py "$@"
