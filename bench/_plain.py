"""The "lower bound" row: a plain single-thread numba multi-source Dijkstra.

No generality the engine needs (snap distances, origins other than nodes, strided
outputs, thread pool): binary heap with lazy deletion in preallocated arrays, one
multi-source search per type for the nearest facility, one bounded search per facility for
the counts, counts accumulated per node directly. It answers the benchmark's task only
(origins = every node, facilities on nodes) and is what the engine's per-core speed is
measured against.
"""

from __future__ import annotations

import numba as nb
import numpy as np


@nb.njit(cache=True)
def _push(keys, vals, size, key, val):  # type: ignore[no-untyped-def]
    pos = size
    while pos > 0:
        parent = (pos - 1) >> 1
        if keys[parent] <= key:
            break
        keys[pos] = keys[parent]
        vals[pos] = vals[parent]
        pos = parent
    keys[pos] = key
    vals[pos] = val
    return size + 1


@nb.njit(cache=True)
def _pop(keys, vals, size):  # type: ignore[no-untyped-def]
    top_key, top_val = keys[0], vals[0]
    size -= 1
    key, val = keys[size], vals[size]
    pos = 0
    while True:
        child = 2 * pos + 1
        if child >= size:
            break
        if child + 1 < size and keys[child + 1] < keys[child]:
            child += 1
        if keys[child] >= key:
            break
        keys[pos] = keys[child]
        vals[pos] = vals[child]
        pos = child
    if size > 0:
        keys[pos] = key
        vals[pos] = val
    return top_key, top_val, size


@nb.njit(cache=True)
def plain_task(indptr, indices, weights, fac_node, fac_type, n_types, radii, cap):  # type: ignore[no-untyped-def]
    n = indptr.shape[0] - 1
    n_radii = radii.shape[0]
    limit = radii[n_radii - 1]
    nearest = np.full((n, n_types), np.inf)
    counts = np.zeros((n, n_types, n_radii), np.int64)
    dist = np.full(n, np.inf)
    keys = np.empty(indices.shape[0] + fac_node.shape[0] + 1, np.float64)
    vals = np.empty(keys.shape[0], np.int64)
    touched = np.empty(n, np.int64)
    for t in range(n_types):  # nearest: one multi-source search per type
        size = 0
        n_touched = 0
        for i in range(fac_node.shape[0]):
            if fac_type[i] == t and dist[fac_node[i]] > 0.0:
                if dist[fac_node[i]] == np.inf:
                    touched[n_touched] = fac_node[i]
                    n_touched += 1
                dist[fac_node[i]] = 0.0
                size = _push(keys, vals, size, 0.0, fac_node[i])
        while size > 0:
            d, node, size = _pop(keys, vals, size)
            if d > dist[node]:
                continue
            nearest[node, t] = d
            for k in range(indptr[node], indptr[node + 1]):
                nbr = indices[k]
                nd = d + weights[k]
                if nd <= cap and nd < dist[nbr]:
                    if dist[nbr] == np.inf:
                        touched[n_touched] = nbr
                        n_touched += 1
                    dist[nbr] = nd
                    size = _push(keys, vals, size, nd, nbr)
        for j in range(n_touched):
            dist[touched[j]] = np.inf
    for i in range(fac_node.shape[0]):  # counts: one bounded search per facility
        t = fac_type[i]
        size = _push(keys, vals, 0, 0.0, fac_node[i])
        dist[fac_node[i]] = 0.0
        touched[0] = fac_node[i]
        n_touched = 1
        while size > 0:
            d, node, size = _pop(keys, vals, size)
            if d > dist[node]:
                continue
            for r in range(n_radii):
                if d <= radii[r]:
                    counts[node, t, r] += 1
            for k in range(indptr[node], indptr[node + 1]):
                nbr = indices[k]
                nd = d + weights[k]
                if nd <= limit and nd < dist[nbr]:
                    if dist[nbr] == np.inf:
                        touched[n_touched] = nbr
                        n_touched += 1
                    dist[nbr] = nd
                    size = _push(keys, vals, size, nd, nbr)
        for j in range(n_touched):
            dist[touched[j]] = np.inf
    return nearest, counts
