"""One English sentence per error code for the command line (the GUI's translated words are in
``ui/errors_text.py``; a test keeps the two in step)."""

from __future__ import annotations

SENTENCES: dict[str, str] = {
    "input_missing": "An input file could not be found.",
    "input_changed": "An input file changed after the task was created.",
    "input_unreadable": "An input file could not be read as a video.",
    "input_invalid": "An input is not usable for this task (empty, too large, or the wrong number of files).",
    "unsupported": "This file type or codec is not supported.",
    "incompatible": "The clips cannot be joined as they are.",
    "config_invalid": "The task settings are not valid.",
    "disk_full": "There is not enough free disk space.",
    "output_unwritable": "The result could not be written to the output folder.",
    "output_invalid": "The output file name or path is not usable.",
    "ffmpeg_missing": "FFmpeg, which does the video work, was not found.",
    "ffmpeg_failed": "FFmpeg stopped with an error while processing the video.",
    "verify_failed": "The result did not pass the final check, so it was discarded.",
    "timeout": "The task took longer than the time limit.",
    "internal": "Something unexpected went wrong.",
    "unknown_type": "This kind of task is not known to this version of MediaCraft.",
    "processor_unavailable": "The component that does this kind of work is not available.",
}


def error_line(code: str | None, detail: str | None) -> str:
    """``[code] detail`` followed by the sentence for the code, e.g. for the CLI's stderr."""
    sentence = SENTENCES.get(code or "internal", SENTENCES["internal"])
    return f"[{code or 'internal'}] {detail or ''}\n  {sentence}"
