"""Asynchronous media requests for the GUI: open/probe, frames, thumbnails and removal previews.

This is the only place the GUI reaches the media processors. Every request returns a request id at
once; the answer arrives later as a signal carrying that id (or ``failed(id, path, code, detail)``).
Call the request methods from the thread the service lives in (the GUI thread).

* Each open file gets a *session*: one ``FrameReader`` confined to one dedicated thread. Frame
  requests for a file are coalesced, latest request wins: while a frame is being decoded, newer
  requests replace the pending one, so scrubbing never queues hundreds of seeks. A superseded
  request is answered by ``superseded(id)`` instead of a frame. A few recently decoded frames are
  kept per session, so stepping back and forth is instant. The reader is kept positioned
  (``exact_frames.ExactFrames``): a target ahead is read on to in short hops when that beats a seek, and
  a newer request stops such a decode between hops; the next one goes on from where it got.
* Once a file is open, its keyframes are scanned in the background; ``keyframe_near(path, index)``
  answers at once with the nearest keyframe's small picture (what a moving slider shows) and
  ``frame_stream(path, index)`` gives a decode pipe for playback (call it from a worker thread).
* ``request_preview_clip`` processes a short stretch of frames with the removal preview into a small
  temporary video (``preview_clip_progress``, then ``preview_clip_ready`` with its path; cancellable);
  ``release_clip`` deletes it.
* Probes, thumbnails and previews run on a private ``QThreadPool`` (the task engine's long jobs never
  delay them), previews first and thumbnails last. Previews are coalesced latest-wins as well.
* Mask estimates and logo detection (``request_mask``, ``request_detect``) run on the same pool, each kind
  latest-wins; a newer request also cancels the running one through its ``CancelToken``, and
  ``cancel(id)`` drops one. Dropped or cancelled requests are answered by ``superseded(id)``.
* Frames are BGR ``numpy`` arrays (height, width, 3) in display orientation, as ``FrameReader`` gives
  them; the widgets turn them into images. Errors carry the processors' stable codes.
"""

from __future__ import annotations

import itertools
import logging
import os
import shutil
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from mediacraft_desktop.exact_frames import HOP, KEYFRAME_SIDE, ExactFrames, KeyframeCache
from mediacraft_desktop.frame_pipes import FrameStream, scan_keyframes, seek_time, video_offset
from mediacraft_desktop.preview_clip import CLIP_NAME, make_preview_clip
from processors.contract import Cancelled, CancelToken, ErrorCode, ProcessingError

log = logging.getLogger(__name__)

FRAME_CACHE_BYTES = 96 * 1024 * 1024  # per open file
SETTLE_S = 0.05  # a seek asked for within this of the previous request waits this long for a newer one
MAX_SESSIONS = 3  # open files kept at once (least recently used closed first)
# pool priorities: what the user waits for in the viewer first, list thumbnails last
PRIORITY_PREVIEW, PRIORITY_PROBE, PRIORITY_THUMBNAIL = 2, 1, 0


def error_of(exc: BaseException) -> tuple[str, str]:
    """A stable (code, detail) for any exception raised by a processor call."""
    if isinstance(exc, ProcessingError):
        return exc.code, exc.detail
    if isinstance(exc, FileNotFoundError):
        return ErrorCode.INPUT_MISSING, str(exc)
    if isinstance(exc, IsADirectoryError | PermissionError):
        return ErrorCode.INPUT_INVALID, str(exc)
    if isinstance(exc, OSError):
        return ErrorCode.INPUT_UNREADABLE, str(exc)
    if isinstance(exc, ImportError):
        return ErrorCode.UNSUPPORTED, f"not available in this installation: {exc}"
    if isinstance(exc, IndexError | ValueError):
        return ErrorCode.INPUT_INVALID, str(exc)
    return ErrorCode.INTERNAL, f"{type(exc).__name__}: {exc}"


def _open_reader(path: str) -> Any:
    from processors.frame_reader import FrameReader

    return FrameReader(path)


def _probe(path: str) -> Any:
    """Probe ``path``; a stream this ffmpeg cannot decode, or a still image, is ``unsupported`` here already, as
    at submission."""
    from processors.probe import check_decodable, check_not_still, probe

    info = probe(path)
    check_decodable(info)
    check_not_still(info)
    return info


def _preview(path: str, index: int, regions: list[dict[str, Any]], method: str) -> tuple[Any, Any]:
    from processors.watermark.preview import preview_frame

    return preview_frame(path, index, regions, method=method)


def _estimate_mask(path: str, media: dict[str, Any], rect: tuple[int, int, int, int], cancel: CancelToken) -> Any:
    from processors.watermark.analysis import estimate_mask

    return estimate_mask(path, media, rect, cancel=cancel)


def _detect_logos(path: str, media: dict[str, Any], cancel: CancelToken) -> list[dict[str, Any]]:
    from processors.watermark.analysis import detect_logos

    return detect_logos(path, media, cancel=cancel)


def _close_reader(reader: Any) -> None:
    close = getattr(reader, "close", None)
    if close is not None:
        try:
            close()
        except Exception:  # noqa: BLE001 - closing must never raise into the caller
            log.exception("closing frame reader failed")


def describe(path: str, reader: Any, info: Any) -> dict[str, Any]:
    """Plain facts about an opened video for the widgets (no processor types leak out)."""
    video = getattr(info, "main_video", None)
    width, height = reader.size
    fps = float(reader.fps or 0.0) or float(getattr(video, "fps", 0.0) or 0.0)
    frames = int(reader.frame_count or 0)
    duration = getattr(info, "duration", None) or (frames / fps if fps else None)
    return {
        "path": path,
        "name": os.path.basename(path),
        "width": int(width),
        "height": int(height),
        "fps": fps,
        "frame_count": frames,
        "duration": float(duration) if duration else None,
        "rotation": int(getattr(video, "rotation", 0) or 0),
        "codec": getattr(video, "codec", None),
        "has_audio": bool(getattr(info, "audio", None)),
        "size_bytes": getattr(info, "size", None),
        "summary": info.to_summary() if hasattr(info, "to_summary") else None,
    }


class _Session:
    """One open file: a FrameReader living on its own thread, fed latest-wins frame requests."""

    def __init__(self, service: MediaService, path: str, reader_factory: Callable[[str], Any]) -> None:
        self.path = path
        self._service = service
        self._factory = reader_factory
        self._cond = threading.Condition()
        self._frame_request: tuple[int, int] | None = None
        self._jobs: deque[tuple[str, int, Any]] = deque()
        self._closed = False
        self._reader: Any = None
        self._reader_error: tuple[str, str] | None = None
        self._cache: OrderedDict[int, Any] = OrderedDict()
        self._cache_bytes = 0
        self._cache_lock = threading.Lock()
        self.keyframes = KeyframeCache()
        self._scan_cancel = CancelToken()
        self._exact: ExactFrames | None = None
        self._last_request_at = self._previous_request_at = 0.0
        self._thread = threading.Thread(target=self._loop, name="mediacraft-frames", daemon=True)
        self._thread.start()

    # -- called on the GUI thread ----------------------------------------------------------------------
    def request_frame(self, request_id: int, index: int) -> None:
        with self._cond:
            dropped = self._frame_request
            self._frame_request = (request_id, index)
            self._previous_request_at, self._last_request_at = self._last_request_at, time.monotonic()
            self._cond.notify()
        if dropped is not None:
            self._service.superseded.emit(dropped[0])

    def submit(self, kind: str, request_id: int, arg: Any = None) -> None:
        with self._cond:
            self._jobs.append((kind, request_id, arg))
            self._cond.notify()

    def close(self) -> None:
        self._scan_cancel.cancel()
        with self._cond:
            self._closed = True
            self._cond.notify()

    def cached(self, index: int) -> Any:
        """The decoded frame ``index`` if it is in the cache (any thread), else None."""
        with self._cache_lock:
            return self._cache.get(index)

    def stream_from(self, index: int, step: int = 1) -> FrameStream:
        """A playback decode pipe starting at frame ``index`` (blocking spawn: call off the GUI thread)."""
        reader = self._reader
        if reader is None or not hasattr(reader, "time_of"):
            raise _KnownError(ErrorCode.INPUT_INVALID, f"{os.path.basename(self.path)} is not open")
        start = seek_time(reader.time_of, video_offset(getattr(reader, "info", None)), index)
        return FrameStream(self.path, start, tuple(reader.size), step=step)

    def join(self, timeout: float) -> bool:
        self._thread.join(timeout)
        return not self._thread.is_alive()

    # -- the session thread ----------------------------------------------------------------------------
    def _loop(self) -> None:
        try:
            while True:
                with self._cond:
                    while not self._closed and self._frame_request is None and not self._jobs:
                        self._cond.wait()
                    if self._closed:
                        break
                    if self._jobs:
                        kind, request_id, arg = self._jobs.popleft()
                    else:
                        assert self._frame_request is not None
                        (request_id, arg), kind = self._frame_request, "frame"
                        self._frame_request = None
                self._run(kind, request_id, arg)
        finally:
            self._scan_cancel.cancel()
            if self._exact is not None:
                self._exact.close()
            if self._reader is not None:
                _close_reader(self._reader)
                self._reader = None

    def _ensure_reader(self) -> Any:
        if self._reader is None:
            if self._reader_error is not None:
                raise _KnownError(*self._reader_error)
            try:
                self._reader = self._factory(self.path)
            except Exception as exc:
                self._reader_error = error_of(exc)
                raise
        return self._reader

    def _run(self, kind: str, request_id: int, arg: Any) -> None:
        service = self._service
        try:
            if kind == "open":
                info = _probe(self.path) if arg is None else arg  # clear codes for missing/unreadable files
                if getattr(info, "main_video", True) is None:
                    raise _KnownError(ErrorCode.INPUT_INVALID,
                                      f"{os.path.basename(self.path)} has no video stream (audio only?)")
                reader = self._ensure_reader()
                facts = describe(self.path, reader, info)
                service._remember_summary(self.path, facts.get("summary"))
                service._emit(service.opened, request_id, self.path, facts)
                self._start_keyframe_scan(reader)
            elif kind == "thumbnail":
                image = self._ensure_reader().thumbnail(int(arg))
                service._emit(service.thumbnail_ready, request_id, self.path, image)
            else:
                frame = self._frame(int(arg))
                service._emit(service.frame_ready, request_id, self.path, int(arg), frame)
        except _Superseded:
            service._emit(service.superseded, request_id)
        except _KnownError as exc:
            service._emit(service.failed, request_id, self.path, exc.code, exc.detail)
        except Exception as exc:  # noqa: BLE001 - every failure is reported, never raised in a thread
            code, detail = error_of(exc)
            if code == ErrorCode.INTERNAL:
                log.exception("%s request for %s failed", kind, self.path)
            service._emit(service.failed, request_id, self.path, code, detail)

    def _frame(self, index: int) -> Any:
        with self._cache_lock:
            cached = self._cache.get(index)
            if cached is not None:
                self._cache.move_to_end(index)
                return cached
        reader = self._ensure_reader()
        if self._exact is None:
            pipe = self.stream_from if hasattr(reader, "time_of") else None  # test doubles: the reader only
            self._exact = ExactFrames(reader.read, self.keyframes, pipe)
        pos = self._exact.position
        far = pos is None or abs(index - pos) > HOP  # a step back stays quick: the reader keeps frames before it
        if far and self._exact.needs_seek(index) and self._settle(index):
            raise _Superseded()
        started = time.perf_counter()
        frame = self._exact.read(index, lambda: self._newer_than(index), self._remember)
        if frame is None:
            raise _Superseded()
        self._service._record_decode(time.perf_counter() - started)
        self._remember(index, frame)
        return frame

    def _remember(self, index: int, frame: Any) -> None:
        with self._cache_lock:
            if index in self._cache:
                return
            self._cache[index] = frame
            self._cache_bytes += int(getattr(frame, "nbytes", 0))
            while self._cache_bytes > FRAME_CACHE_BYTES and len(self._cache) > 1:
                _old, evicted = self._cache.popitem(last=False)
                self._cache_bytes -= int(getattr(evicted, "nbytes", 0))

    def _settle(self, index: int) -> bool:
        """Requests coming in quick succession (a slider drag): before a seek, which cannot be stopped, wait
        a moment for a newer one. True if one came."""
        with self._cond:
            if self._last_request_at - self._previous_request_at > SETTLE_S:
                return False
            self._cond.wait_for(lambda: self._closed or self._frame_request is not None, timeout=SETTLE_S)
        return self._newer_than(index)

    def _newer_than(self, index: int) -> bool:
        with self._cond:
            pending = self._frame_request
            return self._closed or (pending is not None and pending[1] != index)

    def _start_keyframe_scan(self, reader: Any) -> None:
        if not hasattr(reader, "index_at") or self._scan_cancel.cancelled:
            return
        offset = video_offset(getattr(reader, "info", None))
        half = 0.25 / reader.fps if reader.fps else 0.0
        size = tuple(reader.size)

        def scan() -> None:
            try:
                scan_keyframes(self.path, size, KEYFRAME_SIDE,
                               lambda t, picture: self.keyframes.add(reader.index_at(t - offset + half), picture),
                               self._scan_cancel)
                self.keyframes.complete = not self._scan_cancel.cancelled
            except Exception:  # noqa: BLE001 - without keyframes scrubbing waits for exact frames, as before
                log.warning("keyframe scan of %s failed", self.path, exc_info=True)

        threading.Thread(target=scan, name="mediacraft-keyframes", daemon=True).start()


class _Superseded(Exception):
    """A frame decode stopped on the way because a newer request arrived."""


class _KnownError(Exception):
    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], None]) -> None:
        super().__init__()
        self._fn = fn
        self.setAutoDelete(True)

    def run(self) -> None:
        self._fn()


class _LatestWins:
    """At most one job running; newer submissions replace the waiting one (which is superseded)."""

    def __init__(self, service: MediaService) -> None:
        self._service = service
        self._lock = threading.Lock()
        self._pending: tuple[int, Callable[[], None]] | None = None
        self._running = False

    def submit(self, request_id: int, job: Callable[[], None]) -> None:
        with self._lock:
            dropped = self._pending
            self._pending = (request_id, job)
            start = not self._running
            self._running = True
        if dropped is not None:
            self._service.superseded.emit(dropped[0])
        if start:
            self._service._pool.start(_Task(self._drain), PRIORITY_PREVIEW)

    def _drain(self) -> None:
        while True:
            with self._lock:
                pending = self._pending
                self._pending = None
                if pending is None:
                    self._running = False
                    return
            pending[1]()


class _Cancellable:
    """Latest-wins jobs of one kind whose running job is cancelled when a newer one arrives."""

    def __init__(self, service: MediaService) -> None:
        self._service = service
        self._queue = _LatestWins(service)
        self._lock = threading.Lock()
        self._tokens: dict[int, CancelToken] = {}

    def submit(self, request_id: int, work: Callable[[CancelToken], None]) -> None:
        token = CancelToken()
        with self._lock:
            older = list(self._tokens.values())
            self._tokens[request_id] = token
        for other in older:
            other.cancel()

        def job() -> None:
            try:
                if token.cancelled:
                    self._service._emit(self._service.superseded, request_id)
                else:
                    work(token)
            finally:
                with self._lock:
                    self._tokens.pop(request_id, None)

        self._queue.submit(request_id, job)

    def cancel(self, request_id: int | None = None) -> bool:
        """Cancel one request (or all with None); True if it was pending or running."""
        with self._lock:
            tokens = list(self._tokens.values()) if request_id is None else [self._tokens.get(request_id)]
        found = False
        for token in tokens:
            if token is not None:
                token.cancel()
                found = True
        return found


class MediaService(QObject):
    """Background media work for the widgets; answers come back as signals with request ids."""

    opened = Signal(int, str, object)  # request id, path, info dict (see ``describe``)
    probed = Signal(int, str, object)  # request id, path, MediaInfo summary dict
    frame_ready = Signal(int, str, int, object)  # request id, path, frame index, BGR ndarray
    thumbnail_ready = Signal(int, str, object)  # request id, path, BGR ndarray
    preview_ready = Signal(int, str, int, object, object)  # request id, path, index, original, processed
    failed = Signal(int, str, str, str)  # request id, path, error code, detail
    mask_ready = Signal(int, str, object, object)  # request id, path, (x, y, w, h), uint8 mask (h, w), 255 = logo
    logos_detected = Signal(int, str, object)  # request id, path, [{x, y, w, h, score, kind}] best first
    superseded = Signal(int)  # request id replaced by a newer one (latest wins) or cancelled
    preview_clip_progress = Signal(int, int, int)  # request id, frames done, frames in all
    preview_clip_ready = Signal(int, str, str, int, int)  # request id, path, clip path, first index, frame count

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        reader_factory: Callable[[str], Any] | None = None,
        max_threads: int = 2,
    ) -> None:
        super().__init__(parent)
        self._ids = itertools.count(1)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max(1, max_threads))
        self._reader_factory = reader_factory or _open_reader
        self._sessions: OrderedDict[str, _Session] = OrderedDict()
        self._previews = _LatestWins(self)
        self._masks = _Cancellable(self)
        self._detections = _Cancellable(self)
        self._clips = _Cancellable(self)
        self._clip_dirs: set[str] = set()
        self._clip_facts: dict[str, tuple[float, tuple[int, int]]] = {}  # clip path: fps, size
        self._summaries: dict[str, dict[str, Any]] = {}
        self._summary_lock = threading.Lock()
        self._stats_lock = threading.Lock()
        self._decode_times: deque[float] = deque(maxlen=200)
        self._shut = False

    # -- requests (GUI thread) -------------------------------------------------------------------------
    def open(self, path: str) -> int:
        """Probe ``path`` and open its frame reader; answers ``opened`` (or ``failed``)."""
        path = os.path.abspath(path)
        request_id = next(self._ids)
        self.close(path)  # re-opening starts afresh (the file may have changed)
        self._session(path).submit("open", request_id)
        return request_id

    def request_frame(self, path: str, index: int) -> int:
        """Decode frame ``index`` of ``path``; answers ``frame_ready``, ``failed`` or ``superseded``."""
        request_id = next(self._ids)
        self._session(os.path.abspath(path)).request_frame(request_id, max(0, int(index)))
        return request_id

    def request_thumbnail(self, path: str, max_side: int = 160) -> int:
        """A small picture of ``path``'s first frame; answers ``thumbnail_ready`` (or ``failed``)."""
        path = os.path.abspath(path)
        request_id = next(self._ids)
        session = self._sessions.get(path)
        if session is not None:
            session.submit("thumbnail", request_id, max_side)
            return request_id

        def job() -> None:
            reader = None
            try:
                reader = self._reader_factory(path)
                self._emit(self.thumbnail_ready, request_id, path, reader.thumbnail(int(max_side)))
            except Exception as exc:  # noqa: BLE001
                self._emit(self.failed, request_id, path, *error_of(exc))
            finally:
                if reader is not None:
                    _close_reader(reader)

        self._start(job, PRIORITY_THUMBNAIL)
        return request_id

    def probe(self, path: str) -> int:
        """Describe ``path`` (``MediaInfo.to_summary()``); answers ``probed`` (or ``failed``)."""
        path = os.path.abspath(path)
        request_id = next(self._ids)

        def job() -> None:
            try:
                self._emit(self.probed, request_id, path, _probe(path).to_summary())
            except Exception as exc:  # noqa: BLE001
                self._emit(self.failed, request_id, path, *error_of(exc))

        self._start(job, PRIORITY_PROBE)
        return request_id

    def request_preview(self, path: str, index: int, regions: list[dict[str, Any]], method: str = "auto") -> int:
        """Frame ``index`` with ``regions`` removed; answers ``preview_ready``, ``failed`` or ``superseded``."""
        path = os.path.abspath(path)
        request_id = next(self._ids)
        regions = [dict(r) for r in regions]

        def job() -> None:
            try:
                original, processed = _preview(path, int(index), regions, method)
                self._emit(self.preview_ready, request_id, path, int(index), original, processed)
            except Exception as exc:  # noqa: BLE001
                code, detail = error_of(exc)
                if code == ErrorCode.INTERNAL:
                    log.exception("preview of %s failed", path)
                self._emit(self.failed, request_id, path, code, detail)

        self._previews.submit(request_id, job)
        return request_id

    def request_mask(self, path: str, rect: tuple[int, int, int, int]) -> int:
        """Estimate which pixels of ``rect`` (x, y, w, h, display pixels) are the logo; answers ``mask_ready``.

        Latest wins: a newer mask request supersedes a waiting one and cancels a running one.
        """
        path = os.path.abspath(path)
        request_id = next(self._ids)
        box = tuple(int(v) for v in rect)

        def work(token: CancelToken) -> None:
            self._analyse(request_id, path, token, "mask estimate", self.mask_ready,
                          lambda media: (box, _estimate_mask(path, media, box, token)))  # type: ignore[arg-type]

        self._masks.submit(request_id, work)
        return request_id

    def request_detect(self, path: str) -> int:
        """Suggest watermark regions of ``path``; answers ``logos_detected`` (latest wins, cancellable)."""
        path = os.path.abspath(path)
        request_id = next(self._ids)

        def work(token: CancelToken) -> None:
            self._analyse(request_id, path, token, "logo detection", self.logos_detected,
                          lambda media: ([dict(s) if isinstance(s, dict) else s
                                          for s in _detect_logos(path, media, token)],))

        self._detections.submit(request_id, work)
        return request_id

    def request_preview_clip(self, path: str, first: int, count: int, regions: list[dict[str, Any]],
                             method: str = "auto", fps: float = 25.0) -> int:
        """Frames ``first``.. of ``path`` with ``regions`` removed, as a temporary video for playback.

        Answers ``preview_clip_progress`` while it works, then ``preview_clip_ready`` (the clip's path, a
        complete file) or ``failed``; a newer clip request or ``cancel(id)`` stops it (``superseded``) and
        removes its files. ``release_clip`` deletes a delivered clip.
        """
        path = os.path.abspath(path)
        request_id = next(self._ids)
        regions = [dict(r) for r in regions]

        def work(token: CancelToken) -> None:
            try:
                final, size = make_preview_clip(path, int(first), int(count), regions, method, fps, token,
                                                lambda done: self._emit(self.preview_clip_progress, request_id,
                                                                        done, int(count)))
            except Exception as exc:  # noqa: BLE001 - every failure is reported, never raised in a thread
                if token.cancelled or isinstance(exc, Cancelled):
                    self._emit(self.superseded, request_id)
                    return
                code, detail = error_of(exc)
                if code == ErrorCode.INTERNAL:
                    log.exception("preview clip of %s failed", path)
                self._emit(self.failed, request_id, path, code, detail)
                return
            with self._summary_lock:
                self._clip_dirs.add(os.path.dirname(final))
                self._clip_facts[final] = (float(fps or 25.0), size)
            if self._shut:
                self.release_clip(final)
                return
            self._emit(self.preview_clip_ready, request_id, path, final, int(first), int(count))

        self._clips.submit(request_id, work)
        return request_id

    def release_clip(self, clip_path: str) -> None:
        """Delete a preview clip delivered by ``preview_clip_ready`` (any thread; deleted in the background)."""
        folder = os.path.dirname(os.path.abspath(clip_path))
        with self._summary_lock:
            known = folder in self._clip_dirs
            self._clip_dirs.discard(folder)
            self._clip_facts.pop(os.path.join(folder, CLIP_NAME), None)
        if known:  # off the caller's thread: the GUI calls this
            threading.Thread(target=shutil.rmtree, args=(folder, True), name="mediacraft-clip-delete",
                             daemon=True).start()

    def keyframe_near(self, path: str, index: int) -> tuple[int, Any] | None:
        """``(keyframe index, small BGR picture)`` nearest to frame ``index`` of an open file, at once; None
        while no keyframe has been scanned (or the file is not open)."""
        session = self._sessions.get(os.path.abspath(path))
        return session.keyframes.nearest(int(index)) if session is not None else None

    def cached_frame(self, path: str, index: int) -> Any:
        """Frame ``index`` if it was decoded recently (exact, at once), else None."""
        session = self._sessions.get(os.path.abspath(path))
        return session.cached(int(index)) if session is not None else None

    def frame_stream(self, path: str, index: int, step: int = 1) -> FrameStream:
        """A decode pipe of an open file (or a delivered preview clip) from frame ``index`` on, every ``step``-th
        frame, for playback. Blocking: call it on a worker thread; read and close it there. Raises
        ``ProcessingError`` (e.g. no ffmpeg) or ``ValueError`` (not open)."""
        path = os.path.abspath(path)
        with self._summary_lock:
            clip = self._clip_facts.get(path)
        if clip is not None:  # a preview clip: constant rate, frame k at k / fps
            fps, size = clip
            return FrameStream(path, seek_time(lambda k: k / fps, 0.0, int(index)), size, step=step)
        session = self._sessions.get(path)
        if session is None:
            raise ValueError(f"{os.path.basename(path)} is not open")
        try:
            return session.stream_from(int(index), step)
        except _KnownError as exc:
            raise ValueError(exc.detail) from exc

    def cancel(self, request_id: int) -> bool:
        """Stop a mask, detection or preview clip request; it is answered by ``superseded``. False if already
        answered."""
        return (self._masks.cancel(request_id) or self._detections.cancel(request_id)
                or self._clips.cancel(request_id))

    def close(self, path: str) -> None:
        """Forget ``path``'s session (its reader closes on its own thread)."""
        session = self._sessions.pop(os.path.abspath(path), None)
        if session is not None:
            session.close()

    def shutdown(self, timeout_s: float = 3.0) -> None:
        """Close every session and wait (bounded) for running work; no signal is emitted afterwards."""
        self._shut = True
        self._masks.cancel()
        self._detections.cancel()
        self._clips.cancel()
        sessions = list(self._sessions.values())
        self._sessions.clear()
        for session in sessions:
            session.close()
        deadline = time.monotonic() + timeout_s
        for session in sessions:
            session.join(max(0.0, deadline - time.monotonic()))
        self._pool.waitForDone(max(0, int((deadline - time.monotonic()) * 1000)))
        with self._summary_lock:
            folders, self._clip_dirs = list(self._clip_dirs), set()
            self._clip_facts.clear()
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)

    # -- introspection ---------------------------------------------------------------------------------
    def is_open(self, path: str) -> bool:
        return os.path.abspath(path) in self._sessions

    def decode_times(self) -> list[float]:
        """Seconds spent in ``FrameReader.read`` for recent uncached frames (for benchmarks)."""
        with self._stats_lock:
            return list(self._decode_times)

    # -- internals -------------------------------------------------------------------------------------
    def _session(self, path: str) -> _Session:
        session = self._sessions.get(path)
        if session is None:
            session = _Session(self, path, self._reader_factory)
            self._sessions[path] = session
            while len(self._sessions) > MAX_SESSIONS:
                _old_path, old = self._sessions.popitem(last=False)
                old.close()
        else:
            self._sessions.move_to_end(path)
        return session

    def _media_summary(self, path: str) -> dict[str, Any]:
        with self._summary_lock:
            summary = self._summaries.get(path)
        if summary is None:
            summary = _probe(path).to_summary()
            self._remember_summary(path, summary)
        return summary

    def _remember_summary(self, path: str, summary: dict[str, Any] | None) -> None:
        if summary:
            with self._summary_lock:
                self._summaries[path] = summary

    def _analyse(self, request_id: int, path: str, token: CancelToken, what: str, signal: Any,
                 work: Callable[[dict[str, Any]], tuple[Any, ...]]) -> None:
        """Emit ``signal(id, path, *work(media summary))``; cancelled: ``superseded``; errors: ``failed``."""
        try:
            result = work(self._media_summary(path))
        except Exception as exc:  # noqa: BLE001 - every failure is reported, never raised in a thread
            if token.cancelled:
                self._emit(self.superseded, request_id)
                return
            code, detail = error_of(exc)
            if code == ErrorCode.INTERNAL:
                log.exception("%s of %s failed", what, path)
            self._emit(self.failed, request_id, path, code, detail)
            return
        if token.cancelled:
            self._emit(self.superseded, request_id)
        else:
            self._emit(signal, request_id, path, *result)

    def _start(self, job: Callable[[], None], priority: int = 0) -> None:
        self._pool.start(_Task(job), priority)

    def _record_decode(self, seconds: float) -> None:
        with self._stats_lock:
            self._decode_times.append(seconds)

    def _emit(self, signal: Any, *args: Any) -> None:
        if self._shut:
            return
        try:
            signal.emit(*args)
        except RuntimeError:  # the service was deleted while a worker finished
            pass
