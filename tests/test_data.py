"""bplib.data: shapes, dtypes, seeds and the split."""

import numpy as np
import pytest

from bplib.data import load_digits, make_blobs, make_spirals, train_test_split


def test_digits_are_float64_in_unit_range_with_ten_integer_classes():
    X, y = load_digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64
    assert X.min() == 0.0 and X.max() == 1.0
    assert y.dtype.kind == "i" and set(np.unique(y)) == set(range(10))


@pytest.mark.parametrize("make", [make_blobs, make_spirals])
def test_toy_datasets_are_reproducible_from_a_seed(make):
    X1, y1 = make(rng=3)
    X2, y2 = make(rng=np.random.default_rng(3))
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, make(rng=4)[0])
    assert X1.dtype == np.float64 and y1.dtype.kind == "i"


def test_split_is_a_seeded_partition():
    X = np.arange(20, dtype=float).reshape(10, 2)
    y = np.arange(10)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3, rng=1)
    assert len(y_te) == 3 and len(y_tr) == 7
    assert sorted(np.concatenate([y_tr, y_te]).tolist()) == list(range(10))
    np.testing.assert_array_equal(X_tr[:, 0] / 2, y_tr)  # rows stay with their labels
    assert train_test_split(X, y, test_size=3, rng=1)[3].tolist() == y_te.tolist()


@pytest.mark.parametrize("kwargs, pattern", [
    ({"test_size": 1.5}, r"test_size must be < 1; got 1.5"),
    ({"test_size": 10}, r"test_size must be smaller than N = 10; got 10"),
    ({"rng": "seed"}, r"rng must be a numpy.random.Generator or an int seed"),
])
def test_split_rejects_bad_arguments_by_name(kwargs, pattern):
    with pytest.raises((ValueError, TypeError), match=pattern):
        train_test_split(np.zeros((10, 2)), np.zeros(10), **kwargs)


def test_blobs_reject_bad_arguments_by_name():
    with pytest.raises(ValueError, match=r"n_classes must be >= 2; got 1"):
        make_blobs(n_classes=1)
    with pytest.raises(ValueError, match=r"spread must be > 0"):
        make_blobs(spread=0)


def test_digits_equal_scikit_learns_loader():
    from sklearn.datasets import load_digits as sklearn_load_digits

    X, y = load_digits()
    bunch = sklearn_load_digits()
    np.testing.assert_array_equal(X, bunch.data / 16.0)
    np.testing.assert_array_equal(y, bunch.target)
