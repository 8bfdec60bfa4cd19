"""The checks of chapter 08's exercises: each passes a correct solution, and fails a wrong one
(the typical mistakes: a forgotten second use, a wrong order, overwritten instead of added
gradients) or a stub with a ✗ line and a hint, without raising."""

import numpy as np
import pytest

from bplib.autograd import topological_order
from bplib.exercises import ch08
from exercise_checks import assert_solutions_pass, assert_stub_fails


def grads_by_hand(x, y, z):
    q, m = x + y, max(y, z)
    dx = dy = m
    if y > z:
        return (dx, dy + q, 0.0)
    return (dx, dy, q)


def hypot_backward(x, y, grad_z):
    z = np.hypot(x, y)
    return x / z * grad_z, y / z * grad_z


def topo_sort(output):
    post, seen = [], set()

    def visit(t):
        if t in seen:
            return
        seen.add(t)
        for i in (t.grad_fn.inputs if t.grad_fn else ()):
            if i.requires_grad:
                visit(i)
        post.append(t)

    visit(output)
    return post[::-1]


def backprop(output):
    grads = {output: 1.0}
    for t in topological_order(output):
        if t.grad_fn is not None:
            for inp, g in zip(t.grad_fn.inputs, t.grad_fn.backward(grads[t])):
                if g is not None:
                    grads[inp] = grads.get(inp, 0.0) + g
    return grads


CHECKS = [(ch08.check_grads_by_hand, grads_by_hand),
          (ch08.check_hypot_backward, hypot_backward),
          (ch08.check_topo_sort, topo_sort),
          (ch08.check_backprop, backprop)]


def test_each_check_passes_a_correct_solution(capsys):
    assert_solutions_pass(CHECKS, capsys)


@pytest.mark.parametrize("check", [c for c, _ in CHECKS])
def test_a_stub_fails_with_a_hint_and_does_not_raise(check, capsys):
    assert_stub_fails(check, 8, capsys)


@pytest.mark.parametrize("check", [c for c, _ in CHECKS])
def test_code_that_raises_is_reported_not_raised(check, capsys):
    def broken(*args):
        raise KeyError("oops")
    assert not check(broken)
    assert "raised KeyError" in capsys.readouterr().out


def test_grads_by_hand_catches_the_forgotten_second_use_of_y(capsys):
    def forgot(x, y, z):
        q, m = x + y, max(y, z)
        return (m, m, 0.0 if y > z else q)
    assert not ch08.check_grads_by_hand(forgot)
    out = capsys.readouterr().out
    assert "in item 1 of the result: got 5, expected 8 on x=-2.0, y=5.0, z=-4.0" in out


def test_hypot_backward_catches_a_missing_upstream_factor(capsys):
    assert not ch08.check_hypot_backward(lambda x, y, g: (x / np.hypot(x, y),
                                                          y / np.hypot(x, y)))
    assert "grad_z=-2" in capsys.readouterr().out


def test_topo_sort_catches_breadth_first_order_and_missing_tensors(capsys):
    def breadth_first(out):
        order, queue = [out], [out]
        while queue:
            t = queue.pop(0)
            for i in (t.grad_fn.inputs if t.grad_fn else ()):
                if i.requires_grad and all(i is not s for s in order):
                    order.append(i)
                    queue.append(i)
        return order
    assert not ch08.check_topo_sort(breadth_first)
    assert "'a' comes before 'b', which was computed from it" in capsys.readouterr().out
    assert not ch08.check_topo_sort(lambda out: [out])
    assert "is missing" in capsys.readouterr().out
    assert not ch08.check_topo_sort(lambda out: topological_order(out)[::-1])
    assert "starts with" in capsys.readouterr().out
    assert not ch08.check_topo_sort(lambda out: 3)
    assert "expected a list of Tensors" in capsys.readouterr().out


def test_backprop_catches_overwritten_instead_of_added_gradients(capsys):
    def overwrite(output):
        grads = {output: 1.0}
        for t in topological_order(output):
            if t.grad_fn is not None:
                for inp, g in zip(t.grad_fn.inputs, t.grad_fn.backward(grads[t])):
                    if g is not None:
                        grads[inp] = g          # forgets the other consumers
        return grads
    assert not ch08.check_backprop(overwrite)
    out = capsys.readouterr().out
    assert "the gradient of 'a' is" in out and "expected 7" in out
    assert not ch08.check_backprop(lambda out: {out: 1.0})
    assert "no gradient for tensor" in capsys.readouterr().out
