"""``--audio copy|aac`` on both verbs, as a user runs them: real clips, real ffmpeg, the result's audio probed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from processors.probe import probe
from tests.e2e.test_cli import S_OK, S_USAGE, data_dir, mediacraft  # noqa: F401 - data_dir is a fixture
from tests.media_factory import make_clip

MP3 = ["-c:a", "libmp3lame", "-b:a", "96k"]


def _done(data_dir: Path, proc) -> dict:  # noqa: F811 - the fixture's name
    assert proc.returncode == S_OK, proc.stderr
    task_id = json.loads(proc.stdout)["task_id"]
    task = json.loads(mediacraft("show", task_id, "--json", data_dir=data_dir).stdout)
    assert task["status"] == "completed", task["error_message"]
    return task


def _audio_codecs(path: str) -> list[str]:
    return [a.codec for a in probe(path).audio]


@pytest.fixture
def mp3_clips(tmp_path: Path) -> list[Path]:
    """Two stream-copy compatible clips whose audio is MP3 (so copy and AAC give different codecs)."""
    return [make_clip(tmp_path / f"{n}.mp4", duration=0.8, size="160x120", acodec=MP3) for n in ("a", "-b 'x' 中")]


@pytest.mark.parametrize(("audio", "codec"), [("copy", "mp3"), ("aac", "aac"), (None, "mp3")])
def test_merge_audio_copy_or_aac(data_dir: Path, mp3_clips: list[Path], audio: str | None, codec: str):  # noqa: F811
    extra = ("--audio", audio) if audio else ()
    proc = mediacraft("merge", *map(str, mp3_clips), "--mode", "auto", *extra, "--wait", "--json", data_dir=data_dir)
    task = _done(data_dir, proc)
    assert _audio_codecs(task["output_path"]) == [codec]
    assert task["config"]["audio_codec"] == (audio or "auto")
    info = probe(task["output_path"])
    assert info.main_video.codec == "h264" and abs(info.duration - 1.6) < 0.1


@pytest.mark.parametrize(("audio", "codec"), [("copy", "mp3"), ("aac", "aac"), (None, "mp3")])
def test_removal_audio_copy_or_aac(data_dir: Path, tmp_path: Path, audio: str | None, codec: str):  # noqa: F811
    clip = make_clip(tmp_path / "in.mkv", duration=0.6, size="160x120", acodec=MP3)
    extra = ("--audio", audio) if audio else ()
    proc = mediacraft("remove-watermark", str(clip), "--region", "8,8,30,20", "--method", "interp", *extra,
                      "--wait", "--json", data_dir=data_dir)
    task = _done(data_dir, proc)
    assert _audio_codecs(task["output_path"]) == [codec]
    assert task["output_path"].endswith(".mkv")


def test_merge_aac_on_a_copy_merge_copies_the_video(data_dir: Path, mp3_clips: list[Path]):  # noqa: F811
    """Stream copy with the audio re-encoded: the video packets stay those of the clips."""
    proc = mediacraft("merge", *map(str, mp3_clips), "--mode", "copy", "--audio", "aac", "--wait", "--json",
                      data_dir=data_dir)
    task = _done(data_dir, proc)
    src, out = probe(str(mp3_clips[0])).main_video, probe(task["output_path"]).main_video
    assert (out.codec, out.profile, out.extradata_hash) == (src.codec, src.profile, src.extradata_hash)
    assert _audio_codecs(task["output_path"]) == ["aac"]


def test_refused_audio_combinations_queue_nothing(data_dir: Path, tmp_path: Path):  # noqa: F811
    a = make_clip(tmp_path / "a.mp4", duration=0.4, size="160x120")
    small = make_clip(tmp_path / "small.mp4", duration=0.4, size="128x96")
    pcm = make_clip(tmp_path / "pcm.mkv", duration=0.4, size="160x120", acodec=["-c:a", "pcm_s16le"])
    region = ("--region", "8,8,30,20")
    cases = [
        (("merge", str(a), str(small), "--audio", "copy"), "the clips differ (small.mp4: video width is 128"),
        (("merge", str(a), str(small), "--mode", "copy", "--audio", "copy"), "audio cannot be kept as is"),
        (("merge", str(a), str(a), "--mode", "reencode", "--audio", "copy"), "in a re-encoding merge"),
        (("remove-watermark", str(pcm), *region, "--format", "mp4", "--audio", "copy"),
         "the audio (pcm_s16le, stream 1) cannot be kept as is in mp4"),
        (("merge", str(a), str(a), "--audio", "opus"), "invalid choice: 'opus'"),
    ]
    for args, words in cases:
        proc = mediacraft(*args, data_dir=data_dir)
        assert proc.returncode == S_USAGE and words in proc.stderr, (args, proc.stderr)
    assert json.loads(mediacraft("tasks", "--json", data_dir=data_dir).stdout) == []


def test_removal_refuses_aac_in_webm(tmp_path: Path):
    """Only reachable with a VP9 encoder (the CLI offers x264/x265, which WebM cannot hold): the processor itself."""
    from processors.contract import ConfigError
    from processors.watermark import config as wm_config
    from processors.watermark.caps import encoder_exists

    if not encoder_exists("libvpx-vp9"):
        pytest.skip("no libvpx-vp9 in this ffmpeg")
    clip = make_clip(tmp_path / "in.webm", duration=0.4, size="160x120", vcodec=["-c:v", "libvpx-vp9"],
                     acodec=["-c:a", "libopus"])
    entry = {"path": str(clip), "original_filename": clip.name, "media": probe(str(clip)).to_summary()}
    base = {"regions": [{"x": 8, "y": 8, "w": 30, "h": 20}], "video_codec": "libvpx-vp9", "container": "webm"}
    assert wm_config.validate([entry], {**base, "audio_codec": "copy"})["audio_codec"] == "copy"
    with pytest.raises(ConfigError, match="webm cannot hold AAC audio"):
        wm_config.validate([entry], {**base, "audio_codec": "aac"})
    with pytest.raises(ConfigError, match="audio_codec must be one of auto, copy, aac"):
        wm_config.validate([entry], {**base, "audio_codec": "flac"})
