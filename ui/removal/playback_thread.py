"""The forward playback loop: a long-lived decode pipe read on a worker thread, paced by a QElapsedTimer.

``ForwardRun(...)`` starts a thread that opens a stream at ``start`` (``open_stream(index, step)``: any
object with ``read() -> ndarray | None`` and ``close()``), reads frames ``step`` source frames apart and
hands frame ``i`` to ``deliver(i, image)`` when its time has come: ``(i - base) / (fps * speed)`` seconds
after the first frame of the (re)started stream arrived.

* Frames late by more than one frame interval are dropped, never shown late; when the decoder falls
  more than ``RESYNC_S`` behind the clock, the stream restarts where the clock is. Slow decoding drops
  frames instead of drifting.
* A frame is also dropped while the GUI has not shown the previous one (``busy()``).
* At ``hi`` (exclusive) the run loops to ``lo`` or ends (``finished(reason)``).
* ``stop()`` is non-blocking and safe from any thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QElapsedTimer
from PySide6.QtGui import QImage

from ui.removal.images import bgr_to_qimage

log = logging.getLogger(__name__)

RESYNC_S = 0.5  # seconds behind the clock before the stream is restarted where the clock is


class ForwardRun:
    """One forward playback run; see the module docstring."""

    def __init__(self, open_stream: Callable[[int, int], Any], *, start: int, lo: int, hi: int, loop: bool,
                 fps: float, speed: int, deliver: Callable[[int, QImage], None], busy: Callable[[], bool],
                 finished: Callable[[str], None]) -> None:
        self._open = open_stream
        self._lo, self._hi, self._loop = lo, hi, loop
        self._fps = max(1e-3, float(fps))
        self._speed = max(1, int(speed))
        self._step = self._speed if self._speed > 1 else 1  # 2x/4x: every 2nd/4th frame, at the source's rate
        self._deliver, self._busy, self._finished = deliver, busy, finished
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._stream: Any = None
        self.shown = 0
        self.dropped = 0
        self.restarts = 0
        self._thread = threading.Thread(target=self._run, args=(start,), name="mediacraft-playback", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        with self._lock:
            stream, self._stream = self._stream, None
        if stream is not None:
            threading.Thread(target=stream.close, name="mediacraft-playback-close", daemon=True).start()

    def join(self, timeout: float) -> bool:
        self._thread.join(timeout)
        return not self._thread.is_alive()

    # -- worker thread ---------------------------------------------------------------------------------
    def _open_at(self, index: int) -> Any:
        stream = self._open(index, self._step)
        with self._lock:
            if self._stop.is_set():
                stream.close()
                return None
            self._stream = stream
        self.restarts += 1
        return stream

    def _close(self, stream: Any) -> None:
        with self._lock:
            if self._stream is stream:
                self._stream = None
        stream.close()

    def _run(self, start: int) -> None:
        reason = "end"
        try:
            reason = self._play(start)
        except Exception as exc:  # noqa: BLE001 - reported to the player, never raised in a thread
            log.warning("playback stopped: %s", exc, exc_info=True)
            reason = "error"
        finally:
            if not self._stop.is_set():
                self._finished(reason)

    def _play(self, start: int) -> str:
        frame_s = 1.0 / self._fps  # one shown frame's interval (2x/4x read 2/4 source frames per shown frame)
        index = start
        clock = QElapsedTimer()
        while not self._stop.is_set():
            stream = self._open_at(index)
            if stream is None:
                return "stopped"
            base = index
            ended = True
            got = 0
            while not self._stop.is_set():
                frame = stream.read()
                if frame is None:
                    break
                got += 1
                if got == 1:
                    clock.start()  # the clock starts with the first frame: the pipe's start-up is not lateness
                i = index
                index += self._step
                due = (i - base) / (self._fps * self._speed)
                late = clock.nsecsElapsed() / 1e9 - due
                if late > RESYNC_S:  # decoding slower than real time: jump to where the clock is
                    index = min(self._hi - 1, i + int(late * self._fps * self._speed))
                    self.dropped += 1
                    ended = False
                    break
                if late > frame_s or (self._busy() and index < self._hi):
                    self.dropped += 1
                else:
                    if late < 0 and self._stop.wait(-late):
                        break
                    image = bgr_to_qimage(frame)  # off the GUI thread: it only turns it into a pixmap
                    self.shown += 1
                    self._deliver(i, image)
                if index >= self._hi:
                    break
            self._close(stream)
            if self._stop.is_set():
                return "stopped"
            if not got:
                return "error"  # nothing decodes from here: stop rather than respawn forever
            if not ended:
                continue
            if not self._loop:
                return "end"
            index = self._lo
        return "stopped"
