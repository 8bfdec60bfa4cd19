"""The mechanism every exercise check uses: run the learner's code, compare, explain.

``check_function`` calls the learner's function on a list of inputs and compares each result
with a reference; ``check_value`` compares one value. Both print one line starting with ✓ or
✗ (and on failure the first wrong value and a hint), never raise, and return a bool.
"""

from __future__ import annotations

import traceback
from typing import Any, Callable, Sequence

import numpy as np


def fmt(x: Any) -> str:
    """A value, shortly: 6 significant digits, small arrays in full, large ones by shape."""
    if isinstance(x, (float, np.floating)):
        return f"{float(x):.6g}"
    if isinstance(x, np.ndarray):
        if x.size <= 8:
            return np.array2string(x, precision=5, separator=", ", suppress_small=True)
        return f"array of shape {x.shape}"
    text = repr(x)
    return text if len(text) <= 80 else text[:77] + "..."


def fail(title: str, why: str, hint: str | None) -> bool:
    """Print a ✗ line (and the hint) and return False: for checks that compare by hand."""
    print(f"✗ {title}: {why}")
    if hint:
        print(f"  Hint: {hint}")
    return False


def compare(got: Any, expected: Any, rtol: float = 1e-6, atol: float = 1e-9) -> str | None:
    """Return None when ``got`` matches ``expected``, else a sentence saying where it differs."""
    if got is None and expected is not None:
        return "it returned None (is a `return` missing, or is the `...` placeholder still there?)"
    if isinstance(expected, tuple):
        if not isinstance(got, tuple) or len(got) != len(expected):
            return f"expected a tuple of {len(expected)} values, got {fmt(got)}"
        for k, (g, e) in enumerate(zip(got, expected)):
            why = compare(g, e, rtol, atol)
            if why:
                return f"in item {k} of the result: {why}"
        return None
    if isinstance(expected, (bool, np.bool_)):
        return None if bool(got) == bool(expected) else f"got {got!r}, expected {expected!r}"
    try:
        g = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return f"expected a number or an array, got {fmt(got)}"
    e = np.asarray(expected, dtype=float)
    if g.shape != e.shape:
        return f"the result has shape {g.shape}, expected shape {e.shape}"
    close = np.isclose(g, e, rtol=rtol, atol=atol) | (np.isnan(g) & np.isnan(e))
    if close.all():
        return None
    idx = tuple(int(i) for i in np.argwhere(~close)[0])
    where = f" at index {idx}" if idx else ""
    return f"got {fmt(g[idx])}{where}, expected {fmt(e[idx])}"


def check_function(title: str, fn: Callable, cases: Sequence[tuple], reference: Callable,
                   hint: str | None = None, rtol: float = 1e-6, atol: float = 1e-9,
                   describe: Callable[[tuple], str] | None = None) -> bool:
    """Call ``fn(*case)`` and ``reference(*case)`` for each case and compare.

    Prints ``✓ title: passed on N inputs`` or ``✗ title: <what went wrong> <on which input>``
    followed by the hint; returns whether every case passed. Copies of array arguments are
    passed, so a function that modifies its inputs does not spoil the reference.
    """
    if not callable(fn):
        return fail(title, f"expected a function, got {fmt(fn)}", hint)
    for k, case in enumerate(cases):
        label = describe(case) if describe else f"input {k + 1} of {len(cases)}"
        expected = reference(*[np.copy(a) if isinstance(a, np.ndarray) else a for a in case])
        try:
            got = fn(*[np.copy(a) if isinstance(a, np.ndarray) else a for a in case])
        except Exception as exc:  # the learner's code may raise anything
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            code = (frame.line or "").strip()
            where = f" (line {frame.lineno}: `{code}`)" if code else ""
            return fail(title, f"your function raised {type(exc).__name__}: {exc}{where} on {label}", hint)
        why = compare(got, expected, rtol, atol)
        if why:
            return fail(title, f"{why} on {label}", hint)
    print(f"✓ {title}: passed on {len(cases)} inputs.")
    return True


def check_value(title: str, got: Any, expected: Any, hint: str | None = None,
                rtol: float = 1e-6, atol: float = 1e-9) -> bool:
    """Compare one value with the expected one; print ✓ or ✗ with the first difference."""
    why = compare(got, expected, rtol, atol)
    if why:
        return fail(title, why, hint)
    print(f"✓ {title}: passed.")
    return True
