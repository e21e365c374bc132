"""Kill the headless runner with SIGKILL mid-work; a new process resumes every task, nothing lost or doubled."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.test_cli import mediacraft, submit_steps

pytestmark = pytest.mark.skipif(os.name == "nt", reason="SIGKILL semantics")


@pytest.fixture
def data_dir(_private_data_dir: Path) -> Path:
    settings = {"output_dir": str(_private_data_dir / "out"), "min_free_disk_mb": 0, "max_concurrent": 2,
                "per_type_limits": {"test_steps": 2}}
    (_private_data_dir / "settings.json").write_text(json.dumps(settings))
    return _private_data_dir


def test_sigkill_then_restart_resumes_every_task(data_dir: Path, tmp_path: Path):
    rng = random.Random(1234)
    steps = 60
    traces = {}
    for i in range(6):
        trace = tmp_path / f"trace{i}.txt"
        task_id = submit_steps(data_dir, tmp_path, steps=steps, step_s=0.03, trace_path=str(trace))
        traces[task_id] = trace
    env = {**os.environ, "MEDIACRAFT_DATA_DIR": str(data_dir), "MEDIACRAFT_TEST_PROCESSORS": "1"}
    kills = 0
    for _round in range(40):
        runner = subprocess.Popen([sys.executable, "-m", "mediacraft_desktop", "run"], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            _out, err = runner.communicate(timeout=rng.uniform(0.8, 2.0))
        except subprocess.TimeoutExpired:
            os.kill(runner.pid, signal.SIGKILL)
            runner.communicate()
            kills += 1
            continue
        assert runner.returncode == 0, err
        break
    else:
        pytest.fail("the queue never drained")
    assert kills >= 2, "the test must really interrupt work"

    listed = json.loads(mediacraft("tasks", "--json", data_dir=data_dir).stdout)
    assert len(listed) == len(traces)
    assert all(t["status"] == "completed" for t in listed), listed
    outputs = [Path(t["output_path"]) for t in listed]
    assert len(set(outputs)) == len(outputs) and all(p.is_file() for p in outputs)
    assert sorted(p.name for p in (data_dir / "out").iterdir()) == sorted(p.name for p in outputs)
    assert all(p.read_text() == "".join(f"step {i}\n" for i in range(steps)) for p in outputs)
    assert not list((data_dir / "tasks" / "quarantine").glob("*")) if (data_dir / "tasks" / "quarantine").exists() \
        else True
    # resume, not restart: each kill redoes at most the steps since the last persisted checkpoint
    executed = sum(len(t.read_text().splitlines()) for t in traces.values())
    redone = executed - steps * len(traces)
    per_kill_limit = 2 * (0.1 / 0.03 + 2)  # per running task: the 0.1 s progress throttle plus the step in flight
    assert redone <= kills * per_kill_limit, (redone, kills)
    print(f"kills={kills} steps redone={redone} (of {steps * len(traces)})")

