"""The CLI's encoder settings, ``--name``, ``--format`` and ``--version``, on real clips with real ffmpeg."""

from __future__ import annotations

import json
from pathlib import Path

from mediacraft_desktop import __version__
from processors.probe import probe
from tests.e2e.test_cli import S_OK, S_USAGE, data_dir, mediacraft  # noqa: F401 - data_dir is a fixture
from tests.media_factory import make_clip


def _shown(data_dir: Path, done) -> dict:  # noqa: F811 - the fixture's name
    assert done.returncode == S_OK, done.stderr
    task_id = json.loads(done.stdout)["task_id"]
    return json.loads(mediacraft("show", task_id, "--json", data_dir=data_dir).stdout)


def test_version(data_dir: Path):  # noqa: F811
    proc = mediacraft("--version", data_dir=data_dir)
    assert proc.returncode == S_OK and proc.stdout.strip() == f"mediacraft {__version__}"


def test_merge_reencode_takes_codec_crf_preset_and_name(data_dir: Path, tmp_path: Path):  # noqa: F811
    a = make_clip(tmp_path / "a.mp4", duration=0.6, size="160x120")
    b = make_clip(tmp_path / "b.mp4", duration=0.6, size="160x120")
    done = mediacraft("merge", str(a), str(b), "--mode", "reencode", "--codec", "libx265", "--crf", "33",
                      "--preset", "ultrafast", "--name", "-joined 'x' 中", "--wait", "--json", data_dir=data_dir)
    task = _shown(data_dir, done)
    assert task["output_path"] == str(data_dir / "out" / "-joined 'x' 中.mp4")
    assert {k: task["config"][k] for k in ("video_codec", "crf", "preset")} == {
        "video_codec": "libx265", "crf": 33, "preset": "ultrafast"}
    assert probe(task["output_path"]).main_video.codec == "hevc"


def test_removal_takes_format_codec_crf_preset_and_name(data_dir: Path, tmp_path: Path):  # noqa: F811
    clip = make_clip(tmp_path / "in.mp4", duration=0.6, size="160x120")
    done = mediacraft("remove-watermark", str(clip), "--region", "8,8,30,20", "--method", "interp",
                      "--format", "mkv", "--codec", "libx265", "--crf", "40", "--preset", "veryfast",
                      "--name", "clean", "--wait", "--json", data_dir=data_dir)
    task = _shown(data_dir, done)
    assert task["output_path"] == str(data_dir / "out" / "clean.mkv")
    assert {k: task["config"][k] for k in ("container", "video_codec", "crf", "preset")} == {
        "container": "mkv", "video_codec": "libx265", "crf": 40, "preset": "veryfast"}
    info = probe(task["output_path"])
    assert "matroska" in info.format_name and info.main_video.codec == "hevc"


def test_removal_format_follows_the_names_extension(data_dir: Path, tmp_path: Path):  # noqa: F811
    clip = make_clip(tmp_path / "in.mp4", duration=0.4, size="160x120")
    done = mediacraft("remove-watermark", str(clip), "--region", "8,8,30,20", "--method", "interp",
                      "--name", "clean.mov", "--wait", "--json", data_dir=data_dir)
    task = _shown(data_dir, done)
    assert task["config"]["container"] == "mov" and task["output_path"].endswith("clean.mov")
    assert "mov" in probe(task["output_path"]).format_name


def test_bad_settings_are_usage_errors_and_queue_nothing(data_dir: Path, tmp_path: Path):  # noqa: F811
    a = make_clip(tmp_path / "a.mp4", duration=0.4, size="160x120")
    region = ("--region", "0,0,8,8")
    cases = [
        (("merge", str(a), str(a), "--crf", "52"), "crf must be between 0 and 51"),
        (("remove-watermark", str(a), *region, "--crf", "64"), "crf must be between 0 and 63"),
        (("remove-watermark", str(a), *region, "--crf", "high"), "crf must be a whole number"),
        (("merge", str(a), str(a), "--preset", "placebo"), "invalid choice: 'placebo'"),
        (("merge", str(a), str(a), "--codec", "mpeg4"), "invalid choice: 'mpeg4'"),
        (("remove-watermark", str(a), *region, "--format", "gif"), "invalid choice: 'gif'"),
        (("remove-watermark", str(a), *region, "--format", "mkv", "--name", "x.mp4"), "contradicts"),
        (("merge", str(a), str(a), "--name", "../up.mp4"), "output_invalid"),
        (("merge", str(a), str(a), "--name", "x.mp4", "-o", str(tmp_path / "y.mp4")), "not allowed with"),
    ]
    for args, words in cases:
        proc = mediacraft(*args, data_dir=data_dir)
        assert proc.returncode == S_USAGE and words in proc.stderr, (args, proc.stderr)
    assert json.loads(mediacraft("tasks", "--json", data_dir=data_dir).stdout) == []
    assert not (tmp_path / "up.mp4").exists()
