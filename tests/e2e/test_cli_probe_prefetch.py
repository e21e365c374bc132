"""``probe.prefetch`` (the CLI probes all inputs at once while Qt loads): each file probed once, a changed file
probed again, a failure reported where the probe is asked for."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from processors import probe as probe_mod
from processors.contract import InputError
from processors.ffbin import find_tools
from tests.media_factory import make_clip


def _counting(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = probe_mod._probe_file

    def counted(path: str):
        calls.append(path)
        return real(path)

    monkeypatch.setattr(probe_mod, "_probe_file", counted)
    return calls


def test_prefetched_probes_are_used_once(tmp_path: Path, monkeypatch):
    a = make_clip(tmp_path / "a.mp4", duration=0.4, size="160x120")
    b = make_clip(tmp_path / "-b 中.mkv", duration=0.6, size="128x96", audio=None)
    probe_mod.prefetch([str(a), str(b), str(tmp_path / "missing.mp4")])
    calls = _counting(monkeypatch)
    got_a, got_b = probe_mod.probe(str(a)), probe_mod.probe(str(b))
    assert calls == []  # both came from the prefetch
    assert (got_a.main_video.width, bool(got_a.audio)) == (160, True)
    assert (got_b.main_video.width, bool(got_b.audio)) == (128, False)
    assert probe_mod.probe(str(a)).to_summary() == got_a.to_summary() and calls == [str(a)]  # once only
    with pytest.raises(InputError, match="input not found"):
        probe_mod.probe(str(tmp_path / "missing.mp4"))


def test_a_file_changed_after_the_prefetch_is_probed_again(tmp_path: Path, monkeypatch):
    a = make_clip(tmp_path / "a.mp4", duration=0.4, size="160x120")
    probe_mod.prefetch([str(a)])
    time.sleep(0.01)
    make_clip(tmp_path / "a.mp4", duration=0.4, size="96x64")
    calls = _counting(monkeypatch)
    assert probe_mod.probe(str(a)).main_video.width == 96 and calls == [str(a)]


def test_a_failed_prefetch_is_reported_by_probe(tmp_path: Path):
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"not a video at all" * 50)
    probe_mod.prefetch([str(junk)])
    with pytest.raises(InputError, match="not a readable media file: junk.mp4"):
        probe_mod.probe(str(junk))


def test_ffprobe_names_streams_without_a_decoder_so_no_codec_list_is_asked(tmp_path: Path, monkeypatch):
    """A submission costs one ffprobe per input and no ``ffmpeg -codecs`` run: ffprobe's own warning says which
    streams its build (the same as ffmpeg's) cannot decode."""
    from processors.contract import UnsupportedError
    from tests.e2e.test_bad_inputs import unknown_codec

    if not find_tools().ffprobe:
        pytest.skip("needs ffprobe")

    def no_codec_list(_ffmpeg: str):
        raise AssertionError("ffmpeg -codecs was run")

    monkeypatch.setattr(probe_mod, "_decodable_list", no_codec_list)
    good = probe_mod.probe(str(make_clip(tmp_path / "good.mp4", duration=0.4, size="160x120")))
    assert good.undecodable_streams == []
    probe_mod.check_decodable(good)
    strange = probe_mod.probe(str(unknown_codec(tmp_path)))
    assert strange.undecodable_streams == [0]
    with pytest.raises(UnsupportedError, match="strange.mkv: the video codec"):
        probe_mod.check_decodable(strange)
    # a known codec name the build has no decoder for (as a build without it reports): refused all the same
    faked = probe_mod.MediaInfo.from_summary({**good.to_summary(), "undecodable_streams": [1]})
    with pytest.raises(UnsupportedError, match="the audio codec \\(aac\\) of stream 1 cannot be decoded"):
        probe_mod.check_decodable(faked)
