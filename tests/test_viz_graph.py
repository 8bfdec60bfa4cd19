"""bplib.viz.graph: the drawn graph has one node per tensor and one arrow per input, writes the
engine's values and gradients, stays legible at ~30 nodes, and rejects bad input clearly; the
one-node figure writes the chain rule with the names, numbers or shapes it is given."""

import itertools

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.text import Annotation  # noqa: E402

from bplib import Tensor, no_grad  # noqa: E402
from bplib.autograd import topological_order  # noqa: E402
from bplib.viz.graph import (GRAD_COLOR, LOCAL_COLOR, VALUE_COLOR, draw_graph,  # noqa: E402
                             draw_node_figure, graph_grads)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def cs231n_example():
    x, y, z = (Tensor(v, requires_grad=True, name=n) for v, n in [(-2.0, "x"), (5.0, "y"), (-4.0, "z")])
    q = x + y
    q.name = "q"
    f = q * z
    f.name = "f"
    return x, y, z, q, f


def sigmoid_neuron():
    ts = [Tensor(v, requires_grad=True, name=n)
          for v, n in [(2.0, "w0"), (-1.0, "x0"), (-3.0, "w1"), (-2.0, "x1"), (-3.0, "w2")]]
    w0, x0, w1, x1, w2 = ts
    return ts, 1 / (1 + (-(w0 * x0 + w1 * x1 + w2)).exp())


def arrows(ax):
    return [t for t in ax.texts if isinstance(t, Annotation) and t.arrow_patch is not None]


def texts_of_colour(ax, colour):
    return [t.get_text() for t in ax.texts
            if matplotlib.colors.same_color(t.get_color(), colour) and t.get_text()]


# --- draw_graph: structure ------------------------------------------------------------------

def test_known_graph_has_one_node_per_tensor_and_one_arrow_per_input():
    x, y, z, q, f = cs231n_example()
    d = draw_graph(f)
    assert len(d.nodes) == 5 and len(d.edges) == 4
    assert set(d.edges) == {(x, q), (y, q), (q, f), (z, f)}
    assert len(arrows(d.ax)) == 4
    assert [d.labels[t] for t in (x, y, z, q, f)] == ["x", "y", "z", "+", "×"]
    assert repr(d) == "GraphDrawing(5 nodes, 4 edges, 5 gradients shown)"


def test_layout_is_left_to_right_in_topological_layers():
    ts, out = sigmoid_neuron()
    d = draw_graph(out)
    for a, b in d.edges:
        assert d.positions[a][0] < d.positions[b][0], "every arrow points right"
    assert d.positions[out][0] == max(p[0] for p in d.positions.values())
    columns = {}
    for t, (cx, cy) in d.positions.items():
        columns.setdefault(cx, []).append(cy)
    for ys in columns.values():
        ys = sorted(ys)
        assert all(b - a >= 1 - 1e-9 for a, b in zip(ys, ys[1:])), "nodes one row apart"


def test_a_repeated_input_draws_two_arrows():
    x = Tensor(3.0, requires_grad=True, name="x")
    d = draw_graph(x * x)
    assert len(d.nodes) == 2 and d.edges == [(x, d.nodes[1]), (x, d.nodes[1])]
    assert len(arrows(d.ax)) == 2
    assert d.grads[x] == "6"


def test_a_long_edge_goes_around_the_nodes_it_passes():
    x = Tensor(1.0, requires_grad=True, name="x")
    a = x * 3
    b = a * a
    f = a + b
    d = draw_graph(f)
    (xa, ya), (xb, yb), (xf, yf) = d.positions[a], d.positions[b], d.positions[f]
    assert xa < xb < xf
    # the edge a -> f is drawn as a line through a waypoint in b's column, off b's row
    lines = d.ax.get_lines()
    assert len(lines) == 1
    bend_x, bend_y = lines[0].get_xdata()[1], lines[0].get_ydata()[1]
    assert bend_x == xb and abs(bend_y - yb) >= 1 - 1e-9


def test_constants_are_folded_into_the_operation_label():
    x = Tensor(2.0, requires_grad=True, name="x")
    d = draw_graph(1 / (1 + (-x).exp() * 3 - 2) ** 2)
    labels = sorted(d.labels.values())
    assert {"1/x", "+1", "×3", "−2", "^2", "neg", "exp"} <= set(labels)
    assert len(d.nodes) == 8          # x and 7 operations: no constant drawn
    d2 = draw_graph(2 - x, fold_constants=False)
    assert len(d2.nodes) == 3 and d2.labels[d2.nodes[-1]] == "−"
    assert draw_graph(2 - x).labels  # folded on the left: "2−x"
    assert "2−x" in draw_graph(2 - x).labels.values()


def test_a_named_constant_or_array_input_is_drawn_as_a_leaf_without_gradient():
    W = Tensor(np.ones((3, 2)), requires_grad=True, name="W")
    X = Tensor(np.arange(6.0).reshape(2, 3))
    X.name = "X"
    loss = (X @ W).sum()
    d = draw_graph(loss)
    assert len(d.nodes) == 4 and X in d.nodes
    assert d.values[X] == "(2, 3)" and d.values[W] == "(3, 2)"
    assert X not in d.grads and d.grads[W] == "(3, 2)"


# --- draw_graph: values and gradients --------------------------------------------------------

def test_values_and_gradients_written_are_the_engines():
    ts, out = sigmoid_neuron()
    d = draw_graph(out, fmt=".6g")
    grads = graph_grads(out)
    for t in d.nodes:
        value = format(float(t.data), ".6g")
        assert d.values[t] == value or d.values[t].endswith("= " + value)
        assert d.grads[t] == format(float(grads[t]), ".6g")
    out.backward()                               # the engine's own backward agrees
    for t in ts:
        assert d.grads[t] == format(float(t.grad), ".6g")
    assert d.grads[ts[0]] == "-0.196612"        # CS231n's dw0
    blue, orange = texts_of_colour(d.ax, VALUE_COLOR), texts_of_colour(d.ax, GRAD_COLOR)
    assert sorted(blue) == sorted(d.values.values())
    assert sorted(orange) == sorted(d.grads.values())


def test_values_are_above_and_gradients_below_each_node():
    *_, f = cs231n_example()
    d = draw_graph(f)
    for t in d.ax.texts:
        if not isinstance(t, Annotation) or t.arrow_patch is not None:
            continue
        dy = t.xyann[1]
        colour = VALUE_COLOR if dy > 0 else GRAD_COLOR
        assert matplotlib.colors.same_color(t.get_color(), colour)


def test_vectors_show_their_entries_and_larger_arrays_their_shape():
    zw = Tensor([2.0, -1.0], requires_grad=True, name="zw")
    big = Tensor(np.zeros(5), requires_grad=True, name="v")
    d = draw_graph(zw.max() + big.sum())
    assert d.values[zw] == "[2, -1]" and d.grads[zw] == "[1, 0]"
    assert d.values[big] == "(5,)" and d.grads[big] == "(5,)"
    d0 = draw_graph(zw.max(), max_elements=0)
    assert d0.values[zw] == "(2,)"


def test_without_gradients_nothing_is_written_below():
    *_, f = cs231n_example()
    d = draw_graph(f, show_grad=False)
    assert d.grads == {} and texts_of_colour(d.ax, GRAD_COLOR) == []
    with no_grad():
        g = Tensor(2.0) * 3
    d = draw_graph(g)
    assert len(d.nodes) == 1 and d.edges == [] and d.grads == {}


def test_after_backward_the_drawing_shows_the_grads_backward_left():
    x, y, z, q, f = cs231n_example()
    f.backward()                                 # frees the graph: only .grad remains
    d = draw_graph(f)
    assert set(d.grads) == {x, y, z}
    assert d.grads[z] == "3"


def test_a_subset_of_gradients_and_a_highlight_can_be_given():
    x, y, z, q, f = cs231n_example()
    d = draw_graph(f, grads={f: np.float64(1.0)}, highlight=[f])
    assert d.grads == {f: "1"}
    d = draw_graph(f, highlight=f)               # a single tensor is accepted
    assert len(d.nodes) == 5


def test_graph_grads_includes_intermediates_and_changes_no_grad():
    x, y, z, q, f = cs231n_example()
    g = graph_grads(f)
    assert {t: float(v) for t, v in g.items()} == {f: 1.0, q: -4.0, z: 3.0, x: -4.0, y: -4.0}
    assert x.grad is None and q.grad is None
    f.backward()                                 # the graph was kept
    assert float(x.grad) == -4.0
    v = Tensor([1.0, 2.0], requires_grad=True, name="v")
    g = graph_grads(v * v, grad_output=np.array([1.0, 10.0]))
    assert g[v].tolist() == [2.0, 40.0]


def test_about_thirty_nodes_stay_legible():
    rng = np.random.default_rng(0)
    xs = [Tensor(float(v), requires_grad=True, name=f"a{i}") for i, v in enumerate(rng.normal(size=6))]
    hidden = [(xs[i] * xs[i + 1]).tanh() for i in range(5)]
    total = hidden[0]
    for h in hidden[1:]:
        total = total + h
    out = (total.sigmoid() * xs[0] + hidden[2]) * 2
    d = draw_graph(out)
    assert 20 <= len(d.nodes) <= 35
    fig = d.ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in d.ax.texts
             if t.get_text() and not (isinstance(t, Annotation) and t.arrow_patch is not None)]
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b) or a.intersection(a, b).width * a.intersection(a, b).height < 4, \
            "two labels overlap"


def test_a_deep_graph_is_refused_with_a_clear_message_not_a_recursion_error():
    x = Tensor(1.0, requires_grad=True, name="x")
    y = x
    for _ in range(300):
        y = y * 1.0001
    with pytest.raises(ValueError, match="max_nodes=60"):
        draw_graph(y)
    assert len(draw_graph(y, max_nodes=400, show_grad=False).nodes) == 301


def test_bad_input_is_rejected_with_messages_naming_the_argument():
    *_, f = cs231n_example()
    with pytest.raises(TypeError, match="draw_graph: output must be a Tensor"):
        draw_graph(np.ones(3))
    with pytest.raises(ValueError, match="fmt 'q' is not a format spec"):
        draw_graph(f, fmt="q")
    with pytest.raises(TypeError, match="grads must be a dict"):
        draw_graph(f, grads=[1.0])
    with pytest.raises(TypeError, match="highlight must hold Tensors"):
        draw_graph(f, highlight=["f"])
    with pytest.raises(TypeError, match="ax must be matplotlib Axes"):
        draw_graph(f, ax="axes")
    with pytest.raises(ValueError, match="max_elements"):
        draw_graph(f, max_elements=-1)
    with pytest.raises(TypeError, match="graph_grads: output must be a Tensor"):
        graph_grads(3.0)
    with pytest.raises(ValueError, match="does not require grad"):
        graph_grads(Tensor(1.0))


def test_draws_on_given_axes():
    *_, f = cs231n_example()
    fig, ax = plt.subplots()
    d = draw_graph(f, ax=ax, title="t", legend=False)
    assert d.ax is ax and ax.get_title() == "t" and ax.get_legend() is None
    assert topological_order(f)[0] is f


# --- draw_node_figure --------------------------------------------------------------------------

def all_text(ax):
    return "\n".join(t.get_text() for t in ax.texts)


def test_node_figure_writes_upstream_local_and_downstream_gradients():
    ax = draw_node_figure()
    text = all_text(ax)
    assert r"$\partial L/\partial z$" in text
    assert r"$\partial z/\partial x$" in text and r"$\partial z/\partial y$" in text
    assert r"$\partial L/\partial x = \partial z/\partial x \cdot \partial L/\partial z$" in text
    for words in ("upstream gradient", "local gradients", "downstream gradients"):
        assert words in text
    assert texts_of_colour(ax, LOCAL_COLOR)


def test_node_figure_with_numbers_multiplies_local_by_upstream():
    ax = draw_node_figure(values={"x": 3, "y": -4, "z": -12}, op="×",
                          local_grads={"x": -4, "y": 3}, upstream=2)
    text = all_text(ax)
    assert "$x$ = 3" in text and "$z$ = -12" in text
    assert "= -4 · 2 = -8" in text and "= 3 · 2 = 6" in text
    assert r"$\partial L/\partial z$ = 2" in text


def test_node_figure_shapes_mode_labels_values_jacobians_and_gradients():
    ax = draw_node_figure(shapes={"x": (4,), "y": ("N", 3), "z": (2,)})
    text = all_text(ax)
    assert "$x$   (4,)" in text and "$y$   (N, 3)" in text
    assert r"$\partial z/\partial x$   (2, 4)" in text      # Jacobian: z's shape + x's
    assert r"$\partial z/\partial y$   (2, N, 3)" in text
    assert r"^{\top}" in text                                # a vector-Jacobian product


def test_node_figure_names_one_input_and_label_overrides():
    ax = draw_node_figure(inputs=["a"], output="b", op="exp", loss="E",
                          labels={"local:a": "e^a", "op": "EXP"})
    text = all_text(ax)
    assert "e^a" in text and "EXP" in text and r"$\partial E/\partial b$" in text


def test_node_figure_rejects_inconsistent_arguments():
    with pytest.raises(ValueError, match="1 or 2 distinct names"):
        draw_node_figure(inputs=("x", "y", "w"))
    with pytest.raises(ValueError, match="1 or 2 distinct names"):
        draw_node_figure(inputs=("z",))
    with pytest.raises(ValueError, match="either shapes"):
        draw_node_figure(shapes={"x": (1,), "y": (1,), "z": (1,)}, upstream=1.0)
    with pytest.raises(ValueError, match="shapes must give a shape for each"):
        draw_node_figure(shapes={"x": (1,)})
    with pytest.raises(ValueError, match="local_grads must give"):
        draw_node_figure(local_grads={"x": 1.0})
    with pytest.raises(ValueError, match="unknown key"):
        draw_node_figure(labels={"grad:w": "?"})
    with pytest.raises(ValueError, match="unknown name"):
        draw_node_figure(values={"w": 1.0})
    with pytest.raises(TypeError, match="inputs must be a sequence of names"):
        draw_node_figure(inputs="xy")


# --- the layout, without drawing ---------------------------------------------------------------

def test_layout_module_needs_no_matplotlib():
    import subprocess
    import sys
    from pathlib import Path
    import bplib.viz._layout as layout
    code = ("import sys, importlib.util; sys.modules['matplotlib'] = None\n"
            f"spec = importlib.util.spec_from_file_location('layout', {str(Path(layout.__file__))!r})\n"
            "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)\n"
            "col, row, routes = m.layered_layout(['a', 'b', 'c'], [('a', 'b'), ('b', 'c'), ('a', 'c')])\n"
            "assert col == {'a': 0, 'b': 1, 'c': 2, **{w: 1 for w in routes[2]}}, col\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_layout_places_every_edge_left_to_right_and_rows_apart():
    from bplib.viz._layout import collect_graph, layered_layout
    ts, out = sigmoid_neuron()
    nodes, edges, folded = collect_graph(out, True, ".3g", 60, "draw_graph")
    assert len(nodes) == 13 and len(edges) == 12 and len(folded) == 2   # the two 1s folded
    col, row, routes = layered_layout(nodes, edges)
    for (a, b), route in zip(edges, routes):
        assert col[a] < col[b] and len(route) == col[b] - col[a] - 1
        assert [col[w] for w in route] == list(range(col[a] + 1, col[b]))
    by_column = {}
    for t, c in col.items():
        by_column.setdefault(c, []).append(row[t])
    for rows in by_column.values():
        rows.sort()
        assert all(b - a >= 1 - 1e-9 for a, b in zip(rows, rows[1:]))


def test_layout_refuses_a_graph_above_max_nodes_naming_the_caller():
    from bplib.viz._layout import collect_graph
    ts, out = sigmoid_neuron()
    with pytest.raises(ValueError, match="draw_graph: the graph has more than max_nodes=5 nodes"):
        collect_graph(out, True, ".3g", 5, "draw_graph")
