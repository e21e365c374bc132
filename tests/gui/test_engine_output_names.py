"""The engine's submit is the backstop for output names: nothing a caller passes lands outside its folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from mediacraft_desktop.errors import SubmitError
from mediacraft_desktop.states import TaskStatus
from tests.engine_helpers import input_file, make_engine, wait_until


@pytest.fixture
def engine(qtbot, _private_data_dir: Path):
    engine = make_engine(_private_data_dir)
    engine.start()
    yield engine
    engine.shutdown()


def test_a_name_field_joined_to_a_folder_cannot_climb_out(engine, qtbot, tmp_path: Path) -> None:
    src = input_file(tmp_path, "in.bin")
    out_dir = Path(engine.settings.output_dir)
    typed = "../../x/evil"  # what a name field held, joined to the folder by a caller
    for kwargs in ({"output_path": str(out_dir / typed) + ".txt"}, {"output_name": typed + ".txt"},
                   {"output_name": "sub/evil.txt"}):
        with pytest.raises(SubmitError) as err:
            engine.submit("test_steps", [src], {"steps": 1}, **kwargs)
        assert err.value.code == "output_invalid"
    assert engine.tasks() == [] and not (out_dir.parent.parent / "x").exists()
    task_id = engine.submit("test_steps", [src], {"steps": 1}, output_name="片段 -a.txt")
    wait_until(qtbot, lambda: engine.task(task_id).status is TaskStatus.COMPLETED)
    assert Path(engine.task(task_id).output_path) == out_dir / "片段 -a.txt"
