"""Kill a writing process with SIGKILL at random moments: the store always loads cleanly afterwards.

The child (store_writer_child.py) runs a seeded series of saves, batch saves and deletes and acknowledges
each finished operation in a file. After the kill the parent replays the series and checks that the store
holds exactly the acknowledged state, except that the one operation in flight may show up (wholly, or for a
batch any of its documents), that every document is byte-for-byte one the child wrote, that nothing is
quarantined, that the killed writer's temp files are cleaned, and that earlier rounds' documents are untouched.
Some rounds also read the store while the child writes, which must neither see a torn document nor disturb
the writer.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storage import JsonTaskStore
from tests.unit.store_writer_child import document, plan

CHILD = Path(__file__).with_name("store_writer_child.py")
ROUNDS = 60


def expected(seed: int, acked: int) -> tuple[dict[str, int | None], dict[str, int | None]]:
    """(state after the acknowledged operations, what the next operation would change): id -> version or None."""
    state: dict[str, int | None] = {}
    ops = plan(seed)
    for _ in range(acked):
        for kind, task_id, version in next(ops):
            state[task_id] = version if kind == "save" else None
    return state, {task_id: (version if kind == "save" else None) for kind, task_id, version in next(ops)}


def acked_count(ack_file: Path) -> int:
    lines = ack_file.read_text().split("\n") if ack_file.exists() else []
    complete = [line for line in lines[:-1] if line]  # the last piece may be cut off
    assert [int(x) for x in complete] == list(range(len(complete)))
    return len(complete)


def check_reader_view(docs: list[dict]) -> None:
    for doc in docs:
        assert doc == document(doc["task_id"], doc["version"])


@pytest.mark.skipif(os.name == "nt", reason="needs SIGKILL")
def test_random_sigkill_never_corrupts(tmp_path: Path) -> None:
    rng = random.Random(20261123)
    root = tmp_path / "tasks"
    kept: dict[str, dict] = {}  # documents of earlier rounds, which later rounds must not touch
    stats = {"ops": 0, "in_flight_visible": 0, "tmp_left": 0, "reader_rounds": 0}
    started = time.monotonic()
    for round_no in range(ROUNDS):
        seed = 1000 + round_no
        ack_file = tmp_path / f"ack-{round_no}"
        # -S: no site-packages needed (storage is stdlib only), faster start
        child = subprocess.Popen([sys.executable, "-S", str(CHILD), str(root), str(seed), str(ack_file)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert child.stdout.readline() == b"ready\n", child.stderr.read().decode()
        delay = rng.uniform(0.0, 0.1)
        if round_no % 3 == 2:  # a reader while the writer works
            time.sleep(delay / 2)
            reader = JsonTaskStore(root)
            check_reader_view(reader.load_all())
            assert reader.quarantined() == []
            stats["reader_rounds"] += 1
            time.sleep(delay / 2)
        else:
            time.sleep(delay)
        alive = child.poll() is None
        child.send_signal(signal.SIGKILL)  # no-op if it already exited (then `alive` reports it)
        child.wait()
        stderr = child.stderr.read().decode()
        child.stdout.close()
        child.stderr.close()
        assert alive, f"round {round_no}: the writer died by itself:\n{stderr}"
        stats["tmp_left"] += any(p.name.endswith(".tmp") for p in root.iterdir())

        store = JsonTaskStore(root)
        docs = store.load_all()
        assert store.quarantined() == [], f"round {round_no}"
        assert not [p.name for p in root.iterdir() if p.name.endswith(".tmp")], "the dead writer's temp files stay"

        acked = acked_count(ack_file)
        stats["ops"] += acked
        state, next_op = expected(seed, acked)
        on_disk = {doc["task_id"]: doc for doc in docs}
        assert len(on_disk) == len(docs)
        for task_id, doc in kept.items():
            assert on_disk.pop(task_id, None) == doc, f"round {round_no} changed an earlier round's task"
        visible = False
        for task_id in state.keys() | next_op.keys() | on_disk.keys():
            doc = on_disk.get(task_id)
            version = None if doc is None else doc["version"]
            allowed = {state.get(task_id)}
            if task_id in next_op:
                allowed.add(next_op[task_id])
            assert version in allowed, f"round {round_no}: {task_id} at {version}, expected one of {allowed}"
            if doc is not None:
                assert doc == document(task_id, version), f"round {round_no}: {task_id} v{version} differs"
            visible = visible or version != state.get(task_id)
        stats["in_flight_visible"] += visible
        kept.update(on_disk)

    elapsed = time.monotonic() - started
    print(f"{ROUNDS} rounds in {elapsed:.1f} s: {stats}")
    assert stats["ops"] >= ROUNDS, f"the writer barely wrote anything: {stats}"
    assert stats["tmp_left"] >= 1, f"no kill landed inside a write, nothing was exercised: {stats}"
    assert kept, "no documents survived any round"
