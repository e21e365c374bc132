"""Make small test clips with ffmpeg's lavfi sources (no media is committed)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from processors.ffbin import find_tools


def make_clip(
    path: Path,
    *,
    duration: float = 2.0,
    size: str = "320x240",
    fps: str = "25",
    video: str = "testsrc2",
    audio: str | None = "sine=frequency=440:sample_rate=48000",
    vcodec: list[str] | None = None,
    acodec: list[str] | None = None,
    extra: list[str] | None = None,
) -> Path:
    """Write a clip with a lavfi video source (None for audio-only) and optional audio source."""
    args = [find_tools().ffmpeg, "-v", "error", "-y"]
    if video is not None:
        args += ["-f", "lavfi", "-i", f"{video}=size={size}:rate={fps}:duration={duration}"]
    if audio is not None:
        args += ["-f", "lavfi", "-i", f"{audio}:duration={duration}"]
    if video is not None:
        args += vcodec if vcodec is not None else ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
    if audio is not None:
        args += acodec if acodec is not None else ["-c:a", "aac", "-b:a", "96k"]
    args += list(extra or [])
    args += ["-t", str(duration), str(path)]
    subprocess.run(args, check=True, capture_output=True)
    return path
