"""Where MediaCraft keeps its data: ``MEDIACRAFT_DATA_DIR`` or the platform's user data dir."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "MediaCraft"


def data_dir() -> Path:
    override = os.environ.get("MEDIACRAFT_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def tasks_dir() -> Path:
    return data_dir() / "tasks"


def temp_dir() -> Path:
    path = data_dir() / "temp"
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    if os.environ.get("MEDIACRAFT_DATA_DIR"):
        path = data_dir() / "logs"
    else:
        path = Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_output_dir() -> Path:
    """``<Videos>/MediaCraft`` (created when the first result is written)."""
    return Path(platformdirs.user_videos_dir()) / APP_NAME
