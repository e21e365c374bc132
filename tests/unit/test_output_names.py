"""Where a result may go: a name joined to a folder never leaves it; explicit paths are checked before queueing."""

from __future__ import annotations

from pathlib import Path

import pytest

from processors.contract import ErrorCode, ProcessingError
from processors.merge.compat import Clip, dropped_streams
from processors.outputs import check_output_name, check_output_path, check_requested_output, join_output_name
from processors.probe import AudioStream, MediaInfo, SubtitleStream, VideoStream

ESCAPES = ["../../x/evil", "../evil.mp4", "..", ".", "x/evil.mp4", "x\\evil.mp4", "/etc/evil.mp4", "", "  ",
           "a\x00b.mp4", "a\nb.mp4"]


@pytest.mark.parametrize("name", ESCAPES)
def test_a_name_that_is_not_a_plain_file_name_is_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(ProcessingError) as err:
        join_output_name(str(tmp_path / "out"), name)
    assert err.value.code == ErrorCode.OUTPUT_INVALID
    assert list(tmp_path.iterdir()) == []  # nothing created anywhere


def test_plain_names_stay_in_their_folder(tmp_path: Path) -> None:
    for name in ("片段 'a' -x.mp4", "-starts with dash.mkv", "..dots..mp4", "a b.c.mov"):
        assert check_output_name(name) == name
        assert join_output_name(str(tmp_path), name) == str(tmp_path / name)


def test_a_requested_path_with_parent_components_is_refused(tmp_path: Path) -> None:
    for path in (f"{tmp_path}/out/../../x/evil.mp4", f"{tmp_path}\\out\\..\\evil.mp4", "../evil.mp4"):
        with pytest.raises(ProcessingError) as err:
            check_requested_output(path)
        assert err.value.code == ErrorCode.OUTPUT_INVALID and "'..'" in err.value.detail
    assert check_requested_output(f"{tmp_path}/out/ok.mp4") == f"{tmp_path}/out/ok.mp4"


@pytest.mark.parametrize("path, words", [("folder", "is a folder"), ("folder/", "is a folder"),
                                         ("new/", "is a folder"), ("merged", "has no extension"),
                                         ("merged.xyz", "the extension .xyz"), ("merged.ts", "the extension .ts")])
def test_explicit_output_paths_say_what_is_wrong(tmp_path: Path, path: str, words: str) -> None:
    (tmp_path / "folder").mkdir()
    with pytest.raises(ProcessingError) as err:
        check_output_path(f"{tmp_path}/{path}", (".mp4", ".mkv"))
    assert err.value.code == ErrorCode.OUTPUT_INVALID and words in err.value.detail
    assert check_output_path(f"{tmp_path}/merged.MKV", (".mp4", ".mkv")) == f"{tmp_path}/merged.MKV"
    assert check_output_path(f"{tmp_path}/steps.txt", None) == f"{tmp_path}/steps.txt"


def test_dropped_streams_are_named() -> None:
    video = VideoStream(index=0, codec="h264")
    cover = VideoStream(index=3, codec="mjpeg", attached_pic=True)
    info = MediaInfo(path="/x/a.mp4", video=[video, cover], audio=[AudioStream(1, "aac"), AudioStream(2, "aac")],
                     subtitles=[SubtitleStream(4, "mov_text")])
    clip = Clip(0, 0, info.path, "a.mp4", info)
    assert dropped_streams([clip], copy=False) == [{"file": "a.mp4", "kind": "audio", "count": 1},
                                                   {"file": "a.mp4", "kind": "cover", "count": 1},
                                                   {"file": "a.mp4", "kind": "subtitles", "count": 1}]
    assert [d["kind"] for d in dropped_streams([clip], copy=True)] == ["cover", "subtitles"]
