#!/usr/bin/env bash
# Start 年报助手 from nothing: set-up (system packages, .venv), then the window.
# With no argument it opens the 2022 sample draft (招远市金岭镇).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/tools/setup.sh" app
cd "$root"
args=("$@")
[ "${#args[@]}" -eq 0 ] && args=("$root/samples/jinling-2022.json")
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "没有图形界面（DISPLAY 未设置）：程序在虚拟屏幕 Xvfb 中运行。No display: running under Xvfb."
  exec xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python app.py "${args[@]}"
fi
exec .venv/bin/python app.py "${args[@]}"
