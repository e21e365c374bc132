"""A small cache of video thumbnails, filled in the background by the media service."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication, QPixmap

from ui.widgets.images import frame_to_image, scaled_pixmap

MAX_ENTRIES = 600


class ThumbnailCache(QObject):
    """``get(path)`` returns a pixmap or None and asks for it once; ``ready(path)`` says it arrived."""

    ready = Signal(str)

    def __init__(self, media: Any, width: int = 96, height: int = 54, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._media = media
        self._size = (width, height)
        self._pixmaps: OrderedDict[str, QPixmap] = OrderedDict()
        self._requests: dict[int, str] = {}
        self._failed: set[str] = set()
        media.thumbnail_ready.connect(self._on_ready)
        media.failed.connect(self._on_failed)

    def get(self, path: str) -> QPixmap | None:
        pixmap = self._pixmaps.get(path)
        if pixmap is not None:
            self._pixmaps.move_to_end(path)
            return pixmap
        if path not in self._failed and path not in self._requests.values():
            self._requests[self._media.request_thumbnail(path, max(self._size) * 2)] = path
        return None

    def failed(self, path: str) -> bool:
        return path in self._failed

    def _on_ready(self, request_id: int, _path: str, frame: Any) -> None:
        path = self._requests.pop(request_id, None)
        if path is None:
            return
        app = QGuiApplication.instance()
        dpr = app.devicePixelRatio() if app is not None else 1.0
        self._pixmaps[path] = scaled_pixmap(frame_to_image(frame), *self._size, dpr)
        while len(self._pixmaps) > MAX_ENTRIES:
            self._pixmaps.popitem(last=False)
        self.ready.emit(path)

    def _on_failed(self, request_id: int, _path: str, _code: str, _detail: str) -> None:
        path = self._requests.pop(request_id, None)
        if path is not None:
            self._failed.add(path)
