"""Output container choice and what of the source's audio/subtitles it can hold as-is.

Audio and subtitles are stream-copied. Whether a container accepts a stream is not guessed from a
table: a short trial mux (``-c copy -t 1`` into a temp file) asks ffmpeg itself. A stream that fails
is re-encoded (audio: AAC, or Opus for WebM) or converted (text subtitles to the container's text
format); bitmap subtitles a container cannot hold are dropped. Each decision is logged.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from processors.audio_setting import aac_args
from processors.contract import ConfigError
from processors.ffbin import child_env, find_tools

MUXER_BY_EXT = {
    ".mp4": "mp4", ".m4v": "mp4", ".mov": "mov", ".mkv": "matroska", ".webm": "webm",
    ".ts": "mpegts", ".m2ts": "mpegts", ".mts": "mpegts", ".avi": "avi",
}
# Containers that keep the source's own extension by default (they hold H.264 well).
KEEP_EXT = {".mp4", ".m4v", ".mov", ".mkv", ".ts"}
VIDEO_CODECS_FOR = {"webm": {"libvpx", "libvpx-vp9", "libaom-av1", "libsvtav1", "librav1e"}}
TEXT_SUBTITLES = {"subrip", "srt", "ass", "ssa", "webvtt", "mov_text", "text", "microdvd", "subviewer",
                  "jacosub", "sami", "realtext", "stl", "pjs", "mpl2", "vplayer"}
TEXT_SUB_TARGET = {"mp4": "mov_text", "mov": "mov_text", "matroska": "srt", "webm": "webvtt"}
AUDIO_FALLBACK = {"webm": ["libopus", "-b:a:{i}", "160k"]}
AUDIO_FALLBACK_DEFAULT = ["aac", "-b:a:{i}", "192k"]
ROTATION_CONTAINERS = {"mp4", "mov"}  # where ffmpeg writes a display matrix
# Combinations known to work with every ffmpeg >= 5.1, so the trial mux can be skipped.
KNOWN_COPY = {
    "mp4": {"aac", "mp3", "ac3", "eac3", "opus", "alac", "mov_text"},
    "mov": {"aac", "mp3", "ac3", "eac3", "alac", "pcm_s16le", "pcm_s16be", "pcm_s24le", "pcm_s24be", "mov_text"},
    "matroska": {"aac", "mp3", "mp2", "ac3", "eac3", "opus", "vorbis", "flac", "alac", "dts", "truehd", "pcm_s16le",
                 "pcm_s24le", "pcm_s32le", "pcm_f32le", "subrip", "ass", "ssa", "webvtt", "hdmv_pgs_subtitle",
                 "dvd_subtitle"},
    "webm": {"opus", "vorbis", "webvtt"},
    "mpegts": {"aac", "mp3", "mp2", "ac3", "eac3"},
}


def muxer_for(path: str) -> str | None:
    return MUXER_BY_EXT.get(Path(path).suffix.lower())


def default_extension(input_name: str) -> str:
    """The source's own extension when it holds H.264 well, else ``.mp4``."""
    ext = Path(input_name).suffix.lower()
    if ext in (".m2ts", ".mts"):
        return ".ts"
    return ext if ext in KEEP_EXT else ".mp4"


def codec_fits(muxer: str, video_codec: str) -> bool:
    allowed = VIDEO_CODECS_FOR.get(muxer)
    return allowed is None or video_codec in allowed


@dataclass
class StreamPlan:
    """Per source stream (by its index in the source): what the output does with it."""

    audio: list[tuple[int, list[str]]] = field(default_factory=list)  # (source index, codec args)
    subtitles: list[tuple[int, str]] = field(default_factory=list)  # (source index, codec)
    log: list[str] = field(default_factory=list)


def _trial(src: str, indices: list[int], muxer: str, suffix: str) -> bool:
    fd, tmp = tempfile.mkstemp(prefix="mediacraft-trial-", suffix=suffix)
    os.close(fd)
    args = [find_tools().ffmpeg, "-hide_banner", "-nostdin", "-v", "error", "-y", "-i", "file:" + os.path.abspath(src)]
    for i in indices:
        args += ["-map", f"0:{i}"]
    args += ["-c", "copy", "-t", "1", "-f", muxer, "file:" + tmp]
    try:
        res = subprocess.run(args, capture_output=True, timeout=60, check=False, env=child_env())
        return res.returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def aac_fits(muxer: str) -> bool:
    """Whether the container holds AAC audio (``audio_codec: aac``)."""
    return "aac" in KNOWN_COPY.get(muxer, {"aac"})


def audio_copy_refusal(src: str, audio: list[tuple[int, str]], muxer: str, suffix: str) -> ConfigError | None:
    """``audio_codec: copy``: the error naming the first audio stream ``muxer`` cannot hold as is, else None."""
    failing = _failing_streams(src, audio, muxer, suffix)
    for index, codec in audio:
        if index in failing:
            return ConfigError(f"the audio ({codec}, stream {index}) cannot be kept as is in {muxer}: choose another "
                               "format or re-encode the audio (aac)",
                               details={"param": "audio_codec", "stream": index, "codec": codec, "muxer": muxer})
    return None


def _failing_streams(src: str, streams: list[tuple[int, str]], muxer: str, suffix: str) -> set[int]:
    known = KNOWN_COPY.get(muxer, set())
    indices = [i for i, c in streams if c not in known]
    if indices and not _trial(src, indices, muxer, suffix):
        return {i for i in indices if not _trial(src, [i], muxer, suffix)}
    return set()


def plan_streams(src: str, audio: list[tuple[int, str]], subtitles: list[tuple[int, str]], muxer: str,
                 suffix: str, audio_codec: str = "auto") -> StreamPlan:
    """Decide copy / re-encode / convert / drop for each ``(index, codec)`` audio and subtitle stream.

    ``audio_codec`` (see ``processors.audio_setting``): ``aac`` re-encodes every audio stream, ``copy`` raises
    ConfigError for one the container cannot hold as is."""
    plan = StreamPlan()
    if audio_codec == "copy" and (refusal := audio_copy_refusal(src, audio, muxer, suffix)) is not None:
        raise refusal
    failing = _failing_streams(src, audio + subtitles, muxer, suffix)
    for n, (index, codec) in enumerate(audio):
        if audio_codec == "aac":
            plan.audio.append((index, aac_args(stream=n)[1:]))
        elif index in failing:
            fallback = [a.format(i=n) for a in AUDIO_FALLBACK.get(muxer, AUDIO_FALLBACK_DEFAULT)]
            plan.audio.append((index, fallback))
            plan.log.append(f"audio stream {index} ({codec}) cannot be stored in {muxer} as is: "
                            f"re-encoded to {fallback[0]}")
        else:
            plan.audio.append((index, ["copy"]))
    for index, codec in subtitles:
        if index not in failing:
            plan.subtitles.append((index, "copy"))
        elif codec in TEXT_SUBTITLES and muxer in TEXT_SUB_TARGET:
            plan.subtitles.append((index, TEXT_SUB_TARGET[muxer]))
            plan.log.append(f"subtitle stream {index} ({codec}) converted to {TEXT_SUB_TARGET[muxer]} for {muxer}")
        else:
            plan.log.append(f"subtitle stream {index} ({codec}) dropped: {muxer} cannot hold it")
    return plan
