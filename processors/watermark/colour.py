"""The source's colour description, so the encoder tags the output the same way.

Raw frames in NUT lose the colour range/matrix/primaries/transfer tags; without them an HDR or
full-range source would come out mislabelled. ffprobe answers when present; otherwise the
``yuv420p(tv, bt709, progressive)`` part of ``ffmpeg -i`` is parsed.
"""

from __future__ import annotations

import json
import os
import re
import subprocess

from processors.ffbin import child_env, find_tools

_KEYS = ("color_range", "color_space", "color_primaries", "color_transfer")
_OPTION = {"color_range": "-color_range", "color_space": "-colorspace", "color_primaries": "-color_primaries",
           "color_transfer": "-color_trc"}


def _run(args: list[str]) -> subprocess.CompletedProcess[bytes] | None:
    try:
        return subprocess.run(args, capture_output=True, timeout=60, stdin=subprocess.DEVNULL, check=False,
                              env=child_env())
    except (OSError, subprocess.TimeoutExpired):
        return None


def source_colour(path: str, stream_index: int | None = None) -> dict[str, str]:
    """``{color_range, color_space, color_primaries, color_transfer}`` where known (never 'unknown')."""
    tools = find_tools()
    arg = "file:" + os.path.abspath(path)
    out: dict[str, str] = {}
    if tools.ffprobe:
        sel = str(stream_index) if stream_index is not None else "v:0"
        res = _run([tools.ffprobe, "-v", "error", "-select_streams", sel, "-show_entries",
                    "stream=" + ",".join(_KEYS), "-of", "json", arg])
        if res is not None and res.returncode == 0:
            try:
                streams = json.loads(res.stdout.decode("utf-8", "replace")).get("streams") or []
            except json.JSONDecodeError:
                streams = []
            if streams:
                out = {k: str(v) for k, v in streams[0].items() if k in _KEYS}
    else:
        res = _run([tools.ffmpeg, "-hide_banner", "-nostdin", "-i", arg])
        text = res.stderr.decode("utf-8", "replace") if res is not None else ""
        m = re.search(r"Stream #\d+:\d+.*?: Video: .*?, [a-z0-9_]+\(([^)]*)\)", text)
        if m:
            parts = [p.strip() for p in m.group(1).split(",")]
            for part in parts:
                if part in ("tv", "pc"):
                    out["color_range"] = part
                elif "/" in part:
                    space, prim, trc = (part.split("/") + ["", ""])[:3]
                    out.update(color_space=space, color_primaries=prim, color_transfer=trc)
                elif part.startswith(("bt", "smpte", "fcc")):
                    out.update(color_space=part, color_primaries=part, color_transfer=part)
    return {k: v for k, v in out.items() if v and v not in ("unknown", "unspecified", "reserved")}


def colour_args(colour: dict[str, str]) -> list[str]:
    args: list[str] = []
    for key, value in colour.items():
        args += [_OPTION[key], value]
    return args
