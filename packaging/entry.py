"""PyInstaller entry script for the frozen MediaCraft bundle: the same ``main`` as the ``mediacraft`` script."""

import sys

from mediacraft_desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
