"""Project rules checked by the test command: ruff, the import-linter layering contracts, no shell."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["mediacraft_desktop", "ui", "processors", "storage"]


def _tool(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def test_ruff_clean() -> None:
    proc = subprocess.run([_tool("ruff"), "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_layering_contracts_hold() -> None:
    proc = subprocess.run([_tool("lint-imports"), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_no_shell_commands() -> None:
    pattern = re.compile(r"shell\s*=\s*True|os\.system\(|os\.popen\(")
    offenders = [f"{path}:{n}" for pkg in PACKAGES for path in (ROOT / pkg).rglob("*.py")
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]
    assert offenders == []


def test_core_uses_qtcore_only() -> None:
    """import-linter cannot forbid subpackages of an external package, so this is checked here."""
    pattern = re.compile(r"^\s*(from|import)\s+PySide6\.(?!QtCore\b)")
    offenders = [f"{path}:{n}" for path in (ROOT / "mediacraft_desktop").rglob("*.py")
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]
    assert offenders == []
