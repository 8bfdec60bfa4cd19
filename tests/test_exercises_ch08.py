"""The checks of chapter 08's exercises: each passes a correct solution, and fails a stub, code
that raises, and the typical mistakes (a forgotten second use, a missing upstream factor, a
breadth-first order, overwritten instead of added gradients) with a ✗ line and the hint for
that mistake."""

import numpy as np

from bplib.autograd import topological_order
from bplib.exercises import ch08
from exercise_checks import assert_fails, chapter_tests


def grads_by_hand(x, y, z):
    q, m = x + y, max(y, z)
    dx = dy = m
    if y > z:
        return (dx, dy + q, 0.0)
    return (dx, dy, q)


def forgot_second_use(x, y, z):
    q, m = x + y, max(y, z)
    return (m, m, 0.0 if y > z else q)


def max_to_both(x, y, z):
    q, m = x + y, max(y, z)
    return (m, m + q, q)


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


def breadth_first(out):
    order, queue = [out], [out]
    while queue:
        t = queue.pop(0)
        for i in (t.grad_fn.inputs if t.grad_fn else ()):
            if i.requires_grad and all(i is not s for s in order):
                order.append(i)
                queue.append(i)
    return order


def without_seen(output):
    out = []

    def visit(t):
        for i in (t.grad_fn.inputs if t.grad_fn else ()):
            if i.requires_grad:
                visit(i)
        out.append(t)

    visit(output)
    return out[::-1]


def backprop(output, add=True):
    grads = {output: 1.0}
    for t in topological_order(output):
        if t.grad_fn is not None:
            for inp, g in zip(t.grad_fn.inputs, t.grad_fn.backward(grads[t])):
                if g is not None:
                    grads[inp] = grads.get(inp, 0.0) + g if add else g
    return grads


TestChapter08 = chapter_tests(
    ch08,
    {ch08.check_grads_by_hand: grads_by_hand,
     ch08.check_hypot_backward: hypot_backward,
     ch08.check_topo_sort: topo_sort,
     ch08.check_backprop: backprop},
    [(ch08.check_grads_by_hand, forgot_second_use, "second_use"),
     (ch08.check_grads_by_hand, max_to_both, "max_route"),
     (ch08.check_hypot_backward, lambda x, y, g: (x / np.hypot(x, y), y / np.hypot(x, y)),
      "upstream"),
     (ch08.check_hypot_backward, lambda x, y, g: (x * g, y * g), "local"),
     (ch08.check_topo_sort, breadth_first, "order"),
     (ch08.check_topo_sort, lambda out: [out], "missing"),
     (ch08.check_topo_sort, without_seen, "duplicate"),
     (ch08.check_topo_sort, lambda out: topological_order(out)[::-1], "reversed"),
     (ch08.check_topo_sort, lambda out: [t.name for t in topological_order(out)], "type"),
     (ch08.check_backprop, lambda out: backprop(out, add=False), "overwrite"),
     (ch08.check_backprop, lambda out: {out: 1.0}, "missing"),
     (ch08.check_backprop, lambda out: list(backprop(out).values()), "type")])


def test_the_forgotten_second_use_shows_the_wrong_item(capsys):
    out = assert_fails(ch08.check_grads_by_hand, forgot_second_use, capsys, "second_use")
    assert "in result[1]: got 5, expected 8 (input: x=-2, y=5, z=-4)" in out


def test_breadth_first_order_names_the_two_tensors(capsys):
    out = assert_fails(ch08.check_topo_sort, breadth_first, capsys, "order")
    assert "'a' comes before 'b', which was computed from it" in out
    assert "(input: the graph a = 3x, b = a·a, f = a + b)" in out


def test_overwritten_gradients_name_the_tensor_used_twice(capsys):
    out = assert_fails(ch08.check_backprop, lambda out: backprop(out, add=False), capsys,
                       "overwrite")
    assert "the gradient of 'a': got 3, expected 7" in out
