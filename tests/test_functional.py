"""Tests of bplib.functional: values equal bplib.losses (reg = 0), gradients pass gradcheck,
the fused cross-entropy is stable for huge logits, and bad labels get clear errors."""

import numpy as np
import pytest
from hypothesis import given, strategies as st

from bplib.autograd import Tensor
from bplib.functional import cross_entropy, log_softmax, multiclass_hinge, softmax
from bplib.gradcheck import gradcheck

RNG = np.random.default_rng(0)


def problem(n=5, d=4, c=3, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((d, c)), rng.standard_normal((n, d)), rng.integers(0, c, n)


def loop_cross_entropy(s, y):
    return sum(np.log(np.exp(s[i]).sum()) - s[i, y[i]] for i in range(len(y)))


def loop_hinge(s, y, margin):
    return sum(max(0.0, s[i, j] - s[i, y[i]] + margin)
               for i in range(len(y)) for j in range(s.shape[1]) if j != y[i])


# --- values and gradients against bplib.losses --------------------------------------------------

@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_cross_entropy_equals_softmax_loss_value_and_gradient(reduction):
    from bplib.losses import softmax_loss
    W, X, y = problem()
    Wt = Tensor(W.copy(), requires_grad=True)
    loss = cross_entropy(Tensor(X) @ Wt, y, reduction=reduction)
    loss.backward()
    expected, dW = softmax_loss(W, X, y, reg=0.0, reduction=reduction)
    assert loss.item() == pytest.approx(expected, rel=1e-12)
    np.testing.assert_allclose(Wt.grad, dW, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("reduction", ["mean", "sum"])
@pytest.mark.parametrize("margin", [1.0, 0.5])
def test_multiclass_hinge_equals_svm_loss_value_and_gradient(reduction, margin):
    from bplib.losses import svm_loss
    W, X, y = problem(seed=3)
    Wt = Tensor(W.copy(), requires_grad=True)
    loss = multiclass_hinge(Tensor(X) @ Wt, y, margin=margin, reduction=reduction)
    loss.backward()
    expected, dW = svm_loss(W, X, y, reg=0.0, margin=margin, reduction=reduction)
    assert loss.item() == pytest.approx(expected, rel=1e-12)
    np.testing.assert_allclose(Wt.grad, dW, rtol=1e-10, atol=1e-12)


@given(st.integers(1, 6), st.integers(2, 5), st.integers(0, 10_000))
def test_losses_match_loop_references(n, c, seed):
    rng = np.random.default_rng(seed)
    s = rng.standard_normal((n, c)) * 3
    y = rng.integers(0, c, n)
    assert cross_entropy(Tensor(s), y, reduction="sum").item() == pytest.approx(loop_cross_entropy(s, y))
    assert cross_entropy(Tensor(s), y).item() == pytest.approx(loop_cross_entropy(s, y) / n)
    assert multiclass_hinge(Tensor(s), y, reduction="sum").item() == pytest.approx(loop_hinge(s, y, 1.0))


def test_hinge_is_not_divided_by_the_number_of_classes():
    assert multiclass_hinge(Tensor(np.zeros((1, 3))), np.array([0])).item() == 2.0


# --- gradcheck of each Function ----------------------------------------------------------------

def test_softmax_and_log_softmax_pass_gradcheck_on_each_axis():
    x = Tensor(RNG.standard_normal((3, 4)), requires_grad=True)
    for axis in (0, 1, -1):
        assert gradcheck(lambda t, a=axis: softmax(t, axis=a), (x,))
        assert gradcheck(lambda t, a=axis: log_softmax(t, axis=a), (x,))


@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_cross_entropy_and_hinge_pass_gradcheck(reduction):
    s = Tensor(RNG.standard_normal((4, 3)), requires_grad=True)
    y = np.array([0, 2, 1, 2])
    assert gradcheck(lambda t: cross_entropy(t, y, reduction=reduction), (s,))
    assert gradcheck(lambda t: multiclass_hinge(t, y, reduction=reduction), (s,))


def test_fused_cross_entropy_equals_log_softmax_composition():
    s = Tensor(RNG.standard_normal((4, 3)), requires_grad=True)
    y = np.array([0, 2, 1, 2])
    fused = cross_entropy(s, y)
    composed = -(log_softmax(s)[np.arange(4), y]).mean()
    assert fused.item() == pytest.approx(composed.item())
    fused.backward()
    g1 = s.grad.copy()
    s.grad = None
    composed.backward()
    np.testing.assert_allclose(g1, s.grad)


# --- stability ------------------------------------------------------------------------------

def test_cross_entropy_is_stable_for_logits_of_1e3():
    s = Tensor(np.array([[1000.0, 0.0, -1000.0], [1000.0, 1000.0, 0.0]]), requires_grad=True)
    with np.errstate(over="raise", invalid="raise"):
        loss = cross_entropy(s, np.array([1, 0]), reduction="sum")
        loss.backward()
    assert loss.item() == pytest.approx(1000.0 + np.log(2.0))
    assert np.all(np.isfinite(s.grad))
    np.testing.assert_allclose(s.grad.sum(axis=1), 0.0, atol=1e-12)


def test_softmax_rows_sum_to_one_even_for_huge_inputs():
    p = softmax(Tensor([[1e3, 0.0], [-1e3, 1e3]]))
    np.testing.assert_allclose(p.data.sum(axis=1), 1.0)
    np.testing.assert_allclose(log_softmax(Tensor([[1000.0, 0.0]])).data, [[0.0, -1000.0]])


def test_float32_logits_give_a_float32_loss_and_gradient():
    s = Tensor(RNG.standard_normal((3, 4)).astype(np.float32), requires_grad=True)
    loss = cross_entropy(s, np.array([0, 1, 3]))
    loss.backward()
    assert loss.dtype == np.float32 and s.grad.dtype == np.float32


# --- errors name the function and the argument ------------------------------------------------

def test_label_errors():
    s = Tensor(np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"cross_entropy: y has label 3; labels must be in \[0, 3\)"):
        cross_entropy(s, np.array([0, 3]))
    with pytest.raises(ValueError, match=r"multiclass_hinge: y has label -1"):
        multiclass_hinge(s, np.array([0, -1]))
    with pytest.raises(TypeError, match="cross_entropy: y must hold integer class labels"):
        cross_entropy(s, np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match="cross_entropy: y has 3 labels but logits has 2 rows"):
        cross_entropy(s, np.array([0, 1, 2]))


def test_shape_and_reduction_errors():
    with pytest.raises(ValueError, match=r"cross_entropy: logits must be 2-D"):
        cross_entropy(Tensor(np.zeros(3)), np.array([0]))
    with pytest.raises(ValueError, match="reduction must be one of 'mean', 'sum'"):
        cross_entropy(Tensor(np.zeros((1, 2))), np.array([0]), reduction="none")
    with pytest.raises(ValueError, match="margin must be > 0"):
        multiclass_hinge(Tensor(np.zeros((1, 2))), np.array([0]), margin=0.0)
    with pytest.raises(ValueError, match="softmax: axis 2 is out of bounds"):
        softmax(Tensor(np.zeros((2, 2))), axis=2)


# --- issue 10 -------------------------------------------------------------------------------

@pytest.mark.parametrize("make", [lambda z: z.T, lambda z: np.asfortranarray(z.T), lambda z: z.T.copy()])
def test_cross_entropy_gradient_is_right_for_non_contiguous_logits(make):   # R1
    x = Tensor(make(np.zeros((2, 3))), requires_grad=True)
    cross_entropy(x, np.array([0, 0, 0])).backward()
    np.testing.assert_allclose(x.grad, [[-1 / 6, 1 / 6]] * 3)


def test_cross_entropy_of_transposed_scores_matches_softmax_loss():   # R1: (W @ X).T
    from bplib.losses import softmax_loss
    W, X, y = problem(n=6, seed=2)
    Wt = Tensor(W.T.copy(), requires_grad=True)                # (C, D)
    loss = cross_entropy((Wt @ Tensor(X.T)).T, y)              # (N, C), Fortran-ordered
    loss.backward()
    expected, dW = softmax_loss(W, X, y)
    assert loss.item() == pytest.approx(expected, rel=1e-12)
    np.testing.assert_allclose(Wt.grad, dW.T, rtol=1e-10, atol=1e-12)


def test_multiclass_hinge_of_a_nan_score_is_nan():   # R5
    with np.errstate(invalid="ignore"):
        assert np.isnan(multiclass_hinge(Tensor([[0.0, np.nan, 0.0]]), np.array([0])).item())
        assert np.isnan(multiclass_hinge(Tensor([[np.nan, 1.0, 0.0]]), np.array([0])).item())
        assert np.isnan(multiclass_hinge(Tensor([[np.inf, np.inf]]), np.array([0])).item())
    assert multiclass_hinge(Tensor([[0.0, np.inf, 0.0]]), np.array([0])).item() == np.inf


def test_multiclass_hinge_backward_selects_zero_where_inactive():   # R12
    s = Tensor([[3.0, 0.0, 2.5]], requires_grad=True)         # margins: j=1 inactive, j=2 active
    multiclass_hinge(s, np.array([0]), reduction="sum").backward(np.array(np.inf))
    np.testing.assert_array_equal(s.grad, [[-np.inf, 0.0, np.inf]])


@pytest.mark.parametrize("fn", [cross_entropy, multiclass_hinge])
def test_big_endian_labels_are_accepted(fn):   # R9
    s = np.array([[0.2, 1.0, -0.5], [0.3, 0.1, 0.9]])
    native = fn(Tensor(s), np.array([1, 2])).item()
    for dtype in (">i8", ">i4", ">u2", "<i2"):
        assert fn(Tensor(s), np.array([1, 2], dtype=dtype)).item() == native
    with pytest.raises(ValueError, match="y has label 3"):
        fn(Tensor(s), np.array([1, 3], dtype=">i8"))
