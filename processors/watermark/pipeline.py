"""The full watermark-removal run: decoder ffmpeg -> frame editor -> encoder ffmpeg -> verify -> rename.

* Decoder: the source's video in its native planar YUV (``-c:v rawvideo``, no RGB), ``-noautorotate``,
  one frame per source frame (passthrough), encoder time base = the source stream's, muxed as NUT so
  every pts survives the pipe.
* Frame editor (``framepipe``): only the rows around the regions pass through Python.
* Encoder: input 0 is our NUT on stdin, input 1 the original file for audio (copied), subtitles,
  chapters, metadata; passthrough timing again, the source's colour tags, rotation as a display matrix.
* Timestamps: both ffmpegs run with ``-copyts`` and the encoder shifts every stream by the same
  ``-output_ts_offset`` (minus the earliest start of the streams written), which is what a plain
  transcode does. Without it ffmpeg would offset each process by the start of the streams *it*
  uses (MPEG-TS/PS "start time correction"), silently moving the video against the audio.
* Verify: frame count, stream counts, duration; then ``finalize_output`` (atomic, never overwrites).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from processors.audio_setting import audio_mode
from processors.contract import (
    Cancelled,
    CancelReason,
    CancelToken,
    ConfigError,
    ErrorCode,
    FfmpegError,
    InputError,
    ProcessingError,
    ProgressFn,
    Result,
    UnsupportedError,
    VerifyError,
    stage,
)
from processors.damage import DecodeDamage
from processors.ffbin import child_env, find_tools
from processors.ffrun import FfmpegProcess, input_arg, run_ffmpeg
from processors.outputs import (
    check_free_space,
    discard,
    finalize_output,
    map_os_error,
    temp_path_for,
    verify_output,
)
from processors.probe import MediaInfo, count_frames, probe
from processors.watermark import caps as caps_mod
from processors.watermark import segments, temporal
from processors.watermark.choose import build_filler
from processors.watermark.colour import colour_args, source_colour
from processors.watermark.containers import ROTATION_CONTAINERS, codec_fits, muxer_for, plan_streams
from processors.watermark.framepipe import FrameEditor, enlarge_pipe, write_all
from processors.watermark.lookahead import CropFeed, LookAhead, feed_box, frames_ahead
from processors.watermark.nut import NutFormatError, NutReader
from processors.watermark.pipe_errors import raise_pipe_failure
from processors.watermark.planes import FrameLayout, layout_for, working_pix_fmt
from processors.watermark.regions import Rect, parse_regions, stored_regions
from processors.watermark.segmented import SegmentedTranscode
from processors.workdir import remove_work_dir, work_dir_for

PROGRESS_EVERY_S = 0.25
ENCODE_SHARE = 97.0  # percent of the bar for the frame loop; the rest is verification


class _Log:
    def __init__(self) -> None:
        self.entries: list[tuple[str, str]] = []

    def info(self, msg: str) -> None:
        self.entries.append(("info", msg))

    def warning(self, msg: str) -> None:
        self.entries.append(("warning", msg))


def _output_pix_fmt(codec: str, work: str, log: _Log) -> str | None:
    accepted = caps_mod.encoder_pix_fmts(codec)
    if not accepted or work in accepted:
        return work if accepted else None
    fallback = "yuv420p10le" if "10" in work and "yuv420p10le" in accepted else "yuv420p"
    if fallback not in accepted:
        return None
    log.warning(f"{codec} cannot encode {work} with this ffmpeg: converted to {fallback}")
    return fallback


def _even_filter(layout: FrameLayout, out_pix_fmt: str | None, log: _Log) -> tuple[list[str], int, int]:
    """Odd sizes cannot be encoded with subsampled chroma: drop the last column/row.

    Cropping keeps every other pixel exact; padding would need a 4:4:4 round trip (ffmpeg's ``pad``
    cannot extend odd-sized 4:2:0 frames) that softens the chroma of the whole picture, and 4:4:4
    output plays on few devices.
    """
    w, h = layout.width, layout.height
    fmt = out_pix_fmt or layout.fmt.name
    sub_w = fmt.startswith(("yuv420", "yuvj420", "yuv422", "yuvj422", "nv"))
    sub_h = fmt.startswith(("yuv420", "yuvj420", "nv12", "nv21"))
    cut_w = 1 if (sub_w and w % 2) else 0
    cut_h = 1 if (sub_h and h % 2) else 0
    if not (cut_w or cut_h):
        return [], w, h
    log.warning(f"odd frame size {w}x{h} cannot be encoded as {fmt}: cropped to {w - cut_w}x{h - cut_h} "
                "(the last column/row is dropped)")
    return ["-filter:v:0", f"crop={w - cut_w}:{h - cut_h}:0:0"], w - cut_w, h - cut_h


def container_start(src: str) -> float | None:
    """The ``start:`` ffmpeg reports for a file (the earliest stream start)."""
    import re


    try:
        res = subprocess.run([find_tools().ffmpeg, "-hide_banner", "-nostdin", "-i", input_arg(src)],
                             capture_output=True, timeout=60, check=False, env=child_env())
    except (OSError, subprocess.TimeoutExpired):
        return None
    m = re.search(r"Duration: .*?, start: (-?[\d.]+)", res.stderr.decode("utf-8", "replace"))
    return float(m.group(1)) if m else None


def _quality_args(codec: str, config: dict[str, Any]) -> list[str]:
    crf = str(config["crf"])
    if codec in ("libx264", "libx265"):
        return ["-preset", str(config["preset"]), "-crf", crf]
    if codec in ("libvpx-vp9", "libvpx", "libaom-av1"):
        return ["-crf", crf, "-b:v", "0"]
    if codec in ("libsvtav1", "librav1e"):
        return ["-crf", crf]
    return []


class WatermarkRun:
    """One run of the processor; see the module docstring."""

    def __init__(self, inputs: list[dict[str, Any]], config: dict[str, Any], output_path: str,
                 progress: ProgressFn, cancel: CancelToken, checkpoint: dict[str, Any] | None = None) -> None:
        self.src = os.path.abspath(inputs[0]["path"])
        self.input_name = inputs[0].get("original_filename") or os.path.basename(self.src)
        self.summary = inputs[0].get("media")
        self.config = config
        self.output_path = os.path.abspath(output_path)
        self.progress = progress
        self.cancel = cancel
        self.log = _Log()
        self.damage = DecodeDamage()  # the decoders' error lines: damaged frames the result shows repaired
        self.caps = caps_mod.caps()
        self._last_progress = 0.0
        self.checkpoint: dict[str, Any] = checkpoint if checkpoint is not None else {}

    # -- planning ------------------------------------------------------------------------------
    def plan(self) -> None:
        cfg = self.config
        # The engine checked that the input is unchanged since it was probed: reuse that probe.
        self.info = info = MediaInfo.from_summary(self.summary) if isinstance(self.summary, dict) and \
            self.summary.get("video") else probe(self.src)
        video = info.main_video
        if video is None:
            raise InputError("the input has no video stream", code=ErrorCode.INPUT_INVALID)
        self.video = video
        if video.width <= 0 or video.height <= 0:
            raise InputError(f"the video size is unknown ({video.width}x{video.height})")
        self.rotation_ccw = video.rotation % 360
        disp_w, disp_h = video.display_size
        regions = parse_regions(cfg["regions"], disp_w, disp_h)
        rotation_cw = (360 - self.rotation_ccw) % 360
        self.regions = stored_regions(regions, video.width, video.height, rotation_cw)
        self.work_pix_fmt = working_pix_fmt(video.pix_fmt, video.bit_depth)
        if self.work_pix_fmt != video.pix_fmt:
            self.log.info(f"source pixel format {video.pix_fmt} is processed as {self.work_pix_fmt}")
        self.layout = layout_for(self.work_pix_fmt, video.width, video.height)
        try:
            self.filler = build_filler(self.layout, self.regions, cfg.get("method", "auto"), self.src, info, self.log,
                                       self.cancel)
            self.filler.jobs(tuple(range(len(self.regions))))
        except ValueError as exc:
            raise ConfigError(str(exc)) from exc
        self.muxer = muxer_for(self.output_path)
        if self.muxer is None:
            raise ConfigError(f"unsupported output container: {os.path.basename(self.output_path)}")
        self.codec = str(cfg.get("video_codec") or "libx264")
        if not codec_fits(self.muxer, self.codec):
            raise ConfigError(f"{self.muxer} cannot hold {self.codec}")
        self.out_pix_fmt = _output_pix_fmt(self.codec, self.work_pix_fmt, self.log)
        self.vf, self.out_w, self.out_h = _even_filter(self.layout, self.out_pix_fmt, self.log)
        suffix = os.path.splitext(self.output_path)[1]
        self.streams = plan_streams(self.src, [(a.index, a.codec) for a in info.audio],
                                    [(s.index, s.codec) for s in info.subtitles], self.muxer, suffix,
                                    audio_mode(cfg))
        for line in self.streams.log:
            self.log.warning(line)
        covers = [v.index for v in info.video if v.attached_pic]
        self.cover_art: int | None = covers[0] if covers and self.muxer in ("mp4", "mov", "matroska") else None
        if covers and self.cover_art is None:
            self.log.warning(f"the cover picture cannot be stored in {self.muxer}: dropped")
        for extra in (v for v in info.video if not v.attached_pic and v.index != video.index):
            self.log.warning(f"extra video stream {extra.index} ({extra.codec}) is not kept: only the main video is")
        # The colour query only matters once the encoder starts (after the first frame): overlap it.
        self._colour_result: dict[str, str] = {}
        self._colour_thread = threading.Thread(
            target=lambda: self._colour_result.update(source_colour(self.src, video.index)),
            name="mediacraft-colour-probe", daemon=True)
        self._colour_thread.start()
        fps = video.fps or 0.0
        self.total_frames = video.frames or (int(round((video.duration or info.duration or 0) * fps)) or None)
        self.rotation_in_encoder = bool(self.rotation_ccw) and self.caps.display_rotation
        self.rotation_remux = bool(self.rotation_ccw) and not self.caps.display_rotation and \
            self.muxer in ROTATION_CONTAINERS
        if self.rotation_ccw and not (self.rotation_in_encoder or self.rotation_remux):
            self.log.warning(f"{self.muxer} output cannot carry the rotation ({self.rotation_ccw} deg) with this "
                             "ffmpeg: the video keeps its stored orientation")

    def decoder_args(self, seek_s: float | None = None, crop: Rect | None = None) -> list[str]:
        """``seek_s``: start decoding near this many seconds after the container start (resume); ``crop``: only
        this box (even origin and size) of each frame (the look-ahead feed)."""
        # Up to 1080p one decoding thread keeps far ahead of the encoder and costs less CPU in total
        # (measured: ~0.5 s less per 300 1080p frames) than frame threads competing with x264's.
        threads = ["-threads", "1"] if self.layout.width * self.layout.height <= 1920 * 1088 else []
        seek = ["-ss", f"{seek_s:.6f}"] if seek_s else []
        return ["-v", "error", *threads, "-copyts", "-noautorotate", *seek, "-i", input_arg(self.src),
                "-map", f"0:{self.video.index}", "-an", "-sn", "-dn",
                *(["-vf", f"crop={crop.w}:{crop.h}:{crop.x}:{crop.y}:exact=1"] if crop is not None else []),
                "-c:v", "rawvideo", "-pix_fmt", self.work_pix_fmt,
                *self.caps.passthrough, *self.caps.enc_time_base_demux, "-avioflags", "direct", "-f", "nut", "pipe:1"]

    def _earliest_start(self, first_video_s: float) -> float:
        """Where the output timeline starts: the earliest start of the streams written (as ffprobe states it)."""
        starts = [first_video_s]
        if self.info.source == "ffprobe":
            by_index = {a.index: a for a in self.info.audio}
            starts += [by_index[index].start_time or 0.0 for index, _ in self.streams.audio]
        elif self.streams.audio:  # parsed ``ffmpeg -i`` text: the container's start is what ffmpeg itself uses
            found = container_start(self.src)
            if found is not None:
                starts.append(found)
        return min(starts)

    def encoder_args(self, first_time_s: float, temp: str) -> list[str]:
        self.start_s = self._earliest_start(first_time_s)
        args = ["-v", "error", "-y", "-copyts", "-thread_queue_size", "8", "-f", "nut"]
        if self.rotation_in_encoder:
            args += ["-noautorotate", "-display_rotation:v:0", str(self.rotation_ccw)]
        args += ["-i", "pipe:0", "-i", input_arg(self.src), "-map", "0:v:0", *self._map_source_streams()]
        args += self.video_encode_args()
        if self.cover_art is not None:
            args += ["-c:v:1", "copy", "-disposition:v:1", "attached_pic"]
        return args + self._other_streams_and_output(temp)

    def video_encode_args(self) -> list[str]:
        """How the (filled) video is encoded: codec, quality, pixel format, even-size crop, colour tags."""
        args = ["-c:v:0", self.codec, *_quality_args(self.codec, self.config)]
        if self.out_pix_fmt:
            args += ["-pix_fmt:v:0", self.out_pix_fmt]
        self._colour_thread.join()
        source_fmt = (self.video.pix_fmt or "").lower()
        if self.work_pix_fmt == source_fmt or source_fmt.startswith(("yuv", "nv", "p0", "gray")):
            return args + self.vf + colour_args(self._colour_result)
        # converted from RGB/palette by the decoder: the source's matrix/range tags no longer apply
        return args + self.vf

    def _map_source_streams(self) -> list[str]:
        """Input 1 (the original): cover, audio, subtitles, attachments, metadata and chapters."""
        args = ["-map", f"1:{self.cover_art}"] if self.cover_art is not None else []
        for index, _ in self.streams.audio:
            args += ["-map", f"1:{index}"]
        for index, _ in self.streams.subtitles:
            args += ["-map", f"1:{index}"]
        if self.muxer == "matroska":
            args += ["-map", "1:t?", "-c:t", "copy"]
        return args + ["-map_metadata", "1", "-map_chapters", "1", "-map_metadata:s:v:0", f"1:s:{self.video.index}"]

    def _other_streams_and_output(self, temp: str) -> list[str]:
        args: list[str] = []
        for n, (_, codec_args) in enumerate(self.streams.audio):
            args += [f"-c:a:{n}", *codec_args]
        for n, (_, codec) in enumerate(self.streams.subtitles):
            args += [f"-c:s:{n}", codec]
        return args + [*self._per_video(self.caps.passthrough), *self._per_video(self.caps.enc_time_base_demux),
                       "-output_ts_offset", f"{-self.start_s:.6f}", "-max_muxing_queue_size", "4096",
                       "-f", self.muxer, input_arg(temp)]

    def segment_encoder_args(self, part: str) -> list[str]:
        """One segment: the NUT frames on stdin -> the encoded video alone, source timestamps kept, as NUT."""
        return ["-v", "error", "-y", "-copyts", "-thread_queue_size", "8", "-f", "nut", "-i", "pipe:0",
                "-map", "0:v:0", *self.video_encode_args(), *self._per_video(self.caps.passthrough),
                *self._per_video(self.caps.enc_time_base_demux), "-avoid_negative_ts", "disabled", "-f", "nut",
                input_arg(part)]

    def join_args(self, first_video_s: float, temp: str) -> list[str]:
        """The segments (one NUT stream on stdin) copied, with everything else from the original."""
        self.start_s = self._earliest_start(first_video_s)
        args = ["-v", "error", "-y", "-copyts", "-f", "nut"]
        if self.rotation_in_encoder:
            args += ["-noautorotate", "-display_rotation:v:0", str(self.rotation_ccw)]
        args += ["-i", "pipe:0", "-i", input_arg(self.src), "-map", "0:v:0", *self._map_source_streams(),
                 "-c:v:0", "copy"]
        if self.rotation_remux:
            args += ["-metadata:s:v:0", f"rotate={self.rotation_ccw}"]
        if self.cover_art is not None:
            args += ["-c:v:1", "copy", "-disposition:v:1", "attached_pic"]
        return args + self._other_streams_and_output(temp)

    @staticmethod
    def _per_video(option: list[str]) -> list[str]:
        return [option[0] + ":v", *option[1:]]

    # -- running -------------------------------------------------------------------------------
    def _report(self, frames: int, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last_progress < PROGRESS_EVERY_S:
            return
        self._last_progress = now
        total = self.total_frames
        if total:
            pct = min(ENCODE_SHARE, ENCODE_SHARE * frames / total)
            self.progress(pct, stage("removing_frames", done=min(frames, total), total=total))
        else:
            self.progress(0.0, stage("removing_frames", done=frames))

    def _transcode(self, temp: str) -> FrameEditor:
        dec = FfmpegProcess(self.decoder_args(), cancel=self.cancel, stdout_data=True, stdin="control",
                            progress=False, what="decoder", on_stderr_line=self.damage)
        with dec, self.lookahead(), contextlib.ExitStack() as stack:
            assert dec.stdout is not None
            src_fd = dec.stdout.fileno()
            enlarge_pipe(src_fd)
            enc: FfmpegProcess | None = None
            if self.info.source == "ffprobe":
                # Start times are known: start the encoder now, overlapping both start-ups.
                enc = stack.enter_context(self._encoder(self.video.start_time or 0.0, temp))
            reader = NutReader(dec.stdout)
            frames = reader.frames()
            try:
                first = next(frames, None)
            except NutFormatError as exc:
                first = None
                if dec.wait() == 0 and not self.cancel.cancelled:
                    raise FfmpegError(f"unexpected decoder output: {exc}", log_lines=dec.stderr_tail) from exc
            if first is None:
                rc = dec.wait()
                self.cancel.raise_if_cancelled()
                raise InputError("no video frame could be decoded" + (f" (decoder exit code {rc})" if rc else ""),
                                 log_lines=dec.stderr_tail, details={"path": self.src})
            stream = reader.stream
            assert stream is not None
            if (stream.width, stream.height) != (self.layout.width, self.layout.height):
                raise UnsupportedError(f"decoded frames are {stream.width}x{stream.height}, probe said "
                                       f"{self.layout.width}x{self.layout.height} (size changes mid-stream?)")
            if enc is None:
                enc = stack.enter_context(self._encoder(first.time_s, temp))
            assert enc.stdin is not None
            # Our own descriptor for the encoder's stdin: a cancel closes enc.stdin from another
            # thread, and the number could be reused by an unrelated file before we notice.
            dst_fd = os.dup(enc.stdin.fileno())
            try:
                enlarge_pipe(dst_fd)
                # region times count from the first video frame (what FrameReader.time_of gives)
                editor = self.new_editor(reader, src_fd, dst_fd, first.time_s)
                self._pump(editor, first, frames, dst_fd, reader, dec, enc)
            finally:
                os.close(dst_fd)
            enc.check()
            dec.check()
            self._check_complete(editor, dec.stderr_tail)
        self._report(editor.frames, force=True)
        return editor

    @contextlib.contextmanager
    def lookahead(self, seek_s: float | None = None) -> Iterator[None]:
        """While open, the temporal regions see ``lookahead.frames_ahead`` frames ahead (a second decoder
        started like the main one, or further back when the main one seeks to ``seek_s``: its frames before
        the main stream's first warm the timelines up); nothing when no region needs it."""
        workers = self.filler.lookahead_workers()
        box = feed_box([w.crop for w in workers], self.layout.width, self.layout.height) if workers else None
        layout = layout_for(self.work_pix_fmt, box.w, box.h) if box is not None else None
        ahead = frames_ahead(layout) if layout is not None else 0
        if box is None or layout is None or ahead < 1:
            yield
            return
        if seek_s is not None:  # start early enough to see the past a single pass would have seen
            seek_s = seek_s - temporal.HISTORY_FRAMES / max(self.video.fps or 25.0, 1.0)
            seek_s = seek_s if seek_s > 0 else None
        with CropFeed(self.decoder_args(seek_s, crop=box), layout, cancel=self.cancel) as feed:
            self.filler.attach(LookAhead(feed.read, box, ahead, workers))
            try:
                yield
            finally:
                self.filler.attach(None)
                if self.filler.lookahead_lost:
                    self.log.warning("the look-ahead decoder lost step with the main one: later frames were "
                                     "filled from past frames only")

    def new_editor(self, reader: NutReader, src_fd: int, dst_fd: int, time_origin: float) -> FrameEditor:
        """The one place frame editors are made (one per run, or one per segment)."""
        return FrameEditor(self.layout, self.filler, reader, src_fd, dst_fd, time_origin=time_origin)

    def _encoder(self, first_video_s: float, temp: str) -> FfmpegProcess:
        return FfmpegProcess(self.encoder_args(first_video_s, temp), cancel=self.cancel, stdin="data",
                             progress=False, what="encoder")

    def _pump(self, editor: FrameEditor, first: Any, frames: Any, dst_fd: int, reader: NutReader,
              dec: FfmpegProcess, enc: FfmpegProcess) -> None:
        """Move every frame; on a broken pipe report whichever child failed."""
        try:
            frame = first
            while frame is not None:
                self.cancel.raise_if_cancelled()
                editor.process(frame)
                self._report(editor.frames)
                frame = next(frames, None)
            write_all(dst_fd, reader.trailer)
            assert enc.stdin is not None
            enc.stdin.close()
        except (OSError, NutFormatError) as exc:
            raise_pipe_failure(exc, dec, enc, self.cancel)

    def _check_complete(self, editor: FrameEditor, decoder_log: list[str]) -> None:
        """A source that ends early (cut-off download, damaged tail) is an input error, not a short result."""
        video = self.video
        expected = video.duration or self.info.duration
        if not expected or editor.first_time is None:
            return
        frame_s = 1.0 / video.fps if video.fps else 0.04
        decoded = editor.last_time - editor.first_time + frame_s
        if decoded < expected - max(0.5, 0.05 * expected):
            raise InputError(f"the source ends early: only {decoded:.2f} s of its {expected:.2f} s could be "
                             "decoded (the file may be truncated or damaged)", code=ErrorCode.INPUT_INVALID,
                             log_lines=decoder_log, details={"decoded_s": round(decoded, 3),
                                                             "expected_s": round(expected, 3)})

    def _remux_rotation(self, temp: str) -> None:
        temp2 = temp_path_for(self.output_path)
        try:
            run_ffmpeg(["-v", "error", "-y", "-i", input_arg(temp), "-map", "0", "-c", "copy", "-map_metadata", "0",
                        "-map_chapters", "0", "-metadata:s:v:0", f"rotate={self.rotation_ccw}", "-f", self.muxer,
                        input_arg(temp2)], cancel=self.cancel, what="rotation remux")
            os.replace(temp2, temp)
        finally:
            discard(temp2)

    def _verify(self, temp: str, frames: int) -> MediaInfo:
        src_video = self.video
        fps = src_video.fps or 25.0
        tol = max(0.15, 2.5 / fps)
        expect: dict[str, Any] = {"video": 1, "audio": len(self.streams.audio), "width": self.out_w,
                                  "height": self.out_h, "stream_durations": False}
        if self.info.duration:
            expect.update(duration=self.info.duration, duration_tolerance=tol)
        out = verify_output(temp, expect, cancel=self.cancel)
        ov = out.main_video
        # MP4/MOV index every frame (nb_frames is exact); other containers are counted packet by packet.
        counted = ov.frames if ov is not None and ov.frames and self.muxer in ("mp4", "mov") else count_frames(temp)
        if counted is not None and counted != frames:
            raise VerifyError(f"the result has {counted} frames, {frames} were written",
                              details={"expected": frames, "actual": counted})
        ov = out.main_video
        if ov is not None and ov.duration and src_video.duration and abs(ov.duration - src_video.duration) > tol:
            raise VerifyError(f"video duration changed from {src_video.duration:.3f} s to {ov.duration:.3f} s",
                              details={"expected": src_video.duration, "actual": ov.duration})
        if ov is not None and self.rotation_ccw and ov.rotation % 360 != self.rotation_ccw:
            self.log.warning(f"the output's rotation is {ov.rotation} deg, the source's {self.rotation_ccw} deg")
        return out

    # -- segments (resume) ------------------------------------------------------------------------
    def _segmenter(self) -> SegmentedTranscode | None:
        """Long inputs are encoded in segments that survive an interruption; short ones in one pass."""
        per_segment = segments.frames_per_segment(self.config, self.video.fps or 0.0)
        if not segments.use_segments(self.total_frames, per_segment):
            self._drop_work()  # e.g. a changed segment length: nothing in an old work folder is reusable
            return None
        cp = self.checkpoint
        encode = [*self.video_encode_args(), *self.caps.passthrough, self.caps.binary, self.work_pix_fmt]
        key = segments.plan_key(self.src, self.info.size, self.config, per_segment, encode)
        if cp.get("plan") != key:
            self._drop_work()
            cp.clear()
        work = cp.get("work_dir") or work_dir_for(self.output_path, key)
        try:
            os.makedirs(work, exist_ok=True)
        except OSError as exc:
            raise map_os_error(exc, work) from exc
        cp.update(plan=key, work_dir=work)
        cp.setdefault("segments", [])
        return SegmentedTranscode(self, cp, work, per_segment)

    def _drop_work(self) -> None:
        cp = self.checkpoint
        if cp.get("work_dir"):
            remove_work_dir(cp.get("work_dir"))
        for key in ("work_dir", "plan", "segments", "time_base", "time_origin_s"):
            cp.pop(key, None)

    def run(self) -> Result:
        started = time.monotonic()
        self.cancel.raise_if_cancelled()
        self.plan()
        out_dir = os.path.dirname(self.output_path)
        estimate = min(self.info.size or 0, 2 * 1024**3)
        per_segment = segments.frames_per_segment(self.config, self.video.fps or 0.0)
        if segments.use_segments(self.total_frames, per_segment):
            estimate *= 2  # the segments and the joined result exist side by side until the join is done
        check_free_space(out_dir, estimate + 20 * 1024**2)
        temp = temp_path_for(self.output_path)
        split: SegmentedTranscode | None = None
        try:
            split = self._segmenter()
            if split is not None:
                frames = split.run(temp)
                filled, band_bytes = split.filled, split.band_bytes
            else:
                editor = self._transcode(temp)
                frames, filled, band_bytes = editor.frames, editor.filled_frames, editor.band_bytes
                if self.rotation_remux and frames:
                    self._remux_rotation(temp)
            if frames == 0:
                raise InputError("the video has no frames", code=ErrorCode.INPUT_INVALID)
            self.progress(ENCODE_SHARE, stage("verifying"))
            out = self._verify(temp, frames)
            self.cancel.raise_if_cancelled()
            final = finalize_output(temp, self.output_path)
        except Cancelled as exc:
            discard(temp)
            if exc.reason != CancelReason.SHUTDOWN:
                self._drop_work()
            raise
        except ProcessingError as exc:
            discard(temp)
            if not (exc.transient or self.cancel.reason == CancelReason.SHUTDOWN):
                self._drop_work()
            raise
        except OSError as exc:
            discard(temp)
            self._drop_work()
            raise map_os_error(exc) from exc
        except BaseException:
            discard(temp)
            raise
        self._drop_work()
        elapsed = time.monotonic() - started
        self.progress(100.0, stage("done"))
        self.log.info(f"{frames} frames ({filled} with a region) in {elapsed:.1f} s")
        damage_note = self.damage.warning(self.input_name)
        if damage_note:
            self.log.warning(damage_note)
        details = {
            "frames": frames,
            "filled_frames": filled,
            "method": self.filler.method,
            "container": self.muxer,
            "video_codec": self.codec,
            "pix_fmt": self.out_pix_fmt or self.work_pix_fmt,
            "size": [self.out_w, self.out_h],
            "audio": [{"index": i, "codec": a[0]} for i, a in self.streams.audio],
            "subtitles": [{"index": i, "codec": c} for i, c in self.streams.subtitles],
            "regions_stored": [r.to_dict() for r in self.regions],
            "python_bytes_per_frame": band_bytes // max(1, filled),
            "seconds": round(elapsed, 3),
            "damaged_frames": self.damage.frames,
            "duration": out.duration,
        }
        if split is not None:
            details["segments"] = {"count": split.resumed + split.encoded, "encoded": split.encoded,
                                   "resumed": split.resumed, "frames_per_segment": split.per_segment}
            self.log.info(f"{split.resumed + split.encoded} segments: {split.resumed} reused from the interrupted "
                          f"run, {split.encoded} encoded")
        return Result(final, details, list(self.log.entries))


def run(inputs: list[dict[str, Any]], config: dict[str, Any], output_path: str, progress: ProgressFn,
        cancel: CancelToken, checkpoint: dict[str, Any] | None = None,
        on_plan: Callable[[WatermarkRun], None] | None = None) -> Result:
    job = WatermarkRun(inputs, config, output_path, progress, cancel, checkpoint)
    if on_plan is not None:
        on_plan(job)
    return job.run()
