"""Frames from the media service (BGR numpy arrays) as Qt images."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap


def frame_to_image(frame: Any) -> QImage:
    """A deep-copied QImage of a (height, width, 3) uint8 BGR array (or an already built QImage)."""
    if isinstance(frame, QImage):
        return frame
    if isinstance(frame, QPixmap):
        return frame.toImage()
    height, width = int(frame.shape[0]), int(frame.shape[1])
    if frame.ndim == 2:
        return QImage(frame.data, width, height, int(frame.strides[0]), QImage.Format.Format_Grayscale8).copy()
    return QImage(frame.data, width, height, int(frame.strides[0]), QImage.Format.Format_BGR888).copy()


def scaled_pixmap(image: QImage, width: int, height: int, dpr: float = 1.0) -> QPixmap:
    """``image`` fitted into width×height logical pixels, smooth, at the screen's pixel ratio."""
    pixmap = QPixmap.fromImage(image.scaled(int(width * dpr), int(height * dpr),
                                            Qt.AspectRatioMode.KeepAspectRatio,
                                            Qt.TransformationMode.SmoothTransformation))
    pixmap.setDevicePixelRatio(dpr)
    return pixmap
