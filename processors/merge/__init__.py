"""``video_merge``: join clips end to end, by stream copy when safe, else by a normalising re-encode.

Config (normalised by ``validate``): ``order`` (input indexes, default natural), ``mode``
(``auto``/``copy``/``reencode``), ``video_codec`` (libx264), ``crf`` (20), ``preset`` (medium),
``target`` ``{width, height, fps}`` (default: the most common input size, even; the highest clip frame rate
as a standard rate, so no clip - VFR included - loses frames),
``audio`` ``{sample_rate: 48000, channels: 2}``, ``strategy`` (``auto``/``two_stage``/``single_pass``
re-encode, "auto" picks by amount of work), ``verify`` (``fast``: packet audit for copies, file structure and
per-stream durations, video keyframes - every clip start - and all audio decoded; ``full``: every frame
decoded, about 10% of a re-encode and 20x a copy).
"""

from __future__ import annotations

from processors.merge.merger import MergeProcessor

processor = MergeProcessor()
task_type = processor.task_type
validate = processor.validate
default_output_name = processor.default_output_name
run = processor.run

__all__ = ["MergeProcessor", "processor", "task_type", "validate", "default_output_name", "run"]
