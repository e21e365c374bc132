"""Which child failed when the decoder -> editor -> encoder pipe broke, as the error to raise."""

from __future__ import annotations

import subprocess
from typing import NoReturn

from processors.contract import CancelToken, FfmpegError
from processors.ffrun import FfmpegProcess, error_for
from processors.watermark.nut import NutFormatError


def _reap(proc: FfmpegProcess) -> int:
    try:
        rc = proc.wait(30)
    except subprocess.TimeoutExpired:
        rc = proc.kill()
    return rc if rc is not None else -1


def raise_pipe_failure(exc: BaseException, dec: FfmpegProcess, enc: FfmpegProcess | None,
                       cancel: CancelToken) -> NoReturn:
    """A cancel wins; a broken pipe to the encoder is the encoder's failure; a broken NUT stream is the
    decoder's (the encoder's output so far is useless); anything else is re-raised as it is."""
    cancel.raise_if_cancelled()
    if isinstance(exc, BrokenPipeError) and enc is not None:
        dec.kill()
        raise error_for(_reap(enc), enc.stderr_tail, "encoder", enc.output_path) from exc
    if not isinstance(exc, NutFormatError):
        raise exc
    if enc is not None:
        enc.kill()
    rc = _reap(dec)
    raise FfmpegError(f"the decoder stopped unexpectedly (exit code {rc}): {exc}", log_lines=dec.stderr_tail) from exc
