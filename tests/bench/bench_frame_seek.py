"""FrameReader seek latency on 1080p H.264 (what the removal viewer waits for, minus the GUI).

Run: ``.venv/bin/python tests/bench/bench_frame_seek.py [--seeks 60] [--gops 30,60,250] [--seconds 10]``

For each keyframe interval it writes a 1080p30 H.264 clip (testsrc2 with camera-like grain at
15 Mbit/s, like phone footage) and
times ``FrameReader``: opening, sequential reading, random seeks (the target: median under 150 ms),
single steps backwards (the worst case: back to the previous keyframe) and hops of 10 frames forward.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from processors.ffbin import find_tools  # noqa: E402
from processors.frame_reader import FrameReader  # noqa: E402


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def make(path: Path, seconds: float, gop: int) -> None:
    subprocess.run([find_tools().ffmpeg, "-v", "error", "-y", "-f", "lavfi", "-i",
                    f"testsrc2=size=1920x1080:rate=30:duration={seconds}", "-vf", "noise=alls=8:allf=t",
                    "-c:v", "libx264", "-preset", "veryfast", "-b:v", "15M", "-maxrate", "15M", "-bufsize", "30M",
                    "-g", str(gop), "-pix_fmt", "yuv420p",
                    str(path)], check=True)


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


def bench(path: Path, seeks: int, gop: int, target_ms: float) -> dict:
    t = time.perf_counter()
    reader = FrameReader(str(path))
    open_ms = (time.perf_counter() - t) * 1000
    n = reader.frame_count
    t = time.perf_counter()
    for i in range(min(n, 90)):
        reader.read(i)
    seq_fps = min(n, 90) / (time.perf_counter() - t)
    rng = random.Random(gop)
    targets = [rng.randrange(n) for _ in range(seeks)]
    random_ms = [timed(lambda i=i: reader.read(i)) for i in targets]
    back_ms = []
    start = rng.randrange(n // 2, n)
    reader.read(start)
    for k in range(1, 16):
        back_ms.append(timed(lambda i=start - k: reader.read(i)))
    hop_ms = []
    pos = rng.randrange(0, n // 3)
    reader.read(pos)
    while pos + 10 < n and len(hop_ms) < 15:
        pos += 10
        hop_ms.append(timed(lambda i=pos: reader.read(i)))
    reader.close()
    med = statistics.median(random_ms)
    verdict = "OK" if med < target_ms else "over"
    print(f"  GOP {gop:3d}: open {open_ms:6.1f} ms | sequential {seq_fps:6.1f} fps | random seek median "
          f"{med:6.1f} ms p90 {pct(random_ms, 0.9):6.1f} max {max(random_ms):6.1f} [{verdict} vs {target_ms:g}] | "
          f"step back median {statistics.median(back_ms):6.1f} ms | +10 hop median "
          f"{statistics.median(hop_ms):6.1f} ms", flush=True)
    return {"gop": gop, "median": med}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeks", type=int, default=60)
    parser.add_argument("--gops", default="30,60,250")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--target-ms", type=float, default=150.0)
    args = parser.parse_args()
    print(f"FrameReader seek benchmark, 1080p30 H.264, {os.cpu_count()} CPUs, load {os.getloadavg()}")
    with tempfile.TemporaryDirectory(prefix="mediacraft-bench-seek-") as tmp:
        for gop in (int(g) for g in args.gops.split(",")):
            path = Path(tmp) / f"gop{gop}.mp4"
            make(path, args.seconds, gop)
            bench(path, args.seeks, gop, args.target_ms)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
