"""A pass-through reader for the NUT stream that ``ffmpeg -c:v rawvideo -f nut`` writes.

Why NUT: a raw video pipe loses every timestamp, so VFR clips would be re-timed. NUT carries
exact per-frame pts in the source time base and its frame payloads are not checksummed, so the
stream can be forwarded byte for byte to the encoder with only the pixel payloads edited in place.

The reader parses just enough of the format (main header, stream header, syncpoints, frame
headers; see https://ffmpeg.org/~michael/nut.txt and libavformat/nutdec.c) to find each frame's
payload and pts. Every byte that is not a frame payload is collected verbatim and handed out with
the next frame (or at the end), so ``header + payload`` for all frames plus the trailer reproduces
the input exactly. Only one stream (the video) is expected.

A frame that follows a syncpoint can also start a new, self-contained NUT stream
(:func:`restart_header`: the headers, then the syncpoint, which restates the full pts, with its back
pointer reset), which is how a segmented removal feeds one decoder's frames to one encoder per segment.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import BinaryIO

FILE_ID = b"nut/multimedia container\x00"
MAIN_STARTCODE = 0x4E4D7A561F5F04AD
STREAM_STARTCODE = 0x4E5311405BF2F9DB
SYNCPOINT_STARTCODE = 0x4E4BE4ADEECA4569
INDEX_STARTCODE = 0x4E58DD672F23E64E
INFO_STARTCODE = 0x4E49AB68B596BA78

FLAG_KEY = 1
FLAG_CODED_PTS = 8
FLAG_STREAM_ID = 16
FLAG_SIZE_MSB = 32
FLAG_CHECKSUM = 64
FLAG_RESERVED = 128
FLAG_SM_DATA = 256
FLAG_HEADER_IDX = 1024
FLAG_MATCH_TIME = 2048
FLAG_CODED = 4096
FLAG_INVALID = 8192


class NutFormatError(Exception):
    """The byte stream is not the NUT this reader understands."""


@dataclass(frozen=True)
class FrameCode:
    flags: int
    pts_delta: int
    size_mul: int
    size_lsb: int
    reserved_count: int
    header_idx: int


@dataclass
class NutStream:
    fourcc: bytes
    time_base: Fraction
    msb_pts_shift: int
    width: int
    height: int


@dataclass
class NutFrame:
    """One frame: the verbatim bytes preceding its payload, its payload size and pts."""

    header: bytes
    size: int
    pts: int
    time_s: float
    keyframe: bool
    sync_offset: int = -1  # where the syncpoint this frame follows starts in ``header`` (-1: none)


def _parse_v(data: bytes, pos: int) -> tuple[int, int]:
    value = 0
    while True:
        if pos >= len(data):
            raise NutFormatError("truncated variable-length number")
        byte = data[pos]
        pos += 1
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, pos


def _parse_s(data: bytes, pos: int) -> tuple[int, int]:
    value, pos = _parse_v(data, pos)
    value += 1
    return (-(value >> 1) if value & 1 else value >> 1), pos


def _parse_vb(data: bytes, pos: int) -> tuple[bytes, int]:
    length, pos = _parse_v(data, pos)
    return data[pos:pos + length], pos + length


def _enc_v(value: int) -> bytes:
    out = [value & 0x7F]
    value >>= 7
    while value:
        out.append(0x80 | (value & 0x7F))
        value >>= 7
    return bytes(reversed(out))


def crc04c11db7(data: bytes, crc: int = 0) -> int:
    """NUT's checksum: CRC-32, polynomial 0x04C11DB7, MSB first, no reflection or final xor."""
    for byte in data:
        crc ^= byte << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) if crc & 0x80000000 else crc << 1
            crc &= 0xFFFFFFFF
    return crc


def restart_header(prologue: bytes, frame: NutFrame) -> bytes:
    """The bytes that start a new NUT stream at ``frame``: ``prologue``, then the frame's syncpoint with
    its back pointer set to 0 (the demuxer rejects one pointing before the stream) and its frame header."""
    if frame.sync_offset < 0:
        raise NutFormatError("the frame does not follow a syncpoint")
    head = frame.header
    pos = frame.sync_offset + 8
    forward_ptr, pos = _parse_v(head, pos)
    if forward_ptr > 4096:
        raise NutFormatError("unexpectedly long syncpoint")
    body = head[pos:pos + forward_ptr]
    coded_ts, bpos = _parse_v(body, 0)
    _, bpos = _parse_v(body, bpos)  # back_ptr_div16
    new_body = _enc_v(coded_ts) + _enc_v(0) + body[bpos:-4]
    new_body += struct.pack(">I", crc04c11db7(new_body))
    sync = struct.pack(">Q", SYNCPOINT_STARTCODE) + _enc_v(len(new_body)) + new_body
    return prologue + sync + head[pos + forward_ptr:]


class NutReader:
    """Iterate the frames of a single-stream NUT byte stream read from ``source``.

    ``frames()`` yields a :class:`NutFrame`; the caller must then read exactly ``frame.size``
    payload bytes with :meth:`read_payload` before asking for the next one. :attr:`trailer`
    holds the bytes after the last frame once iteration ends.
    """

    def __init__(self, source: BinaryIO) -> None:
        self._src = source
        self._out = bytearray()  # verbatim bytes not yet handed out
        self.stream: NutStream | None = None
        self.time_bases: list[Fraction] = []
        self.frame_codes: list[FrameCode] = []
        self.header_lens: list[int] = [0]
        self.trailer = b""
        self.prologue: bytes | None = None  # file id + headers: what precedes the first syncpoint
        self._sync_at = -1
        self._last_pts = 0
        self._payload_left = 0

    # -- low level reading; everything read through these is recorded verbatim
    def _read(self, n: int) -> bytes:
        data = b""
        while len(data) < n:  # raw pipes may return short reads
            chunk = self._src.read(n - len(data))
            if not chunk:
                raise NutFormatError("unexpected end of stream")
            data += chunk
        self._out += data
        return data

    def _byte(self) -> int | None:
        data = self._src.read(1)
        if not data:
            return None
        self._out += data
        return data[0]

    def _v(self) -> int:
        value = 0
        while True:
            byte = self._byte()
            if byte is None:
                raise NutFormatError("unexpected end of stream in a number")
            value = (value << 7) | (byte & 0x7F)
            if not byte & 0x80:
                return value

    def _s(self) -> int:
        value = self._v() + 1
        return -(value >> 1) if value & 1 else value >> 1

    # -- packets
    def _packet_body(self) -> bytes:
        forward_ptr = self._v()
        if forward_ptr > 4096:
            self._read(4)  # header checksum
        return self._read(forward_ptr)

    def _main_header(self, body: bytes) -> None:
        version, pos = _parse_v(body, 0)
        if version > 3:
            _, pos = _parse_v(body, pos)
        stream_count, pos = _parse_v(body, pos)
        if stream_count != 1:
            raise NutFormatError(f"expected one stream, found {stream_count}")
        _, pos = _parse_v(body, pos)  # max_distance
        tb_count, pos = _parse_v(body, pos)
        self.time_bases = []
        for _ in range(tb_count):
            num, pos = _parse_v(body, pos)
            den, pos = _parse_v(body, pos)
            self.time_bases.append(Fraction(num, den))
        codes: list[FrameCode | None] = [None] * 256
        tmp_pts, tmp_mul, tmp_size, tmp_res, tmp_head = 0, 1, 0, 0, 0
        i = 0
        while i < 256:
            tmp_flags, pos = _parse_v(body, pos)
            fields, pos = _parse_v(body, pos)
            if fields > 0:
                tmp_pts, pos = _parse_s(body, pos)
            if fields > 1:
                tmp_mul, pos = _parse_v(body, pos)
            if fields > 2:
                _, pos = _parse_v(body, pos)  # stream id
            if fields > 3:
                tmp_size, pos = _parse_v(body, pos)
            else:
                tmp_size = 0
            if fields > 4:
                tmp_res, pos = _parse_v(body, pos)
            else:
                tmp_res = 0
            if fields > 5:
                count, pos = _parse_v(body, pos)
            else:
                count = tmp_mul - tmp_size
            if fields > 6:
                _, pos = _parse_s(body, pos)  # match time delta
            if fields > 7:
                tmp_head, pos = _parse_v(body, pos)
            for _ in range(fields - 8):
                _, pos = _parse_v(body, pos)
            if count <= 0 or count > 256 - i:
                raise NutFormatError("bad frame code table")
            j = 0
            while j < count and i < 256:
                if i == ord("N"):
                    codes[i] = FrameCode(FLAG_INVALID, 0, 1, 0, 0, 0)
                    i += 1
                    continue
                codes[i] = FrameCode(tmp_flags, tmp_pts, tmp_mul, tmp_size + j, tmp_res, tmp_head)
                i += 1
                j += 1
        self.frame_codes = [c or FrameCode(FLAG_INVALID, 0, 1, 0, 0, 0) for c in codes]
        if pos < len(body) - 4:
            header_count_minus1, pos = _parse_v(body, pos)
            self.header_lens = [0]
            for _ in range(header_count_minus1):
                data, pos = _parse_vb(body, pos)
                self.header_lens.append(len(data))

    def _stream_header(self, body: bytes) -> None:
        _, pos = _parse_v(body, 0)  # stream id
        stream_class, pos = _parse_v(body, pos)
        fourcc, pos = _parse_vb(body, pos)
        tb_id, pos = _parse_v(body, pos)
        msb_pts_shift, pos = _parse_v(body, pos)
        for _ in range(3):  # max_pts_distance, decode_delay, stream_flags
            _, pos = _parse_v(body, pos)
        _, pos = _parse_vb(body, pos)  # codec specific data
        if stream_class != 0:
            raise NutFormatError("the stream is not video")
        width, pos = _parse_v(body, pos)
        height, pos = _parse_v(body, pos)
        if tb_id >= len(self.time_bases):
            raise NutFormatError("stream time base index out of range")
        self.stream = NutStream(fourcc, self.time_bases[tb_id], msb_pts_shift, width, height)

    def _syncpoint(self, body: bytes) -> None:
        coded, _ = _parse_v(body, 0)
        count = len(self.time_bases)
        tb = self.time_bases[coded % count]
        value = coded // count
        assert self.stream is not None
        stb = self.stream.time_base
        # av_rescale_rnd(..., AV_ROUND_DOWN)
        self._last_pts = (value * tb.numerator * stb.denominator) // (tb.denominator * stb.numerator)

    def _frame_header(self, code: int) -> NutFrame:
        assert self.stream is not None
        fc = self.frame_codes[code]
        flags = fc.flags
        if flags & FLAG_INVALID:
            raise NutFormatError(f"invalid frame code {code}")
        if flags & FLAG_CODED:
            flags ^= self._v()
        if flags & FLAG_STREAM_ID:
            if self._v() != 0:
                raise NutFormatError("frame for an unexpected stream")
        if flags & FLAG_CODED_PTS:
            coded = self._v()
            shift = self.stream.msb_pts_shift
            if coded < (1 << shift):
                mask = (1 << shift) - 1
                delta = self._last_pts - mask // 2
                pts = ((coded - delta) & mask) + delta
            else:
                pts = coded - (1 << shift)
        else:
            pts = self._last_pts + fc.pts_delta
        size = fc.size_lsb
        if flags & FLAG_SIZE_MSB:
            size += fc.size_mul * self._v()
        if flags & FLAG_MATCH_TIME:
            self._s()
        header_idx = fc.header_idx
        if flags & FLAG_HEADER_IDX:
            header_idx = self._v()
        reserved = fc.reserved_count
        if flags & FLAG_RESERVED:
            reserved = self._v()
        for _ in range(reserved):
            self._v()
        if size > 4096:
            header_idx = 0
        if header_idx >= len(self.header_lens):
            raise NutFormatError("elision header index out of range")
        if self.header_lens[header_idx]:
            raise NutFormatError("elided frame headers are not supported")
        if flags & FLAG_CHECKSUM:
            self._read(4)
        if flags & FLAG_SM_DATA:
            raise NutFormatError("frame side data is not supported")
        self._last_pts = pts
        header = bytes(self._out)
        self._out.clear()
        sync_offset, self._sync_at = self._sync_at, -1
        return NutFrame(header, size, pts, float(pts * self.stream.time_base), bool(flags & FLAG_KEY), sync_offset)

    def frames(self) -> Iterator[NutFrame]:
        if self._read(len(FILE_ID)) != FILE_ID:
            raise NutFormatError("not a NUT stream")
        while True:
            if self._payload_left:
                raise NutFormatError("the previous frame's payload was not read")
            first = self._byte()
            if first is None:
                break
            if first == ord("N"):
                rest = self._read(7)
                startcode = struct.unpack(">Q", bytes([first]) + rest)[0]
                if startcode == SYNCPOINT_STARTCODE:
                    self._sync_at = len(self._out) - 8
                    if self.prologue is None:
                        self.prologue = bytes(self._out[:self._sync_at])
                body = self._packet_body()
                if startcode == MAIN_STARTCODE:
                    self._main_header(body)
                elif startcode == STREAM_STARTCODE:
                    self._stream_header(body)
                elif startcode == SYNCPOINT_STARTCODE:
                    self._syncpoint(body)
                elif startcode not in (INFO_STARTCODE, INDEX_STARTCODE):
                    raise NutFormatError(f"unknown startcode {startcode:#x}")
                continue
            if not self.frame_codes or self.stream is None:
                raise NutFormatError("frame before the headers")
            frame = self._frame_header(first)
            self._payload_left = frame.size
            yield frame
        self.trailer = bytes(self._out)
        self._out.clear()

    def read_payload(self, buffer: memoryview) -> None:
        """Fill ``buffer`` (exactly the current frame's size) with the payload."""
        if len(buffer) != self._payload_left:
            raise NutFormatError(f"payload is {self._payload_left} bytes, buffer {len(buffer)}")
        got = 0
        while got < len(buffer):
            n = self._src.readinto(buffer[got:])
            if not n:
                raise NutFormatError("unexpected end of stream in a frame payload")
            got += n
        self._payload_left = 0

    def payload_consumed(self) -> None:
        """The caller moved the current payload itself (e.g. with ``os.splice``)."""
        self._payload_left = 0

    def skip_payload(self) -> bytes:
        """Read the current payload and return it (for frames that are passed on unchanged)."""
        out = bytearray(self._payload_left)
        self.read_payload(memoryview(out))
        return bytes(out)
