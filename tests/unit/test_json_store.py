"""JsonTaskStore: round trip, updates, deletes, id checks, quarantine of every kind of bad file, temp leftovers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from storage import JsonTaskStore, QuarantinedFile, TaskStore, open_store
from storage.atomic import STALE_AGE_S
from storage.json_store import PARALLEL_SAVE_MIN


def doc(**extra) -> dict:
    return {"task_id": str(uuid.uuid4()), "schema_version": 1, "name": "片段 “a” 'b'.mp4", "status": "queued",
            **extra}


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []


def test_round_trip_keeps_every_json_type_and_non_ascii_text(tmp_path: Path) -> None:
    store = JsonTaskStore(tmp_path / "tasks")
    task = doc(progress=42.5, attempts=0, notified=False, output_path=None, priority=-3,
               inputs=[{"path": "/home/u/Видео/-rf 'x' \"y\" 视频 😀.mp4", "media": {"video": [{"width": 1920}]}}],
               log=[{"at": "2026-11-23T20:00:00Z", "level": "info", "message": "第 1 步\nnext line\ttab \u200f"}],
               config={"regions": [{"x": 1, "y": 2, "w": 3, "h": 4}]}, checkpoint={}, metadata={"k": [1, [2, {}]]})
    store.save(task)
    assert store.load_all() == [task]
    path = tmp_path / "tasks" / f"{task['task_id']}.json"
    text = path.read_text(encoding="utf-8")
    assert "视频 😀" in text and "\\u" not in text  # real UTF-8, not escapes
    assert json.loads(text) == task
    assert files(tmp_path / "tasks") == [path.name]  # no temp files left behind


def test_large_documents_load_and_oversized_files_are_quarantined(tmp_path: Path, monkeypatch) -> None:
    from storage import json_store

    store = JsonTaskStore(tmp_path)
    big = doc(log=[{"at": "2026-11-23T20:00:00Z", "level": "info", "message": f"步骤 {i} " * 20} for i in range(2000)])
    store.save(big)
    assert (tmp_path / f"{big['task_id']}.json").stat().st_size > 4 * json_store.READ_CHUNK  # several reads
    assert store.load_all() == [big]
    monkeypatch.setattr(json_store, "MAX_DOC_BYTES", 100_000)
    assert store.load_all() == []
    [report] = store.quarantined()
    assert "larger than 100000 bytes" in report.reason


def test_lone_surrogates_from_undecodable_file_names_round_trip(tmp_path: Path) -> None:
    store = JsonTaskStore(tmp_path)
    task = doc(inputs=[{"path": os.fsdecode(b"/videos/caf\xe9 \xff.mp4")}], name="中文")
    store.save(task)
    assert JsonTaskStore(tmp_path).load_all() == [task]
    (tmp_path / f"{task['task_id']}.json").read_bytes().decode("utf-8")  # still valid UTF-8 on disk


def test_update_replaces_and_delete_removes(tmp_path: Path) -> None:
    store = JsonTaskStore(tmp_path)
    a, b = doc(n=1), doc(n=2)
    store.save(a)
    store.save(b)
    store.save({**a, "n": 3, "status": "running"})
    assert {d["task_id"]: d["n"] for d in store.load_all()} == {a["task_id"]: 3, b["task_id"]: 2}
    assert len(files(tmp_path)) == 2
    store.delete(a["task_id"])
    store.delete(a["task_id"])  # missing is fine
    store.delete(str(uuid.uuid4()))
    assert store.load_all() == [b]
    assert JsonTaskStore(tmp_path).load_all() == [b]


def test_save_many_writes_all_and_the_last_copy_of_an_id_wins(tmp_path: Path) -> None:
    store = JsonTaskStore(tmp_path)
    docs = [doc(n=i) for i in range(PARALLEL_SAVE_MIN * 5)]  # parallel path
    again = {**docs[0], "n": "newest"}
    store.save_many([*docs, again])
    store.save_many(docs[1:3])  # sequential path
    store.save_many([])
    loaded = {d["task_id"]: d for d in store.load_all()}
    assert loaded == {d["task_id"]: d for d in [again, *docs[1:]]}
    assert len(files(tmp_path)) == len(docs)


def test_save_many_refuses_bad_input_before_writing_anything(tmp_path: Path) -> None:
    store = JsonTaskStore(tmp_path)
    with pytest.raises(ValueError):
        store.save_many([doc(), doc(), {"task_id": "../x"}, doc(), doc()])
    with pytest.raises(TypeError):
        store.save_many([doc(), doc(), doc(), doc(), doc(bad={1, 2})])
    assert files(tmp_path) == []


def test_save_many_reports_a_failed_write_after_saving_the_rest(tmp_path: Path, monkeypatch) -> None:
    from storage import json_store

    store = JsonTaskStore(tmp_path)
    docs = [doc(n=i) for i in range(8)]
    real = json_store.write_atomic

    def flaky(path: Path, data: bytes) -> None:
        if path.stem == docs[3]["task_id"]:
            raise OSError(28, "No space left on device")
        real(path, data)

    monkeypatch.setattr(json_store, "write_atomic", flaky)
    with pytest.raises(OSError, match="No space"):
        store.save_many(docs)
    assert sorted(d["n"] for d in store.load_all()) == [0, 1, 2, 4, 5, 6, 7]
    assert not [n for n in os.listdir(tmp_path) if n.endswith(".tmp")]


BAD_IDS = ["../evil", "", "x", 5, None, ["a"], str(uuid.uuid4()).upper(), "{" + str(uuid.uuid4()) + "}",
           uuid.uuid4().hex, "urn:uuid:" + str(uuid.uuid4()), "a/" + str(uuid.uuid4()), str(uuid.uuid4()) + "/..",
           str(uuid.uuid4()) + "\n", str(uuid.uuid4()) + "\x00", "..\\" + str(uuid.uuid4()), "C:" + str(uuid.uuid4())]


@pytest.mark.parametrize("bad_id", BAD_IDS, ids=repr)
def test_bad_task_ids_are_refused(tmp_path: Path, bad_id) -> None:
    store = JsonTaskStore(tmp_path / "tasks")
    with pytest.raises(ValueError):
        store.save({"task_id": bad_id})
    with pytest.raises(ValueError):
        store.save_many([{"task_id": bad_id}])
    with pytest.raises(ValueError):
        store.delete(bad_id)
    assert list(tmp_path.rglob("*")) == [tmp_path / "tasks"]


def test_documents_that_are_not_dicts_or_not_json_are_refused(tmp_path: Path) -> None:
    store = JsonTaskStore(tmp_path)
    with pytest.raises(ValueError):
        store.save({"name": "no id"})
    with pytest.raises(TypeError):
        store.save([("task_id", str(uuid.uuid4()))])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        store.save(doc(when=object()))
    assert files(tmp_path) == []


def _bad_files() -> dict[str, tuple[bytes, str]]:
    """file content -> words its quarantine reason must contain"""
    other = str(uuid.uuid4())
    return {
        "empty": (b"", "empty"),
        "truncated": (b'{"task_id": "', "invalid JSON"),
        "half a document": (json.dumps(doc())[:40].encode(), "invalid JSON"),
        "not json": (b"hello", "invalid JSON"),
        "not utf-8": (b'{"task_id": "\xff\xfe\xfa"}', "not UTF-8"),
        "list": (b"[1, 2]", "not a JSON object"),
        "string": (b'"just text"', "not a JSON object"),
        "null": (b"null", "not a JSON object"),
        "no task_id": (json.dumps({"name": "x"}).encode(), "no task_id"),
        "null task_id": (json.dumps({"task_id": None}).encode(), "no task_id"),
        "mismatched task_id": (json.dumps(doc(task_id=other)).encode(), "task_id mismatch"),
        "numeric task_id": (json.dumps({"task_id": 7}).encode(), "task_id mismatch"),
        "nested too deeply": (b"[" * 200_000 + b"]" * 200_000, "invalid JSON"),
        "binary junk": (bytes(range(256)) * 4, "invalid JSON"),  # leading NULs read as UTF-16/32
        "a PNG": (b"\x89PNG\r\n\x1a\n" + bytes(range(128, 256)), "not UTF-8"),
        "NUL bytes": (b"\x00" * 100, "invalid JSON"),
    }


def test_each_kind_of_corrupt_file_is_quarantined_with_a_reason_and_good_ones_load(tmp_path: Path) -> None:
    root = tmp_path / "tasks"
    store = JsonTaskStore(root)
    good = [doc(n=i) for i in range(3)]
    store.save_many(good)
    planted: dict[str, tuple[str, bytes, str]] = {}  # file name -> (kind, content, expected words)
    for kind, (content, words) in _bad_files().items():
        name = f"{uuid.uuid4()}.json"
        (root / name).write_bytes(content)
        planted[name] = (kind, content, words)
    upper = str(uuid.uuid4()).upper()  # a document whose own id is not canonical
    (root / f"{upper}.json").write_text(json.dumps({"task_id": upper}), encoding="utf-8")
    planted[f"{upper}.json"] = ("upper-case id", (root / f"{upper}.json").read_bytes(), "not a canonical UUID")
    (root / "notes.json").write_text(json.dumps({"task_id": "notes"}), encoding="utf-8")
    planted["notes.json"] = ("stray name", (root / "notes.json").read_bytes(), "not a canonical UUID")
    (root / "README.txt").write_text("not ours")  # other files are left alone
    (root / f"{uuid.uuid4()}.json").mkdir()  # so are folders

    before = time.time()
    loaded = JsonTaskStore(root).load_all()
    assert sorted(loaded, key=lambda d: d["n"]) == good

    reader = JsonTaskStore(root)  # a new instance reads the reasons back from the quarantine folder
    reports = {q.original_name: q for q in reader.quarantined()}
    assert set(reports) == set(planted)
    for name, (kind, content, words) in planted.items():
        report = reports[name]
        assert isinstance(report, QuarantinedFile)
        assert words in report.reason, (kind, report.reason)
        assert Path(report.path).parent == root / "quarantine"
        assert Path(report.path).read_bytes() == content, kind  # moved untouched
        assert report.moved_at.endswith("Z") and report.moved_at >= time.strftime("%Y-%m-%dT%H:%M", time.gmtime(
            before - 60))
    assert files(root) == sorted([f"{d['task_id']}.json" for d in good] + ["README.txt"])

    # a second load finds nothing new and keeps reporting the earlier ones
    assert len(JsonTaskStore(root).load_all()) == len(good)
    assert len(JsonTaskStore(root).quarantined()) == len(planted)


def test_quarantine_never_overwrites_an_earlier_file(tmp_path: Path) -> None:
    root = tmp_path / "tasks"
    store = JsonTaskStore(root)
    task_id = str(uuid.uuid4())
    (root / "quarantine").mkdir()
    (root / "quarantine" / f"{task_id}.json").write_bytes(b"put there by hand")
    for payload in (b"one", b"two", b"three"):
        (root / f"{task_id}.json").write_bytes(payload)
        assert store.load_all() == []
    kept = sorted(p.read_bytes() for p in (root / "quarantine").iterdir() if not p.name.endswith(".txt"))
    assert kept == sorted([b"put there by hand", b"one", b"two", b"three"])
    reasons = [q.reason for q in store.quarantined()]
    assert reasons.count("reason unknown (no note)") == 1 and len(reasons) == 4


def test_a_failed_move_is_reported_and_the_load_goes_on(tmp_path: Path) -> None:
    root = tmp_path / "tasks"
    store = JsonTaskStore(root)
    good = doc()
    store.save(good)
    bad = root / f"{uuid.uuid4()}.json"
    bad.write_bytes(b"{broken")
    (root / "quarantine").write_text("a file where the quarantine folder should be")

    assert store.load_all() == [good]
    [report] = store.quarantined()
    assert report.original_name == bad.name and report.path == str(bad)
    assert "invalid JSON" in report.reason and "not moved" in report.reason
    assert bad.read_bytes() == b"{broken"  # left where it was

    (root / "quarantine").unlink()  # once moving works again, the next load moves it
    assert store.load_all() == [good]
    [report] = store.quarantined()
    assert Path(report.path).parent == root / "quarantine" and "not moved" not in report.reason
    assert not bad.exists()


def test_temp_files_of_dead_writers_are_cleaned_and_a_live_writers_are_kept(tmp_path: Path) -> None:
    store = JsonTaskStore(tmp_path)
    good = doc()
    store.save(good)
    task_id = str(uuid.uuid4())
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        leftovers = {
            f".{task_id}.{dead.stdout.strip()}-00aa11bb.tmp": False,  # writer gone
            f".{task_id}.{os.getpid()}-00aa11bb.tmp": False,  # our pid, but nothing of ours is in flight
            f".{task_id}.abcd.tmp": False,  # older naming
            f".{task_id}.{sleeper.pid}-00aa11bb.tmp": True,  # writer alive: not ours to delete
        }
        if os.name == "nt":  # no liveness check there, only age
            leftovers = {name: True for name in leftovers}
        for name in leftovers:
            (tmp_path / name).write_text('{"task_id": "half a wri')
        assert store.load_all() == [good]
        assert store.quarantined() == []
        assert files(tmp_path) == sorted([f"{good['task_id']}.json"] + [n for n, keep in leftovers.items() if keep])

        old = time.time() - STALE_AGE_S - 10  # even a live pid's temp file is stale after a while
        for name in files(tmp_path):
            if name.endswith(".tmp"):
                os.utime(tmp_path / name, (old, old))
        store.load_all()
        assert files(tmp_path) == [f"{good['task_id']}.json"]
    finally:
        sleeper.kill()
        sleeper.wait()


def test_reading_while_another_thread_writes_sees_only_whole_documents(tmp_path: Path) -> None:
    store = JsonTaskStore(tmp_path)
    task = doc(version=0, payload="")
    store.save(task)
    errors: list[BaseException] = []
    stop = threading.Event()

    def writer() -> None:
        try:
            version = 0
            while not stop.is_set():
                version += 1
                store.save({**task, "version": version, "payload": "字" * (version * 37 % 20_000)})
        except BaseException as exc:  # noqa: BLE001 - surfaced below
            errors.append(exc)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        deadline = time.monotonic() + 1.5
        loads = 0
        while time.monotonic() < deadline:
            [seen] = store.load_all()  # the same instance, as the engine's reader and writer thread share it
            assert seen["payload"] == "字" * (seen["version"] * 37 % 20_000)
            loads += 1
    finally:
        stop.set()
        thread.join()
    assert not errors, errors
    assert store.quarantined() == [] and loads > 0


def test_usage_bytes_counts_documents_and_quarantine(tmp_path: Path) -> None:
    root = tmp_path / "tasks"
    store = JsonTaskStore(root)
    assert store.usage_bytes() == 0
    store.save_many([doc(pad="x" * 1000), doc(pad="字" * 100)])
    expected = sum(p.stat().st_size for p in root.glob("*.json"))
    assert store.usage_bytes() == expected > 1300
    (root / f"{uuid.uuid4()}.json").write_bytes(b"z" * 500)
    store.load_all()
    assert store.usage_bytes() == sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) >= expected + 500


def test_a_removed_store_folder_loads_as_empty(tmp_path: Path) -> None:
    store = JsonTaskStore(tmp_path / "tasks")
    (tmp_path / "tasks").rmdir()
    assert store.load_all() == [] and store.quarantined() == [] and store.usage_bytes() == 0
    store.save(doc())
    assert len(store.load_all()) == 1


def test_load_all_leaves_the_garbage_collector_as_it_found_it(tmp_path: Path) -> None:
    import gc

    store = JsonTaskStore(tmp_path)
    store.save(doc())
    (tmp_path / f"{uuid.uuid4()}.json").write_bytes(b"{bad")
    assert gc.isenabled()
    store.load_all()
    assert gc.isenabled()
    gc.disable()
    try:
        store.load_all()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_open_store_uses_the_tasks_folder_and_the_interface(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    assert isinstance(store, TaskStore)
    store.save(doc())
    assert len(list((tmp_path / "tasks").glob("*.json"))) == 1
    store.close()
