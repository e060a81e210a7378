#!/usr/bin/env bash
# Build the .deb for 统信UOS / 银河麒麟 / Debian / Ubuntu: dist/nianbao_<version>_amd64.deb and _arm64.deb
# (Options: --arch amd64|arm64|all, --dist DIR, --no-lintian.) Installs what it needs first (as root:
# binutils, lintian; .venv with Pillow), then checks each package with lintian (no errors allowed).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/tools/setup.sh" build
cd "$root"
exec .venv/bin/python -m tools.packaging.deb "$@"
