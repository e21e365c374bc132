"""Removal quality benchmark: our methods vs ffmpeg ``delogo`` and per-frame ``cv2.inpaint``.

Run as a script (not collected by pytest)::

    .venv/bin/python tests/bench/bench_removal_quality.py [--seconds 8] [--size 960x540] [--keep DIR]
    .venv/bin/python tests/bench/bench_removal_quality.py --real ../shared/realclips/cases [--methods auto]

``--real DIR``: real footage instead of the synthetic clips: every ``DIR/<case>/`` with ``wm.mp4`` (the logo'd
clip), ``case.json`` (``region`` x,y,w,h and ``source``, the clean clip relative to ``DIR/..``), as made by
``../shared/realclips/make_cases.py``. Same rows and columns.

Clips (lavfi, generated here): ``moving`` = a still ``mandelbrot`` picture 8/3 the clip's size seen
through a crop window that pans (camera motion), ``static`` = ``testsrc2`` at the clip size (still camera, the source's
own moving parts). Logos: an ``opaque`` text+shape logo drawn with OpenCV into a PNG and overlaid,
and the same logo ``translucent`` (constant opacity 0.5). Every clean/logo'd source is encoded
near-losslessly (x264 crf 4) so the comparison measures removal, not compression.

For each clip x logo, on the same logo'd file: ``delogo`` and ``cv2.inpaint`` (Telea, per frame,
OpenCV capture -> inpaint -> ffmpeg pipe, the usual Python remover) and our processor with each
method (``auto``, ``temporal``, ``deblend``, ``inpaint``, ``interp``), all encoded with x264
preset medium crf 18. Printed per row: PSNR and SSIM of the luma inside the rectangle against the
clean clip, flicker (mean |frame-to-frame change| inside the rectangle / the clean clip's), the throughput
relative to a plain transcode with the same encoder settings (by wall time, and by CPU time of
this process and its ffmpeg children, which a busy machine does not skew), and the method the
run used (what ``auto`` chose).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from processors.contract import CancelToken  # noqa: E402
from processors.ffbin import find_tools  # noqa: E402
from processors.probe import probe  # noqa: E402
from processors.watermark import processor  # noqa: E402

ENCODE = ["-c:v", "libx264", "-preset", "medium", "-crf", "18", "-pix_fmt", "yuv420p"]
LOSSLESSISH = ["-c:v", "libx264", "-preset", "veryfast", "-crf", "4", "-pix_fmt", "yuv420p"]


class Timer:
    """Wall and CPU time (this process and its waited-for children) of a block."""

    def __enter__(self) -> Timer:
        self.t0, self.c0 = time.monotonic(), self._cpu()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall, self.cpu = time.monotonic() - self.t0, self._cpu() - self.c0

    @staticmethod
    def _cpu() -> float:
        me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def ffmpeg(*args: str) -> None:
    subprocess.run([find_tools().ffmpeg, "-hide_banner", "-nostdin", "-v", "error", "-y", *args], check=True)


def make_logo_png(path: Path, w: int, h: int, opacity: float) -> np.ndarray:
    """An RGBA logo (white text with a dark outline and an orange disc); returns the alpha>0 mask."""
    rgba = np.zeros((h, w, 4), np.uint8)
    colour = np.zeros((h, w, 3), np.uint8)
    shape = np.zeros((h, w), np.uint8)
    cv2.circle(shape, (h // 2, h // 2), h // 2 - 3, 255, -1)
    colour[shape > 0] = (0, 140, 255)
    text = np.zeros((h, w), np.uint8)
    cv2.putText(text, "LOGO TV", (h + 4, int(h * 0.72)), cv2.FONT_HERSHEY_DUPLEX, h / 40.0, 255, max(2, h // 14))
    colour[text > 0] = (255, 255, 255)
    alpha = np.maximum(shape, text)
    rgba[:, :, :3] = colour
    rgba[:, :, 3] = (alpha.astype(np.float32) * opacity).astype(np.uint8)
    cv2.imwrite(str(path), rgba)
    return alpha > 0


def make_clips(folder: Path, seconds: float, size: tuple[int, int], motion: bool, opacity: float,
               logo_at: tuple[int, int] | None = None, logo_size: tuple[int, int] | None = None
               ) -> tuple[Path, Path, tuple[int, int, int, int], np.ndarray]:
    """(clean, logo'd, rect x/y/w/h, logo mask of the rect) for one case."""
    w, h = size
    lw, lh = logo_size or (w * 5 // 16, w * 5 // 64)
    lx, ly = logo_at or (w // 16, h // 12)
    tag = f"{'moving' if motion else 'static'}_{int(opacity * 100)}_{w}x{h}"
    clean, logod, png = folder / f"clean_{tag}.mp4", folder / f"logo_{tag}.mp4", folder / f"logo_{tag}.png"
    folder.mkdir(parents=True, exist_ok=True)
    mask = make_logo_png(png, lw, lh, opacity)
    if not clean.exists():
        if motion:  # a still picture 8/3 the clip's size seen through a panning window
            bw, bh = w * 8 // 3 // 2 * 2, h * 8 // 3 // 2 * 2
            pic = folder / f"pan_{bw}x{bh}.png"
            ffmpeg("-f", "lavfi", "-i", f"mandelbrot=size={bw}x{bh}:start_scale=1.2:start_x=-0.75:start_y=0.1",
                   "-frames:v", "1", str(pic))
            vf = (f"crop={w}:{h}:x='20+t*{(bw - w - 40) / seconds:.3f}':"
                  f"y='20+t*{(bh - h - 40) / seconds / 2:.3f}'")
            ffmpeg("-loop", "1", "-framerate", "25", "-i", str(pic), "-t", f"{seconds}", "-vf", vf, *LOSSLESSISH,
                   str(clean))
        else:
            ffmpeg("-f", "lavfi", "-i", f"testsrc2=size={w}x{h}:rate=25:duration={seconds}", *LOSSLESSISH, str(clean))
    if not logod.exists():
        ffmpeg("-i", str(clean), "-i", str(png), "-filter_complex",
               f"[0:v][1:v]overlay={lx}:{ly}:format=auto,format=yuv420p", *LOSSLESSISH, str(logod))
    return clean, logod, (lx - 2, ly - 2, lw + 4, lh + 4), mask


def read_luma(path: Path) -> np.ndarray:
    info = probe(str(path)).main_video
    assert info is not None
    w, h = info.width, info.height
    res = subprocess.run([find_tools().ffmpeg, "-v", "error", "-i", str(path), "-f", "rawvideo", "-pix_fmt", "yuv420p",
                          "pipe:1"], capture_output=True, check=True)  # the Y plane as coded (gray would rescale it)
    frame = w * h + 2 * ((w + 1) // 2) * ((h + 1) // 2)
    data = np.frombuffer(res.stdout, np.uint8)
    return np.stack([data[i * frame:i * frame + w * h].reshape(h, w) for i in range(len(data) // frame)])


def ssim(a: np.ndarray, b: np.ndarray) -> float:
    a, b = a.astype(np.float64), b.astype(np.float64)
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    blur = lambda x: cv2.GaussianBlur(x, (11, 11), 1.5)  # noqa: E731
    ma, mb = blur(a), blur(b)
    va, vb, cov = blur(a * a) - ma * ma, blur(b * b) - mb * mb, blur(a * b) - ma * mb
    s = ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2))
    return float(s.mean())


def quality(out: Path, clean_y: np.ndarray, rect: tuple[int, int, int, int]) -> dict[str, float]:
    x, y, w, h = rect
    got = read_luma(out)
    n = min(len(got), len(clean_y))
    a = got[:n, y:y + h, x:x + w].astype(np.float64)
    b = clean_y[:n, y:y + h, x:x + w].astype(np.float64)
    mse = float(np.mean((a - b) ** 2))
    psnr = 10 * np.log10(255.0 ** 2 / max(mse, 1e-9))
    ss = float(np.mean([ssim(a[i], b[i]) for i in range(0, n, max(1, n // 25))]))
    flick_out = float(np.mean(np.abs(np.diff(a, axis=0))))
    flick_src = float(np.mean(np.abs(np.diff(b, axis=0))))
    return {"psnr": psnr, "ssim": ss, "flicker": flick_out / max(flick_src, 1e-6), "frames": n}


def entry(path: Path) -> dict:
    st = path.stat()
    return {"path": str(path), "original_filename": path.name, "size": st.st_size, "mtime": st.st_mtime,
            "media": probe(str(path)).to_summary()}


def run_ours(src: Path, out: Path, rect: tuple[int, int, int, int], method: str) -> tuple[Timer, dict]:
    x, y, w, h = rect
    inputs = [entry(src)]
    cfg = processor.validate(inputs, {"regions": [{"x": x, "y": y, "w": w, "h": h}], "method": method,
                                      "crf": 18, "preset": "medium"})
    out.unlink(missing_ok=True)
    with Timer() as t:
        result = processor.run(inputs, cfg, str(out), lambda *_: None, CancelToken(), {})
    return t, {"details": result.details, "log": result.log}


def run_delogo(src: Path, out: Path, rect: tuple[int, int, int, int]) -> Timer:
    x, y, w, h = rect
    with Timer() as t:
        ffmpeg("-i", str(src), "-vf", f"delogo=x={x}:y={y}:w={w}:h={h}", *ENCODE, str(out))
    return t


def run_cv2_inpaint(src: Path, out: Path, rect: tuple[int, int, int, int]) -> Timer:
    with Timer() as t:
        _cv2_inpaint(src, out, rect)
    return t


def _cv2_inpaint(src: Path, out: Path, rect: tuple[int, int, int, int]) -> None:
    """The common Python remover: OpenCV capture -> Telea inpaint of the rectangle -> ffmpeg stdin."""
    x, y, w, h = rect
    cap = cv2.VideoCapture(str(src))
    fw, fh = int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)), int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT))
    fps = cap.get(cv2.CAP_PROP_FPS) or 25
    mask = np.zeros((fh, fw), np.uint8)
    mask[y:y + h, x:x + w] = 255
    enc = subprocess.Popen([find_tools().ffmpeg, "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "bgr24", "-s",
                            f"{fw}x{fh}", "-r", str(fps), "-i", "pipe:0", *ENCODE, str(out)], stdin=subprocess.PIPE)
    assert enc.stdin is not None
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        enc.stdin.write(cv2.inpaint(frame, mask, 3, cv2.INPAINT_TELEA).tobytes())
    enc.stdin.close()
    enc.wait()
    cap.release()


def plain_transcode(src: Path, out: Path) -> Timer:
    with Timer() as t:
        ffmpeg("-i", str(src), *ENCODE, str(out))
    return t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=float, default=8.0)
    ap.add_argument("--size", default="960x540")
    ap.add_argument("--methods", default="auto,temporal,deblend,inpaint,interp")
    ap.add_argument("--cases", default="moving-opaque,moving-translucent,static-opaque,static-translucent")
    ap.add_argument("--keep", help="keep the clips in this folder")
    ap.add_argument("--real", help="folder of real-footage cases (see the module docstring)")
    args = ap.parse_args()
    if args.real:
        return main_real(Path(args.real), args.methods.split(","), args.keep)
    w, h = (int(v) for v in args.size.split("x"))
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="mc-removal-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        for case in args.cases.split(","):
            scene, kind = case.split("-")
            clean, logod, rect, _ = make_clips(folder, args.seconds, (w, h), scene == "moving",
                                               1.0 if kind == "opaque" else 0.5)
            clean_y = read_luma(clean)
            plain = plain_transcode(logod, folder / "plain.mp4")
            before = quality(logod, clean_y, rect)
            rows.append((case, "(logo'd input)", before, None, ""))
            t = run_delogo(logod, folder / "delogo.mp4", rect)
            rows.append((case, "ffmpeg delogo", quality(folder / "delogo.mp4", clean_y, rect), speed(plain, t), ""))
            t = run_cv2_inpaint(logod, folder / "cv2.mp4", rect)
            rows.append((case, "cv2.inpaint/frame", quality(folder / "cv2.mp4", clean_y, rect), speed(plain, t), ""))
            for method in args.methods.split(","):
                out = folder / f"ours_{method}.mp4"
                t, info = run_ours(logod, out, rect, method)
                note = info["details"].get("method", "")
                rows.append((case, f"ours {method}", quality(out, clean_y, rect), speed(plain, t), note))
            print_table(rows[-(3 + len(args.methods.split(","))):], header=case == args.cases.split(",")[0])
            sys.stdout.flush()
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    print("\nsummary (all rows):")
    print_table(rows, header=True)
    return 0


def main_real(cases: Path, methods: list[str], keep: str | None) -> int:
    """The benchmark on real footage with ground truth (``--real``)."""
    import json

    folder = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="mc-removal-real-"))
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        for case_dir in sorted(p for p in cases.iterdir() if (p / "case.json").exists()):
            case = json.loads((case_dir / "case.json").read_text())
            rect = tuple(int(v) for v in case["region"])
            clean_y = read_luma(case_dir.parent.parent / case["source"])
            logod = case_dir / "wm.mp4"
            out_dir = folder / case_dir.name
            out_dir.mkdir(exist_ok=True)
            name = case_dir.name
            plain = plain_transcode(logod, out_dir / "plain.mp4")
            group = [(name, "(logo'd input)", quality(logod, clean_y, rect), None, "")]
            t = run_delogo(logod, out_dir / "delogo.mp4", rect)
            group.append((name, "ffmpeg delogo", quality(out_dir / "delogo.mp4", clean_y, rect), speed(plain, t), ""))
            t = run_cv2_inpaint(logod, out_dir / "cv2.mp4", rect)
            group.append((name, "cv2.inpaint/frame", quality(out_dir / "cv2.mp4", clean_y, rect), speed(plain, t), ""))
            for method in methods:
                out = out_dir / f"ours_{method}.mp4"
                t, info = run_ours(logod, out, rect, method)
                note = info["details"].get("method", "")
                group.append((name, f"ours {method}", quality(out, clean_y, rect), speed(plain, t), note))
            print_table(group, header=not rows)
            sys.stdout.flush()
            rows.extend(group)
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


def speed(plain: Timer, t: Timer) -> tuple[float, float]:
    """Throughput relative to the plain transcode: (by wall time, by CPU time)."""
    return plain.wall / t.wall, plain.cpu / max(t.cpu, 1e-6)


def print_table(rows: list, header: bool) -> None:
    if header:
        print(f"{'case':38s} {'method':18s} {'PSNR dB':>8s} {'SSIM':>6s} {'flicker':>8s} {'wall':>6s} {'cpu':>6s}"
              "  chosen")
    for case, name, q, sp, note in rows:
        wall, cpu = (f"{sp[0]:.2f}x", f"{sp[1]:.2f}x") if sp is not None else ("-", "-")
        print(f"{case:38s} {name:18s} {q['psnr']:8.2f} {q['ssim']:6.3f} {q['flicker']:8.2f} {wall:>6s} {cpu:>6s}"
              f"  {note}")


if __name__ == "__main__":
    raise SystemExit(main())
