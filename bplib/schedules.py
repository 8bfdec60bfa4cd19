"""Learning-rate schedules: the learning rate α_t at each integer step t = 0, 1, 2, …

The notes call the learning rate "a very important hyperparameter"; a schedule changes it
as training goes on, large early to make progress and small late to settle.

- ``constant(lr)``:                       α_t = lr
- ``step_decay(lr0, step_size, gamma)``:  α_t = lr0 · γ^⌊t / step_size⌋
- ``exponential_decay(lr0, gamma)``:      α_t = lr0 · γ^t
- ``cosine_decay(lr0, T, lr_min=0.0)``:   α_t = lr_min + ½(lr0 − lr_min)(1 + cos(tπ/T)) for t ≤ T,
                                          lr_min after T (with lr_min = 0, the notes' formula)
- ``warmup_cosine(lr0, warmup, T, lr_min=0.0)``:
                                          α_t = lr0 · t / warmup for t ≤ warmup, then cosine
                                          decay from lr0 to lr_min at t = T

``step_size`` and ``gamma`` are ``torch.optim.lr_scheduler``'s names; ``lr0``, ``T`` and
``lr_min`` are the notes' α₀ and T (torch's ``T_max``, ``eta_min``).

Each function checks its parameters when the schedule is built and returns a ``Schedule``:
a callable ``t -> float`` whose repr reads like the call that built it. Calling it with a
negative or non-integer step is an error.

Explained in chapter 05 (Learning rate).
"""

from __future__ import annotations

import math
from typing import Callable

from ._util import as_int, as_real

__all__ = ["Schedule", "constant", "step_decay", "exponential_decay", "cosine_decay",
           "warmup_cosine"]


class Schedule:
    """A learning rate per step: ``schedule(t)`` is α_t, a Python float, for integer t ≥ 0.

    Built by the functions of this module; the repr is the call that built it.

    Parameters
    ----------
    name : str
        The name of the function that built it, e.g. ``"cosine_decay"``.
    params : dict
        Its arguments, for the repr.
    rate : callable
        t -> α_t.

    Example
    -------
    >>> schedule = cosine_decay(0.1, T=100)
    >>> schedule, schedule(50)
    (cosine_decay(lr0=0.1, T=100, lr_min=0.0), 0.05)

    Explained in chapter 05 (Learning rate).
    """

    def __init__(self, name: str, params: dict, rate: Callable[[int], float]):
        self.name = name
        self.params = dict(params)
        self._rate = rate

    def __call__(self, t: int) -> float:
        t = as_int(t, "t", self.name, low=0)
        return float(self._rate(t))

    def __repr__(self) -> str:
        args = ", ".join(f"{key}={value!r}" for key, value in self.params.items())
        return f"{self.name}({args})"


def _rate(value, name: str, func: str) -> float:
    """A learning rate: a finite real number ≥ 0."""
    return as_real(value, name, func, low=0.0)


def _gamma(value, func: str) -> float:
    """A decay factor γ in (0, 1]."""
    return as_real(value, "gamma", func, low=0.0, low_open=True, high=1.0)


def _lr_min(lr_min, lr0: float, func: str) -> float:
    lr_min = _rate(lr_min, "lr_min", func)
    if lr_min > lr0:
        raise ValueError(f"{func}: lr_min must be <= lr0 = {lr0:g}; got {lr_min:g}")
    return lr_min


def _power(gamma: float, n: int) -> float:
    """γⁿ for an integer n ≥ 0 of any size. (Python turns n into a float, which fails above
    2¹⁰²⁴; from n = 2¹⁰⁰⁰ on γⁿ is 0 for γ < 1, or 1 for γ = 1, so n is capped there.)"""
    return gamma ** min(n, 2 ** 1000)


def _cosine(t: int, lr0: float, T: int, lr_min: float) -> float:
    """½-cosine from lr0 at t = 0 to lr_min at t = T, then lr_min.

    Written as the weighted average c·lr0 + (1 − c)·lr_min, c = ½(1 + cos(tπ/T)), which
    equals lr_min + ½(lr0 − lr_min)(1 + cos(tπ/T)) and gives exactly lr0 at t = 0.
    """
    if t >= T:
        return lr_min
    c = 0.5 * (1.0 + math.cos(t * math.pi / T))
    return c * lr0 + (1.0 - c) * lr_min


def constant(lr: float) -> Schedule:
    """The same learning rate at every step: α_t = lr.

    Parameters
    ----------
    lr : float
        The learning rate, ≥ 0.

    Returns
    -------
    Schedule
        t -> float.

    Example
    -------
    >>> schedule = constant(0.1)
    >>> schedule, schedule(0), schedule(1000)
    (constant(lr=0.1), 0.1, 0.1)

    Explained in chapter 05 (Learning rate).
    """
    lr = _rate(lr, "lr", "constant")
    return Schedule("constant", {"lr": lr}, lambda t: lr)


def step_decay(lr0: float, step_size: int, gamma: float) -> Schedule:
    """Multiply the learning rate by γ every ``step_size`` steps.

    α_t = lr0 · γ^⌊t / step_size⌋.

    Parameters
    ----------
    lr0 : float
        The starting learning rate α₀, ≥ 0.
    step_size : int
        The number of steps between drops, ≥ 1.
    gamma : float
        The factor of each drop, in (0, 1].

    Returns
    -------
    Schedule
        t -> float (torch's ``StepLR``).

    Example
    -------
    >>> schedule = step_decay(0.1, step_size=10, gamma=0.5)
    >>> schedule(9), schedule(10), schedule(25)
    (0.1, 0.05, 0.025)

    Explained in chapter 05 (Learning rate).
    """
    func = "step_decay"
    lr0 = _rate(lr0, "lr0", func)
    step_size = as_int(step_size, "step_size", func, low=1)
    gamma = _gamma(gamma, func)
    return Schedule(func, {"lr0": lr0, "step_size": step_size, "gamma": gamma},
                    lambda t: lr0 * _power(gamma, t // step_size))


def exponential_decay(lr0: float, gamma: float) -> Schedule:
    """Multiply the learning rate by γ at every step: α_t = lr0 · γ^t.

    Parameters
    ----------
    lr0 : float
        The starting learning rate α₀, ≥ 0.
    gamma : float
        The factor per step, in (0, 1].

    Returns
    -------
    Schedule
        t -> float (torch's ``ExponentialLR``).

    Example
    -------
    >>> schedule = exponential_decay(0.1, gamma=0.5)
    >>> schedule(0), schedule(3)
    (0.1, 0.0125)

    Explained in chapter 05 (Learning rate).
    """
    func = "exponential_decay"
    lr0 = _rate(lr0, "lr0", func)
    gamma = _gamma(gamma, func)
    return Schedule(func, {"lr0": lr0, "gamma": gamma}, lambda t: lr0 * _power(gamma, t))


def cosine_decay(lr0: float, T: int, lr_min: float = 0.0) -> Schedule:
    """Half a cosine from lr0 down to lr_min over T steps, then lr_min.

    α_t = lr_min + ½(lr0 − lr_min)(1 + cos(tπ/T)) for t ≤ T, and α_t = lr_min for t > T.
    With lr_min = 0 this is the notes' formula α_t = ½α₀(1 + cos(tπ/T)).

    Parameters
    ----------
    lr0 : float
        The starting learning rate α₀, ≥ 0.
    T : int
        The number of steps of the decay, ≥ 1.
    lr_min : float, default 0.0
        The final learning rate, in [0, lr0].

    Returns
    -------
    Schedule
        t -> float (torch's ``CosineAnnealingLR`` with ``T_max=T``, ``eta_min=lr_min``).

    Example
    -------
    >>> schedule = cosine_decay(0.1, T=100)
    >>> schedule
    cosine_decay(lr0=0.1, T=100, lr_min=0.0)
    >>> schedule(0), schedule(50), schedule(100), schedule(150)
    (0.1, 0.05, 0.0, 0.0)

    Explained in chapter 05 (Learning rate).
    """
    func = "cosine_decay"
    lr0 = _rate(lr0, "lr0", func)
    T = as_int(T, "T", func, low=1)
    lr_min = _lr_min(lr_min, lr0, func)
    return Schedule(func, {"lr0": lr0, "T": T, "lr_min": lr_min},
                    lambda t: _cosine(t, lr0, T, lr_min))


def warmup_cosine(lr0: float, warmup: int, T: int, lr_min: float = 0.0) -> Schedule:
    """Linear warm-up from 0 to lr0 over ``warmup`` steps, then cosine decay to lr_min at T.

    α_t = lr0 · t / warmup for t ≤ warmup; then
    α_t = lr_min + ½(lr0 − lr_min)(1 + cos(π (t − warmup) / (T − warmup))) for warmup < t ≤ T;
    α_t = lr_min after T. Note α_0 = 0 when warmup ≥ 1: the first update does not move.
    With warmup = 0 this is ``cosine_decay(lr0, T, lr_min)``.

    Parameters
    ----------
    lr0 : float
        The peak learning rate, reached at t = warmup, ≥ 0.
    warmup : int
        The number of warm-up steps, in [0, T).
    T : int
        The step at which the decay reaches lr_min, ≥ 1.
    lr_min : float, default 0.0
        The final learning rate, in [0, lr0].

    Returns
    -------
    Schedule
        t -> float.

    Example
    -------
    >>> schedule = warmup_cosine(0.1, warmup=10, T=110)
    >>> schedule(0), schedule(5), schedule(10), schedule(60), schedule(110)
    (0.0, 0.05, 0.1, 0.05, 0.0)

    Explained in chapter 05 (Learning rate).
    """
    func = "warmup_cosine"
    lr0 = _rate(lr0, "lr0", func)
    warmup = as_int(warmup, "warmup", func, low=0)
    T = as_int(T, "T", func, low=1)
    if warmup >= T:
        raise ValueError(
            f"{func}: warmup must be < T = {T} (the warm-up has to end before the decay does); "
            f"got {warmup}")
    lr_min = _lr_min(lr_min, lr0, func)

    def rate(t: int) -> float:
        if t < warmup:
            return lr0 * t / warmup
        return _cosine(t - warmup, lr0, T - warmup, lr_min)

    return Schedule(func, {"lr0": lr0, "warmup": warmup, "T": T, "lr_min": lr_min}, rate)
