"""Sentences for media errors seen while opening or viewing a video (codes from the media service)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _tr(text: str) -> str:
    return QCoreApplication.translate("RemovalMessages", text)


def open_error_text(code: str) -> str:
    """Why a file could not be opened, as one sentence for the user."""
    if code == "input_missing":
        return _tr("The file could not be found. It may have been moved, renamed or deleted.")
    if code == "input_invalid":
        return _tr("This is not a video file that can be opened.")
    if code == "unsupported":
        return _tr("This video format is not supported. Convert it to MP4 (H.264) and try again.")
    if code == "ffmpeg_missing":
        return _tr("FFmpeg was not found, so videos cannot be read. Install FFmpeg and restart MediaCraft.")
    if code == "internal":
        return _tr("Something unexpected went wrong while opening this video.")
    return _tr("This file is not a readable video. Check that it plays in a media player.")


def frame_error_text() -> str:
    return _tr("This frame could not be read.")


def preview_error_text() -> str:
    return _tr("The preview could not be computed for this frame.")
