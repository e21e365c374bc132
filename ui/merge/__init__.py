"""The Merge workspace: a reorderable clip list, a compatibility indicator and submission."""
