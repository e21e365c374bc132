"""Merge config: validation, defaults, the input order and the re-encode target."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from processors.audio_setting import audio_mode
from processors.contract import ConfigError, ErrorCode, InputError
from processors.probe import MediaInfo, VideoStream, check_not_still

MODES = ("auto", "copy", "reencode")
STRATEGIES = ("auto", "two_stage", "single_pass")
VIDEO_CODECS = {"libx264": "yuv420p", "libx265": "yuv420p"}
PRESETS = ("ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow")
LAYOUTS = {1: "mono", 2: "stereo", 6: "5.1"}
VERIFY_LEVELS = ("fast", "full")
SIZE_POLICIES = ("common", "first", "largest")  # without width/height: the clips' most common size, the first's...
ORIENTATIONS = ("auto", "landscape", "portrait")
MAX_DIM = 8192


@dataclass(frozen=True)
class Target:
    """What every clip is normalised to when re-encoding."""

    width: int
    height: int
    fps: Fraction
    pix_fmt: str
    sample_rate: int
    channels: int
    has_video: bool
    has_audio: bool

    @property
    def layout(self) -> str:
        return LAYOUTS[self.channels]

    @property
    def fps_str(self) -> str:
        return f"{self.fps.numerator}/{self.fps.denominator}"


def _int(config: dict[str, Any], key: str, default: int, lo: int, hi: int) -> int:
    value = config.get(key, default)
    try:
        value = int(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{key} must be an integer", details={"key": key, "value": value}) from None
    if not lo <= value <= hi:
        raise ConfigError(f"{key} must be between {lo} and {hi}", details={"key": key, "value": value})
    return value


def media_of(entry: dict[str, Any]) -> MediaInfo:
    media = entry.get("media")
    if not isinstance(media, dict):
        raise InputError(f"{entry.get('original_filename') or entry.get('path')} was not probed",
                         code=ErrorCode.INPUT_INVALID, details={"path": entry.get("path")})
    info = MediaInfo.from_summary(media)
    if not info.video and not info.audio:
        raise InputError(f"{entry.get('original_filename')}: no audio or video stream",
                         details={"path": entry.get("path")})
    check_not_still(info)
    return info


def validate(inputs: list[dict[str, Any]], config: dict[str, Any]) -> dict[str, Any]:
    """Normalise ``config`` (see the package docstring); raise ConfigError/InputError."""
    if len(inputs) < 2:
        raise InputError("merging needs at least two inputs", code=ErrorCode.INPUT_INVALID,
                         details={"count": len(inputs)})
    for entry in inputs:
        media_of(entry)
    n = len(inputs)
    order = config.get("order")
    if order is None:
        order = list(range(n))
    try:
        order = [int(i) for i in order]
    except (TypeError, ValueError):
        raise ConfigError("order must be a list of input indexes", details={"order": order}) from None
    if sorted(order) != list(range(n)):
        raise ConfigError(f"order must be a permutation of 0..{n - 1}", details={"order": order})
    mode = str(config.get("mode", "auto")).lower()
    if mode not in MODES:
        raise ConfigError(f"mode must be one of {', '.join(MODES)}", details={"mode": mode})
    codec = str(config.get("video_codec", "libx264"))
    if codec not in VIDEO_CODECS:
        raise ConfigError(f"video_codec must be one of {', '.join(VIDEO_CODECS)}", details={"video_codec": codec})
    preset = str(config.get("preset", "medium"))
    if preset not in PRESETS:
        raise ConfigError(f"preset must be one of {', '.join(PRESETS)}", details={"preset": preset})
    strategy = str(config.get("strategy", "auto"))
    if strategy not in STRATEGIES:
        raise ConfigError(f"strategy must be one of {', '.join(STRATEGIES)}", details={"strategy": strategy})
    verify = str(config.get("verify", "fast"))
    if verify not in VERIFY_LEVELS:
        raise ConfigError(f"verify must be one of {', '.join(VERIFY_LEVELS)}", details={"verify": verify})
    out: dict[str, Any] = {
        **config,
        "order": order,
        "mode": mode,
        "video_codec": codec,
        "crf": _int(config, "crf", 20, 0, 51),
        "preset": preset,
        "strategy": strategy,
        "verify": verify,
        "audio_bitrate_k": _int(config, "audio_bitrate_k", 192, 32, 512),
        "audio_codec": audio_mode(config),
    }
    target = config.get("target") or {}
    if not isinstance(target, dict):
        raise ConfigError("target must be an object {width, height, fps}", details={"target": target})
    norm_target: dict[str, Any] = {}
    for key in ("width", "height"):
        if target.get(key) is not None:
            value = _int(target, key, 0, 16, MAX_DIM)
            norm_target[key] = value + (value % 2)  # 4:2:0 needs even sizes
    if target.get("fps") is not None:
        try:
            fps = Fraction(str(target["fps"])).limit_denominator(1001)
        except (ValueError, ZeroDivisionError):
            raise ConfigError("target fps must be a number or a ratio like 30000/1001",
                              details={"fps": target["fps"]}) from None
        if not 1 <= fps <= 240:
            raise ConfigError("target fps must be between 1 and 240", details={"fps": str(fps)})
        norm_target["fps"] = f"{fps.numerator}/{fps.denominator}"
    if ("width" in norm_target) != ("height" in norm_target):
        raise ConfigError("target needs both width and height", details={"target": target})
    size = str(target.get("size", "common"))
    if size not in SIZE_POLICIES:
        raise ConfigError(f"target size must be one of {', '.join(SIZE_POLICIES)}", details={"size": size})
    orientation = str(target.get("orientation", "auto"))
    if orientation not in ORIENTATIONS:
        raise ConfigError(f"target orientation must be one of {', '.join(ORIENTATIONS)}",
                          details={"orientation": orientation})
    if size != "common":
        norm_target["size"] = size
    if orientation != "auto":
        norm_target["orientation"] = orientation
    out["target"] = norm_target
    audio = config.get("audio") or {}
    if not isinstance(audio, dict):
        raise ConfigError("audio must be an object {sample_rate, channels}", details={"audio": audio})
    chosen = config.get("output_settings")  # what the user chose (kept when a validated config is validated again)
    if not isinstance(chosen, list):
        chosen = [k for k in ("width", "size", "orientation", "fps") if k in norm_target]
        chosen += ["sample_rate"] if audio.get("sample_rate") is not None else []
    out["output_settings"] = sorted({"size" if k in ("width", "orientation") else str(k) for k in chosen})
    channels = _int(audio, "channels", 2, 1, 6)
    if channels not in LAYOUTS:
        raise ConfigError("audio channels must be 1, 2 or 6", details={"channels": channels})
    out["audio"] = {"sample_rate": _int(audio, "sample_rate", 48000, 8000, 192000), "channels": channels}
    return out


def default_output_name(inputs: list[dict[str, Any]], config: dict[str, Any]) -> str:
    order = config.get("order") or list(range(len(inputs)))
    first = inputs[order[0]] if inputs else {}
    stem = Path(first.get("original_filename") or first.get("path") or "clips").stem or "clips"
    return f"{stem}_merged.mp4"


def display_square(v: VideoStream) -> tuple[int, int]:
    """Display size with square pixels (SAR applied to the width) and rotation applied."""
    try:
        sar = Fraction(*(int(x) for x in v.sar.split(":")))
    except (ValueError, ZeroDivisionError, TypeError):
        sar = Fraction(1)
    w = int(v.width * sar) if sar > 0 else v.width
    w, h = w - w % 2, v.height
    return (h, w) if v.rotation in (90, 270) else (w, h)


def even(x: int) -> int:
    return max(2, x - (x % 2))


def choose_target(infos: list[MediaInfo], config: dict[str, Any]) -> Target:
    """The common size (config, else the most common display size, ties -> the largest), fps and audio."""
    videos = [i.main_video for i in infos if i.main_video is not None]
    has_audio = any(i.audio for i in infos)
    tgt = config.get("target") or {}
    if tgt.get("width"):
        width, height = even(int(tgt["width"])), even(int(tgt["height"]))
    elif videos and tgt.get("size") == "first":
        width, height = display_square(videos[0])
    elif videos and tgt.get("size") == "largest":
        width, height = max((display_square(v) for v in videos), key=lambda s: (s[0] * s[1], s[0]))
    elif videos:
        sizes = Counter(display_square(v) for v in videos)
        width, height = max(sizes, key=lambda s: (sizes[s], s[0] * s[1]))
    else:
        width, height = 0, 0
    if (tgt.get("orientation") == "landscape" and height > width
            or tgt.get("orientation") == "portrait" and width > height):
        width, height = height, width
    if videos:
        width, height = even(width), even(height)
    if tgt.get("fps"):
        fps = Fraction(tgt["fps"])
    elif videos:
        fps = common_rate(videos)
    else:
        fps = Fraction(30)
    audio = config.get("audio") or {}
    codec = config.get("video_codec", "libx264")
    return Target(width=width, height=height, fps=fps, pix_fmt=VIDEO_CODECS.get(codec, "yuv420p"),
                  sample_rate=int(audio.get("sample_rate", 48000)), channels=int(audio.get("channels", 2)),
                  has_video=bool(videos), has_audio=has_audio)


STANDARD_RATES = tuple(Fraction(r) for r in ("24000/1001", "24", "25", "30000/1001", "30", "48", "50",
                                                "60000/1001", "60", "100", "120000/1001", "120"))


def _rate(text: str | None) -> Fraction | None:
    try:
        f = Fraction(text or "")
    except (ValueError, ZeroDivisionError, TypeError):
        return None
    return f if 1 <= f <= 240 else None


def clip_rate(v: VideoStream) -> Fraction:
    """The rate on which every frame of the clip falls: ``r_frame_rate`` (for VFR the finest frame spacing, not
    the average, which would drop frames), else the average, else 30."""
    rate = _rate(v.r_frame_rate) or _rate(v.avg_frame_rate) or Fraction(30)
    return rate.limit_denominator(1001)


def common_rate(videos: list[VideoStream]) -> Fraction:
    """Output rate for a re-encode: the highest clip rate, as the standard rate within 0.5 % of it (else the next
    standard rate above it), so no clip loses frames and a VFR clip's frames keep their times."""
    top = max(clip_rate(v) for v in videos)
    near = min(STANDARD_RATES, key=lambda std: abs(std - top))
    if abs(near - top) <= top * Fraction(5, 1000):
        return near
    return next((std for std in STANDARD_RATES if std > top), top)


def settings_differences(infos: list[MediaInfo], names: list[str], config: dict[str, Any]) -> list[dict[str, Any]]:
    """What the chosen output settings (``output_settings``) change compared with a stream copy, which keeps the
    first clip's size, rate and sample rate: empty when a copy gives them. Entries read like ``copy_differences``'."""
    chosen = set(config.get("output_settings") or [])
    if not chosen or not infos:
        return []
    target = choose_target(infos, config)
    first = infos[0]
    diffs: list[dict[str, Any]] = []

    def differ(stream: str, param: str, copied: str, wanted: str) -> None:
        diffs.append({"file": "the output settings", "ref_file": names[0], "stream": stream, "param": param,
                      "a": copied, "b": wanted, "setting": True})

    video = first.main_video
    if video is not None and "size" in chosen and display_square(video) != (target.width, target.height):
        w, h = display_square(video)
        differ("video", "size", f"{w}x{h}", f"{target.width}x{target.height}")
    if video is not None and "fps" in chosen and clip_rate(video) != target.fps:
        differ("video", "fps", str(clip_rate(video)), target.fps_str)
    audio = first.audio[0] if first.audio else None
    if audio is not None and "sample_rate" in chosen and audio.sample_rate != target.sample_rate:
        differ("audio", "sample_rate", str(audio.sample_rate), str(target.sample_rate))
    return diffs
