"""The concat demuxer's list file: ``file 'file:/abs/path'`` with quotes escaped as ``'\\''``."""

from __future__ import annotations

import os


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
