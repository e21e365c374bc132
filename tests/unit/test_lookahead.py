"""The look-ahead's bounds with known answers: how far ahead it reads, what it holds, the crop it decodes, and
what happens when the feed loses step with the main stream."""

from __future__ import annotations

import numpy as np

from processors.watermark import lookahead
from processors.watermark.lookahead import LookAhead, feed_box, frames_ahead
from processors.watermark.planes import layout_for
from processors.watermark.regions import Rect


class Recorder:
    """Stands in for a region worker: remembers what the feed showed it."""

    def __init__(self) -> None:
        self.seen: list[int] = []

    def see(self, key: int, planes: list[np.ndarray], origin: Rect) -> None:
        self.seen.append(key)


def feed(keys: list[int]):
    it = iter(keys)

    def read():
        key = next(it, None)
        return None if key is None else (key, [np.zeros((2, 2), np.uint8)])

    return read


def test_reads_exactly_ahead_frames_past_the_current_one() -> None:
    worker = Recorder()
    la = LookAhead(feed([k * 10 for k in range(100)]), Rect(0, 0, 2, 2), 5, [worker])
    assert la.sync(0)
    assert worker.seen == [0, 10, 20, 30, 40, 50]  # the frame itself and 5 ahead
    for pts in range(10, 500, 10):
        assert la.sync(pts)
        assert len(la.pending) <= 6  # the bound: never more than ``ahead`` frames beyond the current one
        assert worker.seen[-1] == min(pts + 50, 990)
    assert worker.seen == sorted(set(worker.seen)), "every frame once, in order"


def test_near_the_end_it_reads_what_there_is() -> None:
    la = LookAhead(feed([0, 10, 20]), Rect(0, 0, 2, 2), 5, [Recorder()])
    assert la.sync(0) and la.ended
    assert la.sync(20)


def test_frames_before_the_first_filled_one_warm_up() -> None:
    """A resumed run: the feed starts earlier than the main stream's first frame."""
    worker = Recorder()
    la = LookAhead(feed([k * 10 for k in range(20)]), Rect(0, 0, 2, 2), 3, [worker])
    assert la.sync(80)
    assert worker.seen == [k * 10 for k in range(12)]  # 0..70 warm the timeline up, 80 and 3 ahead


def test_a_feed_that_lost_step_is_dropped() -> None:
    la = LookAhead(feed([0, 10, 30, 40]), Rect(0, 0, 2, 2), 2, [Recorder()])
    assert la.sync(0) and la.sync(10)
    assert not la.sync(20), "the feed has no frame 20: the main stream must not use it"
    la = LookAhead(feed([0, 10, 5, 20]), Rect(0, 0, 2, 2), 5, [Recorder()])
    assert la.sync(0) and la.ended, "a feed whose pts go back is not trusted"


def test_memory_bound() -> None:
    small = layout_for("yuv420p", 320, 160)
    assert frames_ahead(small) == lookahead.LOOKAHEAD_FRAMES
    huge = layout_for("yuv420p", 3840, 2160)
    assert frames_ahead(huge) * huge.frame_size <= lookahead.LOOKAHEAD_BYTES
    assert frames_ahead(huge) == lookahead.LOOKAHEAD_BYTES // huge.frame_size == 4


def test_feed_box_is_chroma_aligned_and_covers_every_crop() -> None:
    box = feed_box([Rect(13, 7, 41, 21), Rect(101, 3, 10, 5)], 120, 30)
    assert box is not None and (box.x, box.y) == (12, 2) and box.w % 2 == 0 and box.h % 2 == 0
    assert box.x1 >= 111 and box.y1 >= 28
    assert box is not None and box.x1 <= 120 and box.y1 <= 30
    assert feed_box([Rect(100, 20, 19, 9)], 119, 29) is None  # odd frame: no even box fits, no look-ahead


def test_a_feed_whose_decoder_fails_ends_quietly(tmp_path) -> None:
    """The look-ahead only ever helps: a decoder that produces nothing ends the feed, it does not fail the run."""
    from processors.watermark.lookahead import CropFeed

    layout = layout_for("yuv420p", 16, 16)
    args = ["-v", "error", "-i", str(tmp_path / "missing.mp4"), "-f", "nut", "pipe:1"]
    with CropFeed(args, layout) as crop_feed:
        assert crop_feed.read() is None
