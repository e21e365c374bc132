"""Normalising re-encode: single pass (one concat-filter graph) or two stages (resumable).

Two-stage: every clip is normalised to an identical intermediate (same encoder settings for video,
PCM audio) in a hidden work folder beside the output, finished clips are recorded in the checkpoint
(``clips_done``: position, path, size) so an interrupted merge resumes; the intermediates are then
joined with the concat demuxer, video copied and the audio encoded once (no AAC priming gaps at joins).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from processors.audio_setting import AAC_BITRATE_K, aac_args
from processors.contract import CancelToken, stage
from processors.ffrun import filter_script_args, input_arg, run_ffmpeg
from processors.merge.audit import parse_framecrc
from processors.merge.compat import Clip
from processors.merge.config import Target
from processors.merge.copy_mode import concat_copy_args, is_error_line
from processors.merge.normalize import ClipSpan, clip_graph, concat_graph, encoder_args
from processors.merge.verify import Expectation, check_audit, check_file, decode_result
from processors.outputs import discard, finalize_output, map_os_error
from processors.workdir import remove_work_dir, work_dir_for

ProgressFn = Callable[[float, str], None]


INLINE_GRAPH_LIMIT = 60_000  # Linux caps one argument at 128 KiB; long graphs go through a script file


def single_pass_args(clips: list[Clip], target: Target, spans: list[ClipSpan], config: dict[str, Any],
                     out_path: str) -> list[str]:
    graph, outs = concat_graph(clips, target, spans)
    args = ["-loglevel", "level+info", "-y"]
    for clip in clips:
        args += ["-i", input_arg(clip.path)]
    if len(graph) > INLINE_GRAPH_LIMIT:
        script = out_path + ".graph.txt"
        with open(script, "w", encoding="utf-8") as fh:
            fh.write(graph)
        args += filter_script_args(script)
    else:
        args += ["-filter_complex", graph]
    for label in outs:
        args += ["-map", label]
    args += encoder_args(target, config)
    args += [input_arg(out_path)]
    return args


def run_single_pass(clips: list[Clip], target: Target, spans: list[ClipSpan], config: dict[str, Any], temp_out: str,
                    *, cancel: CancelToken, progress: ProgressFn, expectation: Expectation,
                    warnings: list[str]) -> dict[str, Any]:
    total = sum(s.seconds for s in spans)

    def on_progress(frac: float) -> None:
        progress(95.0 * frac, stage("encoding_time", done_s=round(frac * total, 1), total_s=round(total, 1)))

    t0 = time.monotonic()
    try:
        run_ffmpeg(single_pass_args(clips, target, spans, config, temp_out), cancel=cancel, on_progress=on_progress,
                   total_seconds=total, what="re-encode", on_stderr_line=_collector(warnings))
    finally:
        discard(temp_out + ".graph.txt")
    t_encode = time.monotonic() - t0
    progress(95.0, stage("verifying"))
    file_info = check_file(temp_out, expectation)
    decode_result(temp_out, config.get("verify", "fast"), cancel,
                  lambda f: progress(95.0 + 5.0 * f, stage("verifying")), total)
    return {"strategy": "single_pass", "encode_seconds": round(t_encode, 3),
            "verify_seconds": round(time.monotonic() - t0 - t_encode, 3), "output_duration": file_info["duration"]}


def _collector(sink: list[str]) -> Callable[[str], None]:
    def collect(line: str) -> None:
        if is_error_line(line) and len(sink) < 100:
            sink.append(line)

    return collect


def plan_key(clips: list[Clip], target: Target, config: dict[str, Any]) -> str:
    """Identifies the intermediates: same inputs, order, target and encoder settings -> same key."""
    data = {
        "clips": [(c.path, c.info.size, c.duration) for c in clips],
        "target": {k: str(v) for k, v in asdict(target).items()},
        "enc": [config.get(k) for k in ("video_codec", "crf", "preset")],
        "v": 1,
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def _done_entry(checkpoint: dict[str, Any], position: int) -> dict[str, Any] | None:
    for entry in checkpoint.get("clips_done") or []:
        if entry.get("position") == position:
            try:
                if os.path.getsize(entry["path"]) == entry["size"]:
                    return entry
            except (OSError, KeyError, TypeError):
                return None
    return None


def run_two_stage(clips: list[Clip], target: Target, spans: list[ClipSpan], config: dict[str, Any], temp_out: str,
                  output_path: str, *, cancel: CancelToken, progress: ProgressFn, checkpoint: dict[str, Any],
                  expectation: Expectation, warnings: list[str]) -> dict[str, Any]:
    key = plan_key(clips, target, config)
    if checkpoint.get("plan") != key:
        remove_work_dir(checkpoint.get("work_dir"))
        checkpoint.clear()
    work = checkpoint.get("work_dir") or work_dir_for(output_path, key)
    try:
        os.makedirs(work, exist_ok=True)
    except OSError as exc:
        raise map_os_error(exc, work) from exc
    checkpoint.update({"plan": key, "work_dir": work})
    checkpoint.setdefault("clips_done", [])
    total = sum(s.seconds for s in spans)
    done_s = 0.0
    n = len(clips)
    resumed = 0
    t0 = time.monotonic()
    intermediates: list[str] = []
    for k, (clip, span) in enumerate(zip(clips, spans, strict=True)):
        entry = _done_entry(checkpoint, k)
        if entry is not None:
            intermediates.append(entry["path"])
            done_s += span.seconds
            resumed += 1
            continue
        cancel.raise_if_cancelled()
        final_mid = os.path.join(work, f"clip_{k:04d}.mov")
        part = os.path.join(work, f".clip_{k:04d}.part.mov")
        graph, outs = clip_graph(clip, 0, target, span)
        args = ["-loglevel", "level+info", "-y", "-i", input_arg(clip.path), "-filter_complex", graph]
        for label in outs:
            args += ["-map", label]
        args += encoder_args(target, config, audio_codec="pcm_s16le") + ["-f", "mov", input_arg(part)]
        base = done_s

        def on_progress(frac: float, base: float = base, span: ClipSpan = span, k: int = k) -> None:
            t = base + frac * span.seconds
            progress(90.0 * t / total, stage("encoding_clip", index=k + 1, count=n, done_s=round(t, 1),
                                             total_s=round(total, 1)))

        try:
            run_ffmpeg(args, cancel=cancel, on_progress=on_progress, total_seconds=span.seconds,
                       what=f"re-encode of {clip.name}", on_stderr_line=_collector(warnings))
            final_mid = finalize_output(part, final_mid) if not os.path.exists(final_mid) else _replace(part, final_mid)
        except BaseException:
            discard(part)
            raise
        intermediates.append(final_mid)
        checkpoint["clips_done"] = [e for e in checkpoint["clips_done"] if e.get("position") != k]
        checkpoint["clips_done"].append({"position": k, "path": final_mid, "size": os.path.getsize(final_mid)})
        done_s += span.seconds
        progress(90.0 * done_s / total, stage("encoded_clip", index=k + 1, count=n))
    t_stage1 = time.monotonic() - t0
    cancel.raise_if_cancelled()
    progress(90.0, stage("joining_clips"))
    list_path = os.path.join(work, "list.txt")
    audit_path = os.path.join(work, "audit.crc")
    from processors.merge.concat import write_concat_list

    write_concat_list(intermediates, list_path)
    video_idx = [0] if target.has_video else []
    streams = list(range(int(target.has_video) + int(target.has_audio)))
    args = concat_copy_args(list_path, temp_out, streams, audit_path=audit_path,
                            extra_out=aac_args(config.get("audio_bitrate_k", AAC_BITRATE_K))
                            if target.has_audio else None, video_indexes=video_idx)
    errors: list[str] = []
    run_ffmpeg(args, cancel=cancel, total_seconds=total, what="join", on_stderr_line=_collector(errors),
               on_progress=lambda f: progress(90.0 + 5.0 * f, stage("joining_clips")))
    t_stage2 = time.monotonic() - t0 - t_stage1
    if errors:
        from processors.merge.verify import check_error_lines

        check_error_lines(errors)
    progress(95.0, stage("verifying"))
    with open(audit_path, encoding="utf-8", errors="replace") as fh:
        measured = check_audit(parse_framecrc(fh), expectation)
    file_info = check_file(temp_out, expectation)
    decode_result(temp_out, config.get("verify", "fast"), cancel,
                  lambda f: progress(95.0 + 5.0 * f, stage("verifying")), total)
    with contextlib.suppress(OSError):
        os.unlink(audit_path)
    return {"strategy": "two_stage", "clips_resumed": resumed, "encode_seconds": round(t_stage1, 3),
            "join_seconds": round(t_stage2, 3),
            "verify_seconds": round(time.monotonic() - t0 - t_stage1 - t_stage2, 3),
            "stream_durations": measured, "output_duration": file_info["duration"]}


def _replace(part: str, final: str) -> str:
    os.replace(part, final)  # our own stale intermediate from an earlier, unrecorded run
    return final
