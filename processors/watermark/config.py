"""Validation and defaults for a ``watermark_removal`` task's config.

Keys: ``regions`` ``[{x, y, w, h, start_s?, end_s?, mask?}]`` in display coordinates (see ``regions``;
``mask``: base64 PNG glyph mask of the rectangle), ``reference_frame`` (int, the frame the user drew
on), ``method`` (``auto`` | ``interp`` | ``inpaint`` | ``temporal`` | ``deblend``, see ``choose``),
``video_codec`` (default ``libx264``), ``crf`` (default 18), ``preset`` (default ``medium``),
``container`` (``mp4``/``mov``/``mkv``/``ts``/``avi``/``webm``; default: the input's own when it holds
H.264 well, else ``mp4``), ``audio_codec`` (``auto``/``copy``/``aac``, see ``processors.audio_setting``; copy
and aac are refused here when the container cannot hold the result's audio). Unknown keys are kept for later versions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from processors.audio_setting import audio_mode
from processors.contract import ConfigError, ErrorCode, InputError
from processors.probe import MediaInfo
from processors.watermark import caps
from processors.watermark.containers import MUXER_BY_EXT, aac_fits, audio_copy_refusal, codec_fits, default_extension
from processors.watermark.fill import METHODS
from processors.watermark.regions import RegionError, parse_regions

DEFAULTS: dict[str, Any] = {
    "method": "auto",
    "video_codec": "libx264",
    "crf": 18,
    "preset": "medium",
    "reference_frame": 0,
    "container": None,
    "audio_codec": "auto",
}
X26X_PRESETS = ("ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow",
                "placebo")


def media_of(entry: dict[str, Any]) -> MediaInfo:
    media = entry.get("media")
    if not isinstance(media, dict):
        raise InputError("the input has not been probed (no media summary)", code=ErrorCode.INPUT_INVALID,
                         details={"path": entry.get("path")})
    info = MediaInfo.from_summary(media)
    if info.main_video is None:
        raise InputError(f"{entry.get('original_filename') or entry.get('path')} has no video stream",
                         code=ErrorCode.INPUT_INVALID, details={"path": entry.get("path")})
    return info


def container_ext(container: str | None, input_name: str) -> str:
    if not container:
        return default_extension(input_name)
    ext = "." + str(container).lower().lstrip(".")
    return ".mkv" if ext == ".matroska" else ext


def validate(inputs: list[dict[str, Any]], config: dict[str, Any]) -> dict[str, Any]:
    if len(inputs) != 1:
        raise InputError(f"watermark removal takes exactly one input, got {len(inputs)}", code=ErrorCode.INPUT_INVALID)
    info = media_of(inputs[0])
    video = info.main_video
    assert video is not None
    out = {**DEFAULTS, **{k: v for k, v in config.items() if v is not None}}
    disp_w, disp_h = video.display_size
    try:
        regions = parse_regions(config.get("regions"), disp_w, disp_h, info.duration)
    except RegionError as exc:
        raise ConfigError(str(exc), details={"frame": [disp_w, disp_h]}) from exc
    if any(r.rect.w >= disp_w and r.rect.h >= disp_h for r in regions):
        raise ConfigError("a region covers the whole frame; draw it around the watermark only")
    out["regions"] = [r.to_dict() for r in regions]
    if out["method"] not in METHODS:
        raise ConfigError(f"unknown method {out['method']!r}; expected one of {', '.join(METHODS)}")
    try:
        out["reference_frame"] = int(out["reference_frame"])
        out["crf"] = float(out["crf"])
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"reference_frame and crf must be numbers: {exc}") from exc
    if out["crf"].is_integer():
        out["crf"] = int(out["crf"])
    if out["reference_frame"] < 0 or (video.frames and out["reference_frame"] >= video.frames):
        last = (video.frames or 1) - 1
        raise ConfigError(f"reference_frame {out['reference_frame']} is outside the video (0..{last})")
    if not 0 <= out["crf"] <= 63:
        raise ConfigError(f"crf must be between 0 and 63, got {out['crf']}")
    codec = str(out["video_codec"])
    if not caps.encoder_exists(codec):
        raise ConfigError(f"the video encoder {codec!r} is not available in this ffmpeg")
    if codec in ("libx264", "libx265") and out["preset"] not in X26X_PRESETS:
        raise ConfigError(f"unknown preset {out['preset']!r}; expected one of {', '.join(X26X_PRESETS)}")
    ext = container_ext(out["container"], inputs[0].get("original_filename") or inputs[0].get("path") or "")
    if ext not in MUXER_BY_EXT:
        raise ConfigError(f"unsupported container {out['container']!r}; use mp4, mov, mkv, ts, avi or webm")
    if not codec_fits(MUXER_BY_EXT[ext], codec):
        raise ConfigError(f"{ext[1:]} cannot hold {codec}; choose another container or video codec")
    out["container"] = ext[1:]
    out["audio_codec"] = _checked_audio(out, info, inputs[0].get("path") or "", ext)
    return out


def _checked_audio(config: dict[str, Any], info: MediaInfo, path: str, ext: str) -> str:
    """The ``audio_codec`` setting, refused when the container cannot hold what it asks for."""
    mode = audio_mode(config)
    muxer = MUXER_BY_EXT[ext]
    if not info.audio or mode == "auto":
        return mode
    if mode == "aac" and not aac_fits(muxer):
        raise ConfigError(f"{ext[1:]} cannot hold AAC audio: choose another format or keep the audio (copy/auto)",
                          details={"param": "audio_codec", "muxer": muxer})
    if mode == "copy" and path:
        refusal = audio_copy_refusal(path, [(a.index, a.codec) for a in info.audio], muxer, ext)
        if refusal is not None:
            raise refusal
    return mode


def default_output_name(inputs: list[dict[str, Any]], config: dict[str, Any]) -> str:
    name = (inputs[0].get("original_filename") or Path(inputs[0].get("path") or "video").name) if inputs else "video"
    return f"{Path(name).stem}_clean{container_ext(config.get('container'), name)}"
