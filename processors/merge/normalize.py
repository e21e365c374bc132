"""Filter graphs that make any clip look like the target (pure functions, unit-tested).

Per clip: ffmpeg already shifts every input so the file's earliest stream starts at 0 (streams keep their
offsets to each other, e.g. audio starting later than video), so the chains take timestamps as they come and
never subtract a start time again (that cut off the start of every clip not starting at 0). Then: square the
pixels, scale to fit and pad centred, ``setsar=1`` after scale/pad, per-input ``fps`` (starting at 0), pixel
format, exact frame count (clone-pad/trim); audio resampled with ``async`` gap filling, converted to the
target format and padded/trimmed to the exact sample count. Clips without audio get ``anullsrc`` silence,
audio-only clips a black ``color`` source. Frame and sample counts come from cumulative boundaries so the
total never drifts.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from processors.audio_setting import AAC_BITRATE_K, aac_args
from processors.merge.compat import Clip
from processors.merge.config import Target


@dataclass(frozen=True)
class ClipSpan:
    """Exact length of one clip in the output."""

    frames: int  # video frames at target fps
    samples: int  # audio samples at target rate
    seconds: float


def spans(clips: list[Clip], target: Target) -> list[ClipSpan]:
    """Quantise cumulative clip boundaries to whole frames (and samples): no drift over many clips."""
    out: list[ClipSpan] = []
    fps = target.fps
    cum = Fraction(0)
    prev_frames, prev_samples, prev_time = 0, 0, Fraction(0)
    for clip in clips:
        cum += Fraction(clip.duration).limit_denominator(1_000_000)
        if target.has_video:
            end_frames = max(prev_frames + 1, round(cum * fps))
            end_time = Fraction(end_frames) / fps
        else:
            end_frames, end_time = 0, cum
        end_samples = round(end_time * target.sample_rate)
        out.append(ClipSpan(frames=end_frames - prev_frames, samples=end_samples - prev_samples,
                            seconds=float(end_time - prev_time)))
        prev_frames, prev_samples, prev_time = end_frames, end_samples, end_time
    return out


def _num(x: float) -> str:
    return f"{x:.6f}".rstrip("0").rstrip(".") or "0"


def video_chain(clip: Clip, input_no: int, target: Target, span: ClipSpan, out_label: str) -> str:
    """The filter chain producing ``span.frames`` target-format frames for ``clip`` into ``[out_label]``."""
    w, h, fps = target.width, target.height, target.fps_str
    if not clip.real_video:
        dur = _num(span.frames / float(target.fps) + 2 / float(target.fps))
        return (f"color=c=black:s={w}x{h}:r={fps}:d={dur},format={target.pix_fmt},setsar=1,"
                f"trim=end_frame={span.frames},setpts=PTS-STARTPTS[{out_label}]")
    v = clip.real_video[0]
    pad_s = _num(span.seconds + 1.0)
    return (
        f"[{input_no}:{v.index}]scale=w='trunc(iw*sar/2)*2':h=ih,setsar=1,"
        f"scale=w={w}:h={h}:force_original_aspect_ratio=decrease:force_divisible_by=2,"
        f"pad=w={w}:h={h}:x=(ow-iw)/2:y=(oh-ih)/2:color=black,setsar=1,"
        f"fps=fps={fps}:start_time=0,format={target.pix_fmt},"
        f"tpad=stop_mode=clone:stop_duration={pad_s},trim=end_frame={span.frames},setpts=PTS-STARTPTS[{out_label}]"
    )


def audio_chain(clip: Clip, input_no: int, target: Target, span: ClipSpan, out_label: str) -> str:
    """The chain producing exactly ``span.samples`` target-format samples for ``clip`` into ``[out_label]``."""
    sr, layout = target.sample_rate, target.layout
    if not clip.info.audio:
        return (f"anullsrc=r={sr}:cl={layout},aformat=sample_fmts=fltp,"
                f"atrim=end_sample={span.samples},asetpts=PTS-STARTPTS[{out_label}]")
    a = clip.info.audio[0]
    return (
        f"[{input_no}:{a.index}]aresample={sr}:async=1:first_pts=0,"
        f"aformat=sample_fmts=fltp:sample_rates={sr}:channel_layouts={layout},"
        f"apad=whole_len={span.samples},atrim=end_sample={span.samples},asetpts=PTS-STARTPTS[{out_label}]"
    )


def clip_graph(clip: Clip, input_no: int, target: Target, span: ClipSpan) -> tuple[str, list[str]]:
    """Graph for one clip on its own (two-stage intermediates): returns (graph, output labels)."""
    chains, labels = [], []
    if target.has_video:
        chains.append(video_chain(clip, input_no, target, span, "v"))
        labels.append("[v]")
    if target.has_audio:
        chains.append(audio_chain(clip, input_no, target, span, "a"))
        labels.append("[a]")
    return ";".join(chains), labels


def concat_graph(clips: list[Clip], target: Target, clip_spans: list[ClipSpan]) -> tuple[str, list[str]]:
    """One graph normalising every clip (input k = clip k) and joining them with the concat filter."""
    chains, pads = [], []
    for k, (clip, span) in enumerate(zip(clips, clip_spans, strict=True)):
        if target.has_video:
            chains.append(video_chain(clip, k, target, span, f"v{k}"))
            pads.append(f"[v{k}]")
        if target.has_audio:
            chains.append(audio_chain(clip, k, target, span, f"a{k}"))
            pads.append(f"[a{k}]")
    outs = (["[vout]"] if target.has_video else []) + (["[aout]"] if target.has_audio else [])
    chains.append("".join(pads) + f"concat=n={len(clips)}:v={int(target.has_video)}:a={int(target.has_audio)}"
                  + "".join(outs))
    return ";".join(chains), outs


def encoder_args(target: Target, config: dict, *, audio_codec: str = "aac") -> list[str]:
    """Encoder settings shared by single-pass, two-stage and the benchmark's plain ffmpeg command."""
    args: list[str] = []
    if target.has_video:
        codec = config.get("video_codec", "libx264")
        args += ["-c:v", codec, "-preset", str(config.get("preset", "medium")), "-crf", str(config.get("crf", 20)),
                 "-pix_fmt", target.pix_fmt]
        if codec == "libx265":
            args += ["-tag:v", "hvc1", "-x265-params", "log-level=error"]
    if target.has_audio:
        if audio_codec == "aac":
            args += aac_args(config.get("audio_bitrate_k", AAC_BITRATE_K))
        else:
            args += ["-c:a", audio_codec]
    return args
