"""What the ffmpeg in use can do (version-dependent option spellings, encoder pixel formats)."""

from __future__ import annotations

import functools
import re
import subprocess
from dataclasses import dataclass

from processors.ffbin import child_env, find_tools


@dataclass(frozen=True)
class FfmpegCaps:
    binary: str
    major: int  # 0 when unknown (git builds): assume current
    display_rotation: bool  # input option -display_rotation (ffmpeg >= 7)
    fps_mode: bool  # -fps_mode (>= 5.1) rather than -vsync

    @property
    def enc_time_base_demux(self) -> list[str]:
        """Encoder time base = the input stream's (keeps every timestamp exact)."""
        return ["-enc_time_base", "demux" if self.major == 0 or self.major >= 7 else "-1"]

    @property
    def passthrough(self) -> list[str]:
        """One output frame per input frame, timestamps untouched."""
        return ["-fps_mode", "passthrough"] if self.fps_mode else ["-vsync", "passthrough"]


def _run(binary: str, *args: str) -> str:
    try:
        res = subprocess.run([binary, "-hide_banner", *args], capture_output=True, timeout=30,
                             stdin=subprocess.DEVNULL, check=False, env=child_env())
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return res.stdout.decode("utf-8", "replace") + res.stderr.decode("utf-8", "replace")


@functools.cache
def caps_for(binary: str) -> FfmpegCaps:
    version = _run(binary, "-version")
    m = re.search(r"ffmpeg version n?(\d+)\.(\d+)", version)
    major, minor = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
    help_text = _run(binary, "-h", "full")
    return FfmpegCaps(
        binary=binary,
        major=major,
        display_rotation="-display_rotation" in help_text,
        fps_mode="-fps_mode" in help_text or (major, minor) >= (5, 1) or major == 0,
    )


def caps() -> FfmpegCaps:
    return caps_for(find_tools().ffmpeg)


@functools.cache
def _encoder_pix_fmts(binary: str, encoder: str) -> tuple[str, ...] | None:
    text = _run(binary, "-h", f"encoder={encoder}")
    if "Unknown encoder" in text or not text.strip():
        return None
    m = re.search(r"Supported pixel formats:\s*([^\n]+)", text)
    return tuple(m.group(1).split()) if m else ()


def encoder_exists(encoder: str) -> bool:
    return _encoder_pix_fmts(find_tools().ffmpeg, encoder) is not None


def encoder_pix_fmts(encoder: str) -> tuple[str, ...]:
    """Pixel formats ``encoder`` accepts (empty when ffmpeg does not list them)."""
    return _encoder_pix_fmts(find_tools().ffmpeg, encoder) or ()
