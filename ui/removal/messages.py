"""Sentences for media errors seen while opening or viewing a video (codes from the media service).

Calls are spelled ``QCoreApplication.translate("RemovalMessages", "...")`` in full so lupdate finds them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def open_error_text(code: str) -> str:
    """Why a file could not be opened, as one sentence for the user."""
    if code == "input_missing":
        return QCoreApplication.translate(
            "RemovalMessages", "The file could not be found. It may have been moved, renamed or deleted.")
    if code == "input_invalid":
        return QCoreApplication.translate(
            "RemovalMessages",
            "This file has no video picture to show. It may be audio only, empty, or not a regular file.")
    if code == "unsupported":
        return QCoreApplication.translate(
            "RemovalMessages", "This video format is not supported. Convert it to MP4 (H.264) and try again.")
    if code == "ffmpeg_missing":
        return QCoreApplication.translate(
            "RemovalMessages",
            "FFmpeg was not found, so videos cannot be read. Install FFmpeg and restart MediaCraft.")
    if code == "internal":
        return QCoreApplication.translate(
            "RemovalMessages", "Something unexpected went wrong while opening this video.")
    return QCoreApplication.translate(
        "RemovalMessages", "This file is not a readable video. Check that it plays in a media player.")


def frame_error_text() -> str:
    return QCoreApplication.translate("RemovalMessages", "This frame could not be read.")


def preview_error_text() -> str:
    return QCoreApplication.translate("RemovalMessages", "The preview could not be computed for this frame.")
