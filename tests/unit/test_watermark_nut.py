"""NUT pass-through reader and the frame editor on a hand-built NUT stream (no ffmpeg needed)."""

from __future__ import annotations

import io
import os
import struct
import sys
import threading

import numpy as np
import pytest

from processors.watermark.fill import RegionFiller
from processors.watermark.framepipe import FrameEditor
from processors.watermark.nut import (
    FILE_ID,
    FLAG_CODED_PTS,
    FLAG_KEY,
    FLAG_SIZE_MSB,
    MAIN_STARTCODE,
    STREAM_STARTCODE,
    SYNCPOINT_STARTCODE,
    NutFormatError,
    NutReader,
)
from processors.watermark.planes import layout_for
from processors.watermark.regions import Rect, Region

MSB_SHIFT = 7


def v(n: int) -> bytes:
    out = [n & 0x7F]
    n >>= 7
    while n:
        out.append(0x80 | (n & 0x7F))
        n >>= 7
    return bytes(reversed(out))


def s(n: int) -> bytes:
    return v(2 * n - 1 if n > 0 else -2 * n)


def vb(data: bytes) -> bytes:
    return v(len(data)) + data


def packet(startcode: int, body: bytes) -> bytes:
    body += b"\0\0\0\0"  # checksum (not verified by the reader)
    out = struct.pack(">Q", startcode) + v(len(body))
    if len(body) > 4096:
        out += b"\0\0\0\0"
    return out + body


def nut_stream(width: int, height: int, payloads: list[bytes], pts: list[int], den: int = 1000,
               lsb_from: int = 2) -> bytes:
    """One yuv420p stream; frame code 0 = key frame, coded pts, size in the msb field."""
    main = v(3) + v(1) + v(65536) + v(1) + v(1) + v(den)
    main += v(FLAG_KEY | FLAG_CODED_PTS | FLAG_SIZE_MSB) + v(6) + s(0) + v(1) + v(0) + v(0) + v(0) + v(255)
    main += v(0)  # no elision headers
    stream = v(0) + v(0) + vb(b"I420") + v(0) + v(MSB_SHIFT) + v(1000) + v(0) + v(0) + vb(b"")
    stream += v(width) + v(height) + v(1) + v(1) + v(0)
    out = FILE_ID + packet(MAIN_STARTCODE, main) + packet(STREAM_STARTCODE, stream)
    out += packet(SYNCPOINT_STARTCODE, v(pts[0]) + v(0))
    prev = pts[0]
    for i, (data, p) in enumerate(zip(payloads, pts, strict=True)):
        near = abs(p - prev) < (1 << (MSB_SHIFT - 1))  # what nutenc does: lsb only for small steps
        coded = (p & ((1 << MSB_SHIFT) - 1)) if i >= lsb_from and near else p + (1 << MSB_SHIFT)
        prev = p
        out += bytes([0]) + v(coded) + v(len(data)) + data
    return out


def frames_for(layout, n: int, seed: int = 1) -> list[bytes]:
    rng = np.random.default_rng(seed)
    return [rng.integers(0, 255, layout.frame_size, dtype=np.uint8).tobytes() for _ in range(n)]


def test_reader_reassembles_the_stream_and_decodes_pts():
    layout = layout_for("yuv420p", 16, 8)
    payloads = frames_for(layout, 6)
    pts = [1000, 1033, 1067, 1100, 1300, 1310]  # irregular: variable frame rate
    data = nut_stream(16, 8, payloads, pts)
    reader = NutReader(io.BufferedReader(io.BytesIO(data)))
    out, seen = bytearray(), []
    for frame in reader.frames():
        buf = bytearray(frame.size)
        reader.read_payload(memoryview(buf))
        out += frame.header + buf
        seen.append((frame.pts, round(frame.time_s, 3), frame.keyframe, bytes(buf)))
    out += reader.trailer
    assert bytes(out) == data
    assert [p for p, *_ in seen] == pts
    assert [t for _, t, *_ in seen] == [1.0, 1.033, 1.067, 1.1, 1.3, 1.31]
    assert [b for *_, b in seen] == payloads
    assert reader.stream is not None and (reader.stream.width, reader.stream.height) == (16, 8)


def test_reader_errors():
    with pytest.raises(NutFormatError):
        list(NutReader(io.BytesIO(b"not a nut stream at all....")).frames())
    layout = layout_for("yuv420p", 16, 8)
    data = nut_stream(16, 8, frames_for(layout, 2), [0, 40])
    reader = NutReader(io.BytesIO(data[:-50]))  # cut inside the last payload
    frames = reader.frames()
    first = next(frames)
    reader.read_payload(memoryview(bytearray(first.size)))
    second = next(frames)
    with pytest.raises(NutFormatError):
        reader.read_payload(memoryview(bytearray(second.size)))
    reader = NutReader(io.BytesIO(data))
    frames = reader.frames()
    next(frames)
    with pytest.raises(NutFormatError):  # payload not consumed
        next(frames)


def _pump(data: bytes, editor_kwargs: dict, layout, regions) -> bytes:
    """Feed ``data`` through a FrameEditor between two real pipes; return what comes out."""
    in_r, in_w = os.pipe()
    out_r, out_w = os.pipe()
    result = bytearray()

    def feed() -> None:
        try:
            with os.fdopen(in_w, "wb") as fh:
                fh.write(data)
        except BrokenPipeError:
            pass

    def drain() -> None:
        with os.fdopen(out_r, "rb") as fh:
            result.extend(fh.read())

    threads = [threading.Thread(target=feed, daemon=True), threading.Thread(target=drain, daemon=True)]
    for t in threads:
        t.start()
    src = os.fdopen(in_r, "rb", buffering=0)
    try:
        reader = NutReader(src)
        filler = RegionFiller(layout, regions, "auto")
        editor = FrameEditor(layout, filler, reader, in_r, out_w, **editor_kwargs)
        for frame in reader.frames():
            editor.process(frame)
        os.write(out_w, reader.trailer)
    finally:
        os.close(out_w)
        src.close()  # the feeder sees a broken pipe if we stopped early
        for t in threads:
            t.join(10)
    return bytes(result)


@pytest.mark.parametrize("splice", [False, True])
def test_frame_editor_edits_only_the_region_rows_like_a_full_frame_fill(splice):
    if splice and not hasattr(os, "splice"):
        pytest.skip("os.splice is Linux only")
    w, h = 64, 48
    layout = layout_for("yuv420p", w, h)
    payloads = frames_for(layout, 6, seed=3)
    pts = [0, 40, 80, 120, 160, 200]
    regions = [Region(Rect(40, 4, 20, 10)), Region(Rect(2, 30, 16, 12), 0.05, 0.15)]  # 2nd: frames 2, 3
    data = nut_stream(w, h, payloads, pts)
    out = _pump(data, {"use_splice": splice}, layout, regions)
    # expected: the same stream with every payload filled in place by the plain whole-frame path
    filler = RegionFiller(layout, regions, "auto")
    expected_payloads = []
    for payload, p in zip(payloads, pts, strict=True):
        buf = bytearray(payload)
        filler.fill_at(layout.views(buf), p / 1000)
        expected_payloads.append(bytes(buf))
    assert out == nut_stream(w, h, expected_payloads, pts)
    assert expected_payloads[0] != payloads[0]


@pytest.mark.skipif(sys.platform == "win32", reason="uses os pipes with fdopen")
def test_frame_editor_rejects_a_wrong_frame_size():
    layout = layout_for("yuv420p", 16, 8)
    other = layout_for("yuv420p", 16, 16)
    data = nut_stream(16, 16, frames_for(other, 1), [0])
    with pytest.raises(NutFormatError):
        _pump(data, {"use_splice": False}, layout, [Region(Rect(0, 0, 4, 4))])


def test_nut_checksum_matches_the_spec_crc():
    from processors.watermark.nut import crc04c11db7

    # CRC-32 poly 0x04C11DB7, MSB first, init 0, no final xor: POSIX cksum's CRC before its final inversion
    assert crc04c11db7(b"123456789") == 0x765E7680 ^ 0xFFFFFFFF
    body = b"\x81\x02\x00"
    assert crc04c11db7(body + crc04c11db7(body).to_bytes(4, "big")) == 0  # how the demuxer checks a packet
