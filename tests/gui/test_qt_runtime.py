"""Guards against Qt binding regressions that would crash a long-running app."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    plain = Signal(str)
    payload = Signal(str, object)


def test_signal_emit_keeps_refcounts(qtbot) -> None:
    """PySide6 6.12.0 dropped a reference to True on each emit; Python 3.11 then aborts (bool_dealloc)."""
    emitter = _Emitter()
    received = []
    emitter.plain.connect(received.append)
    emitter.payload.connect(lambda _s, obj: received.append(obj))
    before = sys.getrefcount(True)
    for i in range(200):
        emitter.plain.emit("x")
        emitter.payload.emit("y", {"i": i})
    assert len(received) == 400
    assert sys.getrefcount(True) >= before - 5
