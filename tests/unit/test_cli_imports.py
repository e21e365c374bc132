"""The command line starts light: importing it (and ``--version``) loads no Qt, OpenCV or NumPy."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("PySide6", "cv2", "numpy", "mediacraft_desktop.engine", "processors.merge", "processors.watermark")


def _loaded_after(code: str) -> list[str]:
    probe = (f"{code}\nimport json, sys\n"
             f"print(json.dumps(sorted({{m.split('.')[0] if m.split('.')[0] in ('PySide6', 'cv2', 'numpy') else m "
             f"for m in sys.modules if m.startswith({HEAVY!r})}})))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_importing_the_cli_loads_nothing_heavy():
    assert _loaded_after("import mediacraft_desktop.cli") == []


def test_version_and_parsing_load_nothing_heavy():
    code = ("import contextlib, io\nfrom mediacraft_desktop import cli\n"
            "p = cli.build_parser()\n"
            "p.parse_args(['merge', 'a.mp4', 'b.mp4', '--audio', 'copy'])\n"
            "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
            "    p.parse_args(['--version'])")
    assert _loaded_after(code) == []
