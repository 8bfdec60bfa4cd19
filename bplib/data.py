"""Datasets for the chapters: small 2-D toys with a seed, and the digits.

- ``make_blobs``: Gaussian clusters, linearly separable when they are far apart.
- ``make_spirals``: interleaved spirals, which no linear classifier separates.
- ``load_digits``: scikit-learn's bundled 8×8 handwritten digits (1797 images, no download).
- ``train_test_split``: a seeded shuffle and split.

X is float64 of shape (N, D); y holds integer labels of shape (N,).

Explained in chapter 01 (Loss functions); the digits are used in chapter 11 (Capstone).
"""

from __future__ import annotations

import numpy as np

from ._util import as_float_array, as_int, as_real, as_rng

__all__ = ["make_blobs", "make_spirals", "load_digits", "train_test_split"]


def make_blobs(n_per_class: int = 50, n_classes: int = 3, spread: float = 0.6,
               rng=0) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian blobs in 2-D, centres evenly spaced on a circle of radius 2.

    Parameters
    ----------
    n_per_class : int
        Samples per class, at least 1.
    n_classes : int
        The number of classes C, at least 2.
    spread : float
        Standard deviation of each blob, > 0.
    rng : numpy.random.Generator or int
        The random generator, or a seed for one.

    Returns
    -------
    X : ndarray of shape (n_per_class·C, 2)
        The points, float64.
    y : ndarray of shape (n_per_class·C,)
        Their int64 labels, grouped by class.

    Example
    -------
    >>> X, y = make_blobs(n_per_class=4, n_classes=3, rng=0)
    >>> X.shape, y.tolist()
    ((12, 2), [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2])

    Explained in chapter 01 (Loss functions).
    """
    func = "make_blobs"
    n = as_int(n_per_class, "n_per_class", func, low=1)
    C = as_int(n_classes, "n_classes", func, low=2)
    spread = as_real(spread, "spread", func, low=0.0, low_open=True)
    rng = as_rng(rng, "rng", func)
    angles = 2 * np.pi * np.arange(C) / C
    centres = 2.0 * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    X = np.repeat(centres, n, axis=0) + spread * rng.standard_normal((n * C, 2))
    y = np.repeat(np.arange(C), n)
    return X, y


def make_spirals(n_per_class: int = 100, n_classes: int = 3, noise: float = 0.2,
                 rng=0) -> tuple[np.ndarray, np.ndarray]:
    """Interleaved spirals in 2-D (the CS231n toy problem), radius growing from 0 to 1.

    Parameters
    ----------
    n_per_class : int
        Samples per class, at least 2.
    n_classes : int
        The number of classes C (arms of the spiral), at least 2.
    noise : float
        Standard deviation of the angular noise, in radians, ≥ 0.
    rng : numpy.random.Generator or int
        The random generator, or a seed for one.

    Returns
    -------
    X : ndarray of shape (n_per_class·C, 2)
        The points, float64, within the unit disc.
    y : ndarray of shape (n_per_class·C,)
        Their int64 labels, grouped by class.

    Example
    -------
    >>> X, y = make_spirals(n_per_class=5, n_classes=2, rng=0)
    >>> X.shape, float(np.abs(X).max()) <= 1.0
    ((10, 2), True)

    Suggested in chapter 11 (Capstone), whose going-further questions train on it.
    """
    func = "make_spirals"
    n = as_int(n_per_class, "n_per_class", func, low=2)
    C = as_int(n_classes, "n_classes", func, low=2)
    noise = as_real(noise, "noise", func, low=0.0)
    rng = as_rng(rng, "rng", func)
    radius = np.tile(np.linspace(0.0, 1.0, n), C)
    k = np.repeat(np.arange(C), n)
    theta = k * 2 * np.pi / C + 4.0 * radius + noise * rng.standard_normal(n * C)
    X = np.stack([radius * np.sin(theta), radius * np.cos(theta)], axis=1)
    return X, k


def load_digits() -> tuple[np.ndarray, np.ndarray]:
    """The 8×8 handwritten digits bundled with scikit-learn (no download).

    Returns
    -------
    X : ndarray of shape (1797, 64)
        Pixel intensities, float64, scaled from 0..16 to [0, 1]; each row is an 8×8 image
        read row by row.
    y : ndarray of shape (1797,)
        The int64 labels 0..9.

    Example
    -------
    >>> X, y = load_digits()
    >>> X.shape, float(X.max()), sorted(set(y.tolist())) == list(range(10))
    ((1797, 64), 1.0, True)

    Explained in chapter 11 (Capstone).
    """
    # Read scikit-learn's bundled file directly: importing sklearn.datasets costs seconds.
    path = _bundled_digits_path()
    if path is not None:
        table = np.loadtxt(path, delimiter=",")
        return table[:, :-1] / 16.0, table[:, -1].astype(np.int64)
    from sklearn.datasets import load_digits as _sk_load_digits

    bunch = _sk_load_digits()
    return bunch.data.astype(np.float64) / 16.0, bunch.target.astype(np.int64)


def _bundled_digits_path():
    """Where scikit-learn keeps ``digits.csv.gz`` (found without importing sklearn), or None."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("sklearn")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "datasets" / "data" / "digits.csv.gz"
    return path if path.is_file() else None


def train_test_split(X, y, test_size: float = 0.25, rng=0):
    """Shuffle with a seed, then split into a training part and a test part.

    Parameters
    ----------
    X : array_like of shape (N, D)
        The data, one sample per row.
    y : array_like of shape (N,)
        Labels or targets, one per row of ``X``.
    test_size : float or int
        A fraction in (0, 1) of the samples, or an integer count in [1, N).
    rng : numpy.random.Generator or int
        The random generator, or a seed for one.

    Returns
    -------
    X_train : ndarray of shape (N - n_test, D)
        The training rows, in shuffled order.
    X_test : ndarray of shape (n_test, D)
        The test rows.
    y_train : ndarray of shape (N - n_test,)
        The labels of ``X_train``.
    y_test : ndarray of shape (n_test,)
        The labels of ``X_test`` (the order of the four is scikit-learn's).

    Example
    -------
    >>> X, y = make_blobs(n_per_class=10, rng=0)
    >>> X_tr, X_te, y_tr, y_te = train_test_split(X, y, 0.2, rng=0)
    >>> X_tr.shape, X_te.shape
    ((24, 2), (6, 2))

    Explained in chapter 03 (Random search), where a validation split tunes a hyperparameter.
    """
    func = "train_test_split"
    X = as_float_array(X, "X", func, ndim=2)
    y = np.asarray(y)
    if y.ndim != 1 or y.shape[0] != X.shape[0]:
        raise ValueError(
            f"{func}: y must be 1-D with one entry per row of X ({X.shape[0]}); got shape {y.shape}")
    N = X.shape[0]
    if isinstance(test_size, (int, np.integer)) and not isinstance(test_size, bool):
        n_test = as_int(test_size, "test_size", func, low=1)
        if n_test >= N:
            raise ValueError(f"{func}: test_size must be smaller than N = {N}; got {n_test}")
    else:
        frac = as_real(test_size, "test_size", func, low=0.0, high=1.0, low_open=True, high_open=True)
        n_test = int(round(frac * N))
        if not 1 <= n_test < N:
            raise ValueError(
                f"{func}: test_size={frac:g} of N = {N} samples leaves {n_test} test samples; "
                "expected at least one sample on each side")
    order = as_rng(rng, "rng", func).permutation(N)
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]
