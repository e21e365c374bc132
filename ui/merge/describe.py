"""Words for clips and for the compatibility verdict (kept apart from the widgets so tests can read them)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from ui.formatting import clock
from ui.merge.compat import Compatibility, Mismatch


def clip_details(summary: dict[str, Any] | None) -> str:
    """"0:02 · 320×240 · 25 fps · h264 · aac 48 kHz 2 ch" from a probe summary."""
    if not summary:
        return QCoreApplication.translate("MergeText", "Reading…")
    parts = [clock(summary.get("duration"))]
    video = next((v for v in summary.get("video") or [] if not v.get("attached_pic")), None)
    if video:
        w, h = video.get("width"), video.get("height")
        if video.get("rotation") in (90, 270):
            w, h = h, w
        fps = video.get("fps") or 0
        parts.append(f"{w}×{h}")
        if fps:
            parts.append(QCoreApplication.translate("MergeText", "%1 fps").replace("%1", f"{fps:.3g}"))
        parts.append(str(video.get("codec", "")))
    else:
        parts.append(QCoreApplication.translate("MergeText", "no video"))
    audio = (summary.get("audio") or [None])[0]
    if audio:
        rate = audio.get("sample_rate") or 0
        ch = audio.get("channels") or 0
        parts.append(f"{audio.get('codec', '')} {rate / 1000:g} kHz {ch} ch".strip())
    else:
        parts.append(QCoreApplication.translate("MergeText", "no audio"))
    return " · ".join(p for p in parts if p)


def mismatch_text(m: Mismatch) -> str:
    tr = QCoreApplication.translate
    c = "MergeText"
    if m.field == "video.missing":
        text = (tr(c, "clip %1 has no video, the first clip has") if m.value == "no"
                else tr(c, "clip %1 has video, the first clip has none"))
    elif m.field == "audio.missing":
        text = (tr(c, "clip %1 has no audio, the first clip has") if m.value == "no"
                else tr(c, "clip %1 has audio, the first clip has none"))
    else:
        templates = {
            "video.fps": tr(c, "clip %1 has %2 fps, first clip %3 fps"),
            "video.size": tr(c, "clip %1 is %2, first clip %3"),
            "video.codec": tr(c, "clip %1 uses %2 video, first clip %3"),
            "video.profile": tr(c, "clip %1 uses the %2 profile, first clip %3"),
            "video.pix_fmt": tr(c, "clip %1 has pixel format %2, first clip %3"),
            "video.sar": tr(c, "clip %1 has pixel aspect %2, first clip %3"),
            "video.rotation": tr(c, "clip %1 is rotated %2°, first clip %3°"),
            "video.time_base": tr(c, "clip %1 has time base %2, first clip %3"),
            "video.extradata": tr(c, "clip %1 was encoded with other settings than the first clip"),
            "audio.codec": tr(c, "clip %1 has %2 audio, first clip %3"),
            "audio.sample_rate": tr(c, "clip %1 has audio at %2 Hz, first clip %3 Hz"),
            "audio.channels": tr(c, "clip %1 has %2 audio channels, first clip %3"),
            "audio.sample_fmt": tr(c, "clip %1 has audio sample format %2, first clip %3"),
        }
        text = templates.get(m.field, tr(c, "clip %1 differs from the first clip (%2 vs %3)"))
    return text.replace("%1", m.clip).replace("%2", m.value).replace("%3", m.first_value)


def compatibility_text(compat: Compatibility, mode: str) -> tuple[str, str, str]:
    """(level, headline, explanation) for the indicator; level is ok/info/warning/error."""
    tr = QCoreApplication.translate
    c = "MergeText"
    if compat.verdict == "too_few":
        return "info", tr(c, "Add at least two clips"), tr(c, "Drop videos or folders here, or use Add clips.")
    if compat.verdict == "pending":
        return "info", tr(c, "Checking the clips…"), tr(c, "Each clip is read in the background.")
    if compat.verdict == "unreadable":
        names = ", ".join(compat.unreadable)
        return ("error", tr(c, "Cannot read: %1").replace("%1", names),
                tr(c, "Remove these clips or replace them with files that play."))
    if compat.verdict == "copy":
        if mode == "reencode":
            return ("info", tr(c, "Re-encode (chosen): the clips would also join by stream copy"),
                    tr(c, "Re-encoding is slower; Auto would copy without quality loss."))
        return ("ok", tr(c, "Stream copy: all clips match"),
                tr(c, "The clips are joined without re-encoding: fast and without quality loss."))
    first = mismatch_text(compat.mismatches[0])
    more = len(compat.mismatches) - 1
    headline = tr(c, "Re-encode: %1").replace("%1", first)
    if more:
        headline += " " + tr(c, "(and %n more)", "", more)
    if mode == "copy":
        return ("error", headline, tr(c, "Stream copy was chosen, but the clips differ: the merge would be "
                                         "refused. Choose Auto or Re-encode."))
    return "warning", headline, tr(c, "The clips are converted to the first clip's format; this takes longer.")
