"""Damaged inputs: count what ffmpeg's decoders report and say it in one log line.

Policy (the same for every processor): a source with damaged frames in the middle is processed like a media
player plays it (the decoder conceals what it can, frames that cannot be decoded at all are left out, the
timing of every other frame is kept); the result must still pass its verification (stream set, duration,
frame count against what was decoded) and the task ends ``completed`` with a warning in its log naming
how many frames were damaged. A source that ends early (truncated) or whose frames cannot be decoded at all
fails instead (``input_unreadable`` / ``input_invalid``).
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from typing import Any

TIMELINE_TIMEOUT_S = 600

# h264/hevc/mpeg print one "concealing ... errors in X frame" per damaged frame and one "error while
# decoding MB" per damaged slice; other decoders log a line per broken packet or frame.
_CONCEAL = re.compile(r"concealing \d+ DC, \d+ AC, \d+ MV errors", re.IGNORECASE)
_SLICE = re.compile(r"error while decoding MB|decode_slice_header error|Invalid NAL unit", re.IGNORECASE)
_DECODER_LINE = re.compile(r"^\[(?P<ctx>[\w-]+) @ 0x[0-9a-f]+\]")
# demuxers, muxers and the parsers' "NULL" context repeat what the decoder says (or are about the output)
_NOT_DECODERS = {"mov,mp4,m4a,3gp,3g2,mj2", "mpegts", "matroska,webm", "concat", "AVFormatContext", "file",
                 "mp4", "mov", "matroska", "null", "framecrc", "NULL", "nut", "h264_mp4toannexb"}
_AUDIO_DECODERS = {"aac", "aac_fixed", "mp3", "mp3float", "mp2", "mp2float", "opus", "libopus", "vorbis", "ac3",
                   "ac3_fixed", "eac3", "flac", "alac", "dca", "truehd", "wmav2", "amrnb", "amrwb"}
_LEVEL = re.compile(r"\[(trace|debug|verbose|info|warning|error|fatal|panic)\]")


@dataclass
class DecodeDamage:
    """Feed it ffmpeg stderr lines (it is callable, e.g. as ``on_stderr_line``); it keeps decoder errors."""

    concealed: int = 0
    slices: int = 0
    other: int = 0
    audio: int = 0  # audio packets the decoder rejected (dropped: a short silence in a re-encode)
    examples: list[str] = field(default_factory=list)

    def __call__(self, line: str) -> None:
        self.feed(line)

    def feed(self, line: str) -> None:
        m = _DECODER_LINE.match(line.strip())
        if m is None or m.group("ctx") in _NOT_DECODERS:
            return
        level = _LEVEL.search(line)
        if level is not None and level.group(1) not in ("error", "fatal", "panic"):
            return  # "-loglevel level+..." tags every line; only errors count ("-v error" prints no tag)
        if m.group("ctx") in _AUDIO_DECODERS or m.group("ctx").startswith("pcm_"):
            self.audio += 1
        elif _CONCEAL.search(line):
            self.concealed += 1
        elif _SLICE.search(line):
            self.slices += 1
        else:
            self.other += 1
        if len(self.examples) < 3:
            self.examples.append(_LEVEL.sub("", _DECODER_LINE.sub("", line.strip())).strip())

    @property
    def damaged(self) -> bool:
        return bool(self.concealed or self.slices or self.other or self.audio)

    @property
    def frames(self) -> int:
        """Best estimate of damaged frames: concealed frames when the decoder says so, else broken slices
        (usually one per frame), else the number of error lines."""
        return self.concealed or self.slices or self.other

    def warning(self, what: str = "the input") -> str | None:
        """The task-log line, or None when nothing was damaged."""
        if not self.damaged:
            return None
        n, a = self.frames, self.audio
        parts = [f"about {n} video frame{'s' if n != 1 else ''}"] if n else []
        parts += [f"{a} audio packet{'s' if a != 1 else ''}"] if a else []
        example = f" (ffmpeg: {self.examples[0]})" if self.examples else ""
        return (f"{what} is damaged: {' and '.join(parts)} could not be decoded cleanly{example}; the result "
                "keeps the source's timing and shows the damage as the decoder repaired it")


def _timeline(path: str, video: Any) -> tuple[int, int] | None:
    """(frames the video's timestamps span, packets really there). An MP4/MOV index lists every frame, so its
    count is both; other containers are read packet by packet (``-c copy``, no decoding)."""
    if video.frames:
        return video.frames, video.frames
    from processors.ffbin import child_env, find_tools
    from processors.ffrun import input_arg
    from processors.merge.audit import parse_framecrc

    try:
        res = subprocess.run([find_tools().ffmpeg, "-hide_banner", "-nostdin", "-v", "error", "-i", input_arg(path),
                              "-map", f"0:{video.index}", "-c", "copy", "-f", "framecrc", "-"],
                             capture_output=True, timeout=TIMELINE_TIMEOUT_S, check=False, env=child_env())
    except (OSError, subprocess.TimeoutExpired):
        return None
    audit = parse_framecrc(res.stdout.decode("utf-8", "replace"))
    stream = next(iter(audit.streams.values()), None)
    if res.returncode != 0 or stream is None or not stream.packets:
        return None
    expected = int(round(stream.duration * video.fps))
    if expected > 2 * stream.packets:  # timestamps missing (MPEG-PS NOPTS) or wrapping: cannot tell
        return None
    return expected, stream.packets


def missing_frames(path: str, video: Any, counted: int | None = None) -> int:
    """Video frames a constant-rate stream lacks (its packets were lost to damage, e.g. MPEG-TS packets replaced
    by junk, which ffmpeg skips without a word): frames its timestamps span minus the packets really there
    (or minus ``counted``, e.g. the frames a result holds). ``video`` is the probe's VideoStream; 0 when
    nothing is missing or it cannot be told (VFR)."""
    if video is None or video.is_vfr or not video.fps:
        return 0
    timeline = _timeline(path, video)
    if timeline is None:
        return 0
    expected, packets = timeline
    missing = expected - (packets if counted is None else counted)
    return missing if missing > max(2, expected // 100) else 0  # rounding of the last frame's duration is no damage


def frames_lost_note(source: dict[str, Any], result_path: str) -> str | None:
    """For a processor that keeps every decodable frame (watermark removal): a warning when the result holds
    fewer frames than the source's timestamps span, i.e. the source lost frames to damage. ``source`` is the
    task's input entry (with its probe summary)."""
    from processors.probe import MediaInfo, count_frames, probe

    video = MediaInfo.from_summary(source.get("media") or {}).main_video
    if video is None or video.is_vfr:
        return None
    out = probe(result_path).main_video
    counted = out.frames if out is not None and out.frames else count_frames(result_path)
    lost = missing_frames(source["path"], video, counted) if counted else 0
    if not lost:
        return None
    name = source.get("original_filename") or source["path"]
    return (f"{name} is damaged: {lost} video frames could not be decoded and are missing from the result; "
            "every other frame keeps its timing")
