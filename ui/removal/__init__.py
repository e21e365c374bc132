"""The "Remove watermark" workspace: frame viewer, region editing, preview and output options."""
