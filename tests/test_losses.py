"""bplib.losses: values against plain loops, gradients against numerical ones, stability,
reductions, the notes' all-j hinge, and clear errors on bad input."""

import numpy as np
import pytest
from hypothesis import given, strategies as st

from bplib.gradients import numerical_gradient, rel_error
from bplib.losses import l2_linear_loss, softmax_loss, svm_loss


def softmax_loss_loop(W, X, y, reg):
    """The notes' formula, one sample and one class at a time (sum reduction)."""
    total = 0.0
    for i in range(X.shape[0]):
        s = [sum(X[i, d] * W[d, k] for d in range(W.shape[0])) for k in range(W.shape[1])]
        total += -np.log(np.exp(s[y[i]]) / sum(np.exp(sk) for sk in s))
    return reg * np.sum(W ** 2) + total


def svm_loss_loop(W, X, y, reg, margin=1.0, include_true_class=False):
    total = 0.0
    for i in range(X.shape[0]):
        s = X[i] @ W
        for j in range(W.shape[1]):
            if j == y[i] and not include_true_class:
                continue
            total += max(0.0, s[j] - s[y[i]] + margin)
    return reg * np.sum(W ** 2) + total


def problem(seed, N=6, D=4, C=3, scale=1.0):
    rng = np.random.default_rng(seed)
    return (scale * rng.standard_normal((D, C)), rng.standard_normal((N, D)),
            rng.integers(0, C, N))


@given(seed=st.integers(0, 10_000), reg=st.floats(0.0, 2.0))
def test_softmax_sum_matches_the_notes_formula_loop(seed, reg):
    W, X, y = problem(seed)
    loss, _ = softmax_loss(W, X, y, reg=reg, reduction="sum")
    assert loss == pytest.approx(softmax_loss_loop(W, X, y, reg), rel=1e-10)


@given(seed=st.integers(0, 10_000), reg=st.floats(0.0, 2.0), margin=st.floats(0.1, 3.0))
def test_svm_sum_matches_loop_over_wrong_classes(seed, reg, margin):
    W, X, y = problem(seed)
    loss, _ = svm_loss(W, X, y, reg=reg, margin=margin, reduction="sum")
    assert loss == pytest.approx(svm_loss_loop(W, X, y, reg, margin), rel=1e-10, abs=1e-12)


@given(seed=st.integers(0, 10_000), margin=st.floats(0.1, 3.0))
def test_notes_all_j_hinge_adds_exactly_n_times_margin_under_sum(seed, margin):
    W, X, y = problem(seed)
    standard, _ = svm_loss(W, X, y, margin=margin, reduction="sum")
    notes = svm_loss_loop(W, X, y, 0.0, margin, include_true_class=True)
    assert notes - standard == pytest.approx(X.shape[0] * margin, rel=1e-10)


@pytest.mark.parametrize("reduction", ["mean", "sum"])
@pytest.mark.parametrize("loss_fn", [softmax_loss, svm_loss])
def test_gradient_matches_numerical_gradient(loss_fn, reduction):
    W, X, y = problem(3, N=8, D=5, C=4)
    _, dW = loss_fn(W, X, y, reg=0.3, reduction=reduction)
    numeric = numerical_gradient(lambda w: loss_fn(w, X, y, reg=0.3, reduction=reduction)[0], W)
    assert rel_error(dW, numeric) < 1e-6


def test_l2_linear_gradient_matches_numerical_and_notes_formula():
    rng = np.random.default_rng(0)
    X, y, w = rng.standard_normal((10, 3)), rng.standard_normal(10), rng.standard_normal(3)
    loss, dw = l2_linear_loss(w, X, y, reg=0.5)
    notes_loss = 0.5 * w @ w + sum((y[i] - w @ X[i]) ** 2 for i in range(10))
    notes_grad = 2 * 0.5 * w - sum(2 * (y[i] - w @ X[i]) * X[i] for i in range(10))
    assert loss == pytest.approx(notes_loss)
    np.testing.assert_allclose(dw, notes_grad, rtol=1e-12)
    assert rel_error(dw, numerical_gradient(lambda v: l2_linear_loss(v, X, y, 0.5)[0], w)) < 1e-7


@pytest.mark.parametrize("loss_fn", [softmax_loss, svm_loss])
def test_mean_is_sum_over_n_and_regularizer_is_not_divided(loss_fn):
    W, X, y = problem(1, N=7)
    s, ds = loss_fn(W, X, y, reg=0.0, reduction="sum")
    m, dm = loss_fn(W, X, y, reg=0.0, reduction="mean")
    assert m == pytest.approx(s / 7)
    np.testing.assert_allclose(dm, ds / 7)
    reg_term = 0.25 * np.sum(W ** 2)
    assert loss_fn(W, X, y, reg=0.25, reduction="mean")[0] == pytest.approx(m + reg_term)
    assert loss_fn(W, X, y, reg=0.25, reduction="sum")[0] == pytest.approx(s + reg_term)


def test_scores_of_1e3_give_finite_loss_and_gradient():
    X = np.array([[1.0, 0.0], [0.0, 1.0]])
    W = np.array([[1000.0, -1000.0, 0.0], [0.0, 1000.0, 999.0]])
    y = np.array([1, 2])
    loss, dW = softmax_loss(W, X, y)
    assert np.isfinite(loss) and np.all(np.isfinite(dW))
    # sample 0 has score gap 2000 against its label (loss 2000); sample 1 gap 1 (log(1 + e))
    assert loss == pytest.approx((2000.0 + np.log1p(np.e)) / 2, rel=1e-12)


def test_integer_inputs_are_cast_to_float64():
    loss, dW = softmax_loss(np.zeros((2, 3), dtype=int), np.array([[1, 2]]), np.array([0]))
    assert dW.dtype == np.float64 and loss == pytest.approx(np.log(3))


def test_losses_return_python_floats():
    W, X, y = problem(0)
    assert type(softmax_loss(W, X, y)[0]) is float
    assert type(svm_loss(W, X, y)[0]) is float
    assert type(l2_linear_loss(W[:, 0], X, X[:, 0])[0]) is float


@pytest.mark.parametrize("loss_fn", [softmax_loss, svm_loss])
@pytest.mark.parametrize("bad_y, exc, pattern", [
    (np.array([0, 1, 7, 0, 1, 2]), ValueError, r"y has label 7 but W has only 3 classes"),
    (np.array([0, 1, -1, 0, 1, 2]), ValueError, r"y has label -1"),
    (np.array([0.0, 1.0, 2.0, 0.0, 1.0, 2.0]), TypeError, r"y must hold integer class labels; got dtype float64"),
    (np.array([0, 1, 2]), ValueError, r"y has 3 labels but X has 6 samples"),
])
def test_bad_labels_are_named_with_value_and_expectation(loss_fn, bad_y, exc, pattern):
    W, X, _ = problem(0)
    with pytest.raises(exc, match=pattern):
        loss_fn(W, X, bad_y)


@pytest.mark.parametrize("loss_fn", [softmax_loss, svm_loss])
def test_mismatched_shapes_and_negative_reg_are_clear_errors(loss_fn):
    W, X, y = problem(0)
    with pytest.raises(ValueError, match=r"X has 4 features \(columns\) but W has 5 rows"):
        loss_fn(np.zeros((5, 3)), X, y)
    with pytest.raises(ValueError, match=r"W must be 2-D; got shape \(4,\)"):
        loss_fn(W[:, 0], X, y)
    with pytest.raises(ValueError, match=r"reg must be >= 0; got -0.1"):
        loss_fn(W, X, y, reg=-0.1)
    with pytest.raises(ValueError, match=r"reduction must be one of 'mean', 'sum'; got 'avg'"):
        loss_fn(W, X, y, reduction="avg")
    with pytest.raises(ValueError, match=r"X must be finite"):
        loss_fn(W, np.full_like(X, np.nan), y)


def test_svm_margin_must_be_positive():
    W, X, y = problem(0)
    with pytest.raises(ValueError, match=r"margin must be > 0; got 0"):
        svm_loss(W, X, y, margin=0.0)


def test_l2_linear_loss_shape_errors_name_the_argument():
    with pytest.raises(ValueError, match=r"y has 2 targets but X has 3 samples"):
        l2_linear_loss(np.zeros(2), np.zeros((3, 2)), np.zeros(2))
    with pytest.raises(ValueError, match=r"X has 2 features \(columns\) but w has 3 entries"):
        l2_linear_loss(np.zeros(3), np.zeros((3, 2)), np.zeros(3))
    with pytest.raises(ValueError, match=r"reg must be >= 0"):
        l2_linear_loss(np.zeros(2), np.zeros((3, 2)), np.zeros(3), reg=-1)


# --- issue 10 -------------------------------------------------------------------------------

def test_losses_are_finite_when_the_penalty_would_overflow_but_reg_is_0():   # R8
    from bplib.losses import l2_linear_loss
    W, X, y = np.array([[1e200, 0.0]]), np.array([[1e-200]]), np.array([0])
    assert softmax_loss(W, X, y)[0] == pytest.approx(np.log(1 + np.exp(-1.0)))
    assert softmax_loss(W, X, y)[0] == pytest.approx(0.3133, abs=1e-4)
    assert svm_loss(W, X, y)[0] == 0.0
    assert l2_linear_loss(np.array([1e200]), np.array([[1e-200]]), np.array([0.0]))[0] == 1.0
    assert np.all(np.isfinite(softmax_loss(W, X, y)[1]))


def test_svm_loss_of_an_overflowing_score_is_not_silently_finite():   # R5, in bplib.losses
    W = np.array([[1e300, -1e300, 0.0]])
    X = np.array([[1e10]])                                     # scores inf, -inf, 0
    with np.errstate(over="ignore", invalid="ignore"):
        assert not np.isfinite(svm_loss(W, X, np.array([1]))[0])
