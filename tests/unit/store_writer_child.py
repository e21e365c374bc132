"""Writer for test_store_kill: runs a seeded, replayable series of saves, batch saves and deletes until killed.

Usage: python store_writer_child.py STORE_DIR SEED ACK_FILE
After each operation returns, its index is appended to ACK_FILE, so the parent knows which operations
finished and which one (at most) was in flight when it was killed. ``plan`` and ``document`` are
imported by the parent to replay exactly what this process wrote.
"""

from __future__ import annotations

import hashlib
import os
import random
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

if __name__ == "__main__":  # run as a script: make the repo importable without site-packages
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from storage import JsonTaskStore  # noqa: E402

N_IDS = 8
Step = tuple[str, str, int]  # ("save" | "delete", task_id, version; 0 for a delete)


def plan(seed: int) -> Iterator[list[Step]]:
    """Operations in order; each is one save, one batch (save_many of 2-6 tasks) or one delete."""
    rng = random.Random(seed)
    ids = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(N_IDS)]
    versions = dict.fromkeys(ids, 0)
    while True:
        pick = rng.random()
        if pick < 0.1:
            yield [("delete", rng.choice(ids), 0)]
            continue
        chosen = rng.sample(ids, rng.randint(2, 6)) if pick < 0.3 else [rng.choice(ids)]
        steps = []
        for task_id in chosen:
            versions[task_id] += 1
            steps.append(("save", task_id, versions[task_id]))
        yield steps


def document(task_id: str, version: int) -> dict:
    """The exact document written for ``task_id`` at ``version`` (a few bytes to ~40 KB, non-ASCII)."""
    digest = hashlib.sha256(f"{task_id}/{version}".encode()).hexdigest()
    size = int(digest[:8], 16) % 40_000
    payload = (digest * (size // 64 + 1))[:size]
    return {
        "task_id": task_id,
        "schema_version": 1,
        "version": version,
        "name": f"片段 “{version}” 'clip'.mp4",
        "payload": payload,
        "log": [{"at": "2026-11-23T20:00:00Z", "level": "info", "message": f"第 {i} 步"} for i in range(version % 5)],
        "sha": hashlib.sha256(payload.encode()).hexdigest(),
    }


def main() -> None:
    root, seed, ack_file = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    store = JsonTaskStore(root)
    ack = os.open(ack_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    for index, steps in enumerate(plan(seed)):
        kind, task_id, version = steps[0]
        if kind == "delete":
            store.delete(task_id)
        elif len(steps) == 1:
            store.save(document(task_id, version))
        else:
            store.save_many([document(t, v) for _, t, v in steps])
        os.write(ack, f"{index}\n".encode())


if __name__ == "__main__":
    main()
