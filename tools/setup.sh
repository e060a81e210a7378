#!/usr/bin/env bash
# Set up everything 年报助手 needs on a fresh Debian/Ubuntu machine, idempotently:
#   tools/setup.sh app    system libraries for the window, a CJK font, .venv with the dependencies
#   tools/setup.sh build  the same, plus what builds the installers (NSIS, lintian, binutils)
#   tools/setup.sh test   app and build, plus LibreOffice and poppler (the tests render the exports),
#                         Wine and debootstrap (the tests try the installers)
# System packages are installed only when missing, and only as root; otherwise the
# exact apt-get command is printed and the script stops.
set -euo pipefail
profile="${1:-app}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

pkgs=(
  # Qt's own libraries come in the PySide6 wheel; these are the system ones it links against
  libgl1 libegl1 libglib2.0-0 libfontconfig1 libxkbcommon0 libdbus-1-3
  # Chinese characters (Noto Sans/Serif CJK SC) and metric clones of Times New Roman
  fonts-noto-cjk fonts-liberation2
  # a real window on X11 (the xcb platform plugin), and a virtual screen where there is none
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0 libxcb-render-util0
  libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libx11-xcb1 xvfb xauth
)
if [ "$profile" = "build" ] || [ "$profile" = "test" ]; then
  # makensis writes the Windows installer; readelf lists what the Linux libraries link against;
  # lintian checks the .deb
  pkgs+=(nsis binutils binutils-aarch64-linux-gnu lintian)
fi
if [ "$profile" = "test" ]; then
  # the tests render the .docx and .xlsx exports the way a reader sees them
  pkgs+=(libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils)
  # the Windows bundle runs under Wine; the .deb is installed into a throwaway Debian root
  pkgs+=(wine64 wine debootstrap)
fi

find_python() {
  for py in python3.13 python3.12 python3.11 python3; do
    if command -v "$py" >/dev/null 2>&1 &&
       "$py" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      command -v "$py"; return 0
    fi
  done
  return 1
}

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
fi
python="$(find_python || true)"
if [ -z "$python" ]; then
  missing+=(python3 python3-venv)
elif [ ! -x .venv/bin/python ] && ! "$python" -c 'import ensurepip, venv' 2>/dev/null; then
  missing+=(python3-venv)
fi

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 "${missing[@]}"
  else
    echo "缺少系统软件包。请用管理员身份运行："
    echo "  sudo apt-get install --no-install-recommends ${missing[*]}"
    echo "Missing system packages; as root run the command above, then run this script again."
    exit 1
  fi
  python="$(find_python)"
fi

if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv with $python"
  "$python" -m venv .venv
fi

# The runtime dependencies come from the lock file, with hashes: the tests run against exactly
# what the installers ship. Test and build tools come from pyproject.toml's extras.
# Skip when neither file changed.
lock="tools/packaging/requirements.lock"
extras=""
case "$profile" in
  test) extras="test build" ;;
  build) extras="build" ;;
esac
stamp=".venv/.deps-$(cat pyproject.toml "$lock" | sha256sum | cut -c1-16)-$profile"
if [ ! -f "$stamp" ]; then
  echo "== installing Python dependencies into .venv"
  .venv/bin/python -m pip install -q --disable-pip-version-check --require-hashes --only-binary=:all: -r "$lock"
  if [ -n "$extras" ]; then
    mapfile -t reqs < <(.venv/bin/python - $extras <<'PY'
import sys, tomllib
project = tomllib.load(open("pyproject.toml", "rb"))["project"]
print("\n".join(r for extra in sys.argv[1:] for r in project["optional-dependencies"][extra]))
PY
)
    .venv/bin/python -m pip install -q --disable-pip-version-check "${reqs[@]}"
  fi
  touch "$stamp"
fi
