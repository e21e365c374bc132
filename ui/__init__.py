"""MediaCraft Desktop's Qt widgets and item models; they talk to the engine's public API only."""
