"""What resumability costs: a segmented removal vs the single-pass one vs a plain transcode, same clip.

Run as a script (not collected by pytest)::

    .venv/bin/python tests/bench/bench_watermark_segments.py [--size 720p] [--seconds 60]
        [--segments 0,20,10] [--repeats 1] [--preset medium] [--crf 18]

``--segments``: segment lengths in seconds to time; 0 = the single-pass pipeline (no work folder).
Prints wall times, the throughput ratio against the plain transcode (target >= 0.9) and how many
segments each run encoded.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from processors.contract import CancelToken  # noqa: E402
from processors.probe import probe  # noqa: E402
from processors.watermark import processor  # noqa: E402
from tests.bench.bench_watermark import SIZES, add_logo, logo_box, make_clean, run_plain  # noqa: E402


def run_ours(src: Path, out: Path, region: dict, args: argparse.Namespace, segment_s: float) -> tuple[float, dict]:
    if out.exists():
        out.unlink()
    entry = {"path": str(src), "original_filename": src.name, "media": probe(str(src)).to_summary()}
    config = {"regions": [region], "preset": args.preset, "crf": args.crf, "method": "interp",
              "segment_s": segment_s if segment_s > 0 else 1e9}
    cfg = processor.validate([entry], config)
    t = time.perf_counter()
    result = processor.run([entry], cfg, str(out), lambda p, m: None, CancelToken(), {})
    return time.perf_counter() - t, result.details


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="720p", choices=sorted(SIZES))
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--segments", default="0,20,10")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--preset", default="medium")
    parser.add_argument("--crf", type=int, default=18)
    args = parser.parse_args()
    from processors.watermark import caps

    caps.caps()
    caps.encoder_pix_fmts("libx264")
    size = SIZES[args.size]
    lengths = [float(x) for x in args.segments.split(",")]
    work = Path(tempfile.mkdtemp(prefix="mediacraft-bench-seg-"))
    print(f"{os.cpu_count()} CPUs, load {os.getloadavg()}; {args.size} {args.seconds:g} s testsrc2 30 fps, "
          f"libx264 -preset {args.preset} -crf {args.crf}", flush=True)
    try:
        clean, logo = work / "clean.mp4", work / "logo.mp4"
        make_clean(clean, size, args.seconds, grain=False)
        box = logo_box(size)
        add_logo(clean, logo, box)
        x, y, w, h = box
        region = {"x": x - 4, "y": y - 4, "w": w + 8, "h": h + 8}
        times: dict[str, list[float]] = {"plain": []}
        details: dict[str, dict] = {}
        for i in range(args.repeats):
            order: list[str | float] = ["plain", *lengths]
            if i % 2:
                order.reverse()
            for which in order:
                if which == "plain":
                    times["plain"].append(run_plain(logo, work / "plain.mp4", args.preset, args.crf))
                    print(f"   round {i + 1}: plain {times['plain'][-1]:7.2f} s", flush=True)
                    continue
                label = "single pass" if which == 0 else f"segments of {which:g} s"
                elapsed, details[label] = run_ours(logo, work / "ours.mp4", region, args, float(which))
                times.setdefault(label, []).append(elapsed)
                print(f"   round {i + 1}: {label:18s} {elapsed:7.2f} s", flush=True)
        plain = statistics.median(times["plain"])
        print(f"\nplain transcode: median {plain:7.2f} s")
        for label, values in times.items():
            if label == "plain":
                continue
            med = statistics.median(values)
            seg = details[label].get("segments", {})
            print(f"{label:18s}: median {med:7.2f} s   ratio (throughput ours / plain) {plain / med:.3f}   "
                  f"segments encoded: {seg.get('encoded', 1)}")
        print(f"load after: {os.getloadavg()}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
