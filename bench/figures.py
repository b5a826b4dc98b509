"""How the benchmarks print a set of timings: median, p95 and the extremes."""

from __future__ import annotations

import statistics


def spread(ms: list[float], digits: int = 1) -> str:
    ordered = sorted(ms)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return (
        f"median {statistics.median(ordered):.{digits}f} ms, p95 {p95:.{digits}f} ms, "
        f"min {ordered[0]:.{digits}f}, max {ordered[-1]:.{digits}f} (n={len(ordered)})"
    )
