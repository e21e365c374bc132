"""Random access to the frames of a video for the GUI: ``FrameReader(path)``.

* Frames are BGR ``uint8`` arrays ``(height, width, 3)`` in **display orientation** (OpenCV applies
  the rotation metadata), so regions drawn on them are in the display coordinates the watermark
  processor expects.
* Frame ``i`` is the ``i``-th decoded frame, the same numbering the watermark pipeline uses.
* ``read(index)``: the next frame is a plain decode; a short hop forward decodes forward without
  seeking; anything else seeks to the keyframe before the target and decodes up to it. For
  variable-frame-rate files the target is found by its exact timestamp (a packet timestamp list
  is read once, lazily), so the index stays accurate where ``frame number = time x fps`` is not.
* Stepping backwards frame by frame (the expensive direction) keeps the frames decoded on the way
  to the target, so only every ~12th step back pays for a seek. Recent frames are kept (80 MB).
* One ``cv2.VideoCapture`` is kept open and reused. A reader is meant to live on one worker thread
  (never the UI thread); calls are serialised by an internal lock, so sharing it is safe but slow.
"""

from __future__ import annotations

import bisect
import os
import re
import subprocess
import threading
from collections import OrderedDict
from fractions import Fraction

import cv2
import numpy as np

from processors.contract import ErrorCode, InputError
from processors.ffbin import child_env, find_tools

FORWARD_DECODE_MAX = 48  # frames: a hop forward shorter than this decodes on instead of seeking
SEEK_BACKOFF = (2, 8, 32, 128)  # extra frames to seek before the target when a seek lands late
STEP_BACK_PREFETCH = 12  # frames kept before the target when the user steps backwards
RECENT_BYTES = 80 * 1024 * 1024  # decoded frames kept (1080p: ~13, 4K: ~3)


def _packet_pts(path: str, stream_index: int) -> tuple[list[int], Fraction] | None:
    """Sorted presentation timestamps of every packet of one video stream, and the time base."""
    tools = find_tools()
    if tools.ffprobe:
        args = [tools.ffprobe, "-v", "error", "-select_streams", str(stream_index), "-show_entries",
                "stream=time_base:packet=pts", "-of", "compact=p=0:nk=1", "file:" + os.path.abspath(path)]
        try:
            res = subprocess.run(args, capture_output=True, timeout=600, check=False, env=child_env())
        except (OSError, subprocess.TimeoutExpired):
            res = None
        if res is not None and res.returncode == 0:
            lines = res.stdout.decode("ascii", "replace").split()
            tb_lines = [ln for ln in lines if "/" in ln]
            pts = sorted(int(ln) for ln in lines if ln.lstrip("-").isdigit())
            if tb_lines and pts:
                num, den = tb_lines[-1].split("/")
                return pts, Fraction(int(num), int(den))
    args = [tools.ffmpeg, "-hide_banner", "-nostdin", "-v", "error", "-i", "file:" + os.path.abspath(path),
            "-map", f"0:{stream_index}", "-c", "copy", "-f", "framecrc", "-"]
    try:
        res = subprocess.run(args, capture_output=True, timeout=600, check=False, env=child_env())
    except (OSError, subprocess.TimeoutExpired):
        return None
    if res.returncode != 0:
        return None
    text = res.stdout.decode("ascii", "replace")
    m = re.search(r"^#tb \d+: (\d+)/(\d+)", text, re.M)
    if not m:
        return None
    pts = []
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        parts = [p.strip() for p in line.split(",")]
        if len(parts) >= 3:
            try:
                pts.append(int(parts[2]))
            except ValueError:
                continue
    pts.sort()
    return pts, Fraction(int(m.group(1)), int(m.group(2)))


class FrameReader:
    """See the module docstring. Raises ``InputError`` if the file cannot be opened."""

    def __init__(self, path: str) -> None:
        self.path = os.path.abspath(path)
        if not os.path.isfile(self.path):
            raise InputError(f"input not found: {path}", code=ErrorCode.INPUT_MISSING, details={"path": self.path})
        self._lock = threading.RLock()
        self._cap = self._open()
        from processors.probe import probe

        info = probe(self.path)
        video = info.main_video
        if video is None:
            self._cap.release()
            raise InputError(f"no video stream in {os.path.basename(path)}", code=ErrorCode.INPUT_INVALID)
        self.info = info
        self._stream_index = video.index
        self._vfr = bool(video.is_vfr)
        self.fps = float(video.fps or self._cap.get(cv2.CAP_PROP_FPS) or 0.0)
        w = int(self._cap.get(cv2.CAP_PROP_FRAME_WIDTH))
        h = int(self._cap.get(cv2.CAP_PROP_FRAME_HEIGHT))
        self.size = (w, h) if w and h else video.display_size
        self._pts: list[int] | None = None
        self._tb: Fraction | None = None
        self._times: list[float] | None = None
        count = video.frames or int(self._cap.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
        if self._vfr or not video.frames:
            self._load_pts()
            if self._pts:
                count = len(self._pts)
        self.frame_count = int(count)
        self._cur = -1  # index of the frame the capture holds (last grabbed); -1: next grab is frame 0
        self._recent: OrderedDict[int, np.ndarray] = OrderedDict()  # decoded frames, newest last
        self._recent_bytes = 0
        self._last_index = -1
    def _open(self) -> cv2.VideoCapture:
        cap = cv2.VideoCapture(self.path, cv2.CAP_FFMPEG)
        if not cap.isOpened():
            raise InputError(f"cannot open {os.path.basename(self.path)} for reading frames",
                             details={"path": self.path})
        cap.set(cv2.CAP_PROP_ORIENTATION_AUTO, 1)
        return cap

    def _load_pts(self) -> None:
        found = _packet_pts(self.path, self._stream_index)
        if found:
            self._pts, self._tb = found

    # -- public --------------------------------------------------------------------------------
    def time_of(self, index: int) -> float:
        """Presentation time (s, from the first frame) of frame ``index``."""
        if self._pts and self._tb is not None and 0 <= index < len(self._pts):
            return float((self._pts[index] - self._pts[0]) * self._tb)
        return index / self.fps if self.fps else 0.0

    def index_at(self, time_s: float) -> int:
        """The frame shown at ``time_s`` (the last one starting at or before it)."""
        if self._pts and self._tb is not None:
            target = self._pts[0] + time_s / self._tb
            return max(0, min(len(self._pts) - 1, bisect.bisect_right(self._pts, target + 1e-9) - 1))
        return max(0, min(self.frame_count - 1, int(time_s * self.fps + 1e-6))) if self.fps else 0

    def read(self, index: int) -> np.ndarray:
        """Frame ``index`` (0-based) as BGR in display orientation; IndexError outside the video."""
        index = int(index)
        if index < 0 or (self.frame_count and index >= self.frame_count):
            raise IndexError(f"frame {index} is outside 0..{self.frame_count - 1}")
        with self._lock:
            cached = self._recent.get(index)
            if cached is not None:
                self._recent.move_to_end(index)
                self._last_index = index
                return cached.copy()
            # Stepping backwards costs a seek and a decode from the keyframe each time: land a few
            # frames earlier and keep those on the way, so the next steps back are instant.
            keep_from = max(0, index - self._prefetch_count()) if index == self._last_index - 1 else index
            if not self._cur <= index < self._cur + 1 + FORWARD_DECODE_MAX:
                self._seek(keep_from)
            while self._cur < index:
                self._grab()
                if keep_from <= self._cur < index:
                    self._remember(self._cur, self._retrieve(self._cur))
            frame = self._retrieve(index)
            self._remember(index, frame)
            self._last_index = index
            return frame.copy()

    def _retrieve(self, index: int) -> np.ndarray:
        ok, frame = self._cap.retrieve()
        if not ok or frame is None:
            raise IndexError(f"frame {index} could not be decoded")
        return frame

    def _prefetch_count(self) -> int:
        w, h = self.size
        return max(1, min(STEP_BACK_PREFETCH, RECENT_BYTES // max(1, w * h * 3) - 1))

    def _remember(self, index: int, frame: np.ndarray) -> None:
        old = self._recent.pop(index, None)
        if old is not None:
            self._recent_bytes -= old.nbytes
        self._recent[index] = frame
        self._recent_bytes += frame.nbytes
        while self._recent_bytes > RECENT_BYTES and len(self._recent) > 1:
            _, dropped = self._recent.popitem(last=False)
            self._recent_bytes -= dropped.nbytes

    def thumbnail(self, max_side: int, index: int = 0) -> np.ndarray:
        """Frame ``index`` scaled to fit ``max_side`` pixels (aspect kept)."""
        frame = self.read(min(index, max(0, self.frame_count - 1)))
        h, w = frame.shape[:2]
        scale = min(1.0, max_side / max(h, w))
        if scale >= 1.0:
            return frame
        return cv2.resize(frame, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)

    def close(self) -> None:
        with self._lock:
            self._cap.release()

    def __enter__(self) -> FrameReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals -----------------------------------------------------------------------------
    def _grab(self) -> None:
        if not self._cap.grab():
            raise IndexError(f"frame {self._cur + 1} could not be decoded (end of stream)")
        self._cur += 1

    def _times_ms(self) -> list[float]:
        if self._times is None:
            assert self._pts is not None and self._tb is not None
            first, tb = self._pts[0], self._tb
            self._times = [float((p - first) * tb) * 1000.0 for p in self._pts]
        return self._times

    def _index_of_ms(self, ms: float) -> int | None:
        """The frame whose time matches ``ms`` (within half a frame gap), or None."""
        times = self._times_ms()
        i = bisect.bisect_left(times, ms)
        best = min((j for j in (i - 1, i) if 0 <= j < len(times)), key=lambda j: abs(times[j] - ms), default=None)
        if best is None:
            return None
        gap = min((abs(times[k + 1] - times[k]) for k in (best - 1, best) if 0 <= k < len(times) - 1), default=1.0)
        return best if abs(times[best] - ms) <= max(0.5, gap / 2) else None

    def _seek(self, index: int) -> None:
        """Position the capture so that ``self._cur <= index`` and the next grab is frame ``_cur + 1``."""
        if index == 0 or not (self._pts and self._tb is not None):
            # Constant rate: OpenCV seeks to the keyframe before the target and decodes up to it.
            self._cap.set(cv2.CAP_PROP_POS_FRAMES, index)
            self._cur = index - 1
            return
        # Variable rate: land before the target by time, then find where we are by timestamp.
        times = self._times_ms()
        for back in SEEK_BACKOFF:
            guess = max(0, int(times[index] / 1000.0 * self.fps) - back)
            self._cap.set(cv2.CAP_PROP_POS_FRAMES, guess)
            if not self._cap.grab():
                continue
            here = self._index_of_ms(self._cap.get(cv2.CAP_PROP_POS_MSEC))
            if here is not None and here <= index:
                self._cur = here
                return
            if guess == 0:
                break
        self._cap.set(cv2.CAP_PROP_POS_FRAMES, 0)  # last resort: decode from the start
        self._cur = -1
