"""Settings persistence and the safe output names used for results."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mediacraft_desktop.prepare import free_path, safe_filename
from mediacraft_desktop.settings import Settings, load_settings, save_settings


def test_settings_round_trip_and_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path) == Settings()
    settings = Settings(max_concurrent=3, per_type_limits={"video_merge": 2}, language="zh_CN",
                        task_timeout_minutes=1.5, output_dir=str(tmp_path / "输出"))
    save_settings(tmp_path, settings)
    assert load_settings(tmp_path) == settings
    assert settings.limit_for("video_merge") == 2 and settings.limit_for("watermark_removal") == 3


@pytest.mark.parametrize("content", ["", "{", "[1]", json.dumps({"max_concurrent": "many"})])
def test_bad_settings_file_falls_back_to_defaults(tmp_path: Path, content: str) -> None:
    (tmp_path / "settings.json").write_text(content)
    assert load_settings(tmp_path) == Settings()


def test_values_are_clamped(tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text(json.dumps(
        {"max_concurrent": 0, "language": "klingon", "max_attempts": 99, "unknown": 1}))
    settings = load_settings(tmp_path)
    assert settings.max_concurrent == 1 and settings.language == "auto" and settings.max_attempts == 10


@pytest.mark.parametrize(("name", "expected"), [
    ("clip_clean.mp4", "clip_clean.mp4"),
    ("片段 'a'_clean.mp4", "片段 'a'_clean.mp4"),
    ("a/b\\c:d*?.mp4", "a_b_c_d__.mp4"),
    ("CON.mp4", "_CON.mp4"),
    ("...", "output"),
    ("-rf_clean.mp4", "-rf_clean.mp4"),
])
def test_safe_filename(name: str, expected: str) -> None:
    assert safe_filename(name) == expected


def test_long_names_are_cut_within_the_byte_limit() -> None:
    name = safe_filename("长" * 300 + ".mp4")
    assert name.endswith(".mp4") and len(name.encode("utf-8")) <= 200


def test_free_path_skips_existing_files_and_other_tasks_targets(tmp_path: Path) -> None:
    target = tmp_path / "out.mp4"
    assert free_path(str(target), set()) == str(target)
    target.write_text("x")
    second = tmp_path / "out (2).mp4"
    assert free_path(str(target), set()) == str(second)
    assert free_path(str(target), {str(second)}) == str(tmp_path / "out (3).mp4")
