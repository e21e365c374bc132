"""Parse ``ffmpeg -hide_banner -i FILE`` stderr into a MediaInfo (used when there is no ffprobe).

A pure function on text, tested on captured output of ffmpeg 5.1 and the bundled 9.x. Fields the
text does not show (level, extradata hash, B-frame delay, frame count) stay None.
"""

from __future__ import annotations

import re
from fractions import Fraction

from processors.probe import (
    AudioStream,
    MediaInfo,
    SubtitleStream,
    VideoStream,
    bit_depth_of,
    is_vfr,
    norm_rotation,
    parse_clock,
)

_INPUT = re.compile(r"^Input #\d+, (?P<fmt>.+?), from '")
_DURATION = re.compile(r"^\s+Duration: (?P<dur>[\d:.]+|N/A)(?:, start: (?P<start>-?[\d.]+))?"
                       r"(?:, bitrate: (?P<br>\d+) kb/s)?")
_STREAM = re.compile(r"^\s+Stream #\d+:(?P<idx>\d+)(?:\[[^\]]*\])?(?:\([^)]*\))?: (?P<kind>Video|Audio|Subtitle|Data|"
                     r"Attachment): (?P<rest>.*)$")
_ROTATION = re.compile(r"rotation of (?P<deg>-?[\d.]+) degrees", re.IGNORECASE)
_KEYVAL = re.compile(r"^\s+(?P<k>[A-Za-z_][\w ]*?)\s*: (?P<v>.*)$")
_COMMON_RATES = {23.98: "24000/1001", 29.97: "30000/1001", 59.94: "60000/1001", 47.95: "48000/1001",
                 119.88: "120000/1001", 11.99: "12000/1001", 14.99: "15000/1001"}


def split_top(text: str) -> list[str]:
    """Split on ', ' outside parentheses and brackets."""
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        if ch == "," and depth == 0:
            parts.append("".join(cur).strip())
            cur = []
            continue
        cur.append(ch)
    if cur:
        parts.append("".join(cur).strip())
    return [p for p in parts if p]


def rate_from_display(text: str) -> str:
    """'29.97' -> '30000/1001', '25' -> '25/1', '12.5' -> '25/2', '90k' -> '90000/1'."""
    text = text.strip()
    mult = 1
    if text.endswith("k"):
        text, mult = text[:-1], 1000
    try:
        val = float(text) * mult
    except ValueError:
        return "0/0"
    if round(val, 2) in _COMMON_RATES:
        return _COMMON_RATES[round(val, 2)]
    f = Fraction(val).limit_denominator(1001)
    return f"{f.numerator}/{f.denominator}"


def _tbn_to_time_base(text: str) -> str | None:
    r = rate_from_display(text)
    if r == "0/0":
        return None
    n, d = r.split("/")
    return f"{d}/{n}"


def _codec_head(head: str) -> tuple[str, str | None, str | None]:
    """'h264 (High) (avc1 / 0x31637661)' -> ('h264', 'High', 'avc1'). Decoder names like (mp3float) skipped."""
    codec = head.split(" ", 1)[0]
    profile = tag = None
    for group in re.findall(r"\(([^()]*(?:\([^()]*\)[^()]*)*)\)", head):
        if " / 0x" in group:
            tag = group.split(" / ", 1)[0]
        elif profile is None and group != codec and not group.startswith(codec):
            profile = group
    return codec, profile, tag


def _video(idx: int, rest: str, trailer: str) -> VideoStream:
    parts = split_top(rest)
    codec, profile, tag = _codec_head(parts[0])
    v = VideoStream(index=idx, codec=codec, profile=profile, codec_tag=tag)
    v.attached_pic = "(attached pic)" in trailer
    fps = tbr = None
    for p in parts[1:]:
        m = re.match(r"^(\d+)x(\d+)(?:\s*\[SAR (\d+):(\d+) DAR [\d:]+\])?", p)
        if m and v.width == 0:
            v.width, v.height = int(m.group(1)), int(m.group(2))
            if m.group(3):
                sar = Fraction(int(m.group(3)), int(m.group(4)) or 1) if int(m.group(3)) else Fraction(1)
                v.sar = f"{sar.numerator}:{sar.denominator}"
            continue
        m = re.match(r"^([\d.]+k?) (fps|tbr|tbn)\b", p)
        if m:
            if m.group(2) == "fps":
                fps = m.group(1)
            elif m.group(2) == "tbr":
                tbr = m.group(1)
            else:
                v.time_base = _tbn_to_time_base(m.group(1))
            continue
        m = re.match(r"^start (-?[\d.]+)", p)
        if m:
            v.start_time = float(m.group(1))
            continue
        if v.pix_fmt is None and re.match(r"^[a-z][a-z0-9_]*(\(|$)", p) and "kb/s" not in p:
            v.pix_fmt = p.split("(", 1)[0]
    v.bit_depth = bit_depth_of(v.pix_fmt)
    v.r_frame_rate = rate_from_display(tbr) if tbr else (rate_from_display(fps) if fps else "0/0")
    v.avg_frame_rate = rate_from_display(fps) if fps else "0/0"
    v.fps = round(float(Fraction(v.avg_frame_rate)) if fps else 0.0, 6)
    v.is_vfr = False if v.attached_pic else is_vfr(v.r_frame_rate, v.avg_frame_rate)
    return v


def _audio(idx: int, rest: str) -> AudioStream:
    parts = split_top(rest)
    codec, profile, _tag = _codec_head(parts[0])
    a = AudioStream(index=idx, codec=codec, profile=profile)
    for p in parts[1:]:
        m = re.match(r"^(\d+) Hz$", p)
        if m:
            a.sample_rate = int(m.group(1))
            continue
        m = re.match(r"^start (-?[\d.]+)", p)
        if m:
            a.start_time = float(m.group(1))
            continue
        if a.channel_layout is None and a.sample_rate and not p.endswith("kb/s"):
            a.channel_layout = p
            a.channels = _channels(p)
            continue
        if a.channel_layout is not None and a.sample_fmt is None and re.fullmatch(r"[a-z0-9]+(\s*\(\d+ bit\))?", p):
            a.sample_fmt = p.split(" ", 1)[0]
    return a


def _channels(layout: str) -> int:
    known = {"mono": 1, "stereo": 2, "2.1": 3, "3.0": 3, "quad": 4, "4.0": 4, "5.0": 5, "5.0(side)": 5,
             "5.1": 6, "5.1(side)": 6, "6.1": 7, "7.1": 8, "7.1(wide)": 8, "downmix": 2}
    if layout in known:
        return known[layout]
    m = re.match(r"^(\d+) channels", layout)
    return int(m.group(1)) if m else 0


def parse_ffmpeg_info(text: str, path: str) -> MediaInfo | None:
    """MediaInfo from ``ffmpeg -i`` stderr; None if ffmpeg could not open the file as media."""
    info: MediaInfo | None = None
    current: VideoStream | AudioStream | None = None
    section = ""
    for line in text.splitlines():
        if info is not None and (line.startswith(("Output #", "Input #", "Stream mapping:"))
                                 or "] Output #" in line):
            break  # only the first input's description
        m = _INPUT.match(line)
        if m:
            info = MediaInfo(path=path, format_name=m.group("fmt"), source="ffmpeg")
            continue
        if info is None:
            continue
        m = _DURATION.match(line)
        if m:
            info.duration = parse_clock(m.group("dur")) if m.group("dur") != "N/A" else None
            if m.group("br"):
                info.bit_rate = int(m.group("br")) * 1000
            continue
        m = _STREAM.match(line)
        if m:
            idx, kind, rest = int(m.group("idx")), m.group("kind"), m.group("rest")
            trailer = rest
            rest = re.sub(r"(\s*\((default|forced|attached pic|dependent|original|dub|comment|lyrics|karaoke|"
                          r"hearing impaired|visual impaired|clean effects|captions|descriptions|metadata|"
                          r"still image|non diegetic|multilayer)\))+\s*$", "", rest)
            current = None
            section = ""
            if kind == "Video":
                current = _video(idx, rest, trailer)
                info.video.append(current)
            elif kind == "Audio":
                current = _audio(idx, rest)
                info.audio.append(current)
            elif kind == "Subtitle":
                info.subtitles.append(SubtitleStream(index=idx, codec=split_top(rest)[0].split(" ", 1)[0]))
            continue
        stripped = line.strip()
        if stripped in ("Metadata:", "Side data:"):
            section = stripped
            continue
        if current is None:
            continue
        m = _ROTATION.search(line)
        if m and isinstance(current, VideoStream):
            current.rotation = norm_rotation(float(m.group("deg")))
            continue
        m = _KEYVAL.match(line)
        if m and section == "Metadata:":
            key, val = m.group("k").strip(), m.group("v").strip()
            if key.upper() == "DURATION":
                current.duration = parse_clock(val)
            elif key == "rotate" and isinstance(current, VideoStream) and not current.rotation:
                try:
                    current.rotation = norm_rotation(-float(val))
                except ValueError:
                    pass
    if info is None:
        return None
    for s in [*info.video, *info.audio]:
        if s.duration is None and info.duration is not None:
            s.duration = info.duration
    return info


_EXTRADATA = re.compile(r"^#extradata (\d+):\s*(\d+),\s*(0x[0-9a-fA-F]+)")


def apply_extradata_header(info: MediaInfo, framecrc_text: str) -> None:
    """Fill ``extradata_hash`` ("crc:<size>:<adler>" or "none") from a ``framecrc`` header written with
    ``-map 0:V? -map 0:a?`` (output order: real video streams, then audio streams)."""
    order: list[VideoStream | AudioStream] = [v for v in info.video if not v.attached_pic] + list(info.audio)
    found: dict[int, str] = {}
    for line in framecrc_text.splitlines():
        m = _EXTRADATA.match(line)
        if m:
            found[int(m.group(1))] = f"crc:{m.group(2)}:{m.group(3).lower()}"
        elif line and not line.startswith("#"):
            break
    for out_index, stream in enumerate(order):
        stream.extradata_hash = found.get(out_index, "none")
