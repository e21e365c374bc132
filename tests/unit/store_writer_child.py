"""Child for test_store_kill: saves, updates and deletes tasks forever until killed."""

from __future__ import annotations

import hashlib
import json
import random
import sys
import uuid

from storage import JsonTaskStore


def make(task_id: str, version: int) -> dict:
    payload = "x" * random.randint(10, 5000)
    return {"task_id": task_id, "version": version, "payload": payload,
            "sha": hashlib.sha256(f"{version}{payload}".encode()).hexdigest()}


def main() -> None:
    store = JsonTaskStore(sys.argv[1])
    random.seed(int(sys.argv[2]))
    ids = [str(uuid.UUID(int=random.getrandbits(128), version=4)) for _ in range(8)]
    versions = dict.fromkeys(ids, 0)
    print(json.dumps(ids), flush=True)
    while True:
        task_id = random.choice(ids)
        if random.random() < 0.1:
            store.delete(task_id)
        else:
            versions[task_id] += 1
            store.save(make(task_id, versions[task_id]))


if __name__ == "__main__":
    main()
