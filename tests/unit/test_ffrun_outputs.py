"""ffrun progress parsing / error typing and the result-file helpers in processors.outputs (no ffmpeg)."""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

import pytest

from processors.contract import DiskFullError, ErrorCode, FfmpegError
from processors.ffbin import child_env
from processors.ffrun import ProgressParser, error_for, input_arg
from processors.outputs import (
    check_free_space,
    discard,
    finalize_output,
    map_os_error,
    temp_path_for,
    unique_path,
)


def feed(parser: ProgressParser, block: str) -> list[float | None]:
    return [parser.feed(line) for line in block.strip().splitlines()]


def test_progress_parser_clamps_and_ignores_garbage() -> None:
    p = ProgressParser(10.0)
    assert feed(p, "frame=0\nout_time_us=N/A\nprogress=continue")[-1] == 0.0
    assert feed(p, "out_time_us=-9223372036854775807\nprogress=continue")[-1] == 0.0
    assert feed(p, "out_time_ms=5000000\nout_time_us=5000000\nspeed=2.5x\nprogress=continue")[-1] == 0.5
    assert p.speed == 2.5
    assert feed(p, "out_time_us=4000000\nprogress=continue")[-1] == 0.5  # never goes backwards
    assert feed(p, "out_time_us=99000000\nprogress=continue")[-1] == 1.0  # clamped
    assert feed(p, "progress=end")[-1] == 1.0 and p.ended
    assert ProgressParser(None).feed("progress=continue") is None


def test_error_typing_and_headline() -> None:
    tail = ["[info] Stream mapping:", "[mp4 @ 0x1] [error] Could not write header", "[info] Conversion failed!"]
    err = error_for(1, tail)
    assert isinstance(err, FfmpegError) and "Could not write header" in err.detail and err.log_lines == tail
    full = error_for(1, ["av_interleaved_write_frame(): No space left on device", "Conversion failed!"])
    assert isinstance(full, DiskFullError) and full.code == ErrorCode.DISK_FULL


def test_a_full_disk_is_named_by_the_output_folder_when_ffmpeg_names_none() -> None:
    """ffmpeg's 'av_interleaved_write_frame(): No space left on device' has no path; the run knows its output."""
    tail = ["av_interleaved_write_frame(): No space left on device", "Conversion failed!"]
    full = error_for(1, tail, "encoder", "/media/small/.result.mp4.part")
    assert isinstance(full, DiskFullError) and "in /media/small " in full.detail
    named = error_for(1, ["[out#0] /media/other/x.mp4: No space left on device"], "encoder", "/media/small/y.mp4")
    assert "in /media/other " in named.detail, "ffmpeg's own path wins"


def test_input_arg_protects_dash_and_colon(tmp_path: Path) -> None:
    assert input_arg(str(tmp_path / "-x:y.mp4")) == "file:" + str(tmp_path / "-x:y.mp4")
    assert input_arg("rel.mp4").startswith("file:/")


def test_temp_path_is_hidden_beside_final_with_extension(tmp_path: Path) -> None:
    final = tmp_path / "my clip 中文.mp4"
    temp = Path(temp_path_for(str(final)))
    assert temp.parent == tmp_path and temp.name.startswith(".my clip 中文.mediacraft-") and temp.suffix == ".mp4"
    assert temp.name.endswith(".part.mp4")
    assert temp_path_for(str(final)) != str(temp)
    long = tmp_path / ("x" * 250 + ".mkv")
    assert len(os.path.basename(temp_path_for(str(long))).encode()) <= 255


def test_finalize_never_overwrites(tmp_path: Path) -> None:
    final = tmp_path / "out.mp4"
    final.write_bytes(b"old")
    (tmp_path / "out (2).mp4").write_bytes(b"older")
    temp = temp_path_for(str(final))
    Path(temp).write_bytes(b"new")
    used = finalize_output(temp, str(final))
    assert used == str(tmp_path / "out (3).mp4")
    assert final.read_bytes() == b"old" and Path(used).read_bytes() == b"new" and not os.path.exists(temp)


def test_finalize_concurrent_writers_get_distinct_names(tmp_path: Path) -> None:
    final = str(tmp_path / "r.mp4")
    temps = []
    for i in range(8):
        t = temp_path_for(final)
        Path(t).write_text(str(i))
        temps.append(t)
    used: list[str] = []
    threads = [threading.Thread(target=lambda t=t: used.append(finalize_output(t, final))) for t in temps]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len(set(used)) == 8
    assert sorted(Path(u).read_text() for u in used) == [str(i) for i in range(8)]


def test_finalize_without_hard_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_link(*_a, **_k):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_link)
    final = tmp_path / "o.mp4"
    final.write_bytes(b"keep")
    temp = temp_path_for(str(final))
    Path(temp).write_bytes(b"new")
    used = finalize_output(temp, str(final))
    assert final.read_bytes() == b"keep" and Path(used).read_bytes() == b"new"


def test_unique_path_discard_and_error_mapping(tmp_path: Path) -> None:
    p = tmp_path / "a.mp4"
    assert unique_path(str(p)) == str(p)
    p.write_text("x")
    assert unique_path(str(p)) == str(tmp_path / "a (2).mp4")
    discard(str(p))
    discard(str(p))  # twice: no error
    discard(None)
    assert not p.exists()
    assert isinstance(map_os_error(OSError(errno.ENOSPC, "No space left")), DiskFullError)
    assert map_os_error(OSError(errno.EACCES, "Permission denied", "/x")).code == ErrorCode.OUTPUT_UNWRITABLE
    assert map_os_error(OSError(errno.EROFS, "Read-only file system")).code == ErrorCode.OUTPUT_UNWRITABLE


def test_check_free_space(tmp_path: Path) -> None:
    assert check_free_space(str(tmp_path), 1) > 0
    with pytest.raises(DiskFullError) as err:
        check_free_space(str(tmp_path), 10**18)
    assert err.value.details["needed"] == 10**18


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/opt/lib::/venv/site-packages/cv2/../../lib64:", "/opt/lib"),
        ("/venv/site-packages/cv2/../../lib64:", None),
        ("", None),
        (None, None),
    ],
)
def test_child_env_drops_empty_and_opencv_library_entries(monkeypatch, value, expected) -> None:
    """An empty LD_LIBRARY_PATH entry would make ffmpeg load libraries from the current directory."""
    if value is None:
        monkeypatch.delenv("LD_LIBRARY_PATH", raising=False)
    else:
        monkeypatch.setenv("LD_LIBRARY_PATH", value)
    env = child_env()
    assert env.get("LD_LIBRARY_PATH") == expected
    assert env["PATH"] == os.environ["PATH"]
