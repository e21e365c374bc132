"""Checks a file name typed in the GUI: a bare name for the output folder, never a path.

``name_problem(text)`` is "" for a usable name, else one sentence saying why not. Every name field
(removal output name, merge output name) calls it as the user types and again on submit, so
``../../x/evil`` can neither be queued nor create folders outside the output folder.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

SEPARATORS = ("/", "\\")


def name_problem(text: str) -> str:
    """"" when ``text`` (stripped) is a plain file name, else why it is refused (translated)."""
    name = text.strip()
    if any(sep in name for sep in SEPARATORS):
        return QCoreApplication.translate(
            "FileName", "A file name cannot contain / or \\. The result is saved in the output folder; "
                        "choose another folder there.")
    if name in (".", ".."):
        return QCoreApplication.translate("FileName", "“{0}” is not a file name. Enter a name for the result.").format(
            name)
    if "\0" in name:
        return QCoreApplication.translate("FileName", "The file name contains a character that is not allowed.")
    return ""
