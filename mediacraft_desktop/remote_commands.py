"""What the store owner does with commands from other launches and the CLI (see instance_server)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from mediacraft_desktop.engine import TaskEngine
from mediacraft_desktop.errors import SubmitError
from mediacraft_desktop.task import Task

Handler = Callable[[dict[str, Any]], dict[str, Any]]


def make_handler(engine: TaskEngine, open_paths: Callable[[list[str]], None] | None = None) -> Handler:
    """A handler for InstanceServer; ``open_paths`` shows files in the GUI (None when headless)."""

    def find(prefix: str) -> Task | dict[str, Any]:
        matches = [t for t in engine.tasks() if t.task_id.startswith(prefix)]
        if len(matches) != 1:
            return {"ok": False, "error_code": "not_found" if not matches else "ambiguous",
                    "error": f"no task matches {prefix!r}" if not matches else f"{prefix!r} is ambiguous"}
        return matches[0]

    def handle(payload: dict[str, Any]) -> dict[str, Any]:
        command = payload.get("command")
        if command == "ping":
            return {"ok": True, "pid": os.getpid(), "gui": open_paths is not None}
        if command == "open":
            if open_paths is None:
                return {"ok": False, "error_code": "no_gui", "error": "the running instance has no window"}
            open_paths([str(p) for p in payload.get("paths", [])])
            return {"ok": True}
        if command == "tasks":
            return {"ok": True, "tasks": [t.summary() for t in sorted(engine.tasks(), key=lambda t: t.created_at)]}
        if command == "submit":
            try:
                task_id = engine.submit(payload["task_type"], list(payload["inputs"]), dict(payload["config"]),
                                        output_path=payload.get("output"), output_name=payload.get("output_name"),
                                        priority=int(payload.get("priority", 0)),
                                        keep_refused=bool(payload.get("keep_refused", True)))
            except SubmitError as exc:
                return {"ok": False, "error_code": exc.code, "error": exc.detail}
            task = engine.task(task_id) or Task.from_dict(engine.refused(task_id) or {})  # refused at once: dropped
            return {"ok": True, "task": task.summary()}
        if command == "show" and engine.refused(str(payload.get("task_id", ""))):  # a dropped refused submission
            return {"ok": True, "task": engine.refused(str(payload["task_id"]))}
        if command in ("show", "cancel", "retry", "remove"):
            task = find(str(payload.get("task_id", "")))
            if isinstance(task, dict):
                return task
            if command == "show":
                return {"ok": True, "task": task.to_dict()}
            if command == "remove":
                done = engine.remove(task.task_id, delete_output=bool(payload.get("delete_output")))
            else:
                done = getattr(engine, command)(task.task_id)
            after = engine.task(task.task_id)
            return {"ok": True, "done": done, "task_id": task.task_id,
                    "status": after.status.value if after else "removed"}
        return {"ok": False, "error_code": "unknown_command", "error": f"unknown command {command!r}"}

    return handle
