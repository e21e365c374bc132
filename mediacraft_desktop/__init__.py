"""MediaCraft Desktop application core: task model, job engine, settings, CLI (QtCore only)."""

__version__ = "0.1.0"
