#!/usr/bin/env bash
# Build the Windows installer and the portable zip on Debian:
#   dist/年报助手-<version>-win64-setup.exe and dist/年报助手-<version>-win64.zip
# Installs what it needs first (as root: nsis; .venv with pefile and Pillow). Options: --dist DIR.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/tools/setup.sh" build
cd "$root"
exec .venv/bin/python -m tools.packaging.windows "$@"
