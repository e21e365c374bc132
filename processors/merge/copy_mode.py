"""Stream-copy merge with the concat demuxer, audited in the same ffmpeg run.

One ffmpeg process writes the result and a ``framecrc`` packet listing of it (the audit). Every clip's own
packets are listed too (the content check compares them with the audit) and every keyframe is decoded (each
clip starts with one, so every join is decoded): for small merges in the same process, for large ones in a
second process running beside it (see ``FOLD_AUDIT_MAX_BYTES``). Then the written file's structure is checked;
``verify="full"`` adds a full decode.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from processors.contract import CancelReason, CancelToken, stage
from processors.ffrun import input_arg, run_ffmpeg
from processors.merge.audit import parse_framecrc
from processors.merge.compat import Clip
from processors.merge.concat import CONCAT_INPUT, write_concat_list
from processors.merge.content import SourceAudit, compare_copy_packets
from processors.merge.verify import Expectation, check_audit, check_error_lines, check_file, full_decode

ERROR_MARKERS = ("[error]", "[fatal]", "[panic]")
# Up to this many bytes of clips the content check's packet listings are written by the merge's own ffmpeg run
# (one process start, ~0.05-0.1 s, less); larger merges list them in a second process beside the merge.
FOLD_AUDIT_MAX_BYTES = 64 * 1024 * 1024


def is_error_line(line: str) -> bool:
    return any(m in line for m in ERROR_MARKERS)


def concat_copy_args(list_path: str, out_path: str, stream_indexes: list[int], *, audit_path: str | None = None,
                     keyframe_check_index: int | None = None, video_only_audit: bool = False,
                     video_indexes: list[int] | None = None, extra_out: list[str] | None = None,
                     audio_check_index: int | None = None, side_audit: SourceAudit | None = None) -> list[str]:
    """ffmpeg arguments for a concat-demuxer copy of the given streams (plus audit, keyframe decode of
    ``keyframe_check_index`` or, for audio-only merges, a full decode of ``audio_check_index``, and the clips'
    own packet listings of ``side_audit``)."""
    args = ["-loglevel", "level+info", "-y"]
    if keyframe_check_index is not None:
        args += ["-skip_frame:v", "nokey", "-threads:v", "1"]  # decoder options: keyframes only, no thread pool
    args += [*CONCAT_INPUT, "-i", input_arg(list_path)]
    if side_audit is not None:
        args += side_audit.input_args()
    for i in stream_indexes:
        args += ["-map", f"0:{i}"]
    args += ["-c", "copy", *(extra_out or []), input_arg(out_path)]
    if audit_path is not None:
        for i in (video_indexes or []) if video_only_audit else stream_indexes:
            args += ["-map", f"0:{i}"]
        args += ["-c", "copy", "-f", "framecrc", input_arg(audit_path)]
    if keyframe_check_index is not None:
        args += ["-map", f"0:{keyframe_check_index}", "-f", "null", "-"]
    elif audio_check_index is not None:
        args += ["-map", f"0:{audio_check_index}", "-f", "null", "-"]
    if side_audit is not None:
        args += side_audit.output_args(first_input=1)
    return args


def listable_paths(paths: list[str], temp_out: str, links: list[str]) -> list[str]:
    """Paths the concat list can hold: names with line breaks get a hidden symlink (recorded in ``links``)."""
    out = []
    for k, p in enumerate(paths):
        if "\n" in p or "\r" in p:
            link = f"{temp_out}.link{k}{os.path.splitext(p)[1].replace(chr(10), '').replace(chr(13), '')}"
            os.symlink(os.path.abspath(p), link)
            links.append(link)
            p = link
        out.append(p)
    return out


def clip_position_message(clips: list[Clip], seconds: float) -> str:
    """The ``copying_clips`` stage for the clip at ``seconds`` into the result."""
    pos, n = 0.0, len(clips)
    for k, clip in enumerate(clips, 1):
        pos += clip.duration
        if seconds < pos:
            return stage("copying_clips", index=k, count=n)
    return stage("copying_clips", index=n, count=n)


def run_copy(
    clips: list[Clip],
    temp_out: str,
    *,
    cancel: CancelToken,
    progress: Callable[[float, str], None],
    expectation: Expectation,
    verify: str = "fast",
    span: tuple[float, float] = (0.0, 100.0),
    audio_args: list[str] | None = None,
) -> dict[str, Any]:
    """Copy-concat ``clips`` into ``temp_out`` and verify it; returns details (timings, measured durations).

    ``audio_args``: encoder options for the audio (e.g. AAC) instead of copying it; the audit and packet check
    then cover the audio packets read, not those written."""
    ref = clips[0]
    video_idx = [v.index for v in ref.real_video]
    streams = sorted(video_idx + [a.index for a in ref.info.audio])
    list_path = temp_out + ".list.txt"
    audit_path = temp_out + ".crc.txt"
    total = sum(c.duration for c in clips)
    lo, hi = span
    errors: list[str] = []

    def on_line(line: str) -> None:
        if is_error_line(line) and len(errors) < 200:
            errors.append(line)

    def on_progress(frac: float) -> None:
        progress(lo + (hi - lo) * 0.97 * frac, clip_position_message(clips, frac * total))

    t0 = time.monotonic()
    links: list[str] = []
    # the clips' own packet listings (the content check): read in the merge's run for small merges (one ffmpeg
    # start less), beside it in a second process for large ones (on another core, not after the merge)
    fold = sum(c.info.size or 0 for c in clips) <= FOLD_AUDIT_MAX_BYTES
    side_cancel = CancelToken()
    unlink_cancel = cancel.on_cancel(lambda: side_cancel.cancel(cancel.reason or CancelReason.USER))
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mediacraft-merge-audit")
    sources: SourceAudit | None = None
    try:
        listed = listable_paths([c.path for c in clips], temp_out, links)
        write_concat_list(listed, list_path)
        sources = SourceAudit.prepare(listed, streams, temp_out)
        keyframes = video_idx[0] if video_idx else None
        if not fold:
            # the keyframes decode beside the merge too, from the clips' own packets: the same bytes as the
            # result's (the packet check proves it) with the same codec extradata (the compatibility check does)
            sources.keyframe_stream, keyframes = keyframes, None
        beside = None if fold else pool.submit(_timed, sources.run, side_cancel, on_line)
        audio_idx = [a.index for a in ref.info.audio]
        args = concat_copy_args(list_path, temp_out, streams, audit_path=audit_path,
                                keyframe_check_index=keyframes,
                                audio_check_index=audio_idx[0] if audio_idx and not video_idx else None,
                                extra_out=audio_args, side_audit=sources if fold else None)
        run_ffmpeg(args, cancel=cancel, on_progress=on_progress, total_seconds=total, what="concat copy",
                   on_stderr_line=on_line)
        t_merge = time.monotonic() - t0
        cancel.raise_if_cancelled()
        progress(lo + (hi - lo) * 0.97, stage("verifying"))
        check_error_lines(errors)
        with open(audit_path, encoding="utf-8", errors="replace") as fh:
            audit = parse_framecrc(fh)
        measured = check_audit(audit, expectation)
        file_info = check_file(temp_out, expectation)
        t_content = time.monotonic()
        source_seconds, source_audits = (0.0, sources.read()) if beside is None else beside.result()
        check_error_lines(errors)  # the keyframes decoded beside the merge
        content = compare_copy_packets(clips, audit, source_audits, streams, expectation.tolerance)
        # the content check's cost to the run: the wait for the clips' listings plus the comparison
        content["content_check_seconds"] = round(time.monotonic() - t_content, 3)
        if beside is not None:
            content["source_audit_seconds"] = round(source_seconds, 3)  # ran beside the merge
        if verify == "full":
            full_decode(temp_out, cancel, lambda f: progress(lo + (hi - lo) * (0.97 + 0.03 * f), stage("verifying")),
                        total)
    finally:
        side_cancel.cancel(CancelReason.USER)  # a failed merge: stop reading the clips (no-op when done)
        unlink_cancel()
        pool.shutdown(wait=True)
        if sources is not None:
            sources.remove_files()
        for p in (list_path, audit_path, *links):
            with contextlib.suppress(OSError):
                os.unlink(p)
    verify_s = time.monotonic() - t0 - t_merge - content["content_check_seconds"]  # content reported apart
    return {"merge_seconds": round(t_merge, 3), "verify_seconds": round(verify_s, 3),
            "stream_durations": measured, "output_duration": file_info["duration"], **content}


def _timed(fn: Callable[..., Any], *args: Any) -> tuple[float, Any]:
    t0 = time.monotonic()
    result = fn(*args)
    return time.monotonic() - t0, result
