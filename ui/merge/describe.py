"""Words for clips and for the compatibility verdict (kept apart from the widgets so tests can read them)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ui.formatting import clock
from ui.merge.compat import Compatibility, Mismatch

CTX = "MergeText"
MISMATCH_TEMPLATES = {
    # %1 the clip, %2 its value, %3 the first clip's value
    "video.missing/no": QT_TRANSLATE_NOOP("MergeText", "clip %1 has no video, the first clip has"),
    "video.missing/yes": QT_TRANSLATE_NOOP("MergeText", "clip %1 has video, the first clip has none"),
    "audio.missing/no": QT_TRANSLATE_NOOP("MergeText", "clip %1 has no audio, the first clip has"),
    "audio.missing/yes": QT_TRANSLATE_NOOP("MergeText", "clip %1 has audio, the first clip has none"),
    "video.fps": QT_TRANSLATE_NOOP("MergeText", "clip %1 has %2 fps, first clip %3 fps"),
    "video.size": QT_TRANSLATE_NOOP("MergeText", "clip %1 is %2, first clip %3"),
    "video.codec": QT_TRANSLATE_NOOP("MergeText", "clip %1 uses %2 video, first clip %3"),
    "video.profile": QT_TRANSLATE_NOOP("MergeText", "clip %1 uses the %2 profile, first clip %3"),
    "video.pix_fmt": QT_TRANSLATE_NOOP("MergeText", "clip %1 has pixel format %2, first clip %3"),
    "video.sar": QT_TRANSLATE_NOOP("MergeText", "clip %1 has pixel aspect %2, first clip %3"),
    "video.rotation": QT_TRANSLATE_NOOP("MergeText", "clip %1 is rotated %2°, first clip %3°"),
    "video.time_base": QT_TRANSLATE_NOOP("MergeText", "clip %1 has time base %2, first clip %3"),
    "video.extradata": QT_TRANSLATE_NOOP("MergeText", "clip %1 was encoded with other settings than the first"),
    "audio.codec": QT_TRANSLATE_NOOP("MergeText", "clip %1 has %2 audio, first clip %3"),
    "audio.sample_rate": QT_TRANSLATE_NOOP("MergeText", "clip %1 has audio at %2 Hz, first clip %3 Hz"),
    "audio.channels": QT_TRANSLATE_NOOP("MergeText", "clip %1 has %2 audio channels, first clip %3"),
    "audio.sample_fmt": QT_TRANSLATE_NOOP("MergeText", "clip %1 has audio sample format %2, first clip %3"),
    "other": QT_TRANSLATE_NOOP("MergeText", "clip %1 differs from the first clip (%2 vs %3)"),
    # chosen output settings a stream copy cannot give: %2 the choice, %3 the first clip's value
    "output.size": QT_TRANSLATE_NOOP("MergeText", "the chosen size %2 differs from the clips' %3"),
    "output.fps": QT_TRANSLATE_NOOP("MergeText", "the chosen frame rate %2 fps differs from the clips' %3 fps"),
    "output.sample_rate": QT_TRANSLATE_NOOP("MergeText",
                                            "the chosen sample rate %2 Hz differs from the clips' %3 Hz"),
}


def _t(text: str) -> str:
    return QCoreApplication.translate(CTX, text)


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
    key = f"{m.field}/{m.value}" if m.field.endswith(".missing") else m.field
    text = _t(MISMATCH_TEMPLATES.get(key, MISMATCH_TEMPLATES["other"]))
    return text.replace("%1", m.clip).replace("%2", m.value).replace("%3", m.first_value)


def compatibility_text(compat: Compatibility, mode: str) -> tuple[str, str, str]:
    """(level, headline, explanation) for the indicator; level is ok/info/warning/error."""
    if compat.verdict == "too_few":
        return ("info", QCoreApplication.translate("MergeText", "Add at least two clips"),
                QCoreApplication.translate("MergeText", "Drop videos or folders here, or use Add clips."))
    if compat.verdict == "pending":
        return ("info", QCoreApplication.translate("MergeText", "Checking the clips…"),
                QCoreApplication.translate("MergeText", "Each clip is read in the background."))
    if compat.verdict == "unreadable":
        names = ", ".join(compat.unreadable)
        return ("error", QCoreApplication.translate("MergeText", "Cannot read: %1").replace("%1", names),
                QCoreApplication.translate("MergeText", "Remove these clips or replace them with files that play."))
    if compat.verdict == "copy":
        if mode == "reencode":
            return ("info",
                    QCoreApplication.translate("MergeText", "Re-encode (chosen): the clips would also join by copy"),
                    QCoreApplication.translate("MergeText", "Re-encoding is slower; Auto would copy without loss."))
        return ("ok", QCoreApplication.translate("MergeText", "Stream copy: all clips match"),
                QCoreApplication.translate("MergeText", "The clips are joined without re-encoding: fast and lossless."))
    first = mismatch_text(compat.mismatches[0])
    more = len(compat.mismatches) - 1
    headline = QCoreApplication.translate("MergeText", "Re-encode: %1").replace("%1", first)
    if more:
        headline += " " + QCoreApplication.translate("MergeText", "(and %n more)", "", more)
    if mode == "copy":
        return ("error", headline, QCoreApplication.translate(
            "MergeText", "Stream copy was chosen, but the clips differ: the merge would be refused. "
                         "Choose Auto or Re-encode.") if not compat.mismatches[0].field.startswith("output.") else
            QCoreApplication.translate("MergeText", "Stream copy was chosen, but it keeps the clips' format: the "
                                                    "merge would be refused. Choose Auto, or keep the settings "
                                                    "automatic."))
    return ("warning", headline,
            QCoreApplication.translate(
                "MergeText", "The clips are converted to the output settings below (by default the most common size "
                             "and the highest clip frame rate as a standard rate); slower."))


def dropped_text(clips: list[tuple[str, dict[str, Any] | None]], copy: bool) -> str:
    """What the result will not hold (cover pictures, subtitles, and audio tracks after the first when
    re-encoding), e.g. "Not kept in the result: a.mp4: cover picture; b.mkv: 1 more audio track(s)"; "" if none."""
    parts = []
    for name, summary in clips:
        if not summary:
            continue
        found = []
        extra = len(summary.get("audio") or []) - 1
        if not copy and extra > 0:
            found.append(QCoreApplication.translate("MergeText", "%n more audio track(s)", "", extra))
        if any(v.get("attached_pic") for v in summary.get("video") or []):
            found.append(QCoreApplication.translate("MergeText", "cover picture"))
        if summary.get("subtitles"):
            found.append(QCoreApplication.translate("MergeText", "subtitles"))
        if found:
            parts.append(f"{name}: {', '.join(found)}")
    if not parts:
        return ""
    return QCoreApplication.translate("MergeText", "Not kept in the result: %1").replace("%1", "; ".join(parts))
