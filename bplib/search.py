"""Derivative-free search: try points, keep the best score.

Before gradients, the notes optimize by looking: evaluate the loss at many parameter
vectors and keep the lowest. Four ways to choose the points:

- ``grid_search``: every point of a grid, the Cartesian product of one axis per dimension.
- ``random_search``: points drawn uniformly inside box bounds.
- ``simulated_annealing``: a random walk that always accepts a better point and sometimes a
  worse one, less and less often as the temperature falls.
- ``genetic_search``: a population that breeds (selection, crossover, mutation) for a
  number of generations.

All four return a ``SearchResult``. ``history`` holds one ``(point, score)`` pair per
evaluation of ``f``, in evaluation order, so ``len(history) == n_evals`` and best-so-far
curves are ``np.minimum.accumulate([s for _, s in history])``. A NaN or infinite score is
recorded in the history but never becomes the best; when no score is finite, ``best`` is
None, ``best_score`` is ``inf`` and a ``RuntimeWarning`` says so.

``f`` maps a 1-D point of d parameters to a score (lower is better). With ``batched=True``
(grid, random and genetic search) it maps an (M, d) array of M points to M scores, so a
whole grid, sample or generation is evaluated in one vectorized call; the result, history
included, is the same as without batching. ``rng`` is a ``numpy.random.Generator`` or an
int seed; the same seed gives the same result.

Explained in chapter 02 (Grid search) and chapter 03 (Random search).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

from ._util import (as_callable, as_float_array, as_int, as_real, as_rng, as_scalar_result,
                    describe, format_number, format_point)

__all__ = ["SearchResult", "grid_search", "random_search", "simulated_annealing",
           "genetic_search", "MAX_GRID_POINTS"]


# --------------------------------------------------------------------------- the result

@dataclass(repr=False)
class SearchResult:
    """What a search found.

    Attributes
    ----------
    best : ndarray or None
        (d,), the point with the lowest finite score (the first one found on a tie), or None
        when no score was finite.
    best_score : float
        Its score (``inf`` when no score was finite).
    n_evals : int
        The number of evaluations of ``f``.
    history : list of tuple
        ``(point, score)`` pairs, one per evaluation, in evaluation order; each point is a
        (d,) float array, each score a float (possibly NaN or inf).

    Example
    -------
    >>> result = grid_search(lambda w: float(w[0] ** 2), [np.array([-1.0, 0.0, 2.0])])
    >>> result.best, result.best_score, result.n_evals
    (array([0.]), 0.0, 3)

    Explained in chapter 02 (Grid search).
    """

    best: np.ndarray | None
    best_score: float
    n_evals: int
    history: list = field(default_factory=list)

    def __repr__(self) -> str:
        return (f"SearchResult(best={format_point(self.best)}, "
                f"best_score={format_number(self.best_score)}, n_evals={self.n_evals}, "
                f"history=<{len(self.history)} evaluations>)")


# --------------------------------------------------------------------------- shared helpers

def _check_bounds(bounds, func: str, sampled: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Return (lows, highs), each of shape (d,), from a sequence of (low, high) pairs.
    ``sampled``: points are drawn as low + (high − low)·u, so the width must be finite."""
    arr = as_float_array(bounds, "bounds", func)
    if arr.ndim != 2 or arr.shape[1] != 2 or arr.shape[0] == 0:
        raise ValueError(
            f"{func}: bounds must be a sequence of (low, high) pairs, one per dimension, "
            f"such as [(-5, 5), (0, 1)]; got {describe(bounds)} (shape {arr.shape})")
    for i, (low, high) in enumerate(arr):
        if not low < high:
            raise ValueError(
                f"{func}: bounds[{i}] is ({low:g}, {high:g}); expected low < high")
        if sampled and float(high) - float(low) == float("inf"):
            raise ValueError(
                f"{func}: bounds[{i}] is ({low:g}, {high:g}), whose width high − low overflows "
                f"float64 (above {np.finfo(np.float64).max:.3g}); expected narrower bounds")
    return arr[:, 0].copy(), arr[:, 1].copy()


def _score_one(f: Callable, point: np.ndarray, func: str) -> float:
    """f at one (d,) point, as a Python float."""
    return as_scalar_result(f(point.copy()), "f", func)


def _score_batch(f: Callable, points: np.ndarray, func: str) -> np.ndarray:
    """f at M points at once (``batched=True``): an (M, d) array in, M scores out."""
    M = points.shape[0]
    scores = np.asarray(f(points.copy()))
    if scores.dtype.kind not in "biuf":
        raise TypeError(
            f"{func}: f (batched=True) must return {M} real scores; got {describe(scores)}")
    if scores.shape != (M,):
        raise ValueError(
            f"{func}: f (batched=True) must return an array of shape ({M},), one score per row "
            f"of its {points.shape} input; got shape {scores.shape}")
    return scores.astype(np.float64)


def _evaluate(f: Callable, points: np.ndarray, batched: bool, func: str,
              history: list) -> np.ndarray:
    """Score each row of ``points`` (M, d), append the pairs to ``history``; return the scores."""
    if batched:
        scores = _score_batch(f, points, func)
    else:
        scores = np.array([_score_one(f, p, func) for p in points], dtype=np.float64)
    for p, s in zip(points, scores):
        history.append((p.copy(), float(s)))
    return scores


def _result(history: list, func: str) -> SearchResult:
    """Build the result from the history: the lowest finite score wins, the first on a tie."""
    scores = np.array([s for _, s in history], dtype=np.float64)
    finite = np.isfinite(scores)
    if not finite.any():
        warnings.warn(
            f"{func}: none of the {len(history)} scores is finite (all NaN or inf); "
            "best is None and best_score is inf", RuntimeWarning, stacklevel=3)
        return SearchResult(None, float("inf"), len(history), history)
    i = int(np.argmin(np.where(finite, scores, np.inf)))
    return SearchResult(history[i][0].copy(), float(scores[i]), len(history), history)


#: The largest grid ``grid_search`` builds: every point and its score are kept in ``history``
#: (about 200 bytes each), so 10⁷ points already take a couple of gigabytes.
MAX_GRID_POINTS = 10_000_000


def _check_batched(batched, func: str) -> bool:
    if not isinstance(batched, (bool, np.bool_)):
        raise TypeError(f"{func}: batched must be True or False; got {describe(batched)}")
    return bool(batched)


# --------------------------------------------------------------------------- grid search

def grid_search(f: Callable, axes: Sequence, batched: bool = False) -> SearchResult:
    """Evaluate ``f`` at every point of a grid and keep the best.

    The grid is the Cartesian product of ``axes``, visited in the order of nested loops
    over the axes, the last axis changing fastest (``itertools.product`` order), as in the
    notes' pseudocode ``for a in range1: for b in range2: ...``.

    Parameters
    ----------
    f : callable
        (d,) point -> score; or, with ``batched=True``, (M, d) -> (M,) scores.
    axes : sequence of array_like
        d non-empty 1-D arrays, the values to try along each dimension; at most
        ``MAX_GRID_POINTS`` (10⁷) points in all.
    batched : bool, default False
        Evaluate the whole grid in one call ``f(points)``, points of shape (M, d).

    Returns
    -------
    SearchResult
        With ``n_evals`` = the product of the axes' lengths (k^d for d axes of k).

    Example
    -------
    >>> axis = np.linspace(-1.0, 1.0, 5)
    >>> result = grid_search(lambda w: float(np.sum((w - 0.3) ** 2)), [axis, axis])
    >>> result
    SearchResult(best=[0.5, 0.5], best_score=0.08, n_evals=25, history=<25 evaluations>)

    Explained in chapter 02 (Grid search).
    """
    func = "grid_search"
    f = as_callable(f, "f", func)
    batched = _check_batched(batched, func)
    if isinstance(axes, np.ndarray) and axes.ndim == 1:
        raise ValueError(
            f"{func}: axes must be a sequence of 1-D arrays, one per dimension; got a single "
            f"1-D array ({describe(axes)}); for a search in one dimension pass [axis]")
    try:
        axes = list(axes)
    except TypeError:
        raise TypeError(
            f"{func}: axes must be a sequence of 1-D arrays, one per dimension; "
            f"got {describe(axes)}") from None
    if not axes:
        raise ValueError(f"{func}: axes is empty; expected one 1-D array per dimension")
    checked = []
    for i, axis in enumerate(axes):
        axis = as_float_array(axis, f"axes[{i}]", func, ndim=1)
        if axis.size == 0:
            raise ValueError(f"{func}: axes[{i}] is empty; expected at least one value")
        checked.append(axis)
    n_points = 1
    for axis in checked:
        n_points *= axis.size                                # a Python int: never overflows
    if n_points > MAX_GRID_POINTS:
        sizes = [axis.size for axis in checked]
        sizes = (f"{sizes[0]}^{len(sizes)}" if len(set(sizes)) == 1 and len(sizes) > 2
                 else " × ".join(map(str, sizes)))
        raise ValueError(
            f"{func}: the grid has {sizes} = {n_points:.3g} points, more than the "
            f"{MAX_GRID_POINTS:,} a search keeps (every point and score goes into history); "
            "use fewer points per axis or fewer axes (random_search spends a fixed budget in "
            "any number of dimensions)")
    mesh = np.meshgrid(*checked, indexing="ij")            # "ij": the last axis varies fastest
    points = np.stack([m.ravel() for m in mesh], axis=1)  # (k1·k2·…·kd, d)
    history: list = []
    _evaluate(f, points, batched, func, history)
    return _result(history, func)


# --------------------------------------------------------------------------- random search

def random_search(f: Callable, bounds: Sequence, n_iters: int, rng: np.random.Generator | int,
                  batched: bool = False) -> SearchResult:
    """Evaluate ``f`` at ``n_iters`` points drawn uniformly inside ``bounds``; keep the best.

    Parameters
    ----------
    f : callable
        (d,) point -> score; or, with ``batched=True``, (M, d) -> (M,) scores.
    bounds : sequence of tuple
        d ``(low, high)`` pairs of finite numbers with low < high (and a width below 1.8e308).
    n_iters : int
        The number of points (and of evaluations), ≥ 1.
    rng : numpy.random.Generator or int
        A generator or a seed.
    batched : bool, default False
        Evaluate all the points in one call ``f(points)``, points of shape (n_iters, d).

    Returns
    -------
    SearchResult
        With ``n_evals == n_iters``.

    Example
    -------
    >>> result = random_search(lambda w: float(np.sum(w ** 2)), [(-1, 1), (-1, 1)], 100, rng=0)
    >>> result.n_evals, round(result.best_score, 3)
    (100, 0.022)

    Explained in chapter 03 (Random search).
    """
    func = "random_search"
    f = as_callable(f, "f", func)
    lows, highs = _check_bounds(bounds, func, sampled=True)
    n_iters = as_int(n_iters, "n_iters", func, low=1)
    rng = as_rng(rng, "rng", func)
    batched = _check_batched(batched, func)
    points = rng.uniform(lows, highs, size=(n_iters, lows.size))
    history: list = []
    _evaluate(f, points, batched, func, history)
    return _result(history, func)


# --------------------------------------------------------------------------- simulated annealing

_COOLING_FACTOR = 1e-3   # the default schedule cools from T0 to T0 · 1e-3 over the run


def simulated_annealing(f: Callable, x0: Sequence[float] | np.ndarray, n_iters: int,
                        step: float, temperature: float | Callable[[int], float],
                        rng: np.random.Generator | int,
                        bounds: Sequence | None = None) -> SearchResult:
    """A random walk that accepts worse points with a probability that falls as it cools.

    From the current point x (score s), each step proposes x' = x + step · N(0, I) (clipped
    to ``bounds`` if given) and scores it (s'). The walk moves to x' if s' ≤ s, and
    otherwise with the Metropolis probability exp(−(s' − s) / T_t). A non-finite s' is never
    accepted. The result is the best point seen, which need not be where the walk ends.

    Cooling: with a number ``temperature`` = T0 ≥ 0, the default schedule is exponential
    cooling from T0 down to T0 · 10⁻³ over the run, T_t = T0 · (10⁻³)^(t / (n_iters − 1))
    for proposals t = 0, 1, …, n_iters − 2. T0 = 0 gives a greedy walk (only improvements
    are accepted). A callable ``temperature`` is used instead as ``t -> T_t`` (t an int from
    0, so a ``bplib.schedules`` schedule works too); it must return numbers ≥ 0.

    Parameters
    ----------
    f : callable
        (d,) point -> score.
    x0 : array_like
        (d,) starting point (inside ``bounds`` if given); scoring it is evaluation 1.
    n_iters : int
        The total number of evaluations, x0 included, ≥ 1 (so n_iters − 1 proposals).
    step : float
        The standard deviation of the Gaussian proposal, > 0 (the same in every dimension).
    temperature : float or callable
        T0 ≥ 0 for the default cooling schedule, or a callable t -> T_t.
    rng : numpy.random.Generator or int
        A generator or a seed.
    bounds : sequence of tuple, optional
        d ``(low, high)`` pairs; proposals are clipped to them.

    Returns
    -------
    SearchResult
        With ``n_evals == n_iters``; ``history[0]`` is ``(x0, f(x0))``.

    Example
    -------
    >>> sphere = lambda w: float(np.sum(w ** 2))
    >>> result = simulated_annealing(sphere, [2.0, -2.0], 500, step=0.2, temperature=1.0, rng=0)
    >>> result.n_evals, result.best_score < 0.05
    (500, True)

    Explained in chapter 03 (Random search).
    """
    func = "simulated_annealing"
    f = as_callable(f, "f", func)
    x = as_float_array(x0, "x0", func, ndim=1).astype(np.float64)
    if x.size == 0:
        raise ValueError(f"{func}: x0 is empty; expected a 1-D point with at least one entry")
    n_iters = as_int(n_iters, "n_iters", func, low=1)
    step = as_real(step, "step", func, low=0.0, low_open=True)
    if callable(temperature):
        schedule = temperature
    else:
        T0 = as_real(temperature, "temperature", func, low=0.0)
        n_proposals = max(n_iters - 1, 1)

        def schedule(t: int) -> float:
            return T0 * _COOLING_FACTOR ** (t / n_proposals)
    rng = as_rng(rng, "rng", func)
    if bounds is not None:
        lows, highs = _check_bounds(bounds, func)
        if lows.size != x.size:
            raise ValueError(
                f"{func}: bounds has {lows.size} (low, high) pairs but x0 has {x.size} entries; "
                "expected one pair per entry of x0")
        outside = np.flatnonzero((x < lows) | (x > highs))
        if outside.size:
            i = int(outside[0])
            raise ValueError(
                f"{func}: x0[{i}] = {x[i]:g} lies outside bounds[{i}] = "
                f"({lows[i]:g}, {highs[i]:g}); expected a starting point inside the bounds")

    history: list = []
    current = _score_one(f, x, func)
    history.append((x.copy(), current))
    if not np.isfinite(current):
        current = float("inf")           # any finite proposal is an improvement
    for t in range(n_iters - 1):
        T = as_real(schedule(t), f"temperature({t})", func, low=0.0)
        candidate = x + step * rng.standard_normal(x.size)
        if bounds is not None:
            candidate = np.clip(candidate, lows, highs)
        u = rng.random()                  # drawn every step, so the stream does not depend on f
        score = _score_one(f, candidate, func)
        history.append((candidate.copy(), score))
        if np.isfinite(score) and (score <= current
                                   or (T > 0 and u < np.exp(-(score - current) / T))):
            x, current = candidate, score
    return _result(history, func)


# --------------------------------------------------------------------------- genetic search

_TOURNAMENT_SIZE = 2     # selection: the better of 2 random members becomes a parent
_BLEND_ALPHA = 0.5       # crossover: BLX-0.5
_MUTATION_SCALE = 0.1    # mutation: Gaussian noise with sd = 0.1 × (high − low) ...
_MUTATION_RATE = 0.5     # ... added to each coordinate with probability 0.5


def _rank_key(scores: np.ndarray) -> np.ndarray:
    """Scores for ranking: NaN and inf rank last."""
    return np.where(np.isfinite(scores), scores, np.inf)


def _breed(parents: np.ndarray, key: np.ndarray, rng: np.random.Generator,
           lows: np.ndarray, highs: np.ndarray) -> np.ndarray:
    """One generation of children (p, d) from the parents (p, d) and their rank keys (p,)."""
    p, d = parents.shape
    # Tournament selection: each child has two parents, each the best of a few random members.
    entrants = rng.integers(0, p, size=(2, p, _TOURNAMENT_SIZE))
    winners = np.take_along_axis(entrants, np.argmin(key[entrants], axis=-1)[..., None], -1)[..., 0]
    mom, dad = parents[winners[0]], parents[winners[1]]
    # Blend crossover (BLX-α): each coordinate uniform on the parents' interval, widened by α
    # times its length on both sides.
    u = rng.uniform(-_BLEND_ALPHA, 1.0 + _BLEND_ALPHA, size=(p, d))
    children = mom + u * (dad - mom)
    # Gaussian mutation of some coordinates, then clipping back into the bounds.
    mutate = rng.random((p, d)) < _MUTATION_RATE
    noise = rng.standard_normal((p, d)) * (_MUTATION_SCALE * (highs - lows))
    children = children + mutate * noise
    return np.clip(children, lows, highs)


def genetic_search(f: Callable, bounds: Sequence, population: int, generations: int,
                   rng: np.random.Generator | int, batched: bool = False) -> SearchResult:
    """A genetic algorithm: a population of points that breeds for a number of generations.

    The first generation is ``population`` points drawn uniformly inside ``bounds``. Each
    later generation is ``population`` children of the current parents, made by three
    standard operators:

    - selection: tournament of size 2 — each parent is the better of two members drawn at
      random from the parents;
    - crossover: blend crossover BLX-0.5 — each coordinate of the child is drawn uniformly
      on the interval between the two parents' coordinates, widened by half its length on
      each side;
    - mutation: each coordinate, with probability 0.5, gets Gaussian noise of standard
      deviation 0.1 × (high − low); children are then clipped into ``bounds``.

    The parents of the next generation are the best ``population`` points among the current
    parents and their children, (μ + λ) survival: it is elitist, so the best point found is
    never lost, and every generation costs exactly ``population`` new evaluations.
    NaN and infinite scores rank last.

    Parameters
    ----------
    f : callable
        (d,) point -> score; or, with ``batched=True``, (M, d) -> (M,) scores.
    bounds : sequence of tuple
        d ``(low, high)`` pairs of finite numbers with low < high (and a width below 1.8e308).
    population : int
        The number of points per generation, ≥ 2.
    generations : int
        The number of generations, ≥ 1 (the initial population is the first).
    rng : numpy.random.Generator or int
        A generator or a seed.
    batched : bool, default False
        Evaluate each generation in one call ``f(points)``, points of shape (population, d).

    Returns
    -------
    SearchResult
        With ``n_evals == population * generations``; the history lists the generations one
        after the other.

    Example
    -------
    >>> sphere = lambda w: float(np.sum(w ** 2))
    >>> result = genetic_search(sphere, [(-5, 5)] * 3, population=20, generations=25, rng=0)
    >>> result.n_evals, result.best_score < 0.1
    (500, True)

    Explained in chapter 03 (Random search).
    """
    func = "genetic_search"
    f = as_callable(f, "f", func)
    lows, highs = _check_bounds(bounds, func, sampled=True)
    population = as_int(population, "population", func, low=2)
    generations = as_int(generations, "generations", func, low=1)
    rng = as_rng(rng, "rng", func)
    batched = _check_batched(batched, func)

    history: list = []
    children = rng.uniform(lows, highs, size=(population, lows.size))
    parents = np.empty((0, lows.size))
    parent_scores = np.empty(0)
    for generation in range(generations):
        scores = _evaluate(f, children, batched, func, history)
        pool = np.concatenate([parents, children])
        pool_scores = np.concatenate([parent_scores, scores])
        survivors = np.argsort(_rank_key(pool_scores), kind="stable")[:population]
        parents, parent_scores = pool[survivors], pool_scores[survivors]
        if generation < generations - 1:
            children = _breed(parents, _rank_key(parent_scores), rng, lows, highs)
    return _result(history, func)
