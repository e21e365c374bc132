"""The content check of a stream-copy merge (what ``mediacraft merge --mode copy`` relies on), in both ways it runs:
the clips' packet listings written by the merge's own ffmpeg run (small merges) or by a second process beside it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from processors.contract import VerifyError
from processors.ffbin import find_tools
from processors.merge import content, copy_mode, processor
from tests.e2e.conftest import call_processor, entry_for, leftovers
from tests.media_factory import make_clip


@pytest.fixture(params=["same_run", "beside"])
def audit_way(request, monkeypatch) -> str:
    monkeypatch.setattr(copy_mode, "FOLD_AUDIT_MAX_BYTES", 1 << 40 if request.param == "same_run" else 0)
    return request.param


def _clips(tmp_path: Path) -> list[Path]:
    return [make_clip(tmp_path / "a.mp4", duration=1.0, size="160x120", audio="sine=frequency=500:sample_rate=48000"),
            make_clip(tmp_path / "-b 'x'.mp4", duration=1.0, size="160x120", video="smptebars",
                      audio="sine=frequency=700:sample_rate=48000")]


def test_copy_merge_checks_every_packet(tmp_path: Path, audit_way: str):
    clips = _clips(tmp_path)
    result, _ = call_processor(processor, [entry_for(p) for p in clips], {"mode": "copy"}, tmp_path / "out.mp4")
    details = result.details
    assert details["mode"] == "copy" and details["content_points"] > 50  # every video and audio packet
    assert ("source_audit_seconds" in details) == (audit_way == "beside")
    assert leftovers(tmp_path) == []


def test_copy_merge_refuses_packets_that_are_not_the_clips(tmp_path: Path, monkeypatch, audit_way: str):
    """The merge joins other packets than the clip's own listing shows (as a concat demuxer fault would): the
    check names the clip, and no result is left."""
    clips = _clips(tmp_path)
    other = make_clip(tmp_path / "other.mp4", duration=1.0, size="160x120", video="testsrc",
                      audio="sine=frequency=700:sample_rate=48000")
    real_prepare = content.SourceAudit.prepare.__func__

    def listing_other(cls, listed, streams, prefix):
        return real_prepare(cls, [listed[0], str(other)], streams, prefix)

    monkeypatch.setattr(content.SourceAudit, "prepare", classmethod(listing_other))
    with pytest.raises(VerifyError, match="does not hold -b 'x'.mp4 unchanged where it belongs: video packet 1"):
        call_processor(processor, [entry_for(p) for p in clips], {"mode": "copy"}, tmp_path / "out.mp4")
    assert not (tmp_path / "out.mp4").exists()
    assert leftovers(tmp_path) == []


def _damage_keyframe(path: Path, nth: int) -> None:
    """Garbage in the slice data of the ``nth`` video keyframe of an MP4 (NAL sizes, packet sizes and the index
    intact: probing, demuxing and the packet check see nothing; only decoding that picture fails)."""
    out = subprocess.run([find_tools().ffprobe, "-v", "error", "-select_streams", "v:0", "-show_entries",
                          "packet=size,pos,flags", "-of", "csv=p=0", str(path)], capture_output=True, text=True,
                         check=True).stdout.split()
    keys = [(int(pos), int(size)) for size, pos, flags in (line.split(",") for line in out) if "K" in flags]
    pos, size = keys[nth]
    data = bytearray(path.read_bytes())
    at = pos
    while at < pos + size:  # 4-byte length-prefixed NAL units; the IDR slice is type 5
        length = int.from_bytes(data[at:at + 4], "big")
        if data[at + 4] & 0x1F == 5:
            data[at + 12:at + 4 + length] = bytes((k * 151 + 7) % 256 for k in range(length - 8))
            path.write_bytes(bytes(data))
            return
        at += 4 + length
    raise AssertionError("no IDR slice found")


def test_copy_merge_refuses_a_clip_whose_keyframe_does_not_decode(tmp_path: Path, audit_way: str):
    """A damaged keyframe in the middle of a clip: the keyframe decode, in the merge's run or beside it, fails the
    merge (each clip's first pictures are decoded when it is opened; this one is not among them)."""
    clips = [make_clip(tmp_path / f"{n}.mp4", duration=2.0, size="160x120", extra=["-g", "10"]) for n in "ab"]
    _damage_keyframe(clips[1], 3)
    with pytest.raises(VerifyError, match="ffmpeg reported errors while merging"):
        call_processor(processor, [entry_for(p) for p in clips], {"mode": "copy"}, tmp_path / "out.mp4")
    assert not (tmp_path / "out.mp4").exists()
    assert leftovers(tmp_path) == []
