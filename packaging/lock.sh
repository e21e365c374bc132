#!/usr/bin/env bash
# Refresh the install locks from the ranges in pyproject.toml (newest versions they allow):
#   packaging/requirements.lock       the app          (packaging/setup.sh)
#   packaging/requirements-test.lock  the app + [test] (packaging/setup.sh --test, CI)
# Resolved for CPython 3.11 on x86_64 Linux with glibc 2.34+ (Debian 12, Ubuntu 22.04) whatever Python runs
# this, with hashes. Uses uv (installed into .venv when missing). Run the test suite on the new lock after.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || bash packaging/setup.sh
[ -x .venv/bin/uv ] || .venv/bin/python -m pip install -q "uv>=0.5"
target=(--python-version 3.11 --python-platform x86_64-manylinux_2_34 --generate-hashes --upgrade --quiet
  --custom-compile-command "bash packaging/lock.sh")
.venv/bin/uv pip compile pyproject.toml "${target[@]}" -o packaging/requirements.lock
# the same app versions, plus the test tools
.venv/bin/uv pip compile pyproject.toml --extra test -c packaging/requirements.lock "${target[@]}" \
  -o packaging/requirements-test.lock
echo "lock: packaging/requirements.lock and packaging/requirements-test.lock refreshed"
