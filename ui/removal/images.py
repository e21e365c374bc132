"""Turn decoded frames (BGR numpy arrays from the media service) into Qt images."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage


def bgr_to_qimage(frame: np.ndarray) -> QImage:
    """A QImage that owns a copy of ``frame`` (H x W x 3 uint8, BGR; grey H x W also accepted)."""
    array = np.ascontiguousarray(frame)
    if array.dtype != np.uint8:
        array = np.clip(array, 0, 255).astype(np.uint8)
    if array.ndim == 2:
        height, width = array.shape
        image = QImage(array.data, width, height, array.strides[0], QImage.Format.Format_Grayscale8)
    elif array.ndim == 3 and array.shape[2] == 3:
        height, width = array.shape[:2]
        image = QImage(array.data, width, height, array.strides[0], QImage.Format.Format_BGR888)
    elif array.ndim == 3 and array.shape[2] == 4:
        height, width = array.shape[:2]
        image = QImage(array.data, width, height, array.strides[0], QImage.Format.Format_ARGB32)
    else:
        raise ValueError(f"not an image array: shape {array.shape}")
    return image.copy()  # detach from the numpy buffer
