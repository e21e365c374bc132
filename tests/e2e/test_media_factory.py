"""Test clips are the same bytes on every machine: x264's output depends on its thread count, which by default
follows the CPUs a process may use, so a clip made on 1 core differed from one made on 2 (and every measured
PSNR with it)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_MAKE = (
    "import os, sys\n"
    "from pathlib import Path\n"
    "os.sched_setaffinity(0, {int(c) for c in sys.argv[2].split(',')})\n"
    "from tests.media_factory import make_clip\n"
    "make_clip(Path(sys.argv[1]), duration=2.0, size='640x360', audio=None,\n"
    "          vcodec=['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p'])\n"
)


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="needs two CPUs to compare against one")
def test_clip_bytes_do_not_depend_on_the_cpu_count(tmp_path: Path):
    cpus = sorted(os.sched_getaffinity(0))
    digests = set()
    for n, allowed in enumerate((cpus[:1], cpus)):
        out = tmp_path / f"clip{n}.mp4"
        subprocess.run([sys.executable, "-c", _MAKE, str(out), ",".join(map(str, allowed))], check=True, cwd=ROOT)
        digests.add(hashlib.sha256(out.read_bytes()).hexdigest())
    assert len(digests) == 1
