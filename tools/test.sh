#!/usr/bin/env bash
# Run the whole test suite from nothing: set-up (system packages, .venv), then pytest.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/tools/setup.sh" test
cd "$root"
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest "$@"
