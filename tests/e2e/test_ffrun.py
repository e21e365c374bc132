"""run_ffmpeg / FfmpegProcess with real ffmpeg: progress, errors, disk full, cancel, pipelines, no leaks."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from processors.contract import Cancelled, CancelReason, CancelToken, DiskFullError, FfmpegError, VerifyError
from processors.ffrun import FfmpegProcess, input_arg, kill_all_children, live_children, run_ffmpeg
from processors.outputs import verify_output
from tests.media_factory import make_clip

BOTH = pytest.mark.parametrize("ffmpeg_source", ["system", "bundled"], indirect=True)
LONG_SOURCE = ["-re", "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25:duration=60"]


@BOTH
def test_progress_is_monotonic_and_ends_at_one(ffmpeg_source: str, tmp_path: Path) -> None:
    out = tmp_path / "-out 'q' 中文.mp4"
    seen: list[float] = []
    tail = run_ffmpeg(["-y", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=3", "-c:v", "libx264",
                       "-preset", "ultrafast", input_arg(str(out))], cancel=CancelToken(), on_progress=seen.append,
                      total_seconds=3.0)
    assert out.exists() and out.stat().st_size > 0
    assert seen and seen[-1] == 1.0 and all(0.0 <= f <= 1.0 for f in seen)
    assert seen == sorted(seen)
    assert isinstance(tail, list)


@BOTH
def test_failure_raises_ffmpeg_error_with_stderr_tail(ffmpeg_source: str, tmp_path: Path) -> None:
    with pytest.raises(FfmpegError) as err:
        run_ffmpeg(["-i", input_arg(str(tmp_path / "missing.mp4")), "-f", "null", "-"], cancel=CancelToken())
    assert err.value.code == "ffmpeg_failed"
    assert any("No such file or directory" in line for line in err.value.log_lines)
    assert live_children() == 0


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_disk_full_is_typed() -> None:
    with pytest.raises(DiskFullError) as err:
        run_ffmpeg(["-y", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=2", "-c:v", "rawvideo",
                    "-f", "nut", "/dev/full"], cancel=CancelToken())
    assert err.value.code == "disk_full"


@BOTH
def test_cancel_stops_quickly_and_reaps(ffmpeg_source: str, tmp_path: Path) -> None:
    token = CancelToken()
    threading.Timer(0.5, token.cancel, args=(CancelReason.SHUTDOWN,)).start()
    t0 = time.monotonic()
    with pytest.raises(Cancelled) as stopped:
        run_ffmpeg(["-y", *LONG_SOURCE, "-c:v", "libx264", "-preset", "ultrafast", str(tmp_path / "o.mp4")],
                   cancel=token, total_seconds=60)
    assert stopped.value.reason == CancelReason.SHUTDOWN
    assert time.monotonic() - t0 < 5.0  # 'q' is honoured at once; the escalation is a fallback
    assert live_children() == 0


def test_cancel_escalates_when_q_is_ignored(tmp_path: Path) -> None:
    """A child that never reads stdin (-nostdin) is terminated after the grace period."""
    token = CancelToken()
    proc = FfmpegProcess(["-nostdin", "-y", *LONG_SOURCE, "-f", "null", "-"], cancel=token)
    with proc:
        time.sleep(0.3)
        t0 = time.monotonic()
        token.cancel()
        with pytest.raises(Cancelled):
            proc.check()
        assert time.monotonic() - t0 < 8.0
    assert proc.returncode is not None and live_children() == 0


def test_pipeline_decoder_to_encoder(tmp_path: Path) -> None:
    """Raw frames read from one child and written to another, both reaped, output valid."""
    src = make_clip(tmp_path / "in.mp4", duration=1.0, size="64x48", audio=None)
    out = tmp_path / "out.mp4"
    frame = 64 * 48 * 3
    token = CancelToken()
    dec = FfmpegProcess(["-i", input_arg(str(src)), "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"],
                        stdout_data=True, total_seconds=1.0, cancel=token)
    enc = FfmpegProcess(["-y", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", "64x48", "-r", "25", "-i", "pipe:0",
                         "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", input_arg(str(out))],
                        stdin="data", cancel=token)
    frames = 0
    with dec, enc:
        while True:
            chunk = b""
            while len(chunk) < frame:  # an unbuffered pipe may return less than asked for
                part = dec.stdout.read(frame - len(chunk))
                if not part:
                    break
                chunk += part
            if len(chunk) < frame:
                break
            enc.stdin.write(bytes(255 - b for b in chunk[:16]) + chunk[16:])
            frames += 1
        enc.stdin.close()
        dec.check()
        enc.check()
    assert frames == 25 and dec.progress == 1.0
    info = verify_output(str(out), {"video": 1, "audio": 0, "duration": 1.0, "decode": True})
    assert info.main_video.width == 64
    assert live_children() == 0


def test_error_in_with_block_kills_children(tmp_path: Path) -> None:
    proc = FfmpegProcess([*LONG_SOURCE, "-f", "null", "-"])
    with pytest.raises(RuntimeError), proc:
        time.sleep(0.2)
        raise RuntimeError("caller failed")
    assert proc.returncode is not None and live_children() == 0


def test_kill_all_children() -> None:
    procs = [FfmpegProcess([*LONG_SOURCE, "-f", "null", "-"]).start() for _ in range(2)]
    assert live_children() == 2
    kill_all_children()
    assert all(p.returncode is not None for p in procs)
    assert live_children() == 0


def test_verify_output_reports_differences(tmp_path: Path) -> None:
    clip = make_clip(tmp_path / "v.mp4", duration=2.0)
    info = verify_output(str(clip), {"video": 1, "audio": 1, "duration": 2.0, "duration_tolerance": 0.1,
                                     "decode": True})
    assert info.duration == pytest.approx(2.0, abs=0.1)
    with pytest.raises(VerifyError) as err:
        verify_output(str(clip), {"video": 1, "audio": 0, "duration": 3.0})
    params = {p["param"] for p in err.value.details["problems"]}
    assert {"audio_streams", "duration"} <= params
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(clip.read_bytes()[:5000])
    with pytest.raises(VerifyError):
        verify_output(str(broken), {"video": 1})


def test_keyframe_decode_check_catches_a_damaged_keyframe(tmp_path: Path) -> None:
    clip = make_clip(tmp_path / "v.mp4", duration=2.0, audio=None)
    verify_output(str(clip), {"video": 1, "decode": "keyframes"})
    data = bytearray(clip.read_bytes())
    start = data.index(b"mdat") + 4 + 200  # inside the first (key) frame
    data[start:start + 3000] = bytes((i * 37) % 251 for i in range(3000))
    damaged = tmp_path / "damaged.mp4"
    damaged.write_bytes(bytes(data))
    with pytest.raises(VerifyError) as err:
        verify_output(str(damaged), {"video": 1, "decode": "keyframes"})
    assert err.value.log_lines
