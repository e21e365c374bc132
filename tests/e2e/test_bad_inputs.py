"""Bad inputs through the whole engine path, for both processors: a clear error code and message, nothing lost.

For every case: a stable error code the UI has words for, a message naming what happened, no result and no
temp file left behind, another task queued alongside still completes, and the store reloads with every
other task as it was. Damaged frames in the middle of a source are the one case that completes: with a
warning naming the damage, and a result that still passes its checks (see ``processors/damage.py``).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import random
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from mediacraft_desktop.stage_words import stage_words
from mediacraft_desktop.states import TaskStatus
from processors.ffbin import find_tools
from processors.probe import count_frames, probe
from storage import open_store
from tests.e2e.conftest import leftovers
from tests.engine_helpers import input_file, make_engine
from tests.media_factory import make_clip, truncated_copy
from ui.errors_text import KNOWN_CODES, error_text

S = TaskStatus
WM = "watermark_removal"
MERGE = "video_merge"
REGIONS = {"regions": [{"x": 10, "y": 10, "w": 40, "h": 30}]}
BOTH = pytest.mark.parametrize("task_type", [WM, MERGE])


# -- bad media, made at test time ------------------------------------------------------------------
def ffmpeg(*args: str) -> None:
    subprocess.run([find_tools().ffmpeg, "-v", "error", "-y", *args], check=True, capture_output=True)


def zero_byte(folder: Path) -> Path:
    path = folder / "empty.mp4"
    path.write_bytes(b"")
    return path


def text_as_mp4(folder: Path) -> Path:
    path = folder / "notes.mp4"
    path.write_text("shopping list: milk, eggs\n" * 20, encoding="utf-8")
    return path


def moov_missing(folder: Path) -> Path:
    full = make_clip(folder / "full.mp4", duration=2.0, size="160x120")  # moov at the end
    return truncated_copy(full, folder / "cut.mp4", 0.5)


def tail_cut(folder: Path) -> Path:
    full = make_clip(folder / "full_fs.mp4", duration=2.0, size="160x120", extra=["-movflags", "+faststart"])
    return truncated_copy(full, folder / "download.mp4", 0.6)  # index first: probes as complete


def corrupt_middle(folder: Path, ext: str = "ts") -> Path:
    """A clip whose middle 30 kB are garbage: in MPEG-TS packets are lost and frames damaged, in MP4 (index
    intact) video and audio packets hold junk."""
    path = make_clip(folder / f"damaged.{ext}", duration=4.0, size="320x240", extra=["-g", "25"])
    data = bytearray(path.read_bytes())
    mid = len(data) // 2
    data[mid:mid + 30_000] = random.Random(5).randbytes(30_000)
    path.write_bytes(bytes(data))
    return path


def unknown_codec(folder: Path) -> Path:
    """A Matroska file whose video codec id no ffmpeg knows (the H.264 data is still there)."""
    mkv = make_clip(folder / "src.mkv", duration=2.0, size="160x120")
    data = mkv.read_bytes()
    assert data.count(b"V_MPEG4/ISO/AVC") == 1
    path = folder / "strange.mkv"
    path.write_bytes(data.replace(b"V_MPEG4/ISO/AVC", b"V_MEDIACRAFTXYZ"))
    return path


def subtitles_only(folder: Path) -> Path:
    srt = folder / "subs.srt"
    srt.write_text("1\n00:00:00,000 --> 00:00:01,500\nhello\n", encoding="utf-8")
    path = folder / "subtitles.mp4"
    ffmpeg("-i", str(srt), "-c:s", "mov_text", str(path))
    return path


def decoded_frames(path: Path) -> int:
    """Video frames ffmpeg really decodes from ``path`` (one framecrc line each)."""
    res = subprocess.run([find_tools().ffmpeg, "-v", "quiet", "-i", str(path), "-map", "0:v:0", "-f", "framecrc", "-"],
                         capture_output=True, text=True, check=True)
    return sum(1 for line in res.stdout.splitlines() if line and not line.startswith("#"))


# -- the engine around the case ------------------------------------------------------------------
class Bench:
    """A started engine with one finished task (must stay intact) and a companion task per case."""

    def __init__(self, qtbot: Any, data_dir: Path, folder: Path) -> None:
        self.qtbot, self.data_dir, self.folder = qtbot, data_dir, folder
        self.src = folder / "src"
        self.src.mkdir()
        self.engine = make_engine(data_dir, max_concurrent=2)
        self.engine.start()
        self.bystander = self.engine.submit("test_steps", [input_file(self.src, "old.bin")], {"steps": 1})
        self.wait(lambda: self.engine.task(self.bystander).status is S.COMPLETED)
        self.engine.flush()
        self.bystander_doc = self.stored()[self.bystander]

    def wait(self, predicate: Callable[[], bool], timeout_ms: int = 60_000) -> None:
        self.qtbot.waitUntil(predicate, timeout=timeout_ms)

    def stored(self) -> dict[str, dict[str, Any]]:
        return {d["task_id"]: d for d in open_store(self.data_dir).load_all()}

    def good(self, name: str = "good.mp4", **options: Any) -> Path:
        options.setdefault("duration", 2.0)
        options.setdefault("size", "160x120")
        return make_clip(self.src / name, **options)

    def run(self, task_type: str, bad: Path, *, config: dict[str, Any] | None = None, output: Path | None = None,
            while_running: Callable[[str], None] | None = None, before_start: Callable[[str], None] | None = None):
        """Submit the case (a merge gets a good first clip) next to a companion task; both must end."""
        inputs = [str(bad)] if task_type == WM else [str(self.good()), str(bad)]
        cfg = dict(REGIONS) if task_type == WM else {"mode": "auto"}
        cfg.update(config or {})
        companion = self.engine.submit("test_steps", [input_file(self.src, "companion.bin")],
                                       {"steps": 3, "step_s": 0.05})
        if before_start is not None:
            self.engine.pause_queue()
        task_id = self.engine.submit(task_type, inputs, cfg, output_path=str(output) if output else None)
        if before_start is not None:
            self.wait(lambda: self.engine.task(task_id).status is not S.CREATED)
            before_start(task_id)
            self.engine.resume_queue()
        if while_running is not None:
            fired: list[bool] = []

            def on_change(changed: str) -> None:
                task = self.engine.task(changed)
                if changed == task_id and not fired and task.status is S.RUNNING and task.progress > 0:
                    fired.append(True)
                    while_running(task_id)

            self.engine.task_changed.connect(on_change)
        self.wait(lambda: all(self.engine.task(t).status.is_finished for t in (task_id, companion)))
        assert self.engine.task(companion).status is S.COMPLETED, "the other task was harmed"
        if while_running is not None:
            assert fired, "the run ended before the change could be made"
        return self.engine.task(task_id)

    def assert_failed_cleanly(self, task: Any, code: str, *, words: tuple[str, ...] = (),
                              folders: tuple[Path, ...] = ()) -> None:
        assert task.status is S.FAILED, (task.status, task.error_code, task.error_message)
        assert task.error_code == code, task.error_message
        assert code in KNOWN_CODES and error_text(code).summary != error_text("internal").summary
        message = task.error_message or ""
        assert len(message) > 10 and all(w.lower() in message.lower() for w in words), message
        assert task.output_path is None
        target = task.config.get("output_target")
        for folder in (Path(self.engine.settings.output_dir), *folders):
            if folder.is_dir():
                assert leftovers(folder) == [], f"temp files left in {folder}"
                if target is not None:
                    assert not Path(target).exists()
        self.assert_store_intact()

    def assert_store_intact(self) -> None:
        self.engine.flush()
        stored = self.stored()
        assert stored[self.bystander] == self.bystander_doc
        assert {tid: d["status"] for tid, d in stored.items()} == {t.task_id: t.status.value
                                                                    for t in self.engine.tasks()}
        assert not (self.data_dir / "tasks" / "quarantine").exists() or \
            not any((self.data_dir / "tasks" / "quarantine").iterdir())


@pytest.fixture
def bench(qtbot: Any, _private_data_dir: Path, tmp_path: Path) -> Iterator[Bench]:
    b = Bench(qtbot, _private_data_dir, tmp_path)
    yield b
    b.engine.shutdown()


# -- refused at submission: the file itself is not usable ------------------------------------------------
@BOTH
@pytest.mark.parametrize(("make", "code", "words"), [
    (zero_byte, "input_invalid", ("empty", "empty.mp4")),
    (text_as_mp4, "input_unreadable", ("notes.mp4",)),
    (moov_missing, "input_unreadable", ("cut.mp4",)),
    (tail_cut, "input_unreadable", ("truncated", "download.mp4")),
    (unknown_codec, "unsupported", ("strange.mkv", "codec", "cannot be decoded")),
    (subtitles_only, "unsupported", ("subtitles.mp4", "no audio or video")),
], ids=["zero_byte", "text_renamed", "moov_missing", "tail_cut", "unknown_codec", "subtitles_only"])
@pytest.mark.parametrize("ffmpeg_source", ["system", "bundled"], indirect=True)
def test_unusable_file_is_refused_in_words(ffmpeg_source: str, bench: Bench, task_type: str, make, code: str,
                                           words: tuple[str, ...]):
    task = bench.run(task_type, make(bench.src))
    bench.assert_failed_cleanly(task, code, words=words)
    assert task.attempts == 0  # refused before any run: nothing was started


# -- damaged frames in the middle: completes, says so, result still verified ---------------------------
@pytest.mark.parametrize("ext", ["ts", "mp4"])
def test_merge_of_a_damaged_clip_completes_with_a_warning(bench: Bench, ext: str):
    bad = corrupt_middle(bench.src, ext)
    good = bench.good(f"good.{ext}", duration=4.0, size="320x240", extra=["-g", "25"])
    companion = bench.engine.submit("test_steps", [input_file(bench.src, "c.bin")], {"steps": 2, "step_s": 0.05})
    task_id = bench.engine.submit(MERGE, [str(good), str(bad)], {"mode": "auto"})
    bench.wait(lambda: all(bench.engine.task(t).status.is_finished for t in (task_id, companion)))
    assert bench.engine.task(companion).status is S.COMPLETED
    task = bench.engine.task(task_id)
    assert task.status is S.COMPLETED, (task.error_code, task.error_message)
    warnings = [e["message"] for e in task.log if e["level"] == "warning" and "is damaged" in e["message"]]
    result = task.metadata["result"]
    if ext == "ts":  # packets lost: frames missing, the gap filled
        lost = 100 - decoded_frames(bad)  # 4 s at 25 fps
        assert lost > 1
        assert any(f"{bad.name} is damaged: {lost} video frames are missing" in w for w in warnings), warnings
        assert result["missing_frames"] == {bad.name: lost}
    else:  # packets hold junk: frames decoded with errors
        assert any("video frames" in w and "could not be decoded cleanly" in w for w in warnings), warnings
        assert result["damaged_frames"] >= 1
    out = probe(task.output_path)
    expected = probe(str(good)).duration + probe(str(bad)).duration
    assert out.duration == pytest.approx(expected, abs=0.15)  # timing kept: no silent shortening
    assert count_frames(task.output_path) == pytest.approx(expected * 25, abs=3)
    assert leftovers(Path(task.output_path).parent) == []
    bench.assert_store_intact()


def test_removal_of_a_damaged_source_completes_and_is_verified(bench: Bench):
    bad = corrupt_middle(bench.src)
    task = bench.run(WM, bad)
    assert task.status is S.COMPLETED, (task.error_code, task.error_message)
    frames = task.metadata["result"]["frames"]
    assert frames == decoded_frames(bad) < 100  # every decodable frame, and the damage really lost some
    assert count_frames(task.output_path) == frames  # what was decoded is what the result holds
    assert probe(task.output_path).duration == pytest.approx(probe(str(bad)).duration, abs=0.15)
    bench.assert_store_intact()


def test_removal_of_a_source_with_lost_frames_warns(bench: Bench):
    bad = corrupt_middle(bench.src, "ts")
    task = bench.run(WM, bad)
    assert task.status is S.COMPLETED
    lost = 100 - decoded_frames(bad)
    assert lost > 1
    notes = [e["message"] for e in task.log if e["level"] == "warning" and "is damaged" in e["message"]]
    assert notes == [f"{bad.name} is damaged: {lost} video frames could not be decoded and are missing from the "
                     "result; every other frame keeps its timing"]


def test_removal_of_a_clean_source_does_not_warn(bench: Bench):
    task = bench.run(WM, bench.good("clean.ts", duration=4.0, size="320x240", extra=["-g", "25"]))
    assert task.status is S.COMPLETED
    assert not [e for e in task.log if "is damaged" in e["message"]]


def test_removal_of_a_source_with_damaged_frames_warns(bench: Bench):
    task = bench.run(WM, corrupt_middle(bench.src, "mp4"))  # index intact: every frame there, some decode badly
    assert task.status is S.COMPLETED
    assert any(e["level"] == "warning" and "could not be decoded cleanly" in e["message"] for e in task.log)


# -- the input goes away ----------------------------------------------------------------------------------
@BOTH
def test_input_renamed_before_the_run_fails_as_missing(bench: Bench, task_type: str):
    clip = bench.good("soon gone.mp4")

    def rename(_task_id: str) -> None:
        clip.rename(clip.with_name("renamed.mp4"))

    task = bench.run(task_type, clip, before_start=rename)
    bench.assert_failed_cleanly(task, "input_missing", words=("soon gone.mp4",))


def test_merge_input_deleted_mid_run_fails_as_missing(bench: Bench):
    # two-stage encodes clip by clip: the second clip is opened only after the first is done
    first = bench.good("first.mp4", duration=6.0, size="480x270")  # seconds of encoding: time to delete
    second = bench.good("second.mp4")
    deleted: list[str] = []

    def delete(_task_id: str) -> None:
        second.unlink()
        deleted.append(str(second))

    companion = bench.engine.submit("test_steps", [input_file(bench.src, "c.bin")], {"steps": 2, "step_s": 0.05})
    task_id = bench.engine.submit(MERGE, [str(first), str(second)],
                                  {"mode": "reencode", "strategy": "two_stage", "preset": "medium"})

    def on_change(changed: str) -> None:
        task = bench.engine.task(changed)
        if changed == task_id and not deleted and "clip 1/" in stage_words(task.progress_message):
            delete(changed)

    bench.engine.task_changed.connect(on_change)
    bench.wait(lambda: all(bench.engine.task(t).status.is_finished for t in (task_id, companion)))
    assert deleted and bench.engine.task(companion).status is S.COMPLETED
    task = bench.engine.task(task_id)
    bench.assert_failed_cleanly(task, "input_missing", words=("second.mp4",))
    assert any("ffmpeg" in e["message"] or "re-encode" in e["message"] for e in task.log)  # ffmpeg's words kept
    work = [n for n in os.listdir(bench.engine.settings.output_dir) if "mediacraft-work" in n]
    assert work == []


def test_removal_input_deleted_mid_run_never_gives_a_wrong_result(bench: Bench):
    clip = bench.good("going.mp4", duration=4.0, size="320x240")
    task = bench.run(WM, clip, while_running=lambda _tid: clip.unlink())
    if task.status is S.COMPLETED:  # ffmpeg had the file open: every frame was still read
        assert count_frames(task.output_path) == 100
    else:
        bench.assert_failed_cleanly(task, "input_missing", words=("going.mp4",))


# -- where the result goes ------------------------------------------------------------------------------
@contextlib.contextmanager
def tmpfs(path: Path, options: str) -> Iterator[Path]:
    """A small tmpfs at ``path`` (root only: containers and CI runners as root); skips where not allowed."""
    path.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    res = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True,
                         text=True, check=False)
    if res.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {res.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True, check=False)


@contextlib.contextmanager
def read_only_folder(path: Path) -> Iterator[Path]:
    if os.geteuid() == 0:  # root ignores permission bits: use a read-only mount
        with tmpfs(path, "ro,size=1m") as folder:
            yield folder
        return
    path.mkdir()
    path.chmod(0o555)
    try:
        yield path
    finally:
        path.chmod(0o755)


@BOTH
def test_read_only_output_folder(bench: Bench, task_type: str):
    with read_only_folder(bench.folder / "locked") as locked:
        task = bench.run(task_type, bench.good(), output=locked / "result.mp4")
        bench.assert_failed_cleanly(task, "output_unwritable", words=(str(locked),), folders=(locked,))
        assert os.listdir(locked) == []


@BOTH
def test_disk_full_during_the_run(bench: Bench, task_type: str):
    """The output's file system fills up while the result is written: ENOSPC from ffmpeg -> disk_full."""
    with tmpfs(bench.folder / "small", f"size=24m,mode=0777,uid={os.getuid()}") as small:
        clip = bench.good("big.mp4", duration=6.0, size="640x360", video="testsrc2")

        def fill(_task_id: str) -> None:
            """Take all the space left (the running ffmpeg writes meanwhile: whoever hits ENOSPC first, the
            result's next write fails; a filler sized from statvfs raced the encoder and failed itself)."""
            fd = os.open(small / f"filler-{uuid.uuid4().hex}", os.O_WRONLY | os.O_CREAT, 0o644)
            try:
                while os.write(fd, b"\0" * (256 * 1024)):
                    pass
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise
            finally:
                os.close(fd)

        task = bench.run(task_type, clip, output=small / "result.mp4", config={"mode": "reencode"}
                         if task_type == MERGE else None, while_running=fill)
        bench.assert_failed_cleanly(task, "disk_full", words=("no space left", str(small)), folders=(small,))
        assert [n for n in os.listdir(small) if not n.startswith("filler-")] == []


# -- the same through the command line ------------------------------------------------------------------
def mediacraft(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MEDIACRAFT_DATA_DIR": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "mediacraft_desktop", *args], capture_output=True, text=True,
                          timeout=120, env=env, check=False)


@pytest.fixture
def cli_data(_private_data_dir: Path) -> Path:
    (_private_data_dir / "settings.json").write_text(json.dumps({"output_dir": str(_private_data_dir / "out"),
                                                                 "min_free_disk_mb": 0}))
    return _private_data_dir


@pytest.mark.parametrize(("command", "make", "code"), [
    ("remove-watermark", text_as_mp4, "input_unreadable"),
    ("merge", zero_byte, "input_invalid"),
    ("merge", unknown_codec, "unsupported"),
], ids=["removal_text", "merge_empty", "merge_unknown_codec"])
def test_cli_says_what_is_wrong(cli_data: Path, tmp_path: Path, command: str, make, code: str):
    bad = make(tmp_path)
    args = [command, str(bad), "--region", "10,10,40,30"] if command == "remove-watermark" else \
        [command, str(make_clip(tmp_path / "good.mp4", duration=1.0, size="160x120")), str(bad)]
    proc = mediacraft(*args, "--wait", "--json", data_dir=cli_data)
    assert proc.returncode == 2, proc.stderr
    summary = json.loads(proc.stdout)
    assert summary["status"] == "failed" and summary["error_code"] == code
    assert bad.name in summary["error_message"]
    assert f"[{code}]" in proc.stderr and bad.name in proc.stderr
    assert error_text(code).summary.lower().rstrip(".") in proc.stderr.lower()  # the sentence, not just a code
    assert json.loads(mediacraft("tasks", "--json", data_dir=cli_data).stdout) == []  # refused: no task left
    assert not (cli_data / "out").exists() or leftovers(cli_data / "out") == []


def test_cli_sentences_match_the_gui_words():
    from mediacraft_desktop.error_words import SENTENCES

    assert set(SENTENCES) == set(KNOWN_CODES)
    assert {code: error_text(code).summary for code in KNOWN_CODES} == SENTENCES


def test_cli_short_of_disk_space_keeps_the_task_and_says_why(cli_data: Path, tmp_path: Path):
    settings = cli_data / "settings.json"
    out = cli_data / "out"
    settings.write_text(json.dumps({"output_dir": str(out), "min_free_disk_mb": 10**9}))  # a petabyte
    clips = [str(make_clip(tmp_path / f"c{k}.mp4", duration=1.0, size="160x120")) for k in range(2)]
    proc = mediacraft("merge", *clips, "--wait", "--json", data_dir=cli_data)
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["status"] == "queued"  # kept for later, not failed
    assert "queue paused" in proc.stderr and str(out) in proc.stderr and "1000000000 MB needed" in proc.stderr
    settings.write_text(json.dumps({"output_dir": str(out), "min_free_disk_mb": 0}))  # space is back
    run = mediacraft("run", data_dir=cli_data)
    assert run.returncode == 0, run.stderr
    assert [t["status"] for t in json.loads(mediacraft("tasks", "--json", data_dir=cli_data).stdout)] == ["completed"]


def test_full_data_disk_keeps_the_store_and_catches_up(qtbot: Any, tmp_path: Path):
    """The task store's own disk fills up: writes fail in words, no stored task is damaged, and every change
    lands once space is back."""
    with tmpfs(tmp_path / "data", "size=1m") as data:
        engine = make_engine(data, output_dir=str(tmp_path / "out"))
        errors: list[dict[str, Any]] = []
        engine.notice.connect(lambda kind, info: errors.append(info) if kind == "store_error" else None)
        try:
            engine.start()
            first = engine.submit("test_steps", [input_file(tmp_path, "a.bin")], {"steps": 1})
            qtbot.waitUntil(lambda: engine.task(first).status is S.COMPLETED, timeout=10_000)
            assert engine.flush()
            first_file = data / "tasks" / f"{first}.json"
            before = first_file.read_bytes()
            free = os.statvfs(data)
            filler = data / "filler"
            filler.write_bytes(b"\0" * (free.f_bavail * free.f_frsize))
            second = engine.submit("test_steps", [input_file(tmp_path, "b.bin")], {"steps": 2, "step_s": 0.01})
            engine.mark_notified(first)  # a change to a stored task while the disk is full
            qtbot.waitUntil(lambda: engine.task(second).status is S.COMPLETED and bool(errors), timeout=10_000)
            assert "No space left" in errors[0]["reason"] or "space" in errors[0]["reason"].lower()
            assert first_file.read_bytes() == before  # the old version is whole, never half-written
            assert [n for n in os.listdir(data / "tasks") if n.endswith(".tmp")] == []
            filler.unlink()
            assert engine.flush(20)
            stored = {d["task_id"]: d for d in open_store(data).load_all()}
            assert stored[second]["status"] == "completed" and stored[first]["notified"] is True
        finally:
            engine.shutdown()


@pytest.mark.parametrize("ffmpeg_source", ["system", "bundled"], indirect=True)
def test_clean_clips_have_no_missing_frames(ffmpeg_source: str, tmp_path: Path):
    """No false alarm: audio longer than video (the container outlasts the video), MPEG-PS without
    per-packet timestamps, Matroska and MP4 at 29.97 fps."""
    from processors.damage import missing_frames

    clips = []
    for name, vcodec in (("long_audio.ts", "libx264"), ("ps.mpg", "mpeg2video"), ("a.mkv", "libx264"),
                         ("ntsc.mp4", "libx264")):
        path = tmp_path / name
        rate = "30000/1001" if name == "ntsc.mp4" else "25"
        ffmpeg("-f", "lavfi", "-i", f"testsrc2=size=160x120:rate={rate}:duration=2", "-f", "lavfi", "-i",
               "sine=duration=3", "-c:v", vcodec, "-c:a", "mp2" if name.endswith(".mpg") else "aac", str(path))
        clips.append(path)
    assert {p.name: missing_frames(str(p), probe(str(p)).main_video) for p in clips} == {p.name: 0 for p in clips}
    bad = corrupt_middle(tmp_path)
    assert missing_frames(str(bad), probe(str(bad)).main_video) == 100 - decoded_frames(bad) > 1
