"""Suite-wide isolation: offscreen Qt, a private data dir per test, the test processor enabled."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["MEDIACRAFT_TEST_PROCESSORS"] = "1"


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test touches the real user data dir."""
    data = tmp_path_factory.mktemp("mediacraft-data")
    monkeypatch.setenv("MEDIACRAFT_DATA_DIR", str(data))
    return data
