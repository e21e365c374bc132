"""User settings persisted as ``settings.json`` in the data dir."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from mediacraft_desktop.paths import default_output_dir

log = logging.getLogger(__name__)
FILE_NAME = "settings.json"
LANGUAGES = ("auto", "en", "zh_CN")


@dataclass
class Settings:
    max_concurrent: int = 2
    per_type_limits: dict[str, int] = field(
        default_factory=lambda: {"watermark_removal": 1, "video_merge": 1}
    )
    output_dir: str = field(default_factory=lambda: str(default_output_dir()))
    retention_days: int = 30
    delete_results_on_cleanup: bool = False
    language: str = "auto"
    keep_running_in_tray: bool = True
    confirm_cancel_running: bool = True  # ask before cancelling a running task
    task_timeout_minutes: float = 0  # 0: no limit
    max_attempts: int = 3
    min_free_disk_mb: int = 2048
    max_input_size_mb: int = 0  # 0: no limit

    def limit_for(self, task_type: str) -> int:
        """Concurrent runs allowed for ``task_type`` (types not listed: the global limit)."""
        return max(1, int(self.per_type_limits.get(task_type, self.max_concurrent)))

    def normalised(self) -> Settings:
        """A copy with values clamped into sane ranges."""
        data = asdict(self)
        data["max_concurrent"] = min(16, max(1, int(self.max_concurrent)))
        data["per_type_limits"] = {str(k): min(16, max(1, int(v))) for k, v in self.per_type_limits.items()}
        data["retention_days"] = max(0, int(self.retention_days))
        data["task_timeout_minutes"] = max(0.0, float(self.task_timeout_minutes))
        data["max_attempts"] = min(10, max(1, int(self.max_attempts)))
        data["min_free_disk_mb"] = max(0, int(self.min_free_disk_mb))
        data["max_input_size_mb"] = max(0, int(self.max_input_size_mb))
        if data["language"] not in LANGUAGES:
            data["language"] = "auto"
        return Settings(**data)


def settings_from_dict(data: dict[str, Any]) -> Settings:
    known = {f.name for f in fields(Settings)}
    defaults = Settings()
    values = {k: v for k, v in data.items() if k in known}
    try:
        return Settings(**{**asdict(defaults), **values}).normalised()
    except (TypeError, ValueError) as exc:
        log.warning("settings ignored (%s); using defaults", exc)
        return defaults


def load_settings(data_dir: Path) -> Settings:
    path = Path(data_dir) / FILE_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError) as exc:
        log.warning("unreadable %s (%s); using defaults", path, exc)
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    return settings_from_dict(data)


def save_settings(data_dir: Path, settings: Settings) -> None:
    """Atomic write: temp file in the same dir, fsync, replace."""
    path = Path(data_dir) / FILE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(asdict(settings.normalised()), ensure_ascii=False, indent=2)
    fd, tmp = tempfile.mkstemp(prefix=".settings.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
