"""Refresh the translation sources and compiled files.

    .venv/bin/python resources/translations/update.py          # lupdate + English plurals + lrelease
    .venv/bin/python resources/translations/update.py --check  # list zh_CN messages still untranslated

``mediacraft_zh_CN.ts`` holds the Chinese translations (edit it, e.g. with pyside6-linguist);
``mediacraft_en.ts`` only carries English plural forms ("%n task(s)" -> "1 task" / "2 tasks"), which
are derived automatically. Both are compiled to ``.qm`` next to them; commit .ts and .qm together.
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
BIN = Path(sys.executable).parent
LANGUAGES = ("zh_CN", "en")


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))


def lupdate(language: str) -> None:
    ts = HERE / f"mediacraft_{language}.ts"
    args = [str(BIN / "pyside6-lupdate"), *sources(), "-no-obsolete", "-locations", "none",
            "-target-language", language, "-ts", str(ts.relative_to(ROOT))]
    if language == "en":
        args.insert(1, "-pluralonly")
    subprocess.run(args, cwd=ROOT, check=True, capture_output=True)


def english_plural(text: str) -> tuple[str, str]:
    """"%n task(s) are running" -> ("%n task is running", "%n tasks are running")."""
    one = text.replace("(s)", "")
    many = text.replace("(s)", "s")
    for plural, singular in (("have", "has"), ("are", "is"), ("were", "was")):
        one = re.sub(rf"\b{plural}\b", singular, one)
    return one, many


def fill_english() -> None:
    ts = HERE / "mediacraft_en.ts"
    tree = ET.parse(ts)
    for message in tree.iter("message"):
        if message.get("numerus") != "yes":
            continue
        translation = message.find("translation")
        source = message.findtext("source") or ""
        forms = translation.findall("numerusform")
        if forms and all(f.text for f in forms) and translation.get("type") != "unfinished":
            continue
        for form in forms:
            translation.remove(form)
        for text in english_plural(source):
            form = ET.SubElement(translation, "numerusform")
            form.text = text
        translation.attrib.pop("type", None)
    tree.write(ts, encoding="utf-8", xml_declaration=True)


def lrelease(language: str) -> None:
    ts = HERE / f"mediacraft_{language}.ts"
    subprocess.run([str(BIN / "pyside6-lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))],
                   check=True, capture_output=True)


def unfinished(language: str = "zh_CN") -> list[tuple[str, str]]:
    """(context, source) of messages without a finished translation."""
    tree = ET.parse(HERE / f"mediacraft_{language}.ts")
    missing = []
    for context in tree.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            texts = [f.text for f in translation.findall("numerusform")] or [translation.text]
            if translation.get("type") in ("unfinished", "vanished", "obsolete") or not all(texts):
                missing.append((name, message.findtext("source") or ""))
    return missing


def main(argv: list[str]) -> int:
    if "--check" in argv:
        missing = unfinished()
        for context, source in missing:
            print(f"{context}: {source}")
        return 1 if missing else 0
    for language in LANGUAGES:
        lupdate(language)
    fill_english()
    for language in LANGUAGES:
        lrelease(language)
    missing = unfinished()
    print(f"zh_CN: {len(missing)} message(s) untranslated" if missing else "zh_CN: all messages translated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
