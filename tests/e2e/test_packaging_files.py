"""Packaging files: the .desktop entry, the AppStream metainfo, the user install script, the freeze spec.

The external validators (``desktop-file-validate``, ``appstreamcli``) run when installed. The frozen-app
smoke test (packaging/smoke_frozen.sh) runs only with ``MEDIACRAFT_TEST_FROZEN=1`` and a built bundle.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from mediacraft_desktop.registry import default_registry

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
APP_ID = "io.mediacraft.MediaCraft"
DESKTOP = PACKAGING / f"{APP_ID}.desktop"
METAINFO = PACKAGING / f"{APP_ID}.metainfo.xml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
KEY_RE = re.compile(r"^([A-Za-z0-9-]+)(\[[A-Za-z_@.]+\])?$")
REQUIRED_ESCAPES = '"`$\\'


def parse_desktop(text: str) -> dict[str, dict[str, str]]:
    """Desktop Entry file -> {group: {key: value}}; rejects malformed lines and duplicate keys/groups."""
    groups: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("["):
            assert line.endswith("]"), f"line {number}: bad group header {line!r}"
            name = line[1:-1]
            assert name not in groups, f"line {number}: group {name} twice"
            current = groups[name] = {}
            continue
        assert current is not None, f"line {number}: key before the first group"
        key, sep, value = line.partition("=")
        assert sep, f"line {number}: not key=value: {line!r}"
        assert KEY_RE.match(key.rstrip()), f"line {number}: bad key {key!r}"
        assert key.rstrip() not in current, f"line {number}: {key} twice"
        current[key.rstrip()] = value.lstrip()
    return groups


def unescape_string(value: str) -> str:
    """The Desktop Entry string escapes: \\s \\n \\t \\r \\\\."""
    out, i = [], 0
    table = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value) and value[i + 1] in table:
            out.append(table[value[i + 1]])
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def split_exec(value: str) -> list[str]:
    """Exec key -> argv per the spec's quoting rules (string escapes first, then quotes)."""
    text = unescape_string(value)
    args: list[str] = []
    i = 0
    while i < len(text):
        if text[i] == " ":
            i += 1
            continue
        arg = []
        if text[i] == '"':
            i += 1
            while True:
                assert i < len(text), f"unterminated quote in Exec {value!r}"
                ch = text[i]
                if ch == "\\":
                    assert text[i + 1] in REQUIRED_ESCAPES, f"bad escape in Exec {value!r}"
                    arg.append(text[i + 1])
                    i += 2
                elif ch == '"':
                    i += 1
                    break
                else:
                    assert ch not in "`$", f"unescaped {ch!r} in a quoted Exec argument {value!r}"
                    arg.append(ch)
                    i += 1
        else:
            while i < len(text) and text[i] != " ":
                assert text[i] not in "\"'`$\\", f"reserved character outside quotes in Exec {value!r}"
                arg.append(text[i])
                i += 1
        args.append("".join(arg).replace("%%", "%"))
    return args


def desktop_entry() -> dict[str, str]:
    groups = parse_desktop(DESKTOP.read_text(encoding="utf-8"))
    assert list(groups) == ["Desktop Entry"]
    return groups["Desktop Entry"]


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


# --- .desktop -----------------------------------------------------------------------------------------------


def test_desktop_entry_keys() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Version"] == "1.5"
    assert entry["Name"] == "MediaCraft"
    assert entry["Icon"] == APP_ID, "the icon name is the app id (installed as hicolor/scalable/apps/<id>.svg)"
    assert entry["Terminal"] == "false"
    assert entry["StartupWMClass"] == "MediaCraft", "Qt's WM_CLASS class is the application name"
    assert entry["Comment"] and len(entry["Comment"]) < 100 and not entry["Comment"].endswith(".")
    argv = split_exec(entry["Exec"])
    assert argv == [entry["TryExec"], "%F"], "files from the file manager reach the GUI as paths"
    assert argv[0] in project()["scripts"], "Exec names the project's console script"
    for key in ("Categories", "MimeType", "Keywords", "Keywords[zh_CN]"):
        assert entry[key].endswith(";"), f"{key} is a list and ends with ';'"
    categories = entry["Categories"].split(";")[:-1]
    assert {"AudioVideo", "Video"} <= set(categories)
    mimes = entry["MimeType"].split(";")[:-1]
    assert mimes and all(m.startswith("video/") for m in mimes) and len(set(mimes)) == len(mimes)
    assert {k.split("[")[0] for k in entry if "[" in k} <= {"Name", "GenericName", "Comment", "Keywords"}


def test_desktop_icon_exists_and_is_svg() -> None:
    icon = ROOT / "resources" / "icons" / "app.svg"
    root = ET.parse(icon).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 256 256", "a square icon"


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate is not installed (package desktop-file-utils)")
def test_desktop_file_validate() -> None:
    res = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True, timeout=30)
    assert res.returncode == 0 and "error" not in res.stdout.lower(), res.stdout + res.stderr


# --- AppStream metainfo -------------------------------------------------------------------------------------


def test_metainfo_required_fields() -> None:
    root = ET.parse(METAINFO).getroot()  # raises on malformed XML
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID == DESKTOP.name.removesuffix(".desktop")
    assert root.findtext("metadata_license") in {"CC0-1.0", "CC-BY-3.0", "CC-BY-SA-3.0", "FSFAP", "MIT"}
    assert root.findtext("project_license") == project()["license"]
    assert root.findtext("name") == desktop_entry()["Name"]
    summaries = {s.get(XML_LANG): s.text for s in root.findall("summary")}
    assert summaries.get(None) and len(summaries[None]) < 80 and not summaries[None].endswith(".")
    assert "zh_CN" in summaries
    description = root.find("description")
    assert description is not None and description.findall("p"), "a description with paragraphs"
    assert all(child.tag in {"p", "ul", "ol"} for child in description)
    launchable = root.find("launchable")
    assert launchable is not None and launchable.get("type") == "desktop-id" and launchable.text == DESKTOP.name
    assert root.find("developer/name") is not None
    assert root.find("content_rating").get("type", "").startswith("oars-")
    translation = root.find("translation")
    assert translation is not None and translation.get("type") == "qt"
    assert list((ROOT / "resources" / "translations").glob(f"{translation.text}_*.qm")), "the Qt translation domain"


def test_metainfo_release_matches_project_version() -> None:
    releases = ET.parse(METAINFO).getroot().findall("releases/release")
    assert releases, "at least one release"
    assert releases[0].get("version") == project()["version"], "newest release first, equal to pyproject's version"
    for release in releases:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", release.get("date", ""))


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstreamcli is not installed (package appstream)")
def test_appstreamcli_validate() -> None:
    res = subprocess.run(["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True, text=True,
                         timeout=60)
    assert res.returncode == 0, res.stdout + res.stderr
    assert not re.search(r"^[EW]:", res.stdout, re.M), res.stdout


# --- user install script ------------------------------------------------------------------------------------


def test_install_desktop_integration_quotes_odd_paths(tmp_path: Path) -> None:
    bundle = tmp_path / "Apps 'mine' \"q\" $HOME `x` 100% \\ 中文" / "MediaCraft"
    bundle.mkdir(parents=True)
    exe = bundle / "MediaCraft"
    exe.write_text("#!/bin/sh\nexit 0\n")
    exe.chmod(0o755)
    data = tmp_path / "share"
    env = {**os.environ, "XDG_DATA_HOME": str(data), "HOME": str(tmp_path)}
    script = str(PACKAGING / "install-desktop-integration.sh")
    res = subprocess.run([script, str(bundle)], capture_output=True, text=True, env=env, timeout=60)
    assert res.returncode == 0, res.stderr
    installed = data / "applications" / f"{APP_ID}.desktop"
    entry = parse_desktop(installed.read_text(encoding="utf-8"))["Desktop Entry"]
    assert split_exec(entry["Exec"]) == [str(exe), "%F"]
    assert unescape_string(entry["TryExec"]) == str(exe)
    assert (data / "icons/hicolor/scalable/apps" / f"{APP_ID}.svg").read_bytes() == \
        (ROOT / "resources/icons/app.svg").read_bytes()
    assert (data / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(installed)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout

    res = subprocess.run([script, "--uninstall"], capture_output=True, text=True, env=env, timeout=60)
    assert res.returncode == 0, res.stderr
    assert not installed.exists() and not list((data / "icons").rglob("*.svg"))


def test_install_refuses_a_missing_executable(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "share"), "HOME": str(tmp_path)}
    res = subprocess.run([str(PACKAGING / "install-desktop-integration.sh"), str(tmp_path)], capture_output=True,
                         text=True, env=env, timeout=60)
    assert res.returncode != 0 and "no MediaCraft executable" in res.stderr
    assert not (tmp_path / "share" / "applications").exists()


# --- freeze spec and scripts --------------------------------------------------------------------------------


def test_spec_collects_every_registered_processor() -> None:
    tree = ast.parse((PACKAGING / "mediacraft.spec").read_text(encoding="utf-8"))
    collected: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.For) and isinstance(node.iter, ast.Tuple):
            collected |= {elt.value for elt in node.iter.elts if isinstance(elt, ast.Constant)}
    assert {"mediacraft_desktop", "ui", "processors", "storage"} <= collected
    for task_type in default_registry().types():
        module = default_registry().get(task_type).module.partition(":")[0]
        assert module.split(".")[0] in collected, f"{task_type}: {module} is not collected into the bundle"


def test_runtime_hook_restores_the_users_library_path() -> None:
    hook = PACKAGING / "rthook_child_env.py"
    code = f"exec(open({str(hook)!r}).read()); import os; print(repr(os.environ.get('LD_LIBRARY_PATH')))"
    cases = [({"LD_LIBRARY_PATH": "/bundle/_internal", "LD_LIBRARY_PATH_ORIG": "/opt/lib"}, "'/opt/lib'"),
             ({"LD_LIBRARY_PATH": "/bundle/_internal"}, "None")]
    for extra, expected in cases:
        env = {k: v for k, v in os.environ.items() if not k.startswith("LD_LIBRARY_PATH")}
        res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**env, **extra},
                             timeout=30, check=True)
        assert res.stdout.strip() == expected


@pytest.mark.parametrize("name", ["build.sh", "smoke_frozen.sh", "install-desktop-integration.sh"])
def test_shell_scripts_parse_and_are_executable(name: str) -> None:
    path = PACKAGING / name
    assert os.access(path, os.X_OK), f"{name} is not executable"
    subprocess.run(["bash", "-n", str(path)], check=True, timeout=30)


FROZEN = ROOT / "dist" / "MediaCraft" / "MediaCraft"


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("MEDIACRAFT_TEST_FROZEN") != "1" or not FROZEN.exists(),
                    reason="set MEDIACRAFT_TEST_FROZEN=1 after packaging/build.sh to smoke-test the bundle")
def test_frozen_bundle_smoke() -> None:
    env = {k: v for k, v in os.environ.items() if k != "MEDIACRAFT_DATA_DIR"}
    res = subprocess.run([str(PACKAGING / "smoke_frozen.sh"), str(FROZEN.parent)], capture_output=True, text=True,
                         env=env, timeout=600)
    assert res.returncode == 0 and "smoke: PASS" in res.stdout, res.stdout + res.stderr
