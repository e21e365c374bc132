"""watermark_removal config validation and output naming (no ffmpeg: the encoder check is stubbed)."""

from __future__ import annotations

import pytest

from processors.contract import ConfigError, InputError
from processors.probe import AudioStream, MediaInfo, VideoStream
from processors.watermark import caps, processor


@pytest.fixture(autouse=True)
def _encoders(monkeypatch):
    monkeypatch.setattr(caps, "encoder_exists", lambda name: name in {"libx264", "libx265", "libvpx-vp9"})


def entry(name="clip.mp4", width=640, height=360, rotation=0, frames=100, duration=4.0):
    info = MediaInfo(path=f"/x/{name}", format_name="mov,mp4", duration=duration,
                     video=[VideoStream(index=0, codec="h264", width=width, height=height, pix_fmt="yuv420p",
                                        rotation=rotation, frames=frames, fps=25.0)],
                     audio=[AudioStream(index=1, codec="aac")])
    return {"path": f"/x/{name}", "original_filename": name, "media": info.to_summary()}


def test_defaults_and_normalisation():
    cfg = processor.validate([entry()], {"regions": [{"x": 600, "y": 10, "w": 100, "h": "20"}], "extra": 1})
    assert cfg["regions"] == [{"x": 600, "y": 10, "w": 40, "h": 20, "clipped_from": [600, 10, 100, 20]}]
    assert (cfg["method"], cfg["video_codec"], cfg["crf"], cfg["preset"], cfg["container"]) == \
        ("auto", "libx264", 18, "medium", "mp4")
    assert cfg["extra"] == 1  # unknown keys are kept


def test_regions_are_checked_against_the_displayed_size():
    portrait = entry(width=640, height=360, rotation=90)  # shown as 360 x 640
    cfg = processor.validate([portrait], {"regions": [{"x": 300, "y": 600, "w": 100, "h": 100}]})
    assert cfg["regions"] == [{"x": 300, "y": 600, "w": 60, "h": 40, "clipped_from": [300, 600, 100, 100]}]
    assert processor.notes(cfg) == ["region 1 (300,600 100x100) reaches outside the frame: clipped to 300,600 60x40"]
    with pytest.raises(ConfigError):
        processor.validate([portrait], {"regions": [{"x": 400, "y": 10, "w": 10, "h": 10}]})


@pytest.mark.parametrize(("name", "container", "expected"), [
    ("clip.mp4", None, "clip_clean.mp4"), ("clip.MOV", None, "clip_clean.mov"), ("a.b.mkv", None, "a.b_clean.mkv"),
    ("clip.webm", None, "clip_clean.mp4"), ("clip.avi", None, "clip_clean.mp4"), ("clip.mpg", None, "clip_clean.mp4"),
    ("clip.m2ts", None, "clip_clean.ts"), ("clip.mp4", "mkv", "clip_clean.mkv"), ("clip.mkv", ".mov", "clip_clean.mov"),
])
def test_default_output_name(name, container, expected):
    e = entry(name)
    cfg = processor.validate([e], {"regions": [{"x": 0, "y": 0, "w": 10, "h": 10}], "container": container})
    assert processor.default_output_name([e], cfg) == expected


@pytest.mark.parametrize("bad", [
    {"method": "nope"}, {"crf": 70}, {"crf": "x"}, {"preset": "warp"}, {"video_codec": "h264_magic"},
    {"container": "flv"}, {"container": "webm"}, {"reference_frame": 100}, {"reference_frame": -1},
])
def test_bad_options(bad):
    with pytest.raises(ConfigError):
        processor.validate([entry()], {"regions": [{"x": 0, "y": 0, "w": 10, "h": 10}], **bad})


def test_webm_needs_a_webm_codec():
    cfg = processor.validate([entry()], {"regions": [{"x": 0, "y": 0, "w": 10, "h": 10}], "container": "webm",
                                         "video_codec": "libvpx-vp9"})
    assert cfg["container"] == "webm"


def test_inputs_must_be_one_probed_video():
    region = {"regions": [{"x": 0, "y": 0, "w": 10, "h": 10}]}
    with pytest.raises(InputError):
        processor.validate([], region)
    with pytest.raises(InputError):
        processor.validate([entry(), entry()], region)
    with pytest.raises(InputError):
        processor.validate([{**entry(), "media": None}], region)
    audio_only = MediaInfo(path="/x/a.mp3", audio=[AudioStream(index=0, codec="mp3")]).to_summary()
    with pytest.raises(InputError):
        processor.validate([{**entry(), "media": audio_only}], region)
