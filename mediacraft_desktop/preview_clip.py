"""A short stretch of a video with the removal applied, as a small temporary video to play (no Qt).

``make_preview_clip(path, first, count, regions, method, fps, cancel, progress)`` runs frames ``first`` ..
``first + count - 1`` through the removal preview (``processors.watermark.preview.preview_frame``: the run's
analysis and fill code, regions with time ranges applied per frame) and encodes them (x264 ultrafast,
CRF 10, 4:4:4, Matroska) into a fresh private folder. It returns ``(clip path, (width, height))``; the clip is
written as ``clip.part.mkv`` and renamed to ``clip.mkv`` only once the encoder has finished cleanly. A
cancel (``Cancelled``) or a failure removes the folder; the caller deletes it after use.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from typing import Any

from processors.contract import Cancelled, CancelReason, CancelToken

CLIP_NAME = "clip.mkv"


def make_preview_clip(path: str, first: int, count: int, regions: list[dict[str, Any]], method: str, fps: float,
                      cancel: CancelToken, progress: Callable[[int], None]) -> tuple[str, tuple[int, int]]:
    """See the module docstring; ``progress(frames done)`` after each frame."""
    from processors.ffrun import FfmpegProcess, input_arg
    from processors.watermark.preview import preview_frame

    folder = tempfile.mkdtemp(prefix="mediacraft-clip-")
    part, final = os.path.join(folder, "clip.part.mkv"), os.path.join(folder, CLIP_NAME)
    encoder: Any = None
    size = (0, 0)
    try:
        for k in range(count):
            if cancel.cancelled:
                raise Cancelled(cancel.reason or CancelReason.USER)
            _original, processed = preview_frame(path, first + k, regions, method)
            if encoder is None:
                size = (processed.shape[1], processed.shape[0])
                encoder = FfmpegProcess(
                    ["-v", "error", "-f", "rawvideo", "-pix_fmt", "bgr24", "-s", f"{size[0]}x{size[1]}",
                     "-r", f"{fps or 25:.6f}", "-i", "-", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "10",
                     "-pix_fmt", "yuv444p", "-f", "matroska", input_arg(part)],
                    stdin="data", cancel=cancel, what="preview clip").start()
            assert encoder.stdin is not None
            encoder.stdin.write(processed.tobytes())
            progress(k + 1)
        if encoder is None:
            raise ValueError("no frame to make a preview clip of")
        encoder.stdin.close()
        encoder.check()
        os.replace(part, final)
        return final, size
    except BaseException:
        if encoder is not None and encoder.returncode is None:
            encoder.kill()
        shutil.rmtree(folder, ignore_errors=True)
        raise
