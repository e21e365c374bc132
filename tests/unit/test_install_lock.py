"""The install locks (``packaging/lock.sh``) match pyproject.toml: every dependency of the app and of the test
extra is pinned, with hashes, at a version its range allows, and nothing else is pinned at top level."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)", re.MULTILINE)


def pins(name: str) -> dict[str, str]:
    text = (ROOT / "packaging" / name).read_text(encoding="utf-8")
    found = {canonicalize_name(n): v for n, v in _PIN.findall(text)}
    entries = [e for e in re.split(r"\n(?=[A-Za-z0-9])", text) if _PIN.match(e)]
    assert all("--hash=sha256:" in e for e in entries), "every pin carries its hashes"
    return found


@pytest.mark.parametrize(("lock", "requirements"), [
    ("requirements.lock", PROJECT["dependencies"]),
    ("requirements-test.lock", PROJECT["dependencies"] + PROJECT["optional-dependencies"]["test"]),
])
def test_lock_pins_every_dependency_inside_its_range(lock: str, requirements: list[str]):
    pinned = pins(lock)
    for line in requirements:
        req = Requirement(line)
        name = canonicalize_name(req.name)
        assert name in pinned, f"{req.name} is missing from packaging/{lock}: run bash packaging/lock.sh"
        assert req.specifier.contains(pinned[name], prereleases=True), \
            f"packaging/{lock} pins {req.name}=={pinned[name]}, outside {req.specifier}: run bash packaging/lock.sh"


def test_app_and_test_locks_agree():
    app, test = pins("requirements.lock"), pins("requirements-test.lock")
    assert {n: test.get(n) for n in app} == app


def test_setup_installs_from_the_locks():
    setup = (ROOT / "packaging" / "setup.sh").read_text(encoding="utf-8")
    assert "--require-hashes -r \"$lock\"" in setup and "lock=packaging/requirements-test.lock" in setup
    assert "--no-deps -e ." in setup
