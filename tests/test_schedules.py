"""Tests of bplib.schedules: each schedule equals its closed form, and bad input is refused."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bplib.schedules import (Schedule, constant, cosine_decay, exponential_decay, step_decay,
                             warmup_cosine)

rates = st.floats(1e-6, 10.0)
gammas = st.floats(1e-3, 1.0)
steps = st.integers(0, 5000)
close = dict(rel_tol=1e-12, abs_tol=1e-15)


# ----------------------------------------------------------------------------- closed forms

@given(rates, steps)
def test_constant_is_the_same_rate_at_every_step(lr, t):
    assert constant(lr)(t) == lr


@given(rates, st.integers(1, 100), gammas, steps)
def test_step_decay_equals_lr0_gamma_to_the_floor_of_t_over_step_size(lr0, step_size, gamma, t):
    assert math.isclose(step_decay(lr0, step_size, gamma)(t),
                        lr0 * gamma ** math.floor(t / step_size), **close)


@given(rates, gammas, steps)
def test_exponential_decay_equals_lr0_gamma_to_the_t(lr0, gamma, t):
    assert math.isclose(exponential_decay(lr0, gamma)(t), lr0 * gamma ** t, **close)


@given(rates, st.integers(1, 1000), st.data())
def test_cosine_decay_equals_the_notes_formula(lr0, T, data):
    t = data.draw(st.integers(0, T))
    assert math.isclose(cosine_decay(lr0, T)(t), 0.5 * lr0 * (1 + np.cos(t * np.pi / T)), **close)


@given(rates, st.floats(0.0, 1.0), st.integers(1, 1000), st.integers(0, 3000))
def test_cosine_decay_with_lr_min_equals_its_closed_form_and_stays_at_lr_min_after_T(
        lr0, frac, T, t):
    lr_min = frac * lr0
    expected = lr_min + 0.5 * (lr0 - lr_min) * (1 + np.cos(t * np.pi / T)) if t <= T else lr_min
    assert math.isclose(cosine_decay(lr0, T, lr_min)(t), expected, **close)


@given(rates, st.floats(0.0, 1.0), st.integers(1, 200))
def test_cosine_decay_starts_at_lr0_ends_at_lr_min_and_never_increases(lr0, frac, T):
    schedule = cosine_decay(lr0, T, lr_min=frac * lr0)
    values = [schedule(t) for t in range(T + 5)]
    assert values[0] == lr0 and math.isclose(values[T], frac * lr0, **close)
    assert all(b <= a + 1e-15 for a, b in zip(values, values[1:]))


@given(rates, st.floats(0.0, 1.0), st.integers(1, 100), st.integers(1, 500), st.data())
def test_warmup_cosine_equals_its_closed_form(lr0, frac, warmup, length, data):
    T = warmup + length
    lr_min = frac * lr0
    t = data.draw(st.integers(0, T + 50))
    if t <= warmup:
        expected = lr0 * t / warmup
    elif t <= T:
        expected = lr_min + 0.5 * (lr0 - lr_min) * (1 + np.cos(np.pi * (t - warmup) / (T - warmup)))
    else:
        expected = lr_min
    assert math.isclose(warmup_cosine(lr0, warmup, T, lr_min)(t), expected, **close)


def test_warmup_cosine_rises_linearly_then_peaks_at_lr0_at_the_end_of_warmup():
    schedule = warmup_cosine(0.2, warmup=4, T=20)
    assert [schedule(t) for t in range(5)] == [0.0, 0.05, 0.1, 0.15000000000000002, 0.2]
    assert max(schedule(t) for t in range(30)) == 0.2 == schedule(4)


@given(rates, st.integers(1, 300), st.integers(0, 400))
def test_warmup_cosine_without_warmup_is_cosine_decay(lr0, T, t):
    assert warmup_cosine(lr0, 0, T)(t) == cosine_decay(lr0, T)(t)


def test_step_decay_drops_exactly_at_multiples_of_step_size():
    schedule = step_decay(1.0, step_size=3, gamma=0.1)
    assert [schedule(t) for t in range(7)] == [1.0, 1.0, 1.0, 0.1, 0.1, 0.1, 0.1 ** 2]


# ----------------------------------------------------------------------------- types and reprs

ALL_SCHEDULES = [constant(0.1), step_decay(0.1, 10, 0.5), exponential_decay(0.1, 0.9),
                 cosine_decay(0.1, 100), warmup_cosine(0.1, 10, 100)]


@pytest.mark.parametrize("schedule", ALL_SCHEDULES, ids=repr)
def test_schedules_return_python_floats_for_int_and_numpy_int_steps(schedule):
    assert isinstance(schedule, Schedule)
    for t in (0, 7, np.int64(7), np.int32(500)):
        assert type(schedule(t)) is float


def test_schedule_reprs_read_like_the_call_that_built_them():
    assert [repr(s) for s in ALL_SCHEDULES] == [
        "constant(lr=0.1)",
        "step_decay(lr0=0.1, step_size=10, gamma=0.5)",
        "exponential_decay(lr0=0.1, gamma=0.9)",
        "cosine_decay(lr0=0.1, T=100, lr_min=0.0)",
        "warmup_cosine(lr0=0.1, warmup=10, T=100, lr_min=0.0)",
    ]


# ----------------------------------------------------------------------------- bad input

BAD_PARAMETERS = [
    (lambda: constant(-0.1), ValueError, r"constant: lr must be >= 0; got -0.1"),
    (lambda: constant("0.1"), TypeError, r"constant: lr must be a real number; got '0.1'"),
    (lambda: constant(float("nan")), ValueError, r"constant: lr must be finite; got nan"),
    (lambda: step_decay(-1.0, 10, 0.5), ValueError, r"step_decay: lr0 must be >= 0; got -1"),
    (lambda: step_decay(0.1, 0, 0.5), ValueError, r"step_decay: step_size must be >= 1; got 0"),
    (lambda: step_decay(0.1, 2.5, 0.5), TypeError, r"step_decay: step_size must be an integer; got 2.5"),
    (lambda: step_decay(0.1, 10, 0.0), ValueError, r"step_decay: gamma must be > 0; got 0"),
    (lambda: step_decay(0.1, 10, 1.5), ValueError, r"step_decay: gamma must be <= 1; got 1.5"),
    (lambda: exponential_decay(0.1, -0.5), ValueError, r"exponential_decay: gamma must be > 0; got -0.5"),
    (lambda: exponential_decay(0.1, 2), ValueError, r"exponential_decay: gamma must be <= 1; got 2"),
    (lambda: exponential_decay(-0.1, 0.9), ValueError, r"exponential_decay: lr0 must be >= 0; got -0.1"),
    (lambda: cosine_decay(0.1, 0), ValueError, r"cosine_decay: T must be >= 1; got 0"),
    (lambda: cosine_decay(0.1, -10), ValueError, r"cosine_decay: T must be >= 1; got -10"),
    (lambda: cosine_decay(0.1, 100.5), TypeError, r"cosine_decay: T must be an integer; got 100.5"),
    (lambda: cosine_decay(-0.1, 100), ValueError, r"cosine_decay: lr0 must be >= 0; got -0.1"),
    (lambda: cosine_decay(0.1, 100, lr_min=-0.01), ValueError, r"cosine_decay: lr_min must be >= 0; got -0.01"),
    (lambda: cosine_decay(0.1, 100, lr_min=0.2), ValueError,
     r"cosine_decay: lr_min must be <= lr0 = 0.1; got 0.2"),
    (lambda: warmup_cosine(0.1, 100, 100), ValueError, r"warmup_cosine: warmup must be < T = 100.*got 100"),
    (lambda: warmup_cosine(0.1, 150, 100), ValueError, r"warmup_cosine: warmup must be < T = 100.*got 150"),
    (lambda: warmup_cosine(0.1, -1, 100), ValueError, r"warmup_cosine: warmup must be >= 0; got -1"),
    (lambda: warmup_cosine(0.1, 5, 0), ValueError, r"warmup_cosine: T must be >= 1; got 0"),
    (lambda: warmup_cosine(-0.1, 5, 100), ValueError, r"warmup_cosine: lr0 must be >= 0; got -0.1"),
    (lambda: warmup_cosine(0.1, 5, 100, lr_min=1.0), ValueError,
     r"warmup_cosine: lr_min must be <= lr0 = 0.1; got 1"),
]


@pytest.mark.parametrize("build, error, message", BAD_PARAMETERS,
                         ids=[m.split(":")[0] + "-" + str(i) for i, (_, _, m) in enumerate(BAD_PARAMETERS)])
def test_bad_parameters_raise_when_the_schedule_is_built(build, error, message):
    with pytest.raises(error, match=message):
        build()


@pytest.mark.parametrize("schedule", ALL_SCHEDULES, ids=repr)
def test_calling_a_schedule_with_a_negative_step_is_an_error(schedule):
    with pytest.raises(ValueError, match=rf"{schedule.name}: t must be >= 0; got -1"):
        schedule(-1)


@pytest.mark.parametrize("schedule", ALL_SCHEDULES, ids=repr)
@pytest.mark.parametrize("t", [1.5, 2.0, "3", None, True])
def test_calling_a_schedule_with_a_non_integer_step_is_an_error(schedule, t):
    with pytest.raises(TypeError, match=rf"{schedule.name}: t must be an integer; got"):
        schedule(t)


# --- issue 10 -------------------------------------------------------------------------------

@pytest.mark.parametrize("t", [2 ** 1024, 2 ** 5000])
def test_schedules_take_huge_steps(t):   # R17: t ≥ 2¹⁰²⁴ raised OverflowError
    from bplib.schedules import constant, cosine_decay, exponential_decay, step_decay, warmup_cosine
    assert step_decay(0.1, 3, 0.5)(t) == 0.0 and step_decay(0.1, 3, 1.0)(t) == 0.1
    assert exponential_decay(0.1, 0.9)(t) == 0.0 and exponential_decay(0.1, 1.0)(t) == 0.1
    assert cosine_decay(0.1, 10, lr_min=0.01)(t) == 0.01
    assert warmup_cosine(0.1, 2, 10)(t) == 0.0 and constant(0.3)(t) == 0.3
