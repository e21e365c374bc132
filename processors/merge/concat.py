"""The concat demuxer's list file: ``file 'file:/abs/path'`` with quotes escaped as ``'\\''``."""

from __future__ import annotations

import os

# The concat demuxer, packets passed as they are: its default ``auto_convert`` turns MP4's H.264 into Annex B
# (every packet copied, parameter sets added in-band) and the MP4/Matroska muxer turns it back, ~1 CPU second per
# GB for nothing: clips joined by copy share their codec extradata (compat.py), so the first clip's serves all.
CONCAT_INPUT = ["-f", "concat", "-safe", "0", "-auto_convert", "0"]


def quote_concat_path(path: str) -> str:
    """One list line for ``path``; ``file:`` protects names starting with ``-`` or containing ``:``."""
    target = "file:" + os.path.abspath(path)
    if "\n" in target or "\r" in target:
        raise ValueError("file names with line breaks cannot be listed for the concat demuxer")
    return "file '" + target.replace("'", "'\\''") + "'"


def write_concat_list(paths: list[str], list_path: str) -> str:
    """Write the list (UTF-8) and return its path."""
    with open(list_path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("ffconcat version 1.0\n")
        for p in paths:
            fh.write(quote_concat_path(p) + "\n")
    return list_path
