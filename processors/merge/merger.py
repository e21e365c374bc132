"""The merge processor: checks, mode decision, run, verification, atomic finalize."""

from __future__ import annotations

import os
import time
from typing import Any

from processors.audio_setting import aac_args
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
    VerifyError,
    stage,
)
from processors.damage import DecodeDamage, missing_frames
from processors.merge import config as cfg
from processors.merge.compat import Clip, copy_differences, describe, describe_dropped, dropped_streams
from processors.merge.containers import truncation
from processors.merge.content import check_content, placements
from processors.merge.copy_mode import run_copy
from processors.merge.normalize import spans as clip_spans
from processors.merge.reencode import run_single_pass, run_two_stage
from processors.merge.verify import Expectation, tolerance_for
from processors.outputs import check_free_space, discard, finalize_output, map_os_error, temp_path_for
from processors.workdir import remove_work_dir

MB = 1024 * 1024
# "auto" re-encode strategy. Two-stage (per-clip intermediates, then a copy join) is resumable and, on
# real work, as fast as one concat-filter command (tests/bench/bench_merge.py, 4 x 10 s 720p, libx264
# medium, 2 cores: CPU 24.2 s vs plain 24.6 s; quietest wall round 13.5 s vs 13.2 s); its fixed cost
# (the join pass with the audio encode, one ffmpeg start per clip) is ~0.5 s plus ~0.05 s per clip,
# which dominates tiny merges, so those run single-pass.
TWO_STAGE_MIN_WORK = 20.0  # seconds of 1280x720 video
FAST_PRESETS = ("ultrafast", "superfast")
OUTPUT_EXTENSIONS = (".mp4", ".m4v", ".mov", ".mkv")  # containers the joins and checks are made for


def audio_copy_refusal(clips: list[Clip], mode: str, diffs: list[dict[str, Any]]) -> ProcessingError | None:
    """``audio_codec: copy`` keeps the clips' audio packets unchanged: only a stream-copy merge does that."""
    if not any(c.info.audio for c in clips):
        return None
    if mode == "reencode":
        return ConfigError("the audio cannot be kept as is in a re-encoding merge: use audio aac or auto, or "
                           "mode copy or auto", details={"param": "audio_codec", "mode": mode})
    if diffs:
        return ProcessingError("the audio cannot be kept as is: the clips differ (" + describe(diffs[0])
                               + "), so the merge re-encodes them, audio included; use audio aac or auto",
                               code=ErrorCode.INCOMPATIBLE, details={"param": "audio_codec", "difference": diffs[0]})
    return None


def pick_strategy(config: dict[str, Any], total_seconds: float, width: int, height: int) -> str:
    strategy = config.get("strategy", "auto")
    if strategy != "auto":
        return strategy
    work = total_seconds * max(width * height, 1) / (1280 * 720)
    threshold = TWO_STAGE_MIN_WORK * (4 if config.get("preset") in FAST_PRESETS else 1)
    return "two_stage" if work >= threshold else "single_pass"


class MergeProcessor:
    task_type = "video_merge"
    output_extensions = OUTPUT_EXTENSIONS

    def validate(self, inputs: list[dict[str, Any]], config: dict[str, Any]) -> dict[str, Any]:
        config = cfg.validate(inputs, config)
        if config["audio_codec"] == "copy":
            clips = self.clips_for(inputs, config)
            refusal = audio_copy_refusal(clips, config["mode"], copy_differences(clips))
            if refusal is not None:
                raise refusal
        return config

    def default_output_name(self, inputs: list[dict[str, Any]], config: dict[str, Any]) -> str:
        return cfg.default_output_name(inputs, config)

    # -- helpers ---------------------------------------------------------------------------------
    @staticmethod
    def clips_for(inputs: list[dict[str, Any]], config: dict[str, Any]) -> list[Clip]:
        order = config.get("order") or list(range(len(inputs)))
        clips = []
        for pos, idx in enumerate(order):
            entry = inputs[idx]
            clips.append(Clip(position=pos, input_index=idx, path=entry["path"],
                              name=entry.get("original_filename") or os.path.basename(entry["path"]),
                              info=cfg.media_of(entry)))
        return clips

    @staticmethod
    def check_truncation(clips: list[Clip]) -> None:
        for clip in clips:
            cut = truncation(clip.path)
            if cut is not None:
                raise InputError(
                    f"{clip.name} is truncated: its {cut.container} structure needs {cut.declared_bytes} bytes "
                    f"but the file has {cut.actual_bytes}",
                    code=ErrorCode.INPUT_UNREADABLE,
                    details={"file": clip.name, "path": clip.path, "declared_bytes": cut.declared_bytes,
                             "actual_bytes": cut.actual_bytes},
                )

    @staticmethod
    def expectation(clips: list[Clip], total: float, has_video: bool, has_audio: bool, fps: float | None,
                    video_streams: int | None = None, audio_streams: int | None = None) -> Expectation:
        return Expectation(video=video_streams if video_streams is not None else int(has_video),
                           audio=audio_streams if audio_streams is not None else int(has_audio),
                           duration=total, tolerance=tolerance_for(fps), clips=clips)

    # -- run -------------------------------------------------------------------------------------
    def run(
        self,
        inputs: list[dict[str, Any]],
        config: dict[str, Any],
        output_path: str,
        progress: ProgressFn,
        cancel: CancelToken,
        checkpoint: dict[str, Any],
    ) -> Result:
        config = cfg.validate(inputs, config)
        clips = self.clips_for(inputs, config)
        progress(0.0, stage("checking_clips"))
        self.check_truncation(clips)
        # a copy keeps the first clip's size and rates: chosen output settings that differ need a re-encode
        clip_diffs = copy_differences(clips)
        diffs = clip_diffs + cfg.settings_differences([c.info for c in clips], [c.name for c in clips], config)
        mode = config["mode"]
        log: list[tuple[str, str]] = []
        refusal = audio_copy_refusal(clips, mode, diffs) if config["audio_codec"] == "copy" else None
        if refusal is not None:
            raise refusal
        if mode == "copy" and diffs:
            first = diffs[0]
            raise ProcessingError(
                "cannot join without re-encoding: " + describe(first)
                + (f" (and {len(diffs) - 1} more differences)" if len(diffs) > 1 else ""),
                code=ErrorCode.INCOMPATIBLE, details={"differences": diffs[:50], **first},
            )
        out_dir = os.path.dirname(os.path.abspath(output_path))
        if not os.path.isdir(out_dir) or not os.access(out_dir, os.W_OK | os.X_OK):
            raise ProcessingError(f"cannot write to the output folder {out_dir}", code=ErrorCode.OUTPUT_UNWRITABLE,
                                  details={"path": out_dir})
        in_bytes = sum(c.info.size or os.path.getsize(c.path) for c in clips)
        total = sum(c.duration for c in clips)
        details: dict[str, Any] = {"clip_durations": [round(c.duration, 3) for c in clips],
                                   "input_duration": round(total, 3)}
        use_copy = mode == "copy" or (mode == "auto" and not diffs)
        temp = temp_path_for(output_path)
        try:
            if use_copy:
                check_free_space(out_dir, int(in_bytes * 1.02) + 10 * MB)
                try:
                    details.update(self._copy(clips, temp, total, config, progress, cancel))
                    details.update(mode="copy", reason="all clips are stream-copy compatible")
                except (VerifyError, FfmpegError) as exc:
                    if mode == "copy" or config["audio_codec"] == "copy":  # a re-encode cannot keep the audio
                        raise
                    discard(temp)
                    log.append(("warning", f"stream copy failed ({exc.detail}); re-encoding instead"))
                    details.update(self._reencode(clips, temp, output_path, config, progress, cancel, checkpoint,
                                                  log))
                    details.update(mode="reencode", reason={"param": "copy_failed", "detail": exc.detail})
            else:
                details.update(self._reencode(clips, temp, output_path, config, progress, cancel, checkpoint, log))
                reason = clip_diffs[0] if clip_diffs else "re-encode requested" if mode == "reencode" else diffs[0]
                details.update(mode="reencode", reason=reason, differences=diffs[:20])
                if isinstance(reason, dict):
                    log.append(("info", "re-encoding because " + describe(reason)))
            cancel.raise_if_cancelled()
            dropped = dropped_streams(clips, copy=details["mode"] == "copy")
            if dropped:
                details["dropped_streams"] = dropped
                log += [("warning", describe_dropped(d)) for d in dropped]
            final = finalize_output(temp, output_path)
        except Cancelled as exc:
            discard(temp)
            if exc.reason != CancelReason.SHUTDOWN:
                self._drop_work(checkpoint)
            raise
        except ProcessingError as exc:
            discard(temp)
            if not exc.transient:
                self._drop_work(checkpoint)
            raise
        except OSError as exc:  # list files, work folder, reading back the result
            discard(temp)
            self._drop_work(checkpoint)
            raise map_os_error(exc) from exc
        except BaseException:
            discard(temp)
            raise
        self._drop_work(checkpoint)
        progress(100.0, stage("done"))
        return Result(final, details, log)

    @staticmethod
    def _drop_work(checkpoint: dict[str, Any]) -> None:
        if checkpoint.get("work_dir"):
            remove_work_dir(checkpoint.get("work_dir"))
            checkpoint.pop("work_dir", None)
            checkpoint.pop("clips_done", None)
            checkpoint.pop("plan", None)

    def _copy(self, clips: list[Clip], temp: str, total: float, config: dict[str, Any], progress: ProgressFn,
              cancel: CancelToken) -> dict[str, Any]:
        ref = clips[0]
        main = ref.info.main_video
        # expect what the clips hold together, not what the first one has: a first clip without
        # audio must not make a silent result look right
        exp = self.expectation(clips, total, bool(ref.real_video), bool(ref.info.audio), main.fps if main else None,
                               video_streams=max(len(c.real_video) for c in clips),
                               audio_streams=max(len(c.info.audio) for c in clips))
        if config["audio_codec"] != "aac" or not exp.audio:
            return run_copy(clips, temp, cancel=cancel, progress=progress, expectation=exp, verify=config["verify"])
        # the video copied, the audio re-encoded: the packet check covers what was read, the sound check what
        # the encoder wrote
        details = run_copy(clips, temp, cancel=cancel, progress=progress, expectation=exp, verify=config["verify"],
                           audio_args=aac_args(config["audio_bitrate_k"]))
        sound = self._check_content(temp, placements(clips, [c.duration for c in clips]), cancel,
                                    main.fps if main else None, sound_only=True)
        return {**details, "audio_codec": "aac", "content_points": details["content_points"] + sound["content_points"],
                "content_check_seconds": round(details["content_check_seconds"] + sound["content_check_seconds"], 3)}

    @staticmethod
    def _check_content(temp: str, places: list, cancel: CancelToken, fps: float | None,
                       sound_only: bool = False) -> dict[str, Any]:
        """Every clip's first/last picture and sound at its place (durations cannot see shifted content)."""
        t0 = time.monotonic()
        found = check_content(temp, places, cancel, fps, sound_only=sound_only)
        return {**found, "content_check_seconds": round(time.monotonic() - t0, 3)}

    def _reencode(self, clips: list[Clip], temp: str, output_path: str, config: dict[str, Any], progress: ProgressFn,
                  cancel: CancelToken, checkpoint: dict[str, Any], log: list[tuple[str, str]]) -> dict[str, Any]:
        target = cfg.choose_target([c.info for c in clips], config)
        sp = clip_spans(clips, target)
        total = sum(s.seconds for s in sp)
        exp = self.expectation(clips, total, target.has_video, target.has_audio,
                               float(target.fps) if target.has_video else None)
        strategy = pick_strategy(config, total, target.width, target.height)
        warnings: list[str] = []
        out_dir = os.path.dirname(os.path.abspath(output_path))
        in_bytes = sum(c.info.size or 0 for c in clips)
        pcm = int(total * target.sample_rate * target.channels * 2) if target.has_audio else 0
        check_free_space(out_dir, (in_bytes // 2 + (pcm if strategy == "two_stage" else 0)) + 20 * MB)
        if strategy == "two_stage":
            details = run_two_stage(clips, target, sp, config, temp, output_path, cancel=cancel, progress=progress,
                                    checkpoint=checkpoint, expectation=exp, warnings=warnings)
        else:
            details = run_single_pass(clips, target, sp, config, temp, cancel=cancel, progress=progress,
                                      expectation=exp, warnings=warnings)
        frame = (target.width, target.height) if target.has_video else None
        details.update(self._check_content(temp, placements(clips, [s.seconds for s in sp], frame), cancel,
                                           float(target.fps) if target.has_video else None))
        damage = DecodeDamage()
        for line in warnings:
            damage.feed(line)
        summary = damage.warning("a clip" if len(clips) > 1 else "the clip")
        if summary:
            log.append(("warning", summary))
            details["damaged_frames"] = damage.frames
        lost = {c.name: n for c in clips if c.real_video and (n := missing_frames(c.path, c.info.main_video))}
        for name, n in lost.items():
            log.append(("warning", f"{name} is damaged: {n} video frames are missing; the result repeats the frame "
                                   "before each gap so the timing stays right"))
        if lost:
            details["missing_frames"] = lost
        for line in warnings[:20]:
            log.append(("warning", f"ffmpeg: {line}"))
        details["target"] = {"width": target.width, "height": target.height, "fps": target.fps_str,
                             "sample_rate": target.sample_rate, "channels": target.channels,
                             "video": target.has_video, "audio": target.has_audio}
        details["expected_duration"] = round(total, 3)
        return details
