"""Can these clips be joined with the concat demuxer and ``-c copy``? Every difference, as data.

Each difference is ``{"file", "stream", "param", "a", "b"}``: ``a`` is the first clip's value (named in
``ref_file``), ``b`` the differing clip's. A clip whose audio and video lengths differ is reported with
``a`` = video duration and ``b`` = audio duration (copying it would shift every later clip).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from processors.probe import AudioStream, MediaInfo, VideoStream, rate_to_float

AV_GAP_TOLERANCE_S = 0.1  # AAC priming / last-frame rounding stays well under this


@dataclass
class Clip:
    """One input in merge order."""

    position: int  # place in the merged output (0-based)
    input_index: int  # index in the task's inputs
    path: str
    name: str  # the user's file name, for messages
    info: MediaInfo

    @property
    def duration(self) -> float:
        """Length this clip contributes: the container duration, else the longest stream."""
        if self.info.duration:
            return float(self.info.duration)
        spans = [s.duration for s in [*self.real_video, *self.info.audio] if s.duration]
        return max(spans) if spans else 0.0

    @property
    def real_video(self) -> list[VideoStream]:
        return [v for v in self.info.video if not v.attached_pic]

    @property
    def layout(self) -> list[str]:
        """Kinds of the streams the concat demuxer would carry, in index order (cover art excluded)."""
        streams: list[tuple[int, str]] = [(v.index, "video") for v in self.real_video]
        streams += [(a.index, "audio") for a in self.info.audio]
        return [kind for _i, kind in sorted(streams)]


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.3f}".rstrip("0").rstrip(".")
    return "none" if v is None else str(v)


def _fps_label(rate: str) -> str:
    value = rate_to_float(rate)
    return f"{value:.3f}".rstrip("0").rstrip(".") if value else rate


_VIDEO_PARAMS: list[tuple[str, str]] = [
    ("codec", "codec"), ("codec_tag", "codec_tag"), ("profile", "profile"), ("level", "level"),
    ("width", "width"), ("height", "height"), ("pix_fmt", "pix_fmt"), ("sar", "sar"),
    ("r_frame_rate", "fps"), ("time_base", "time_base"), ("has_b_frames", "b_frames"),
    ("rotation", "rotation"), ("extradata_hash", "codec_extradata"),
]
_AUDIO_PARAMS: list[tuple[str, str]] = [
    ("codec", "codec"), ("profile", "profile"), ("sample_rate", "sample_rate"), ("channels", "channels"),
    ("channel_layout", "channel_layout"), ("sample_fmt", "sample_fmt"), ("extradata_hash", "codec_extradata"),
]


def _same(attr: str, a: Any, b: Any) -> bool:
    if attr == "extradata_hash" and (a is None or b is None):
        return True  # unknown (no ffprobe and no signature): other fields decide, verification backs it up
    return a == b


def _compare_streams(ref: Clip, clip: Clip, kind: str, ra: Any, rb: Any, params: list[tuple[str, str]],
                     ) -> list[dict[str, Any]]:
    diffs = []
    for attr, label in params:
        a, b = getattr(ra, attr), getattr(rb, attr)
        if not _same(attr, a, b):
            if attr == "r_frame_rate":
                a, b = _fps_label(a), _fps_label(b)
            diffs.append({"file": clip.name, "ref_file": ref.name, "stream": kind, "param": label,
                          "a": _fmt(a), "b": _fmt(b)})
    if kind == "video":
        fa, fb = rate_to_float(ra.avg_frame_rate), rate_to_float(rb.avg_frame_rate)
        if fa and fb and abs(fa - fb) / fa > 0.005 and not any(d["param"] == "fps" for d in diffs):
            diffs.append({"file": clip.name, "ref_file": ref.name, "stream": kind, "param": "avg_fps",
                          "a": _fmt(fa), "b": _fmt(fb)})
    return diffs


def av_gap(clip: Clip) -> dict[str, Any] | None:
    """Audio and video lengths inside one clip differ by more than the tolerance."""
    video = clip.real_video[0] if clip.real_video else None
    audio: AudioStream | None = clip.info.audio[0] if clip.info.audio else None
    if video is None or audio is None or video.duration is None or audio.duration is None:
        return None
    vend = video.start_time + video.duration
    aend = audio.start_time + audio.duration
    if abs(vend - aend) <= AV_GAP_TOLERANCE_S and abs(video.start_time - audio.start_time) <= AV_GAP_TOLERANCE_S:
        return None
    return {"file": clip.name, "ref_file": clip.name, "stream": "audio", "param": "audio_vs_video_duration",
            "a": _fmt(round(video.duration, 3)), "b": _fmt(round(audio.duration, 3))}


def copy_differences(clips: list[Clip]) -> list[dict[str, Any]]:
    """Everything that stops a safe stream copy; empty means compatible."""
    diffs: list[dict[str, Any]] = []
    ref = clips[0]
    for clip in clips:
        gap = av_gap(clip)
        if gap:
            diffs.append(gap)
    for clip in clips[1:]:
        if clip.layout != ref.layout:
            diffs.append({"file": clip.name, "ref_file": ref.name, "stream": "all", "param": "streams",
                          "a": "+".join(ref.layout) or "none", "b": "+".join(clip.layout) or "none"})
            continue
        for va, vb in zip(ref.real_video, clip.real_video, strict=True):
            diffs += _compare_streams(ref, clip, "video", va, vb, _VIDEO_PARAMS)
        for aa, ab in zip(ref.info.audio, clip.info.audio, strict=True):
            diffs += _compare_streams(ref, clip, "audio", aa, ab, _AUDIO_PARAMS)
    # most telling first (stable within a priority): the first entry becomes the headline reason
    return sorted(diffs, key=lambda d: _PRIORITY.get(d["param"], 13))


_PRIORITY = {"streams": 0, "audio_vs_video_duration": 1, "codec": 2, "width": 3, "height": 3, "fps": 4,
             "sample_rate": 4, "channels": 5, "channel_layout": 5, "sar": 6, "pix_fmt": 6, "rotation": 6,
             "sample_fmt": 7, "profile": 8, "avg_fps": 9, "level": 10, "codec_tag": 10, "time_base": 11,
             "b_frames": 11, "codec_extradata": 12}


def describe(diff: dict[str, Any]) -> str:
    """One line for logs and error details."""
    if diff["param"] == "audio_vs_video_duration":
        return f"{diff['file']}: audio lasts {diff['b']} s but video {diff['a']} s"
    return f"{diff['file']}: {diff['stream']} {diff['param']} is {diff['b']} but {diff['a']} in {diff['ref_file']}"


def dropped_streams(clips: list[Clip], copy: bool) -> list[dict[str, Any]]:
    """Tracks of the clips the result will not hold: ``{"file", "kind", "count"}`` with kind ``audio`` (a
    re-encode keeps each clip's first audio track only), ``cover`` (attached pictures) or ``subtitles``."""
    out: list[dict[str, Any]] = []
    for clip in clips:
        covers = len(clip.info.video) - len(clip.real_video)
        extra_audio = 0 if copy else max(0, len(clip.info.audio) - 1)
        for kind, count in (("audio", extra_audio), ("cover", covers), ("subtitles", len(clip.info.subtitles))):
            if count:
                out.append({"file": clip.name, "kind": kind, "count": count})
    return out


def describe_dropped(item: dict[str, Any]) -> str:
    """One task-log line for a ``dropped_streams`` entry."""
    if item["kind"] == "audio":
        return (f"{item['file']}: only its first audio track is kept; {item['count']} more audio track(s) are not "
                "in the result (a re-encode keeps one)")
    if item["kind"] == "cover":
        return f"{item['file']}: its cover picture is not kept (a merged video has none)"
    return f"{item['file']}: its {item['count']} subtitle track(s) are not kept"
