"""Entry point: ``mediacraft`` with no command starts the GUI, otherwise the CLI."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or all(not a.startswith("-") and _is_file(a) for a in args):
        from ui.app import run_gui  # the only place the core touches ui (lazily)

        return run_gui(args)
    from mediacraft_desktop.cli import main as cli_main

    return cli_main(args)


def _is_file(arg: str) -> bool:
    import os

    return os.path.isfile(arg)


if __name__ == "__main__":
    sys.exit(main())
