"""``video_merge``: join clips end to end, by stream copy when safe, else by a normalising re-encode.

Config (normalised by ``validate``): ``order`` (input indexes, default natural), ``mode``
(``auto``/``copy``/``reencode``), ``video_codec`` (libx264), ``crf`` (20), ``preset`` (medium),
``target`` ``{width, height, fps}`` (default: the most common input size, even; the first clip's fps),
``audio`` ``{sample_rate: 48000, channels: 2}``, ``strategy`` (``auto``/``two_stage``/``single_pass``
re-encode), ``verify`` (``fast``: packet audit + keyframe decode for copies, full decode for re-encodes;
``full``: full decode always).
"""

from __future__ import annotations

from processors.merge.merger import MergeProcessor

processor = MergeProcessor()
task_type = processor.task_type
validate = processor.validate
default_output_name = processor.default_output_name
run = processor.run

__all__ = ["MergeProcessor", "processor", "task_type", "validate", "default_output_name", "run"]
