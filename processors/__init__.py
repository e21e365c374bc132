"""Media work as plain Python libraries: ffmpeg location, probing, watermark removal, merging.

Nothing here imports Qt or the application core; every processor follows the contract in
``processors.contract``.
"""
