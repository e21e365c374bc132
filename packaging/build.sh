#!/usr/bin/env bash
# Build the one-folder app: dist/MediaCraft/MediaCraft (run from anywhere; needs .venv, see packaging/setup.sh).
# Installs PyInstaller (the project's optional extra "package") into .venv when it is missing.
# Prints the build time and the bundle size. Then try it: packaging/smoke_frozen.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || { echo "build: .venv missing; run packaging/setup.sh first" >&2; exit 1; }
if ! .venv/bin/python -c 'import PyInstaller' 2>/dev/null; then
  echo "build: installing PyInstaller (.[package]) into .venv"
  .venv/bin/python -m pip install -q -e ".[package]"
fi
start=$(date +%s)
.venv/bin/python -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/mediacraft.spec
end=$(date +%s)
[ -x dist/MediaCraft/MediaCraft ] || { echo "build: dist/MediaCraft/MediaCraft was not produced" >&2; exit 1; }
echo "build: dist/MediaCraft/MediaCraft in $((end - start)) s, bundle $(du -sh dist/MediaCraft | cut -f1)"
