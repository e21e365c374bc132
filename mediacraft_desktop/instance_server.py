"""Single instance: the process that owns the task store serves commands from later launches and the CLI.

The owner listens on a loopback TCP port (works on every OS) and writes ``instance.json`` (port, token, pid)
into the data dir, readable only by the user. A client sends one JSON line with the token and a command;
the command runs on the owner's main thread (``handler``) and the JSON reply comes back on the same
connection. Commands: ``ping``, ``submit``, ``show``, ``tasks``, ``cancel``, ``retry``, ``remove``, ``open``.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

FILE_NAME = "instance.json"
REPLY_TIMEOUT_S = 30.0
MAX_REQUEST = 4 * 1024 * 1024


class _Request:
    def __init__(self, payload: dict[str, Any]) -> None:
        self.payload = payload
        self.reply: dict[str, Any] = {"ok": False, "error": "no reply"}
        self.done = threading.Event()


class InstanceServer(QObject):
    """Owner side. ``handler(payload) -> reply dict`` is called on the thread that created the server."""

    _incoming = Signal(object)

    def __init__(self, data_dir: Path, handler: Callable[[dict[str, Any]], dict[str, Any]],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._handler = handler
        self._token = secrets.token_hex(16)
        self._info_path = Path(data_dir) / FILE_NAME
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._sock.settimeout(0.5)
        self._stop = threading.Event()
        self._incoming.connect(self._dispatch, Qt.ConnectionType.QueuedConnection)
        info = {"port": self._sock.getsockname()[1], "token": self._token, "pid": os.getpid()}
        tmp = self._info_path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(info, fh)
        os.replace(tmp, self._info_path)
        self._thread = threading.Thread(target=self._serve, name="mediacraft-instance-server", daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Stop serving at once: a connection to ourselves wakes the waiting ``accept``."""
        self._stop.set()
        with contextlib.suppress(OSError):
            socket.create_connection(self._sock.getsockname(), timeout=0.5).close()
        self._thread.join(2.0)
        self._sock.close()
        with contextlib.suppress(OSError):
            self._info_path.unlink()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _addr = self._sock.accept()
            except (TimeoutError, OSError):
                continue
            if self._stop.is_set():  # the wake-up from close()
                conn.close()
                break
            threading.Thread(target=self._client, args=(conn,), daemon=True).start()

    def _client(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(REPLY_TIMEOUT_S)
            try:
                payload = json.loads(_read_line(conn))
            except (OSError, ValueError):
                return
            if not isinstance(payload, dict) or not secrets.compare_digest(str(payload.pop("token", "")),
                                                                           self._token):
                reply = {"ok": False, "error": "bad token"}
            else:
                request = _Request(payload)
                self._incoming.emit(request)
                reply = request.reply if request.done.wait(REPLY_TIMEOUT_S) else {"ok": False, "error": "timeout"}
            with contextlib.suppress(OSError):
                conn.sendall(json.dumps(reply, ensure_ascii=False).encode("utf-8") + b"\n")

    def _dispatch(self, request: _Request) -> None:
        try:
            request.reply = self._handler(request.payload)
        except Exception as exc:  # noqa: BLE001 - the client gets the error, the owner keeps running
            request.reply = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
        request.done.set()


def _read_line(conn: socket.socket) -> bytes:
    data = bytearray()
    while not data.endswith(b"\n"):
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
        if len(data) > MAX_REQUEST:
            raise ValueError("request too large")
    return bytes(data)


def send_command(data_dir: Path, payload: dict[str, Any], timeout_s: float = REPLY_TIMEOUT_S) -> dict[str, Any]:
    """Client side: send ``payload`` to the running owner; raises OSError if none answers."""
    info = json.loads((Path(data_dir) / FILE_NAME).read_text(encoding="utf-8"))
    with socket.create_connection(("127.0.0.1", int(info["port"])), timeout=timeout_s) as conn:
        conn.sendall(json.dumps({**payload, "token": info["token"]}, ensure_ascii=False).encode("utf-8") + b"\n")
        line = _read_line(conn)
    if not line:  # the owner closed the connection without answering (it is quitting)
        raise OSError("the running instance closed the connection without a reply")
    reply = json.loads(line)
    if not isinstance(reply, dict):
        raise OSError("unexpected reply")
    return reply
