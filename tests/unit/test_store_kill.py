"""Kill a writing process with SIGKILL at random moments: the store always loads cleanly afterwards."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storage import JsonTaskStore

CHILD = Path(__file__).with_name("store_writer_child.py")
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
def test_random_sigkill_never_corrupts(tmp_path: Path) -> None:
    rng = random.Random(20261123)
    root = tmp_path / "tasks"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    rounds = 60
    for round_no in range(rounds):
        child = subprocess.Popen([sys.executable, str(CHILD), str(root), str(round_no)], stdout=subprocess.PIPE,
                                 env=env)
        child.stdout.readline()  # started writing
        time.sleep(rng.uniform(0.0, 0.08))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        child.stdout.close()
        store = JsonTaskStore(root)
        docs = store.load_all()
        assert store.quarantined() == [], f"round {round_no}"
        for doc in docs:
            assert doc["sha"] == hashlib.sha256(f"{doc['version']}{doc['payload']}".encode()).hexdigest()
        assert not list(root.glob(".*.tmp"))  # leftovers of the killed writer are cleaned on load
