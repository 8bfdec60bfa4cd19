"""Shared helpers of the benchmarks: what machine this is, and interleaved timing.

The machine the book is built on is shared and noisy, so every benchmark

- runs its candidates in interleaved blocks, taking all their orders in turn (A B C, A C B,
  B A C, ...), so that a slow spell of the machine hits all of them alike and each candidate
  follows each other one equally often;
- reports the median of the per-block times, and for a ratio the median and the interquartile
  range (IQR) of the per-round ratios (each round's A / B, measured seconds apart).
"""

from __future__ import annotations

import itertools
import os
import platform
import statistics
import sys
import time
from typing import Callable, Sequence


def cpu_model() -> str:
    """The CPU's model name, from /proc/cpuinfo (Linux), else platform.processor()."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def blas_info() -> list[str]:
    """One line per native thread pool threadpoolctl sees (BLAS, OpenMP), or a note if absent."""
    try:
        import threadpoolctl
    except ImportError:
        return ["threadpoolctl not installed: BLAS unknown"]
    lines = []
    for p in threadpoolctl.threadpool_info():
        arch = p.get("architecture") or p.get("corettype") or "-"
        lines.append(f"{p['user_api']}: {p['internal_api']} {p.get('version') or '?'}, "
                     f"architecture {arch}, {p['num_threads']} threads ({os.path.basename(p['filepath'])})")
    return lines or ["no native thread pool found"]


def print_machine(torch_module=None) -> None:
    """Print the machine, Python, numpy, BLAS and the OpenBLAS variables that change its speed."""
    import numpy as np
    print(f"date      : {time.strftime('%Y-%m-%d %H:%M')}")
    print(f"machine   : {cpu_model()}, {os.cpu_count()} logical CPUs, load average "
          f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"python    : {platform.python_version()} ({platform.python_implementation()})")
    print(f"numpy     : {np.__version__}")
    for line in blas_info():
        print(f"  {line}")
    if torch_module is not None:
        print(f"torch     : {torch_module.__version__} (CPU)")
    for var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        value = os.environ.get(var)
        print(f"  {var}={value}" if value is not None else f"  {var} unset")


def steady_malloc() -> str:
    """Fix glibc's malloc thresholds, so that timings do not depend on the allocator's history.

    By default glibc serves a request of 128 KiB or more (a 128×128 float64 array is exactly
    that) with a fresh mmap, and returns the free top of its heap to the system; both
    thresholds move as the program allocates and frees. Depending on what ran before, every
    step can then pay for new pages (measured here: ~90 page faults per digits-size step, twice
    the time, for numpy and bplib alike). Fixing them, for the whole process and so for every
    candidate, removes that history dependence. Returns what was done, for the printout.
    """
    import ctypes
    import ctypes.util
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return "malloc thresholds left as they are (not glibc)"
    M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
    ok = mallopt(M_MMAP_THRESHOLD, 32 * 2**20) and mallopt(M_TRIM_THRESHOLD, 2**30)
    return ("glibc malloc: mmap threshold 32 MiB, trim threshold 1 GiB (fixed)" if ok
            else "glibc mallopt failed: malloc thresholds left as they are")


def minor_faults() -> int:
    """Minor page faults of this process so far (0 where unknown)."""
    try:
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    except ImportError:
        return 0


def import_torch():
    """PyTorch if it can be imported, else None (it is optional: not a project requirement)."""
    try:
        import torch
    except ImportError:
        return None
    return torch


def interleaved(candidates: dict[str, Callable[[], None]], repeats: int, rounds: int,
                warmup: int = 2, settle: float = 0.0) -> dict[str, list[float]]:
    """Seconds per call of each candidate, one value per block of ``repeats`` calls.

    Round r runs one block of every candidate, in the r-th of all their orders (cyclically:
    for A, B that is A B, B A, A B, ...), so that each candidate follows each other one
    equally often. Each block starts with one untimed call, so that it does not pay for the
    caches the previous candidate left cold; ``settle`` seconds of sleep before each block let
    the previous candidate's idle BLAS/OpenMP threads stop spinning (they would compete for
    the cores).
    """
    names = list(candidates)
    orders = list(itertools.permutations(names))
    for _ in range(warmup):
        for name in names:
            for _ in range(repeats):
                candidates[name]()
    times: dict[str, list[float]] = {name: [] for name in names}
    clock = time.perf_counter
    for r in range(rounds):
        for name in orders[r % len(orders)]:
            f = candidates[name]
            if settle:
                time.sleep(settle)
            f()
            start = clock()
            for _ in range(repeats):
                f()
            times[name].append((clock() - start) / repeats)
    return times


def quartiles(values: Sequence[float]) -> tuple[float, float, float]:
    """(25th percentile, median, 75th percentile)."""
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q2, q3


def ratio_summary(times_a: Sequence[float], times_b: Sequence[float]) -> tuple[float, float, float]:
    """Median and IQR (q1, q3) of the per-round ratios a / b."""
    ratios = [a / b for a, b in zip(times_a, times_b)]
    q1, q2, q3 = quartiles(ratios)
    return q2, q1, q3


def calibrate(f: Callable[[], None], seconds: float) -> int:
    """How many calls of ``f`` take about ``seconds`` (at least 1), from the fastest of a few."""
    f()
    once = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        f()
        once = min(once, time.perf_counter() - start)
    return max(1, round(seconds / max(once, 1e-7)))


def flush() -> None:
    sys.stdout.flush()
