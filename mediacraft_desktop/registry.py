"""Processor registry: task type -> processor and its input rules (extensible)."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field

from processors.contract import Processor

VIDEO_EXTENSIONS = frozenset(
    {".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi", ".mpg", ".mpeg", ".ts", ".mts", ".m2ts", ".flv",
     ".wmv", ".3gp", ".ogv"}
)
AUDIO_EXTENSIONS = frozenset({".mp3", ".m4a", ".aac", ".wav", ".flac", ".ogg", ".opus"})


@dataclass(frozen=True)
class ProcessorSpec:
    task_type: str
    module: str  # import path of a module or "module:attr" exposing a Processor
    min_inputs: int = 1
    max_inputs: int | None = None
    extensions: frozenset[str] | None = VIDEO_EXTENSIONS  # None: any file
    probe_inputs: bool = True
    _cache: dict[str, Processor] = field(default_factory=dict, compare=False, repr=False)

    def load(self) -> Processor:
        """Import the processor on first use (raises ImportError if it is not available)."""
        if "p" not in self._cache:
            mod_name, _, attr = self.module.partition(":")
            mod = importlib.import_module(mod_name)
            self._cache["p"] = getattr(mod, attr) if attr else getattr(mod, "processor", mod)
        return self._cache["p"]


class ProcessorRegistry:
    def __init__(self) -> None:
        self._specs: dict[str, ProcessorSpec] = {}

    def register(self, spec: ProcessorSpec) -> None:
        self._specs[spec.task_type] = spec

    def get(self, task_type: str) -> ProcessorSpec | None:
        return self._specs.get(task_type)

    def types(self) -> list[str]:
        return sorted(self._specs)

    def available(self, task_type: str) -> bool:
        spec = self._specs.get(task_type)
        if spec is None:
            return False
        try:
            spec.load()
        except ImportError:
            return False
        return True


def test_processors_enabled() -> bool:
    return os.environ.get("MEDIACRAFT_TEST_PROCESSORS") == "1"


def default_registry(extra: Callable[[ProcessorRegistry], None] | None = None) -> ProcessorRegistry:
    registry = ProcessorRegistry()
    registry.register(ProcessorSpec("watermark_removal", "processors.watermark", max_inputs=1))
    registry.register(
        ProcessorSpec("video_merge", "processors.merge", min_inputs=2,
                      extensions=VIDEO_EXTENSIONS | AUDIO_EXTENSIONS)
    )
    if test_processors_enabled():
        registry.register(
            ProcessorSpec("test_steps", "processors.steps", max_inputs=None, extensions=None, probe_inputs=False)
        )
    if extra is not None:
        extra(registry)
    return registry
