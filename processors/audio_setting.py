"""The ``audio_codec`` task setting shared by removal and merge (CLI ``--audio``, usable by the GUI).

``auto`` (default): keep the source audio where the result can hold it as is, else re-encode it (today's
behaviour of each processor). ``copy``: keep every audio packet unchanged, or refuse the task with a
``ConfigError``/``ProcessingError`` saying why it cannot. ``aac``: re-encode the audio to AAC.
"""

from __future__ import annotations

from typing import Any

from processors.contract import ConfigError

AUDIO_MODES = ("auto", "copy", "aac")
AAC_BITRATE_K = 192


def audio_mode(config: dict[str, Any]) -> str:
    """The validated ``audio_codec`` of ``config`` (``auto`` when unset); raises ConfigError."""
    value = config.get("audio_codec")
    mode = "auto" if value is None else str(value).lower()
    if mode not in AUDIO_MODES:
        raise ConfigError(f"audio_codec must be one of {', '.join(AUDIO_MODES)}, got {value!r}",
                          details={"key": "audio_codec", "value": value})
    return mode


def aac_args(bitrate_k: int = AAC_BITRATE_K, stream: int | None = None) -> list[str]:
    """Encoder options for AAC, for every audio stream or (``stream``) the n-th output audio stream only."""
    spec = "" if stream is None else f":{stream}"
    return [f"-c:a{spec}", "aac", f"-b:a{spec}", f"{int(bitrate_k)}k"]
