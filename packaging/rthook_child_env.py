"""PyInstaller runtime hook: give child processes (ffmpeg, xdg-open, file managers) the user's environment.

The bootloader prepends the bundle's library folder to ``LD_LIBRARY_PATH`` (the original is kept in
``LD_LIBRARY_PATH_ORIG``). Our own process has already resolved its libraries, so restoring the variable
here only affects children: a system ``/usr/bin/ffmpeg`` then loads the system's libraries, not ours.
"""

import os

for _name in ("LD_LIBRARY_PATH",):
    _orig = os.environ.pop(f"{_name}_ORIG", None)
    if _orig is not None:
        os.environ[_name] = _orig
    else:
        os.environ.pop(_name, None)
