"""Watermark removal benchmark: our run vs a plain ffmpeg transcode, and removal quality vs ``delogo``.

Run as a script (not collected by pytest)::

    .venv/bin/python tests/bench/bench_watermark.py [--sizes 720p,1080p] [--seconds 10] [--repeats 3]
        [--content plain,grain] [--preset medium] [--crf 18] [--keep DIR]

For each size and content it generates a clean clip (lavfi ``testsrc2``, optionally with temporal
grain like camera footage, plus AAC audio), overlays a logo (two filled boxes) on it, then in one run
and alternating order times

* plain: ``ffmpeg -i logo.mp4 -c:v libx264 -preset P -crf C -c:a copy out.mp4``
* ours:  ``processors.watermark.processor.run`` on the same file with the same encoder settings
  (planning, both ffmpeg children, verification and the atomic rename included), once with
  ``method=interp`` (the fill path alone) and once with the default ``auto`` (which first samples the
  video to choose a method per region: a fixed cost of roughly 1,500 decoded frames, heavy on short clips)

and prints the median/min wall times and the throughput ratios plain/ours (target >= 0.9). Then the
quality table: PSNR of the luma inside the logo rectangle against the clean clip, for the logo'd
input, ours (``auto``, ``interp``, ``inpaint`` = OpenCV Telea) and ffmpeg ``delogo``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from processors.contract import CancelToken  # noqa: E402
from processors.ffbin import find_tools  # noqa: E402
from processors.probe import probe  # noqa: E402
from processors.watermark import processor  # noqa: E402

SIZES = {"720p": (1280, 720), "1080p": (1920, 1080)}


def ffmpeg(*args: str) -> None:
    subprocess.run([find_tools().ffmpeg, "-hide_banner", "-nostdin", "-v", "error", "-y", *args], check=True)


def make_clean(path: Path, size: tuple[int, int], seconds: float, grain: bool) -> None:
    w, h = size
    vf = "noise=alls=10:allf=t" if grain else "null"
    ffmpeg("-f", "lavfi", "-i", f"testsrc2=size={w}x{h}:rate=30:duration={seconds}",
           "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={seconds}",
           "-vf", vf, "-c:v", "libx264", "-preset", "veryfast", "-crf", "10", "-c:a", "aac", "-b:a", "128k",
           str(path))


def logo_box(size: tuple[int, int]) -> tuple[int, int, int, int]:
    w, h = size
    bw, bh = w // 7, h // 10
    return w - bw - w // 32, h // 24, bw, bh


def add_logo(clean: Path, dst: Path, box: tuple[int, int, int, int]) -> None:
    x, y, w, h = box
    logo = (f"drawbox=x={x + 6}:y={y + 6}:w={w - 12}:h={h - 12}:color=white@0.8:t=fill,"
            f"drawbox=x={x + w // 4}:y={y + h // 3}:w={w // 2}:h={h // 3}:color=0x103050@0.7:t=fill")
    ffmpeg("-i", str(clean), "-vf", logo, "-c:v", "libx264", "-preset", "veryfast", "-crf", "10", "-c:a", "copy",
           str(dst))


def run_plain(src: Path, out: Path, preset: str, crf: int, vf: str | None = None) -> float:
    args = ["-i", str(src)] + (["-vf", vf] if vf else []) + ["-c:v", "libx264", "-preset", preset, "-crf", str(crf),
                                                              "-c:a", "copy", str(out)]
    t = time.perf_counter()
    ffmpeg(*args)
    return time.perf_counter() - t


def run_ours(src: Path, out: Path, region: dict, preset: str, crf: int, method: str = "auto") -> tuple[float, dict]:
    if out.exists():
        out.unlink()
    entry = {"path": str(src), "original_filename": src.name, "media": probe(str(src)).to_summary()}
    cfg = processor.validate([entry], {"regions": [region], "preset": preset, "crf": crf, "method": method})
    t = time.perf_counter()
    result = processor.run([entry], cfg, str(out), lambda p, m: None, CancelToken(), {})
    elapsed = time.perf_counter() - t
    assert result.output_path == str(out), result.output_path
    return elapsed, result.details


def luma(path: Path, box: tuple[int, int, int, int]) -> np.ndarray:
    x, y, w, h = box
    raw = subprocess.run([find_tools().ffmpeg, "-v", "error", "-i", str(path), "-vf", f"crop={w}:{h}:{x}:{y}",
                          "-f", "rawvideo", "-pix_fmt", "gray", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, h, w)


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    n = min(len(a), len(b))
    mse = float(np.mean((a[:n].astype(np.float64) - b[:n].astype(np.float64)) ** 2))
    return 99.0 if mse == 0 else 10 * np.log10(255.0**2 / mse)


def bench_one(work: Path, label: str, size: tuple[int, int], grain: bool, args: argparse.Namespace) -> dict:
    clean, logo = work / f"{label}_clean.mp4", work / f"{label}_logo.mp4"
    print(f"\n== {label}: {size[0]}x{size[1]}, {args.seconds:g} s at 30 fps, "
          f"{'testsrc2 + grain' if grain else 'testsrc2'}, libx264 -preset {args.preset} -crf {args.crf}", flush=True)
    make_clean(clean, size, args.seconds, grain)
    box = logo_box(size)
    add_logo(clean, logo, box)
    x, y, w, h = box
    region = {"x": x - 4, "y": y - 4, "w": w + 8, "h": h + 8}  # drawn a little larger than the logo
    times: dict[str, list[float]] = {"plain": [], "interp": [], "auto": []}
    details: dict = {}
    for i in range(args.repeats):
        order = list(times) if i % 2 == 0 else list(reversed(times))
        for which in order:
            if which == "plain":
                times["plain"].append(run_plain(logo, work / f"{label}_plain.mp4", args.preset, args.crf))
            else:
                out = work / f"{label}_{which}.mp4"
                out.unlink(missing_ok=True)
                elapsed, details = run_ours(logo, out, region, args.preset, args.crf, method=which)
                times[which].append(elapsed)
        print(f"   round {i + 1}: " + "   ".join(f"{k} {v[-1]:6.2f} s" for k, v in times.items()), flush=True)
    frames = details["frames"]
    med = {k: statistics.median(v) for k, v in times.items()}
    pm = med["plain"]
    print(f"   plain ffmpeg      : median {pm:6.2f} s  ({frames / pm:5.1f} fps)")
    for which, what in (("interp", "fill path alone"), ("auto", "default: analysis pass + chosen method")):
        om = med[which]
        print(f"   ours {which:13s}: median {om:6.2f} s  ({frames / om:5.1f} fps)  ratio {pm / om:.3f}"
              f"  best-of {min(times['plain']) / min(times[which]):.3f}  ({what})")
    print(f"   target >= 0.9   [bytes through Python per frame: {details['python_bytes_per_frame']}]")

    delogo_t = run_plain(logo, work / f"{label}_delogo.mp4", args.preset, args.crf,
                         vf=f"delogo=x={region['x']}:y={region['y']}:w={region['w']}:h={region['h']}")
    inpaint_out = work / f"{label}_inpaint.mp4"
    inpaint_out.unlink(missing_ok=True)
    inpaint_t, _ = run_ours(logo, inpaint_out, region, args.preset, args.crf, method="inpaint")
    ref = luma(clean, (region["x"], region["y"], region["w"], region["h"]))
    rbox = (region["x"], region["y"], region["w"], region["h"])
    rows = [("input with logo", logo, None), ("ours auto", work / f"{label}_auto.mp4", med["auto"]),
            ("ours interp (edge interpolation)", work / f"{label}_interp.mp4", med["interp"]),
            ("ours inpaint (OpenCV Telea)", inpaint_out, inpaint_t),
            ("ffmpeg delogo", work / f"{label}_delogo.mp4", delogo_t),
            ("plain transcode (logo kept)", work / f"{label}_plain.mp4", pm)]
    print(f"   PSNR (luma) inside the {rbox[2]}x{rbox[3]} region vs the clean clip:")
    quality = {}
    for name, path, t in rows:
        value = psnr(luma(path, rbox), ref)
        quality[name] = value
        print(f"     {name:34s} {value:6.2f} dB" + (f"   ({t:6.2f} s)" if t is not None else ""))
    return {"label": label, "plain": pm, "interp": med["interp"], "auto": med["auto"], "quality": quality}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="720p,1080p")
    parser.add_argument("--content", default="plain,grain", help="plain (testsrc2) and/or grain (camera-like)")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--preset", default="medium")
    parser.add_argument("--crf", type=int, default=18)
    parser.add_argument("--keep", help="keep the clips in this folder")
    args = parser.parse_args()
    tools = find_tools()
    version = subprocess.run([tools.ffmpeg, "-version"], capture_output=True, text=True).stdout.splitlines()[0]
    print(f"{version}\nffmpeg: {tools.ffmpeg} ({tools.source}); {os.cpu_count()} CPUs; load {os.getloadavg()}")
    # One-time per-process costs (probing what this ffmpeg supports, imports) are paid before timing,
    # as in the app, which runs many tasks in one process.
    from processors.watermark import caps, pipeline  # noqa: F401

    caps.caps()
    caps.encoder_pix_fmts("libx264")
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="mediacraft-bench-wm-"))
    work.mkdir(parents=True, exist_ok=True)
    results = []
    try:
        for size_name in args.sizes.split(","):
            for content in args.content.split(","):
                label = f"{size_name}_{content}"
                results.append(bench_one(work, label, SIZES[size_name], content == "grain", args))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print("\nsummary: clip | plain s | interp s (ratio) | auto s (ratio) | PSNR auto / interp / delogo / logo'd (dB)")
    for r in results:
        q, pm = r["quality"], r["plain"]
        print(f"  {r['label']:14s} {pm:7.2f} {r['interp']:7.2f} ({pm / r['interp']:.3f}) {r['auto']:7.2f} "
              f"({pm / r['auto']:.3f})   {q['ours auto']:.2f} / {q['ours interp (edge interpolation)']:.2f} / "
              f"{q['ffmpeg delogo']:.2f} / {q['input with logo']:.2f}")
    print(f"load after: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
