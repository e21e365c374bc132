"""Locate the ffmpeg and ffprobe executables.

Order: ``MEDIACRAFT_FFMPEG``/``MEDIACRAFT_FFPROBE`` environment overrides, then the system
binaries on PATH, then the ffmpeg shipped by the ``imageio-ffmpeg`` wheel (which has no
ffprobe: probing then falls back to parsing ``ffmpeg -i``). ``MEDIACRAFT_FFMPEG_SOURCE=bundled``
skips the system binaries (tests use it to exercise the fallback).
"""

from __future__ import annotations

import functools
import os
import shutil
from dataclasses import dataclass

from processors.contract import ErrorCode, ProcessingError


@dataclass(frozen=True)
class FfmpegTools:
    ffmpeg: str
    ffprobe: str | None  # None: probe by parsing ``ffmpeg -i`` output
    source: str  # "env", "system" or "bundled"


def _bundled_ffmpeg() -> str | None:
    try:
        import imageio_ffmpeg
    except ImportError:
        return None
    try:
        return imageio_ffmpeg.get_ffmpeg_exe()
    except RuntimeError:
        return None


@functools.cache
def find_tools() -> FfmpegTools:
    """Return the tools to use; raise ``ProcessingError(ffmpeg_missing)`` if there is no ffmpeg."""
    env_ffmpeg = os.environ.get("MEDIACRAFT_FFMPEG")
    if env_ffmpeg:
        return FfmpegTools(env_ffmpeg, os.environ.get("MEDIACRAFT_FFPROBE") or None, "env")
    if os.environ.get("MEDIACRAFT_FFMPEG_SOURCE", "").lower() != "bundled":
        system_ffmpeg = shutil.which("ffmpeg")
        if system_ffmpeg:
            return FfmpegTools(system_ffmpeg, shutil.which("ffprobe"), "system")
    bundled = _bundled_ffmpeg()
    if bundled:
        return FfmpegTools(bundled, None, "bundled")
    raise ProcessingError(
        "ffmpeg was not found on PATH and the imageio-ffmpeg package provides none",
        code=ErrorCode.FFMPEG_MISSING,
    )


def child_env() -> dict[str, str]:
    """Environment for ffmpeg/ffprobe children: ``LD_LIBRARY_PATH`` without empty entries.

    opencv-python's loader appends ``<site-packages>/lib64:`` to ``LD_LIBRARY_PATH``; the trailing empty
    entry makes the dynamic linker search the *current directory* of every child, so a stray ``libav*.so``
    next to the user's files could be loaded into ffmpeg. Children get the variable without empty entries
    and without opencv's additions.
    """
    env = dict(os.environ)
    value = env.pop("LD_LIBRARY_PATH", None)
    if value:
        kept = [p for p in value.split(os.pathsep) if p and f"{os.sep}cv2{os.sep}" not in p]
        if kept:
            env["LD_LIBRARY_PATH"] = os.pathsep.join(kept)
    return env
