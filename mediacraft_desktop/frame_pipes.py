"""Long-lived ffmpeg decode pipes for the viewer: frame streams and the keyframe scan (no Qt).

* ``FrameStream(path, start_s, size, step=1)`` decodes the first video stream from ``start_s`` (seconds on the
  file's timeline, as ``-ss`` counts them: accurate seek, the first frame is the first one at or after it)
  into raw BGR frames of ``size`` (display orientation: ffmpeg autorotates), one per decoded frame (VFR kept).
  With ``step`` > 1 only every ``step``-th frame is converted and passed on (fast playback).
  ``read()`` returns the next frame or None at the end; ``close()`` kills the child. Meant to be read on one
  worker thread (the frame session or the player), never the UI thread.
* ``seek_time(time_of, offset, index)`` is the ``start_s`` that starts a stream exactly at frame ``index``;
  ``video_offset(probe info)`` is where the main video starts on the file's timeline.
* ``scan_keyframes(path, size, max_side, on_keyframe, cancel)`` decodes only the keyframes
  (``-skip_frame nokey``), scaled to fit ``max_side``, and calls ``on_keyframe(time_s, bgr)`` for each in
  order (``time_s`` on the same timeline as ``start_s``).

Both run ``ffmpeg`` through ``processors.ffrun.FfmpegProcess`` (argument lists, ``file:`` inputs, every child
reaped and killed at exit).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any

import numpy as np

from processors.contract import CancelToken
from processors.ffrun import FfmpegProcess, ffmpeg_version, input_arg

_SHOWINFO_TIME = re.compile(r"\bn:\s*\d+\b.*\bpts_time:\s*(-?[\d.]+(?:e-?\d+)?)")


def _passthrough() -> list[str]:
    """One output frame per decoded frame (the option's name changed in ffmpeg 5.1)."""
    return ["-fps_mode", "passthrough"] if ffmpeg_version() >= (5, 1) else ["-vsync", "passthrough"]


def thumb_size(size: tuple[int, int], max_side: int) -> tuple[int, int]:
    """``size`` scaled to fit ``max_side`` (never up), even sides."""
    w, h = size
    scale = min(1.0, max_side / max(1, w, h))
    return max(2, round(w * scale / 2) * 2), max(2, round(h * scale / 2) * 2)


def _read_exact(proc: FfmpegProcess, buffer: bytearray) -> bool:
    """Fill ``buffer`` from ffmpeg's stdout; False at the end of the stream (a partial frame is dropped)."""
    assert proc.stdout is not None
    view = memoryview(buffer)
    while view:
        try:
            n = proc.stdout.readinto(view)
        except (OSError, ValueError):  # closed under us (close() from another thread)
            return False
        if not n:
            return False
        view = view[n:]
    return True


class FrameStream:
    """Sequential BGR frames of one file from a start time; see the module docstring."""

    def __init__(self, path: str, start_s: float, size: tuple[int, int], *, step: int = 1, threads: int = 0) -> None:
        self.size = (int(size[0]), int(size[1]))
        w, h = self.size
        keep = f"select=not(mod(n\\,{int(step)}))," if step > 1 else ""  # fast playback: every step-th frame
        args = []
        if start_s > 0:
            args += ["-ss", f"{start_s:.6f}"]
        args += ["-threads", str(threads), "-i", input_arg(path), "-map", "0:v:0", "-an", "-sn", "-dn",
                 *_passthrough(), "-vf", f"{keep}scale={w}:{h}", "-pix_fmt", "bgr24", "-f", "rawvideo", "-"]
        self._proc = FfmpegProcess(["-v", "error", *args], stdin="null", stdout_data=True,
                                   what="frame stream").start()
        self._lock = threading.Lock()
        self._closed = False
        self.frames_read = 0

    def read(self) -> np.ndarray | None:
        """The next frame (a new array), or None at the end of the video or after ``close()``."""
        if self._closed:
            return None
        w, h = self.size
        buffer = bytearray(w * h * 3)
        if not _read_exact(self._proc, buffer):
            return None
        self.frames_read += 1
        return np.frombuffer(buffer, np.uint8).reshape(h, w, 3)

    def close(self) -> None:
        """Stop the decoder (any thread); a blocked ``read`` returns None."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._proc.kill()
        self._proc.wait(5)

    def __enter__(self) -> FrameStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def scan_keyframes(path: str, size: tuple[int, int], max_side: int,
                   on_keyframe: Callable[[float, np.ndarray], None], cancel: CancelToken) -> int:
    """Decode every keyframe of ``path`` scaled to fit ``max_side``; returns how many were reported."""
    tw, th = thumb_size(size, max_side)
    times: list[float] = []
    cond = threading.Condition()

    def on_line(line: str) -> None:
        m = _SHOWINFO_TIME.search(line)
        if m and "showinfo" in line:
            with cond:
                times.append(float(m.group(1)))
                cond.notify_all()

    args = ["-v", "info", "-nostats", "-skip_frame", "nokey", "-threads", "1", "-i", input_arg(path), "-map",
            "0:v:0", "-an", "-sn", "-dn", *_passthrough(), "-vf", f"scale={tw}:{th},showinfo",
            "-pix_fmt", "bgr24", "-f", "rawvideo", "-"]
    proc = FfmpegProcess(args, stdin="null", stdout_data=True, cancel=cancel, on_stderr_line=on_line,
                         what="keyframe scan", tail_lines=4)
    count = 0
    with proc:
        while not cancel.cancelled:
            buffer = bytearray(tw * th * 3)
            if not _read_exact(proc, buffer):
                break
            with cond:  # showinfo prints a frame's line before the frame reaches the pipe; allow for the reader
                cond.wait_for(lambda n=count: len(times) > n, timeout=5)
                if len(times) <= count:
                    break
                t = times[count]
            on_keyframe(t, np.frombuffer(buffer, np.uint8).reshape(th, tw, 3))
            count += 1
        if cancel.cancelled or proc.returncode is None:
            proc.kill()
    return count


def seek_time(time_of: Callable[[int], float], offset_s: float, index: int) -> float:
    """The ``-ss`` time whose accurate seek starts exactly at frame ``index``: halfway to the previous frame."""
    if index <= 0:
        return 0.0
    return offset_s + (time_of(index) + time_of(index - 1)) / 2


def video_offset(info: Any) -> float:
    """Seconds from the file's start (ffmpeg's ``-ss`` zero) to the first frame of its main video."""
    video = getattr(info, "main_video", None)
    if video is None:
        return 0.0
    starts = [s.start_time for s in (*getattr(info, "video", ()), *getattr(info, "audio", ()))
              if getattr(s, "start_time", None) is not None]
    return max(0.0, float(video.start_time) - min(starts)) if starts else 0.0
