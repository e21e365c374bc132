"""Sample short runs of frames spread over a video, cropped, as numpy arrays (for the analysis passes).

One ``ffmpeg -ss T -i SRC -frames:v N`` per sample point (input seeking is frame-accurate when
decoding), so a long video costs no more than a short one; a short video (up to
``SINGLE_PASS_FRAMES``) is decoded once with a ``select`` filter instead. ``run`` consecutive frames are taken at
each point so that motion between neighbouring frames can be measured too.

* ``display=True``: BGR frames in display orientation (what ``FrameReader`` and the GUI show).
* ``display=False``: the pipeline's working planes (``pix_fmt``) in stored orientation (``-noautorotate``).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass

import numpy as np

from processors.contract import CancelToken, ErrorCode, InputError
from processors.ffbin import child_env, find_tools
from processors.ffrun import input_arg
from processors.probe import MediaInfo
from processors.watermark import caps
from processors.watermark.planes import FrameLayout, layout_for
from processors.watermark.regions import Rect

SINGLE_PASS_FRAMES = 1500  # up to this many frames one sequential decode beats seeking per sample


@dataclass
class Samples:
    """Frames of ``points`` runs: ``groups[i]`` is a list of frames (BGR arrays or plane lists)."""

    crop: Rect
    groups: list[list]
    layout: FrameLayout | None = None  # planes mode only
    scale: float = 1.0  # crop pixels per sample pixel (``max_width``)

    def flat(self) -> list:
        return [f for g in self.groups for f in g]


def align_crop(rect: Rect, frame_w: int, frame_h: int, margin: int) -> Rect:
    """``rect`` grown by ``margin`` on each side, clipped to the frame, with an even origin (chroma-aligned)."""
    x0, y0 = max(0, rect.x - margin) & ~1, max(0, rect.y - margin) & ~1
    return Rect(x0, y0, min(frame_w, rect.x1 + margin) - x0, min(frame_h, rect.y1 + margin) - y0)


def sample_times(duration: float, fps: float, points: int, run: int) -> list[float]:
    """Start times of ``points`` evenly spread runs of ``run`` frames inside ``duration``."""
    usable = max(0.0, duration - (run + 1) / max(fps, 1.0))
    if usable <= 0 or points <= 1:
        return [0.0]
    return [usable * (i + 0.5) / points for i in range(points)]


def sample(path: str, media: dict | MediaInfo, crop: Rect | None, *, points: int = 16, run: int = 3,
           display: bool = True, pix_fmt: str = "yuv420p", stream_index: int | None = None,
           max_width: int | None = None, cancel: CancelToken | None = None) -> Samples:
    """Frames at ``points`` places of ``path`` (``media``: its probe summary), cropped to ``crop`` (None: whole).

    ``max_width`` (BGR mode): frames wider are scaled down to it (``Samples.scale`` says by how much).
    """
    info = media if isinstance(media, MediaInfo) else MediaInfo.from_summary(media)
    video = info.main_video
    if video is None:
        raise InputError("the input has no video stream", code=ErrorCode.INPUT_INVALID)
    width, height = video.display_size if display else (video.width, video.height)
    duration = float(video.duration or info.duration or 0.0)
    fps = float(video.fps or 25.0)
    if crop is None:
        crop = Rect(0, 0, width, height)
    index = stream_index if stream_index is not None else video.index
    tools = find_tools()
    out_w, out_h, scale_vf = crop.w, crop.h, ""
    if display and max_width and crop.w > max_width:
        out_w, out_h = max_width, max(2, int(round(crop.h * max_width / crop.w / 2)) * 2)
        scale_vf = f",scale={out_w}:{out_h}:flags=area"
    if display:
        fmt, frame_bytes, layout = "bgr24", out_w * out_h * 3, None
    else:
        layout = layout_for(pix_fmt, crop.w, crop.h)
        fmt, frame_bytes = pix_fmt, layout.frame_size
    total = video.frames or int(duration * fps)
    base = ["-an", "-sn", "-map", f"0:{index}", "-pix_fmt", fmt, "-f", "rawvideo", "pipe:1"]
    crop_vf = f"crop={crop.w}:{crop.h}:{crop.x}:{crop.y}:exact=1{scale_vf}"
    pre = [tools.ffmpeg, "-hide_banner", "-nostdin", "-v", "error"] + ([] if display else ["-noautorotate"])
    groups: list[list] = []
    if 0 < total <= SINGLE_PASS_FRAMES:  # short: one decode, every k-th run of frames kept
        step = max(run, total // max(1, points))
        args = [*pre, "-i", input_arg(path), "-vf", f"select='lt(mod(n,{step}),{run})',{crop_vf}",
                *caps.caps().passthrough, *base]
        frames = _frames(_run(args, cancel), frame_bytes, (out_w, out_h), layout)
        groups = [frames[i:i + run] for i in range(0, len(frames), run)]
        return Samples(crop, [g for g in groups if g], layout, crop.w / out_w)
    for t in sample_times(duration, fps, points, run):
        if cancel is not None:
            cancel.raise_if_cancelled()
        seek = ["-ss", f"{t:.3f}"] if t > 0 else []
        args = [*pre, *seek, "-i", input_arg(path), "-frames:v", str(run), "-vf", crop_vf, *base]
        frames = _frames(_run(args, cancel), frame_bytes, (out_w, out_h), layout)
        if frames:
            groups.append(frames)
    return Samples(crop, groups, layout, crop.w / out_w)


def _run(args: list[str], cancel: CancelToken | None) -> bytes:
    if cancel is not None:
        cancel.raise_if_cancelled()
    res = subprocess.run(args, capture_output=True, timeout=600, check=False, env=child_env())
    if cancel is not None:
        cancel.raise_if_cancelled()
    return res.stdout


def _frames(data: bytes, frame_bytes: int, size: tuple[int, int], layout: FrameLayout | None) -> list:
    out = []
    for k in range(len(data) // frame_bytes):
        chunk = data[k * frame_bytes:(k + 1) * frame_bytes]
        if layout is None:
            out.append(np.frombuffer(chunk, np.uint8).reshape(size[1], size[0], 3))
        else:
            out.append([p.copy() for p in layout.views(chunk)])
    return out
