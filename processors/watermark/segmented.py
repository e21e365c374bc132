"""Segmented removal: one decoder, one encoder per segment, finished segments survive a crash.

The decoder's NUT stream is cut at segment boundaries; each segment gets a fresh frame editor and
its own encoder, fed a self-contained NUT stream (``nut.restart_header``) and writing the encoded
video alone (source timestamps kept) to ``seg_NNNNN.nut`` in the work folder. At a boundary the next
encoder is started first (its start-up overlaps the previous one's lookahead flush), then the finished
segment is drained, checked (packet count), fsync'ed, renamed and recorded (``segments``) before the
next one gets a frame: a crash costs at most one segment. A resumed run checks what is there, seeks
the decoder to shortly before the first missing segment, drops the frames before its first frame
(matched by exact pts, so the boundary frame is neither dropped nor doubled), and carries on.
Finally the segments are joined losslessly (their NUT bytes streamed in order into one ``-c copy``
mux, see ``segments.joined_stream``) with audio, subtitles, chapters, metadata and rotation from
the original.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from processors.contract import InputError, UnsupportedError, VerifyError, stage
from processors.ffrun import FfmpegProcess, error_for
from processors.probe import count_frames
from processors.watermark import segments as seg
from processors.watermark.framepipe import enlarge_pipe
from processors.watermark.nut import NutFormatError, NutFrame, NutReader, restart_header
from processors.watermark.pipe_errors import raise_pipe_failure

if TYPE_CHECKING:
    from processors.watermark.pipeline import WatermarkRun

log = logging.getLogger(__name__)
SEEK_MARGIN_S = 1.0  # decode from this much before a resumed segment (container start times are approximate)


class _SeekMissed(Exception):
    """The seek landed after the resume frame: decode from the start instead."""


@dataclasses.dataclass
class _Open:
    record: dict[str, Any]
    enc: FfmpegProcess
    dst_fd: int
    editor: Any
    part: str
    closed: bool = False


class SegmentedTranscode:
    """Encodes the missing segments of ``job`` into ``work`` and joins all of them into ``temp``."""

    def __init__(self, job: WatermarkRun, checkpoint: dict[str, Any], work: str, per_segment: int) -> None:
        self.job = job
        self.checkpoint = checkpoint
        self.work = work
        self.per_segment = per_segment
        self.name = os.path.basename(job.output_path)
        self.encoded = 0  # segments encoded by this run
        self.resumed = 0  # segments reused from an earlier run
        self.filled = 0
        self.band_bytes = 0
        self.frames = 0
        self.frame_no = 0  # frames through the editors (resumed segments included)
        self.last_time = 0.0

    # -- the whole thing -------------------------------------------------------------------------
    def run(self, temp: str) -> int:
        chain = seg.resume_point(self.checkpoint, self.work)
        self.resumed = len(chain)
        if chain:
            log.info("%s: resuming after %d finished segment(s)", self.name, len(chain))
        if not chain or chain[-1].get("end_pts") is not None:
            try:
                self._encode(chain, seek=bool(chain))
            except _SeekMissed:
                log.info("%s: the seek missed the resume frame; decoding from the start", self.name)
                self._encode(seg.resume_point(self.checkpoint, self.work), seek=False)
        records = self.checkpoint["segments"]
        self.frames = sum(r["frames"] for r in records)
        self.filled = sum(r.get("filled", 0) for r in records)
        self.frame_no = max(self.frame_no, self.frames)
        self._join(records, temp)
        return self.frames

    def _join(self, records: list[dict[str, Any]], temp: str) -> None:
        """Stream the segments into the final mux, which adds everything else from the original."""
        job = self.job
        job.progress(self._pct(), stage("joining_segments"))
        args = job.join_args(float(self.checkpoint["time_origin_s"]), temp)
        with FfmpegProcess(args, cancel=job.cancel, stdin="data", progress=False, what="join") as mux:
            assert mux.stdin is not None
            try:
                for data in seg.joined_stream(records):
                    job.cancel.raise_if_cancelled()
                    mux.stdin.write(data)
                mux.stdin.close()
            except BrokenPipeError as exc:
                job.cancel.raise_if_cancelled()
                raise error_for(mux.wait(), mux.stderr_tail, "join", mux.output_path) from exc
            mux.wait()
            mux.check()

    # -- encoding --------------------------------------------------------------------------------
    def _seek_s(self, start_pts: int) -> float | None:
        info = self.job.info
        target = float(start_pts * Fraction(self.checkpoint["time_base"])) - SEEK_MARGIN_S
        if info.source == "ffprobe":
            starts = [s.start_time for s in (*info.video, *info.audio) if s.start_time is not None]
            origin = min(starts) if starts else 0.0
        else:
            from processors.watermark.pipeline import container_start

            found = container_start(self.job.src)
            if found is None:
                return None
            origin = found
        seek = target - origin
        return seek if seek > 0 else None

    def _encode(self, chain: list[dict[str, Any]], seek: bool) -> None:
        job = self.job
        index = len(chain)
        first_frame = chain[-1]["first_frame"] + chain[-1]["frames"] if chain else 0
        start_pts = chain[-1]["end_pts"] if chain else None
        seek_s = self._seek_s(start_pts) if seek and start_pts is not None else None
        dec = FfmpegProcess(job.decoder_args(seek_s), cancel=job.cancel, stdout_data=True, stdin="control",
                            progress=False, what="decoder", on_stderr_line=job.damage)
        current: _Open | None = None
        opened: _Open | None = None
        with dec, job.lookahead(seek_s), contextlib.ExitStack() as encoders:
            assert dec.stdout is not None
            src_fd = dec.stdout.fileno()
            enlarge_pipe(src_fd)
            reader = NutReader(dec.stdout)
            scratch: bytearray | None = None
            frame_no = self.frame_no = first_frame
            dec_ok = False
            try:
                for frame in reader.frames():
                    job.cancel.raise_if_cancelled()
                    if start_pts is not None and frame.pts < start_pts:  # before the resume frame
                        if scratch is None or len(scratch) != frame.size:
                            scratch = bytearray(frame.size)
                        reader.read_payload(memoryview(scratch))
                        continue
                    if start_pts is not None:
                        if frame.pts != start_pts:
                            if seek_s is not None:
                                raise _SeekMissed()
                            raise InputError("the source does not match the finished segments (the frame at "
                                             "the resume point is missing)", details={"pts": start_pts})
                        start_pts = None
                    self._check_first(frame, reader)
                    starts = current is None or (frame_no >= (index + 1) * self.per_segment and frame.sync_offset >= 0)
                    if starts:
                        # the next encoder starts up while the previous one drains its lookahead
                        index += current is not None
                        opened = self._open(encoders, reader, frame, index, frame_no, src_fd)
                        if current is not None:
                            self._close(current, end_pts=frame.pts)
                        current, opened = opened, None
                        log.info("%s: encoding segment %d from frame %d", self.name, index, frame_no)
                        frame = dataclasses.replace(frame, header=self._stream_start(reader, frame, index))
                    current.editor.process(frame)
                    current.record["frames"] += 1
                    frame_no += 1
                    self.frame_no = frame_no
                    self.last_time = max(self.last_time, frame.time_s)
                    job._report(frame_no)
                dec_ok = True
            except (OSError, NutFormatError) as exc:
                if isinstance(exc, NutFormatError) and current is None and frame_no == first_frame:
                    rc = dec.wait()  # nothing decodable at all (legacy path: the same input error)
                    job.cancel.raise_if_cancelled()
                    raise InputError("no video frame could be decoded" + (f" (decoder exit code {rc})" if rc else "")
                                     + f": {exc}", log_lines=dec.stderr_tail, details={"path": job.src}) from exc
                raise_pipe_failure(exc, dec, current.enc if current is not None else None, job.cancel)
            finally:
                for left in (current, opened):
                    if not dec_ok and left is not None and not left.closed:
                        left.closed = True
                        os.close(left.dst_fd)
            if dec_ok and start_pts is not None:  # the resume frame never came
                if seek_s is not None:
                    raise _SeekMissed()
                raise InputError("the source does not match the finished segments (it ends before the resume "
                                 "point)", details={"pts": start_pts})
            if dec_ok and current is None and frame_no == first_frame and first_frame == 0:
                rc = dec.wait()
                job.cancel.raise_if_cancelled()
                raise InputError("no video frame could be decoded" + (f" (decoder exit code {rc})" if rc else ""),
                                 log_lines=dec.stderr_tail, details={"path": job.src})
            if current is not None:
                self._close(current, end_pts=None)
            dec.check()
        self._check_complete()

    def _check_first(self, frame: NutFrame, reader: NutReader) -> None:
        if "time_base" in self.checkpoint:
            return
        stream = reader.stream
        assert stream is not None
        layout = self.job.layout
        if (stream.width, stream.height) != (layout.width, layout.height):
            raise UnsupportedError(f"decoded frames are {stream.width}x{stream.height}, probe said "
                                   f"{layout.width}x{layout.height} (size changes mid-stream?)")
        tb = stream.time_base
        self.checkpoint.update(time_base=f"{tb.numerator}/{tb.denominator}", time_origin_s=frame.time_s)

    def _stream_start(self, reader: NutReader, frame: NutFrame, index: int) -> bytes:
        if index == 0 and frame.header.startswith(b"nut/"):
            return frame.header  # the decoder's own stream start
        if reader.prologue is None:
            raise NutFormatError("no stream headers before the first syncpoint")
        return restart_header(reader.prologue, frame)

    def _open(self, encoders: contextlib.ExitStack, reader: NutReader, frame: NutFrame, index: int, frame_no: int,
              src_fd: int) -> _Open:
        job = self.job
        part = seg.part_path(self.work, index)
        with contextlib.suppress(OSError):
            os.unlink(part)
        enc = encoders.enter_context(FfmpegProcess(job.segment_encoder_args(part), cancel=job.cancel, stdin="data",
                                                   progress=False, what=f"encoder (segment {index + 1})"))
        assert enc.stdin is not None
        dst_fd = os.dup(enc.stdin.fileno())
        enlarge_pipe(dst_fd)
        editor = job.new_editor(reader, src_fd, dst_fd, float(self.checkpoint["time_origin_s"]))
        record = {"index": index, "path": seg.segment_path(self.work, index), "size": 0, "frames": 0,
                  "first_frame": frame_no, "start_pts": frame.pts, "end_pts": None, "filled": 0}
        self.encoded += 1
        return _Open(record, enc, dst_fd, editor, part)

    def _close(self, current: _Open, end_pts: int | None) -> None:
        """End a segment: drain its encoder, check the file, make it durable and record it.

        Done before the next segment gets any frame, so a crash loses at most the segment in flight.
        """
        flush = getattr(current.editor, "flush", None)  # editors holding frames (delay line) write them now
        if callable(flush):
            flush()
        current.closed = True
        os.close(current.dst_fd)
        enc = current.enc
        assert enc.stdin is not None
        try:
            enc.stdin.close()
        except BrokenPipeError:
            pass  # reported by check() below
        enc.wait()
        enc.check()
        record = {**current.record, "end_pts": end_pts, "filled": current.editor.filled_frames}
        self.filled += current.editor.filled_frames
        self.band_bytes += current.editor.band_bytes
        counted = count_frames(current.part)
        if counted != record["frames"]:
            raise VerifyError(f"segment {record['index'] + 1} has {counted} frames, {record['frames']} were written",
                              details={"segment": record["index"], "expected": record["frames"], "actual": counted})
        record = seg.commit_segment(current.part, record)
        self.checkpoint["segments"].append(record)
        log.info("%s: segment %d done (%d frames)", self.name, record["index"], record["frames"])
        self.job._report(self.frame_no, force=True)  # carries the checkpoint to the engine

    def _pct(self) -> float:
        from processors.watermark.pipeline import ENCODE_SHARE

        total = self.job.total_frames
        return min(ENCODE_SHARE, ENCODE_SHARE * self.frame_no / total) if total else 0.0

    def _check_complete(self) -> None:
        origin = self.checkpoint.get("time_origin_s")
        if origin is None or not self.encoded:
            return
        span = dataclasses.make_dataclass("Span", ["first_time", "last_time"])
        self.job._check_complete(span(float(origin), self.last_time), [])  # type: ignore[arg-type]
