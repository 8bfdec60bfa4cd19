"""Input checks and short reprs shared by every ``bplib`` module.

Every public function validates its arguments at the call that received them, and the
error names the function, the argument, the value received and what was expected::

    softmax_loss: y has label 7 but W has only 5 classes (columns)

Keeping these helpers in one place keeps the messages uniform across the library.
"""

from __future__ import annotations

import numbers
from typing import Any, Callable

import numpy as np


def describe(value: Any) -> str:
    """A short description of a received value, for error messages.

    Parameters
    ----------
    value : object
        What a function received.

    Returns
    -------
    str
        Its repr (cut at 60 characters), or for an array its entries when there are at most
        six, else its shape and dtype.
    """
    if isinstance(value, np.ndarray):
        if value.size <= 6:
            return f"array {np.array2string(value, precision=4, separator=', ')} (shape {value.shape}, dtype {value.dtype})"
        return f"array of shape {value.shape} and dtype {value.dtype}"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def format_number(v: float) -> str:
    """``0.0312``, ``2.0``, ``1e-07``: four significant digits, always readable as a float.

    Parameters
    ----------
    v : float
        The number.

    Returns
    -------
    str
        The number for a repr; integral values keep a ``.0``.
    """
    text = f"{float(v):.4g}"
    return text + ".0" if text.lstrip("-").isdigit() else text


def format_point(point: Any) -> str:
    """``[0.1, 2.0]`` for up to six entries, ``<array (50,)>`` beyond.

    Parameters
    ----------
    point : array_like or None
        A parameter vector (a search's best point, a path's end).

    Returns
    -------
    str
        The entries as ``format_number`` writes them, or the array's shape.
    """
    if point is None:
        return "None"
    point = np.asarray(point)
    if point.size > 6:
        return f"<array {point.shape}>"
    return "[" + ", ".join(format_number(v) for v in point.ravel()) + "]"


def as_float_array(value: Any, name: str, func: str, ndim: int | None = None,
                   finite: bool = True) -> np.ndarray:
    """Return ``value`` as a float array (float64 unless it already is floating).

    Parameters
    ----------
    value : array_like
        What the caller received; integer and boolean data are cast to float64.
    name : str
        The argument's name, for the message.
    func : str
        The public function that received it, for the message.
    ndim : int, optional
        The number of dimensions required.
    finite : bool
        Reject NaN and infinite entries.

    Returns
    -------
    ndarray
        Floating, not copied when it already was a floating array.

    Raises
    ------
    TypeError
        For non-numeric data.
    ValueError
        For a wrong number of dimensions or a non-finite entry (its index is named).
    """
    try:
        arr = np.asarray(value)
    except Exception as exc:  # ragged lists and the like
        raise TypeError(f"{func}: {name} must be a numeric array; got {describe(value)} ({exc})") from None
    if arr.dtype.kind in "biu":
        arr = arr.astype(np.float64)
    elif arr.dtype.kind != "f":
        raise TypeError(
            f"{func}: {name} must be a numeric array; got {describe(value)} with dtype {arr.dtype}, "
            "expected integers or floats")
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(
            f"{func}: {name} must be {ndim}-D; got shape {arr.shape}, expected {ndim} dimension(s)")
    if finite and not np.all(np.isfinite(arr)):
        bad = np.argwhere(~np.isfinite(arr))[0]
        where = tuple(int(i) for i in bad)
        raise ValueError(
            f"{func}: {name} must be finite; got {arr[where] if where else arr} at index {where}")
    return arr


def as_labels(y: Any, name: str, func: str, n: int | None = None,
              n_classes: int | None = None) -> np.ndarray:
    """Return integer labels as a 1-D int64 array, checked against ``n`` and ``n_classes``.

    Parameters
    ----------
    y : array_like of shape (N,)
        Class labels.
    name : str
        The argument's name, for the message.
    func : str
        The public function that received it, for the message.
    n : int, optional
        The number of samples (rows of X) the labels must match.
    n_classes : int, optional
        C: labels must be in [0, C).

    Returns
    -------
    ndarray of shape (N,)
        The labels as int64.

    Raises
    ------
    TypeError
        For labels that are not integers.
    ValueError
        For a wrong shape, a count that does not match ``n``, or a label out of range.
    """
    arr = np.asarray(y)
    if arr.dtype.kind not in "iu":
        raise TypeError(
            f"{func}: {name} must hold integer class labels; got dtype {arr.dtype} "
            f"({describe(y)}), expected an integer array such as np.array([0, 2, 1])")
    if arr.ndim != 1:
        raise ValueError(f"{func}: {name} must be 1-D (one label per sample); got shape {arr.shape}")
    if n is not None and arr.shape[0] != n:
        raise ValueError(
            f"{func}: {name} has {arr.shape[0]} labels but X has {n} samples (rows); expected one label per row")
    if arr.size and arr.min() < 0:
        raise ValueError(f"{func}: {name} has label {int(arr.min())}; labels must be in [0, C)")
    if n_classes is not None and arr.size and arr.max() >= n_classes:
        raise ValueError(
            f"{func}: {name} has label {int(arr.max())} but W has only {n_classes} classes (columns)")
    return arr.astype(np.int64, copy=False)


def as_real(value: Any, name: str, func: str, *, low: float | None = None,
            high: float | None = None, low_open: bool = False, high_open: bool = False) -> float:
    """Check a real scalar against an interval and return it as a Python float.

    Parameters
    ----------
    value : float
        What the caller received (booleans are refused).
    name : str
        The argument's name, for the message.
    func : str
        The public function that received it, for the message.
    low : float, optional
        The smallest value allowed.
    high : float, optional
        The largest value allowed.
    low_open : bool
        Exclude ``low`` itself (for example ``lr > 0``).
    high_open : bool
        Exclude ``high`` itself.

    Returns
    -------
    float

    Raises
    ------
    TypeError
        For anything but a real number.
    ValueError
        For a non-finite value or one outside the interval.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{func}: {name} must be a real number; got {describe(value)}")
    v = float(value)
    if not np.isfinite(v):
        raise ValueError(f"{func}: {name} must be finite; got {v}")
    if low is not None and (v < low or (low_open and v == low)):
        sign = ">" if low_open else ">="
        raise ValueError(f"{func}: {name} must be {sign} {low:g}; got {v:g}")
    if high is not None and (v > high or (high_open and v == high)):
        sign = "<" if high_open else "<="
        raise ValueError(f"{func}: {name} must be {sign} {high:g}; got {v:g}")
    return v


def as_int(value: Any, name: str, func: str, *, low: int | None = None) -> int:
    """Check an integer (numpy integers included, booleans excluded) and return it.

    Parameters
    ----------
    value : int
        What the caller received.
    name : str
        The argument's name, for the message.
    func : str
        The public function that received it, for the message.
    low : int, optional
        The smallest value allowed.

    Returns
    -------
    int
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{func}: {name} must be an integer; got {describe(value)}")
    v = int(value)
    if low is not None and v < low:
        raise ValueError(f"{func}: {name} must be >= {low}; got {v}")
    return v


def as_choice(value: Any, name: str, func: str, choices: tuple[str, ...]) -> str:
    """Check that ``value`` is one of ``choices``.

    Parameters
    ----------
    value : str
        What the caller received.
    name : str
        The argument's name, for the message.
    func : str
        The public function that received it, for the message.
    choices : tuple of str
        The values allowed.

    Returns
    -------
    str
        ``value``.
    """
    if value not in choices:
        raise ValueError(f"{func}: {name} must be one of {', '.join(map(repr, choices))}; got {value!r}")
    return value


def as_callable(value: Any, name: str, func: str) -> Callable:
    """Check that ``value`` can be called.

    Parameters
    ----------
    value : callable
        What the caller received.
    name : str
        The argument's name, for the message.
    func : str
        The public function that received it, for the message.

    Returns
    -------
    callable
        ``value``.
    """
    if not callable(value):
        raise TypeError(f"{func}: {name} must be callable (a function); got {describe(value)}")
    return value


def as_rng(rng: Any, name: str, func: str) -> np.random.Generator:
    """Accept a ``numpy.random.Generator`` or an int seed; return a Generator.

    Parameters
    ----------
    rng : numpy.random.Generator or int
        What the caller received.
    name : str
        The argument's name, for the message.
    func : str
        The public function that received it, for the message.

    Returns
    -------
    numpy.random.Generator
        ``rng`` itself, or a new generator seeded with it.
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, numbers.Integral) and not isinstance(rng, bool):
        return np.random.default_rng(int(rng))
    raise TypeError(
        f"{func}: {name} must be a numpy.random.Generator or an int seed; got {describe(rng)}")


def as_scalar_result(value: Any, what: str, func: str) -> float:
    """Turn the result of a user's objective into a Python float, or explain why not.

    Parameters
    ----------
    value : object
        What the objective returned.
    what : str
        Names the objective in the message, for example ``"f"``.
    func : str
        The public function that called it, for the message.

    Returns
    -------
    float
    """
    arr = np.asarray(value)
    if arr.size != 1 or arr.dtype.kind not in "biuf":
        raise ValueError(
            f"{func}: {what} must return a real scalar; got {describe(value)}")
    return float(arr.reshape(()))
