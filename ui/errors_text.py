"""Error codes (from processors/contract.py ErrorCode and the engine) turned into words and a next step.

The codes are copied here as strings on purpose: ``ui`` does not import ``processors``.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

INPUT_MISSING = "input_missing"
INPUT_CHANGED = "input_changed"
INPUT_UNREADABLE = "input_unreadable"
INPUT_INVALID = "input_invalid"
UNSUPPORTED = "unsupported"
INCOMPATIBLE = "incompatible"
CONFIG_INVALID = "config_invalid"
DISK_FULL = "disk_full"
OUTPUT_UNWRITABLE = "output_unwritable"
OUTPUT_INVALID = "output_invalid"
FFMPEG_MISSING = "ffmpeg_missing"
FFMPEG_FAILED = "ffmpeg_failed"
VERIFY_FAILED = "verify_failed"
TIMEOUT = "timeout"
INTERNAL = "internal"
# engine-level codes
UNKNOWN_TYPE = "unknown_type"
PROCESSOR_UNAVAILABLE = "processor_unavailable"

KNOWN_CODES = (INPUT_MISSING, INPUT_CHANGED, INPUT_UNREADABLE, INPUT_INVALID, UNSUPPORTED, INCOMPATIBLE,
               CONFIG_INVALID, DISK_FULL, OUTPUT_UNWRITABLE, OUTPUT_INVALID, FFMPEG_MISSING, FFMPEG_FAILED,
               VERIFY_FAILED, TIMEOUT, INTERNAL, UNKNOWN_TYPE, PROCESSOR_UNAVAILABLE)


@dataclass(frozen=True)
class ErrorText:
    summary: str  # what went wrong, in words
    advice: str  # what the user can do next


# code -> (what went wrong, what to do); marked for translation here, translated when shown
TABLE: dict[str, tuple[str, str]] = {
    INPUT_MISSING: (
        QT_TRANSLATE_NOOP("Errors", "An input file could not be found."),
        QT_TRANSLATE_NOOP(
            "Errors",
            "Check that the file was not moved, renamed or deleted and that its drive is connected, "
            "then add it again.",
        ),
    ),
    INPUT_CHANGED: (
        QT_TRANSLATE_NOOP("Errors", "An input file changed after the task was created."),
        QT_TRANSLATE_NOOP("Errors", "Remove the task and add the file again so the new version is checked."),
    ),
    INPUT_UNREADABLE: (
        QT_TRANSLATE_NOOP("Errors", "An input file could not be read as a video."),
        QT_TRANSLATE_NOOP(
            "Errors",
            "Make sure the file plays in a media player and is not still being copied or downloaded; "
            "then retry.",
        ),
    ),
    INPUT_INVALID: (
        QT_TRANSLATE_NOOP(
            "Errors",
            "An input is not usable for this task (empty, too large, or the wrong number of files).",
        ),
        QT_TRANSLATE_NOOP("Errors", "Read the detail below, choose different files and submit again."),
    ),
    UNSUPPORTED: (
        QT_TRANSLATE_NOOP("Errors", "This file type or codec is not supported."),
        QT_TRANSLATE_NOOP("Errors", "Convert the file to MP4 (H.264/AAC) with another tool, then try again."),
    ),
    INCOMPATIBLE: (
        QT_TRANSLATE_NOOP("Errors", "The clips cannot be joined as they are."),
        QT_TRANSLATE_NOOP("Errors", "Choose the “Re-encode” mode so the clips are converted to one format; retry."),
    ),
    CONFIG_INVALID: (
        QT_TRANSLATE_NOOP("Errors", "The task settings are not valid."),
        QT_TRANSLATE_NOOP(
            "Errors",
            "Check the regions or options you chose (for example a region outside the picture) and "
            "submit again.",
        ),
    ),
    DISK_FULL: (
        QT_TRANSLATE_NOOP("Errors", "There is not enough free disk space."),
        QT_TRANSLATE_NOOP(
            "Errors",
            "Free some space or choose an output folder on another drive in Settings, then retry.",
        ),
    ),
    OUTPUT_UNWRITABLE: (
        QT_TRANSLATE_NOOP("Errors", "The result could not be written to the output folder."),
        QT_TRANSLATE_NOOP("Errors", "Choose an output folder you can write to in Settings, then retry."),
    ),
    OUTPUT_INVALID: (
        QT_TRANSLATE_NOOP("Errors", "The output file name or path is not usable."),
        QT_TRANSLATE_NOOP(
            "Errors",
            "Give a plain file name (no / or \\, not ..) ending in a video format such as .mp4, not a folder; "
            "then submit again.",
        ),
    ),
    FFMPEG_MISSING: (
        QT_TRANSLATE_NOOP("Errors", "FFmpeg, which does the video work, was not found."),
        QT_TRANSLATE_NOOP("Errors", "Install FFmpeg (or reinstall MediaCraft, which bundles it), then retry."),
    ),
    FFMPEG_FAILED: (
        QT_TRANSLATE_NOOP("Errors", "FFmpeg stopped with an error while processing the video."),
        QT_TRANSLATE_NOOP(
            "Errors",
            "Retry once; if it fails again, the task log shows FFmpeg's last messages — the file may "
            "be damaged.",
        ),
    ),
    VERIFY_FAILED: (
        QT_TRANSLATE_NOOP("Errors", "The result did not pass the final check, so it was discarded."),
        QT_TRANSLATE_NOOP("Errors", "Retry; if it keeps failing, try the “Re-encode” mode or different input files."),
    ),
    TIMEOUT: (
        QT_TRANSLATE_NOOP("Errors", "The task took longer than the time limit."),
        QT_TRANSLATE_NOOP("Errors", "Raise or turn off the task time limit in Settings, then retry."),
    ),
    INTERNAL: (
        QT_TRANSLATE_NOOP("Errors", "Something unexpected went wrong."),
        QT_TRANSLATE_NOOP("Errors", "Retry the task. If it happens again, copy the task log and report it."),
    ),
    UNKNOWN_TYPE: (
        QT_TRANSLATE_NOOP("Errors", "This kind of task is not known to this version of MediaCraft."),
        QT_TRANSLATE_NOOP("Errors", "Update MediaCraft, or remove the task."),
    ),
    PROCESSOR_UNAVAILABLE: (
        QT_TRANSLATE_NOOP("Errors", "The component that does this kind of work is not available."),
        QT_TRANSLATE_NOOP("Errors", "Reinstall MediaCraft; if you run from source, install its dependencies."),
    ),
}


def error_text(code: str | None) -> ErrorText:
    """Words for ``code``; unknown codes get the generic sentence."""
    summary, advice = TABLE.get(code or INTERNAL, TABLE[INTERNAL])
    return ErrorText(QCoreApplication.translate("Errors", summary), QCoreApplication.translate("Errors", advice))
