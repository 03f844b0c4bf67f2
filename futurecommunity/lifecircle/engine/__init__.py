"""Walking-accessibility engine for the 5-10-15-minute life circle.

Pure Python + numpy/scipy + numba kernels; it imports nothing from Django so that it can be
tested, benchmarked and reused on its own. The Django layer (``futurecommunity.lifecircle``)
feeds it arrays and stores what it returns.
"""
