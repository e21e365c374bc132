"""Progress stages in English words for the command line (the GUI's translated words are in ``ui/i18n.py``;
a test keeps the two tables in step).

Processors and the engine report a stage as ``stage(code, **params)`` (``processors.contract``); a message that
is not a known stage (a task stored by an older version) is shown as it is.
"""

from __future__ import annotations

from typing import Any

from processors.contract import parse_stage

__all__ = ["STAGE_WORDS", "parse_stage", "stage_words"]


def _clock(seconds: Any) -> str:
    total = max(0, int(round(float(seconds))))
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


STAGE_WORDS: dict[str, str] = {
    "starting": "starting",
    "cancelling": "cancelling",
    "cancelled": "cancelled",
    "holding": "holding",
    "held": "held",
    "waiting_to_retry": "waiting to retry",
    "done": "done",
    "step": "step {index}/{count}",
    "removing_frames": "removing the watermark: frame {done}/{total}",
    "joining_segments": "joining segments",
    "verifying": "checking the result",
    "checking_clips": "checking clips",
    "copying_clips": "copying clip {index}/{count}",
    "encoding_time": "encoding {done_s} / {total_s}",
    "encoding_clip": "encoding clip {index}/{count} ({done_s} / {total_s})",
    "encoded_clip": "encoded clip {index}/{count}",
    "joining_clips": "joining clips",
}


def stage_words(message: str | None) -> str:
    """``message`` (a task's ``progress_message``) in English words, e.g. ``encoding clip 2/5 (0:12 / 1:30)``."""
    parsed = parse_stage(message or "")
    if parsed is None or parsed[0] not in STAGE_WORDS:
        return message or ""
    code, params = parsed
    if code == "removing_frames" and params.get("total") is None:
        return f"removing the watermark: {params.get('done')} frames"
    shown = {k: _clock(v) if k.endswith("_s") and isinstance(v, int | float) else v for k, v in params.items()}
    try:
        return STAGE_WORDS[code].format(**shown)
    except (KeyError, IndexError):
        return message or ""
