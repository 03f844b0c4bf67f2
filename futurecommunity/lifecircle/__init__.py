"""Facilities, street networks, residents and 5-10-15 minute life-circle analyses (N1–N3).

``engine/`` is plain Python + numpy/scipy/numba with no Django import; the Django layer stores
inputs, runs analyses as background jobs and shows results.
"""
