"""Start-up cost of the command line: ``mediacraft merge a b --mode copy --wait`` against a bare concat copy.

Run: ``.venv/bin/python tests/bench/bench_cli_startup.py [--repeat 7] [--seconds 2] [--size 320x240]
[--baseline DIR]`` (``DIR``: another version's tree, e.g. ``git archive COMMIT | tar -x -C DIR``, measured in the
same rounds, so a busy machine slows both alike)

Two small stream-copy compatible clips are generated in a temp dir (deleted after). Each round runs, alternating,
the bare ``ffmpeg -f concat -safe 0 -i list -c copy out.mp4`` and the full CLI in a fresh process (a private data
dir, the task probed, stored, merged, audited, verified, finalized). Python byte code is cached in a temp
``PYTHONPYCACHEPREFIX`` (as an installed package has it; one warm-up run fills it), also when the environment
sets ``PYTHONDONTWRITEBYTECODE``. Prints the medians, the difference (target: under 0.5 s) and where the
CLI's time goes (imports of ``mediacraft_desktop.cli``, ``--version``, and the task's own merge/verify times).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from processors.ffbin import find_tools  # noqa: E402
from processors.merge.concat import write_concat_list  # noqa: E402
from tests.media_factory import make_clip  # noqa: E402

TARGET_S = 0.5
LAST_CPU = [0.0]


def _children_cpu() -> float:
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return kids.ru_utime + kids.ru_stime


def wall(cmd: list[str], env: dict[str, str] | None = None,
         cwd: Path | None = None) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Wall time of ``cmd``; its CPU time (with its children) lands in ``LAST_CPU[0]``."""
    c0, t0 = _children_cpu(), time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd, check=False)
    elapsed = time.perf_counter() - t0
    LAST_CPU[0] = _children_cpu() - c0
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[:4]}... failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return elapsed, proc


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--size", default="320x240")
    ap.add_argument("--baseline", help="another version's source tree to measure in the same rounds")
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="mc-bench-cli-"))
    try:
        clips = [make_clip(work / f"{n}.mp4", duration=a.seconds, size=a.size) for n in ("a", "b")]
        data = work / "data"
        data.mkdir()
        out_dir = work / "out"
        (data / "settings.json").write_text(json.dumps({"output_dir": str(out_dir), "min_free_disk_mb": 0}))
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(MEDIACRAFT_DATA_DIR=str(data), PYTHONPYCACHEPREFIX=str(work / "pycache"))
        cli = [sys.executable, "-m", "mediacraft_desktop"]
        merge = [*cli, "merge", *map(str, clips), "--mode", "copy", "--wait", "--json"]
        # ``python -m`` finds the package in the working directory first: run each version from its own tree
        base_env = {**env, "PYTHONPYCACHEPREFIX": str(work / "pycache-baseline")}
        list_path = write_concat_list([str(c) for c in clips], str(work / "list.txt"))
        bare = [find_tools().ffmpeg, "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", list_path, "-c", "copy",
                str(work / "bare.mp4")]
        print(f"ffmpeg: {find_tools().ffmpeg}; {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.2f}; "
              f"2 x {a.seconds:g} s {a.size} clips")
        wall(merge, env, ROOT)  # fills the byte-code cache and the page cache
        wall(bare)
        if a.baseline:
            wall(merge, base_env, Path(a.baseline))
        t_bare, t_cli, t_import, t_version, details = [], [], [], [], []
        c_bare, c_cli, t_base, c_base = [], [], [], []
        for _ in range(a.repeat):
            t_bare.append(wall(bare)[0])
            c_bare.append(LAST_CPU[0])
            if a.baseline:
                t_base.append(wall(merge, base_env, Path(a.baseline))[0])
                c_base.append(LAST_CPU[0])
            t, proc = wall(merge, env, ROOT)
            t_cli.append(t)
            c_cli.append(LAST_CPU[0])
            task = json.loads(proc.stdout)
            shown = json.loads(wall([*cli, "show", task["task_id"], "--json"], env, ROOT)[1].stdout)
            details.append(shown["metadata"].get("result", {}))
            t_import.append(wall([sys.executable, "-c", "import mediacraft_desktop.cli"], env, ROOT)[0])
            t_version.append(wall([*cli, "--version"], env, ROOT)[0])
        bare_s, cli_s = statistics.median(t_bare), statistics.median(t_cli)
        diff = cli_s - bare_s
        print(f"bare concat copy        {bare_s:6.3f} s   (runs: {', '.join(f'{x:.3f}' for x in t_bare)})")
        print(f"mediacraft merge --wait {cli_s:6.3f} s   (runs: {', '.join(f'{x:.3f}' for x in t_cli)})")
        print(f"difference              {diff:6.3f} s   ({'meets' if diff < TARGET_S else 'MISSES'} the "
              f"{TARGET_S} s target)")
        if a.baseline:
            tb, cbase = statistics.median(t_base), statistics.median(c_base)
            print(f"baseline ({a.baseline})  {tb:6.3f} s   (difference {tb - bare_s:.3f} s; cpu {cbase:.3f} s; runs: "
                  f"{', '.join(f'{x:.3f}' for x in t_base)})")
        cb, cc = statistics.median(c_bare), statistics.median(c_cli)
        print(f"cpu (process tree)      bare {cb:.3f} s, mediacraft {cc:.3f} s (difference {cc - cb:.3f} s; less "
              "sensitive to other load than wall time)")
        print(f"python -c 'import mediacraft_desktop.cli' {statistics.median(t_import):.3f} s; "
              f"mediacraft --version {statistics.median(t_version):.3f} s")
        keys = ("merge_seconds", "verify_seconds", "content_check_seconds")
        print("task details (medians): " + ", ".join(
            f"{k} {statistics.median(d.get(k, 0.0) for d in details):.3f} s" for k in keys))
        print(f"load average at end: {os.getloadavg()[0]:.2f}")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
