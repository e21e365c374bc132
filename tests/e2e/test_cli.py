"""The mediacraft CLI as a user runs it: real processes, a real data dir, the step test processor."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

S_OK, S_FAILED, S_USAGE, S_NOT_FOUND, S_BUSY = 0, 1, 2, 3, 4


def mediacraft(*args: str, data_dir: Path, timeout: float = 60, env: dict | None = None):
    full_env = {**os.environ, "MEDIACRAFT_DATA_DIR": str(data_dir), "MEDIACRAFT_TEST_PROCESSORS": "1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "mediacraft_desktop", *args], capture_output=True, text=True,
                          timeout=timeout, env=full_env)


@pytest.fixture
def data_dir(_private_data_dir: Path) -> Path:
    settings = {"output_dir": str(_private_data_dir / "out"), "min_free_disk_mb": 0}
    (_private_data_dir / "settings.json").write_text(json.dumps(settings))
    return _private_data_dir


_SUBMIT = (
    "import sys, json\n"
    "from PySide6.QtCore import QCoreApplication\n"
    "from mediacraft_desktop import paths\n"
    "from mediacraft_desktop.engine import TaskEngine\n"
    "from mediacraft_desktop.settings import load_settings\n"
    "from storage import open_store\n"
    "app = QCoreApplication([])\n"
    "e = TaskEngine(open_store(paths.data_dir()), load_settings(paths.data_dir()), synchronous_prepare=True)\n"
    "e.start(run=False)\n"
    "for kind, paths_, cfg in json.loads(sys.argv[1]):\n"
    "    print(e.submit(kind, paths_, cfg))\n"
    "e.shutdown()\n"
)


def submit_tasks(data_dir: Path, tasks: list[tuple[str, list[str], dict]]) -> list[str]:
    """Queue ``(task_type, input paths, config)`` through the engine API the CLI uses, in another process
    (the CLI has no test-processor command and no options for every config key)."""
    env = {**os.environ, "MEDIACRAFT_DATA_DIR": str(data_dir), "MEDIACRAFT_TEST_PROCESSORS": "1"}
    out = subprocess.run([sys.executable, "-c", _SUBMIT, json.dumps(tasks)], capture_output=True, text=True, env=env,
                         check=True)
    return out.stdout.split()


def submit_steps(data_dir: Path, tmp_path: Path, steps: int = 2, **extra) -> str:
    src = tmp_path / "in.bin"
    if not src.exists():
        src.write_bytes(b"data")
    return submit_tasks(data_dir, [("test_steps", [str(src)], {"steps": steps, "step_s": 0.01, **extra})])[0]


def test_tasks_empty_and_json(data_dir: Path):
    proc = mediacraft("tasks", data_dir=data_dir)
    assert proc.returncode == S_OK and "no tasks" in proc.stdout
    proc = mediacraft("tasks", "--json", data_dir=data_dir)
    assert json.loads(proc.stdout) == []


def test_run_show_retry_remove_cycle(data_dir: Path, tmp_path: Path):
    ok = submit_steps(data_dir, tmp_path, steps=2)
    bad = submit_steps(data_dir, tmp_path, steps=2, fail_at=0)
    listed = json.loads(mediacraft("tasks", "--json", data_dir=data_dir).stdout)
    assert {t["task_id"]: t["status"] for t in listed} == {ok: "queued", bad: "queued"}

    run = mediacraft("run", data_dir=data_dir)
    assert run.returncode == S_FAILED, run.stderr  # one task failed in this run
    assert f"{ok[:8]} completed" in run.stderr and f"{bad[:8]} failed" in run.stderr

    shown = json.loads(mediacraft("show", ok[:8], "--json", data_dir=data_dir).stdout)
    assert shown["status"] == "completed" and Path(shown["output_path"]).is_file()
    assert shown["progress_message"].startswith("done")  # --json: the stage code as stored
    assert "\nprogress_message: done\n" in mediacraft("show", ok[:8], data_dir=data_dir).stdout  # worded
    assert mediacraft("show", "ffffffff", data_dir=data_dir).returncode == S_NOT_FOUND

    retried = mediacraft("retry", bad, "--json", data_dir=data_dir)
    assert retried.returncode == S_OK and json.loads(retried.stdout)["status"] == "queued"
    assert mediacraft("retry", ok, data_dir=data_dir).returncode == S_FAILED  # completed: nothing to retry

    removed = mediacraft("remove", ok, "--delete-output", data_dir=data_dir)
    assert removed.returncode == S_OK
    assert not Path(shown["output_path"]).exists()
    assert [t["task_id"] for t in json.loads(mediacraft("tasks", "--json", data_dir=data_dir).stdout)] == [bad]


def test_cancel_queued(data_dir: Path, tmp_path: Path):
    task_id = submit_steps(data_dir, tmp_path)
    proc = mediacraft("cancel", task_id, data_dir=data_dir)
    assert proc.returncode == S_OK and "cancelled" in proc.stdout


def test_commands_reach_the_running_owner(data_dir: Path, tmp_path: Path):
    """While `mediacraft run` owns the store, the CLI's commands are handed to it (single instance)."""
    long_task = submit_steps(data_dir, tmp_path, steps=300, step_s=0.05)
    runner = subprocess.Popen([sys.executable, "-m", "mediacraft_desktop", "run"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "MEDIACRAFT_DATA_DIR": str(data_dir),
                                   "MEDIACRAFT_TEST_PROCESSORS": "1"})
    try:
        for _ in range(200):
            listed = mediacraft("tasks", "--json", data_dir=data_dir)
            if listed.returncode == 0 and json.loads(listed.stdout)[0]["status"] == "running":
                break
        assert mediacraft("run", data_dir=data_dir).returncode == S_BUSY
        clip = tmp_path / "missing.mp4"
        refused = mediacraft("merge", str(clip), str(clip), "--json", data_dir=data_dir)
        assert refused.returncode == S_USAGE and "input_missing" in refused.stderr
        # the owner dropped the refused submission: only the running task is listed
        assert [t["task_id"] for t in json.loads(mediacraft("tasks", "--json", data_dir=data_dir).stdout)] \
            == [long_task]
        cancelled = mediacraft("cancel", long_task[:8], data_dir=data_dir)
        assert cancelled.returncode == S_OK, cancelled.stderr
        for _ in range(100):
            proc = mediacraft("show", long_task, "--json", data_dir=data_dir)
            assert proc.returncode == S_OK, proc.stderr
            shown = json.loads(proc.stdout)
            if shown["status"] == "cancelled":
                break
        assert shown["status"] == "cancelled"
        runner.wait(30)  # the queue is empty now: the runner ends by itself
    finally:
        runner.kill()
        runner.wait(20)
    assert runner.returncode == S_OK, runner.stderr.read()


def test_sigterm_interrupts_and_keeps_the_checkpoint(data_dir: Path, tmp_path: Path):
    task_id = submit_steps(data_dir, tmp_path, steps=300, step_s=0.05)
    runner = subprocess.Popen([sys.executable, "-m", "mediacraft_desktop", "run"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "MEDIACRAFT_DATA_DIR": str(data_dir),
                                   "MEDIACRAFT_TEST_PROCESSORS": "1"})
    try:
        for _ in range(200):
            shown = mediacraft("show", task_id, "--json", data_dir=data_dir)
            if shown.returncode == 0 and json.loads(shown.stdout)["checkpoint"].get("steps_done", 0) > 2:
                break
    finally:
        runner.terminate()
        runner.wait(20)
    assert runner.returncode == 130
    shown = json.loads(mediacraft("show", task_id, "--json", data_dir=data_dir).stdout)
    # `show` only reads; the next owner (GUI or run) turns interrupted back into queued and resumes
    assert shown["status"] == "interrupted" and shown["checkpoint"]["steps_done"] > 2
    assert any("running -> interrupted" in e["message"] for e in shown["log"])


def test_usage_errors(data_dir: Path, tmp_path: Path):
    assert mediacraft("remove-watermark", "x.mp4", "--region", "1,2,3", data_dir=data_dir).returncode == S_USAGE
    missing = mediacraft("merge", str(tmp_path / "a.mp4"), str(tmp_path / "b.mp4"), data_dir=data_dir)
    assert missing.returncode == S_USAGE and "input_missing" in missing.stderr and "a.mp4" in missing.stderr
    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"")
    refused = mediacraft("remove-watermark", str(empty), "--region", "0,0,8,8", "--json", data_dir=data_dir)
    assert refused.returncode == S_USAGE and "input_invalid" in refused.stderr and "empty.mp4" in refused.stderr
    assert json.loads(refused.stdout)["error_code"] == "input_invalid"
    # refused before queueing: no task is left behind (none failed, nothing in the store)
    assert json.loads(mediacraft("tasks", "--json", data_dir=data_dir).stdout) == []
    assert list((data_dir / "tasks").glob("*.json")) == []


def test_region_outside_the_frame_is_clipped_and_said(data_dir: Path, tmp_path: Path):
    from tests.media_factory import make_clip

    clip = make_clip(tmp_path / "-clip 'q'.mp4", duration=1.0, size="160x120")
    done = mediacraft("remove-watermark", str(clip), "--region", "-8,100,40,30", "--method", "interp", "--wait",
                      "--json", data_dir=data_dir)
    assert done.returncode == S_OK, done.stderr
    note = "region 1 (-8,100 40x30) reaches outside the frame: clipped to 0,100 32x20"
    assert f"mediacraft: note: {note}" in done.stderr
    task = json.loads(mediacraft("show", json.loads(done.stdout)["task_id"], "--json", data_dir=data_dir).stdout)
    assert task["status"] == "completed"
    assert {"level": "warning", "message": note} in [{k: e[k] for k in ("level", "message")} for e in task["log"]]
    assert task["config"]["regions"][0] == {"x": 0, "y": 100, "w": 32, "h": 20, "clipped_from": [-8, 100, 40, 30]}
    inside = mediacraft("remove-watermark", str(clip), "--region", "8,8,40,30", data_dir=data_dir)
    assert inside.returncode == S_OK and "note:" not in inside.stderr
