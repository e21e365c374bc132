"""Planar pixel formats the pipeline edits in place, and numpy views of a raw frame's planes.

Frames travel in the decoder's native planar YUV (no RGB conversion); a source in any other
format is converted once by the decoder to the nearest working format (``working_pix_fmt``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class PixFmt:
    name: str
    planes: int  # 1 (gray) or 3 (Y, U, V)
    log2_chroma_w: int
    log2_chroma_h: int
    bytes_per_sample: int
    bit_depth: int
    full_range: bool = False


_FORMATS = {
    f.name: f
    for f in (
        PixFmt("yuv420p", 3, 1, 1, 1, 8),
        PixFmt("yuvj420p", 3, 1, 1, 1, 8, True),
        PixFmt("yuv422p", 3, 1, 0, 1, 8),
        PixFmt("yuvj422p", 3, 1, 0, 1, 8, True),
        PixFmt("yuv444p", 3, 0, 0, 1, 8),
        PixFmt("yuvj444p", 3, 0, 0, 1, 8, True),
        PixFmt("gray", 1, 0, 0, 1, 8),
        PixFmt("yuv420p10le", 3, 1, 1, 2, 10),
        PixFmt("yuv422p10le", 3, 1, 0, 2, 10),
        PixFmt("yuv444p10le", 3, 0, 0, 2, 10),
        PixFmt("gray10le", 1, 0, 0, 2, 10),
    )
}

# Formats that are not worked on directly: map to the working format that keeps their depth and
# chroma resolution best while staying encodable as H.264.
_CONVERT = {
    "yuv420p12le": "yuv420p10le", "yuv420p16le": "yuv420p10le", "yuv420p9le": "yuv420p10le",
    "yuv422p12le": "yuv422p10le", "yuv444p12le": "yuv444p10le", "p010le": "yuv420p10le",
    "nv12": "yuv420p", "nv21": "yuv420p", "yuv411p": "yuv420p", "yuv410p": "yuv420p",
    "yuva420p": "yuv420p", "yuv440p": "yuv420p", "yuvj440p": "yuvj420p", "yuvj411p": "yuvj420p",
}


def known(name: str) -> PixFmt | None:
    return _FORMATS.get(name)


def working_pix_fmt(source_pix_fmt: str | None, bit_depth: int | None = None) -> str:
    """The format the decoder should output for a source in ``source_pix_fmt``."""
    name = (source_pix_fmt or "").lower()
    if name in _FORMATS:
        return name
    if name in _CONVERT:
        return _CONVERT[name]
    deep = (bit_depth or 8) > 8 or any(tag in name for tag in ("10", "12", "16", "p010"))
    return "yuv420p10le" if deep else "yuv420p"


@dataclass(frozen=True)
class FrameLayout:
    """Byte layout of one tightly packed raw frame (what ``-c:v rawvideo`` writes)."""

    fmt: PixFmt
    width: int
    height: int

    def plane_shape(self, index: int) -> tuple[int, int]:
        if index == 0:
            return self.height, self.width
        f = self.fmt
        return -(-self.height >> f.log2_chroma_h), -(-self.width >> f.log2_chroma_w)

    def subsampling(self, index: int) -> tuple[int, int]:
        """(log2 horizontal, log2 vertical) subsampling of plane ``index``."""
        if index == 0:
            return 0, 0
        return self.fmt.log2_chroma_w, self.fmt.log2_chroma_h

    @property
    def frame_size(self) -> int:
        return sum(h * w for h, w in (self.plane_shape(i) for i in range(self.fmt.planes))) * \
            self.fmt.bytes_per_sample

    @property
    def dtype(self) -> np.dtype:
        return np.dtype("<u2") if self.fmt.bytes_per_sample == 2 else np.dtype(np.uint8)

    def plane_offsets(self) -> list[int]:
        offsets, pos = [], 0
        for i in range(self.fmt.planes):
            h, w = self.plane_shape(i)
            offsets.append(pos)
            pos += h * w * self.fmt.bytes_per_sample
        return offsets

    def views(self, buffer: np.ndarray | bytearray | memoryview) -> list[np.ndarray]:
        """2-D numpy views (no copies) of the planes inside a frame buffer."""
        flat = np.frombuffer(buffer, dtype=np.uint8, count=self.frame_size)
        out = []
        for i, offset in enumerate(self.plane_offsets()):
            h, w = self.plane_shape(i)
            n = h * w * self.fmt.bytes_per_sample
            out.append(flat[offset:offset + n].view(self.dtype).reshape(h, w))
        return out


def layout_for(pix_fmt: str, width: int, height: int) -> FrameLayout:
    fmt = _FORMATS.get(pix_fmt)
    if fmt is None:
        raise ValueError(f"unsupported working pixel format {pix_fmt}")
    return FrameLayout(fmt, width, height)
