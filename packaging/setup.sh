#!/usr/bin/env bash
# Set up MediaCraft Desktop on a fresh Debian/Ubuntu machine: system libraries Qt needs, ffmpeg
# (optional: a bundled ffmpeg is used when the system has none), a virtualenv in .venv and the
# project in it, its dependencies at the versions pinned (with hashes) in packaging/requirements.lock;
# `--test` also installs the test tools (packaging/requirements-test.lock). `bash packaging/lock.sh`
# refreshes the locks. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
lock=packaging/requirements.lock
[ "${1:-}" = "--test" ] && lock=packaging/requirements-test.lock

apt_packages=(python3-venv python3-pip ffmpeg libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1
  libfreetype6 libdbus-1-3 libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0
  libxcb-render-util0 libxcb-image0 libxcb-xinerama0 libxcb-xkb1 fonts-noto-cjk)
if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  missing=()
  for p in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo="sudo"
    if [ "$(id -u)" -eq 0 ] || [ -n "$sudo" ]; then
      echo "setup: installing system packages: ${missing[*]}"
      $sudo apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
      echo "setup: please install these system packages: ${missing[*]}" >&2
    fi
  fi
fi

python=""
for candidate in python3.11 python3.12 python3.13 python3; do  # 3.11 first: the version the locks are made for
  if command -v "$candidate" >/dev/null 2>&1 &&
     "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    python="$candidate"; break
  fi
done
[ -n "$python" ] || { echo "setup: Python 3.11 or newer is required" >&2; exit 1; }
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' ||
  echo "setup: note: .venv has Python $(.venv/bin/python -c 'import platform; print(platform.python_version())');" \
    "the locked versions are tested on 3.11" >&2
.venv/bin/python -m pip install -q --require-hashes -r "$lock"
.venv/bin/python -m pip install -q --no-deps -e .
echo "setup: done (.venv ready)"
