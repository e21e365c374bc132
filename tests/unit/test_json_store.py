"""JsonTaskStore: round trip, atomicity leftovers, quarantine of every kind of bad file."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from storage import JsonTaskStore, open_store


def doc(**extra) -> dict:
    return {"task_id": str(uuid.uuid4()), "name": "片段 “a” 'b'.mp4", "status": "queued", **extra}


def test_save_load_update_delete(tmp_path: Path) -> None:
    store = JsonTaskStore(tmp_path / "tasks")
    a, b = doc(n=1), doc(n=2)
    store.save(a)
    store.save_many([b])
    assert sorted(store.load_all(), key=lambda d: d["n"]) == [a, b]
    store.save({**a, "n": 3})
    assert {d["task_id"]: d["n"] for d in store.load_all()} == {a["task_id"]: 3, b["task_id"]: 2}
    store.delete(a["task_id"])
    store.delete(a["task_id"])  # missing is fine
    assert store.load_all() == [b]
    assert store.usage_bytes() == (tmp_path / "tasks" / f"{b['task_id']}.json").stat().st_size
    assert "片段" in (tmp_path / "tasks" / f"{b['task_id']}.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("bad_id", ["../evil", "x", 5, None, str(uuid.uuid4()).upper(), "a/" + str(uuid.uuid4())])
def test_bad_task_ids_are_refused(tmp_path: Path, bad_id) -> None:
    store = JsonTaskStore(tmp_path)
    with pytest.raises(ValueError):
        store.save({"task_id": bad_id})
    assert list(tmp_path.iterdir()) == []


BAD_FILES = {
    "empty": b"",
    "truncated": b'{"task_id": "',
    "not-json": b"hello",
    "not-utf8": b'{"task_id": "\xff\xfe"}',
    "list": b"[1, 2]",
}


def test_corrupt_files_are_quarantined_and_good_ones_load(tmp_path: Path) -> None:
    root = tmp_path / "tasks"
    store = JsonTaskStore(root)
    good = doc()
    store.save(good)
    names = {}
    for kind, payload in BAD_FILES.items():
        task_id = str(uuid.uuid4())
        (root / f"{task_id}.json").write_bytes(payload)
        names[f"{task_id}.json"] = kind
    mismatched = str(uuid.uuid4())
    (root / f"{mismatched}.json").write_text(json.dumps(doc()))
    names[f"{mismatched}.json"] = "mismatch"
    (root / f".{uuid.uuid4()}.abcd.tmp").write_text("half a write")

    assert JsonTaskStore(root).load_all() == [good]
    reports = {q.original_name: q.reason for q in store.quarantined()}
    assert set(reports) == set(names)
    assert "empty" in reports[next(n for n, k in names.items() if k == "empty")]
    assert "does not match" in reports[f"{mismatched}.json"]
    assert sorted(p.name for p in root.iterdir() if p.is_file()) == [f"{good['task_id']}.json"]
    # a second load finds nothing new and keeps the earlier reports
    assert JsonTaskStore(root).load_all() == [good]
    assert len(JsonTaskStore(root).quarantined()) == len(names)


def test_quarantine_never_overwrites(tmp_path: Path) -> None:
    root = tmp_path / "tasks"
    store = JsonTaskStore(root)
    task_id = str(uuid.uuid4())
    for payload in (b"one", b"two"):
        (root / f"{task_id}.json").write_bytes(payload)
        store.load_all()
    kept = sorted(p.read_bytes() for p in (root / "quarantine").glob("*.json"))
    assert kept == [b"one", b"two"]


def test_open_store_uses_tasks_folder(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    store.save(doc())
    assert len(list((tmp_path / "tasks").glob("*.json"))) == 1
