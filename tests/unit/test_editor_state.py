"""The per-video editor state store: keyed by path + size + mtime, atomic, bounded, robust to junk."""

from __future__ import annotations

import json
import os
from pathlib import Path

from mediacraft_desktop.editor_state import EditorStateStore, video_key


def _video(folder: Path, name: str, data: bytes = b"video") -> str:
    path = folder / name
    path.write_bytes(data)
    return str(path)


def test_round_trip_and_keys(tmp_path: Path) -> None:
    store = EditorStateStore(tmp_path / "state")
    a = _video(tmp_path, "-a 'q' 片段.mp4")
    assert store.load(a) is None
    state = {"regions": [{"x": 1, "y": 2, "w": 30, "h": 40, "mask": "iVBOR"}], "method": "inpaint"}
    assert store.save(a, state)
    assert store.load(a) == state
    assert store.load(os.path.relpath(a)) == state  # the same file by another spelling
    b = _video(tmp_path, "b.mp4")
    assert store.load(b) is None
    names = [p.name for p in store.entries()]
    assert names == [f"{video_key(a)}.json"]  # a hash: the name does not reveal the path
    assert all(c in "0123456789abcdef" for c in names[0].removesuffix(".json"))


def test_changed_size_or_mtime_is_another_video(tmp_path: Path) -> None:
    store = EditorStateStore(tmp_path / "state")
    a = _video(tmp_path, "a.mp4")
    store.save(a, {"method": "interp"})
    st = os.stat(a)
    os.utime(a, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))
    assert store.load(a) is None
    Path(a).write_bytes(b"another video")
    assert store.load(a) is None


def test_missing_video_and_unreadable_documents(tmp_path: Path) -> None:
    store = EditorStateStore(tmp_path / "state")
    assert not store.save(str(tmp_path / "gone.mp4"), {"method": "auto"})
    assert store.load(str(tmp_path / "gone.mp4")) is None
    a = _video(tmp_path, "a.mp4")
    store.save(a, {"method": "auto"})
    path = store.entries()[0]
    for junk in ("{not json", "[]", '{"key": "other", "state": {}}', json.dumps({"key": video_key(a), "state": 3})):
        path.write_text(junk, encoding="utf-8")
        assert store.load(a) is None
    store.save(a, {"method": "temporal"})  # a save repairs it
    assert store.load(a) == {"method": "temporal"}


def test_count_is_bounded_least_recent_go_first(tmp_path: Path) -> None:
    store = EditorStateStore(tmp_path / "state", max_entries=3)
    videos = [_video(tmp_path, f"v{i}.mp4", bytes([i])) for i in range(6)]
    for i, video in enumerate(videos):
        store.save(video, {"i": i})
        # distinct, ordered save times even on coarse file systems
        entry = store.folder / f"{video_key(video)}.json"
        os.utime(entry, ns=(i * 10**9, i * 10**9))
    assert len(store.entries()) == 3
    assert [store.load(v) for v in videos] == [None, None, None, {"i": 3}, {"i": 4}, {"i": 5}]
    assert not [p for p in store.folder.iterdir() if p.name.startswith(".")]  # no temp files left
