"""The ``watermark_removal`` processor: fill rectangles in every frame, keep everything else.

Public API
  ``processor``: satisfies ``processors.contract.Processor`` (``task_type``, ``validate``,
  ``default_output_name``, ``run``). Config keys are documented in ``processors.watermark.config``;
  regions are in display coordinates (see ``processors.watermark.regions``).
  ``processors.watermark.preview``: ``Previewer`` / ``preview_frame`` for the GUI's live preview.

How a run works is described in ``processors.watermark.pipeline``.
"""

from __future__ import annotations

from typing import Any

from processors.contract import CancelToken, ProgressFn, Result
from processors.watermark import config as _config

task_type = "watermark_removal"


class WatermarkRemovalProcessor:
    task_type = task_type

    def validate(self, inputs: list[dict[str, Any]], config: dict[str, Any]) -> dict[str, Any]:
        return _config.validate(inputs, config)

    def default_output_name(self, inputs: list[dict[str, Any]], config: dict[str, Any]) -> str:
        return _config.default_output_name(inputs, config)

    def notes(self, config: dict[str, Any]) -> list[str]:
        """What validation adjusted: regions clipped to the frame."""
        from processors.watermark.regions import clipping_note

        return [n for i, r in enumerate(config.get("regions") or []) if (n := clipping_note(i, r))]

    def run(
        self,
        inputs: list[dict[str, Any]],
        config: dict[str, Any],
        output_path: str,
        progress: ProgressFn,
        cancel: CancelToken,
        checkpoint: dict[str, Any],
    ) -> Result:
        from processors.damage import frames_lost_note
        from processors.watermark.pipeline import run

        result = run(inputs, config, output_path, progress, cancel, checkpoint)
        note = frames_lost_note(inputs[0], result.output_path)  # damage the decoder skipped without a word
        if note:
            result.log.append(("warning", note))
        return result


processor = WatermarkRemovalProcessor()
