"""The single-instance command channel: token check, replies from the owner's thread."""

from __future__ import annotations

import json
import socket
import threading
from pathlib import Path

from mediacraft_desktop.instance_server import FILE_NAME, InstanceServer, send_command


def test_commands_run_on_the_owner_thread(qtbot, tmp_path: Path) -> None:
    seen = []

    def handler(payload):
        seen.append((payload, threading.current_thread() is threading.main_thread()))
        return {"ok": True, "echo": payload["x"]}

    server = InstanceServer(tmp_path, handler)
    try:
        info = json.loads((tmp_path / FILE_NAME).read_text())
        assert (tmp_path / FILE_NAME).stat().st_mode & 0o077 == 0
        result = {}
        thread = threading.Thread(target=lambda: result.update(send_command(tmp_path, {"x": "片段"})))
        thread.start()
        qtbot.waitUntil(lambda: not thread.is_alive(), timeout=5000)
        assert result == {"ok": True, "echo": "片段"}
        assert seen == [({"x": "片段"}, True)]
        with socket.create_connection(("127.0.0.1", info["port"]), timeout=5) as conn:
            conn.sendall(b'{"token": "wrong", "x": 1}\n')
            assert json.loads(conn.makefile().readline()) == {"ok": False, "error": "bad token"}
        assert len(seen) == 1
    finally:
        server.close()
    assert not (tmp_path / FILE_NAME).exists()


def test_an_owner_that_hangs_up_without_a_reply_is_an_oserror(tmp_path: Path) -> None:
    """A quitting owner closes connections unanswered: callers must fall back, not read an empty reply."""
    import pytest

    listener = socket.create_server(("127.0.0.1", 0))
    (tmp_path / FILE_NAME).write_text(json.dumps({"port": listener.getsockname()[1], "token": "t"}))

    def hang_up() -> None:
        conn, _ = listener.accept()
        conn.recv(1024)
        conn.close()

    thread = threading.Thread(target=hang_up)
    thread.start()
    try:
        with pytest.raises(OSError, match="without a reply"):
            send_command(tmp_path, {"command": "show"}, timeout_s=5)
    finally:
        thread.join(5)
        listener.close()
