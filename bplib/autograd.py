"""A small reverse-mode autograd engine on numpy arrays, with PyTorch's ``Function`` API.

Read it top to bottom, in the order the chapters meet the ideas:

1. **Grad mode.** ``no_grad`` switches recording off.
2. **The built-in nodes** (``MulBackward``, ``AddBackward``, … as PyTorch names them), one
   per operation. Each one's ``backward(grad)`` is a vector-Jacobian product, the local
   gradient × upstream gradient of chapter 08: given ∂L/∂output it returns ∂L/∂input for each
   input (``None`` for an input that needs none). None builds the Jacobian itself (chapter 10).
3. **Tensor.** A numpy array, an optional ``.grad``, and the ``grad_fn`` that made it. Every
   operator computes its value with numpy and, when an input needs a gradient, records one
   node: the node keeps its ``inputs`` (so a drawing can walk the graph and read every
   forward value) but never its output, so the graph has no reference cycles and is freed by
   reference counting as soon as nothing refers to it.
4. **Function and Context.** Write your own operation exactly as in PyTorch: static
   ``forward(ctx, ...)`` and ``backward(ctx, ...)``, called as ``MyFn.apply(...)``. Inside them
   the values are plain numpy arrays, so the notes' ``Multiply`` runs with only its base class
   changed. ``apply`` checks what ``backward`` returns.
5. **The engine.** ``_run_backward`` is chapter 08's loop (exercise 8.4): visit the tensors in
   ``topological_order``, the output first; at each, local gradient × upstream gradient, added
   into the gradients of its inputs. A few named helpers do what an engine adds to the
   exercise: undo broadcasting (``_sum_to_shape``), free the saved values, store ``.grad``.
   ``grad`` and ``graph_grads`` return gradients instead of storing them.
6. **Jacobians.** ``jacobian`` builds the explicit matrix, one backward pass per output entry;
   ``vjp`` is what backpropagation computes instead.

Semantics follow PyTorch where a learner carries habits over: gradients accumulate into the
``.grad`` of leaves; ``backward()`` on a non-scalar needs ``grad``; a backward pass frees what the
nodes saved, and a second one through the same graph is an error unless the first used
``retain_graph=True``; ReLU'(0) = 0; ``max`` splits the gradient evenly among tied maxima.

Explained in chapter 08 (Computational graphs), chapter 09 (Autograd Functions) and
chapter 10 (Tensors and Jacobians).
"""

from __future__ import annotations

import functools
import inspect
import itertools
import operator
from typing import Any, Callable, Iterable, Sequence

import numpy as np

from ._util import as_float_array, describe

__all__ = ["Tensor", "Function", "Context", "no_grad", "is_grad_enabled",
           "grad", "graph_grads", "jacobian", "vjp", "topological_order", "Node",
           "AddBackward", "SubBackward", "MulBackward", "DivBackward", "MatMulBackward",
           "PowBackward", "NegBackward", "SumBackward", "MeanBackward", "MaxBackward",
           "ExpBackward", "LogBackward", "ReLUBackward", "SigmoidBackward", "TanhBackward",
           "ReshapeBackward", "TransposeBackward", "IndexBackward"]


# ---------------------------------------------------------------------------------------------
# 1. Grad mode
# ---------------------------------------------------------------------------------------------

_grad_enabled = True


def is_grad_enabled() -> bool:
    """True unless inside ``no_grad()``: whether operations record a graph.

    Example
    -------
    >>> with no_grad():
    ...     print(is_grad_enabled())
    False

    The switch that ``no_grad`` turns off; chapter 09 (Autograd Functions) uses ``no_grad``.
    """
    return _grad_enabled


class no_grad:
    """Context manager or decorator in which no operation records a graph, as ``torch.no_grad``.

    Use it for updates of parameters and for evaluation: results have no ``grad_fn`` and
    ``requires_grad=False``, and nothing is kept for a backward pass. It works as
    ``with no_grad():``, as a decorator ``@no_grad()`` and as a bare decorator ``@no_grad``.

    Example
    -------
    >>> w = Tensor([1.0, 2.0], requires_grad=True)
    >>> with no_grad():
    ...     y = w * 2
    >>> y.requires_grad
    False
    >>> @no_grad
    ... def evaluate(w):
    ...     return (w * w).sum()
    >>> evaluate(w).grad_fn is None
    True

    Explained in chapter 09 (Autograd Functions).
    """

    __slots__ = ("_previous",)

    def __new__(cls, func: Callable | None = None) -> Any:
        self = super().__new__(cls)
        if func is None:
            return self
        if not callable(func):
            raise TypeError(f"no_grad: expected a function to decorate (or no argument); "
                            f"got {describe(func)}")
        return self(func)           # a bare ``@no_grad``: return the decorated function

    def __enter__(self) -> "no_grad":
        global _grad_enabled
        self._previous = _grad_enabled
        _grad_enabled = False
        return self

    def __exit__(self, *exc_info: Any) -> None:
        global _grad_enabled
        _grad_enabled = self._previous

    def __call__(self, func: Callable) -> Callable:
        @functools.wraps(func)
        def without_grad(*args: Any, **kwargs: Any) -> Any:
            with no_grad():
                return func(*args, **kwargs)
        return without_grad


# ---------------------------------------------------------------------------------------------
# 2. The built-in graph nodes: one vector-Jacobian product each
# ---------------------------------------------------------------------------------------------

class Node:
    """One recorded operation: the ``grad_fn`` of the tensor it produced.

    The built-in nodes are named as in PyTorch (``MulBackward``, ``AddBackward``, …); a
    ``Function`` of your own gets a ``Context`` node instead (section 4). Tensor's operators
    (section 3) record them.

    Attributes
    ----------
    inputs : tuple of Tensor
        The tensors the operation read (constants included), in order.
    saved : tuple or None
        Values kept for the backward pass; None once a backward pass freed them.
    name : str
        The operation, e.g. ``"Mul"`` (so the node prints as ``<MulBackward>``).
    label : str
        How a drawing writes the operation, e.g. ``"×"`` (``bplib.viz.draw_graph``).

    ``backward(grad)`` takes ∂L/∂output (shaped like the output) and returns one gradient per
    input, ∂L/∂input, or None for an input that does not require grad. A gradient may keep the
    output's broadcast shape: the engine sums it back to the input's shape. It returns new
    arrays or views, never ``grad`` itself and never one array for two inputs: the engine
    keeps a gradient whose ``.base`` is None as a leaf's ``.grad`` without copying it.

    The node classes, one per operation, each with its local gradient in its docstring:
    ``AddBackward``, ``SubBackward``, ``MulBackward``, ``DivBackward``, ``MatMulBackward``,
    ``PowBackward``, ``NegBackward``, ``SumBackward``, ``MeanBackward``, ``MaxBackward``,
    ``ExpBackward``, ``LogBackward``, ``ReLUBackward``, ``SigmoidBackward``, ``TanhBackward``,
    ``ReshapeBackward``, ``TransposeBackward``, ``IndexBackward``.

    Example
    -------
    >>> x = Tensor([1.0, 2.0], requires_grad=True)
    >>> y = x * 3
    >>> y.grad_fn, type(y.grad_fn).__name__, y.grad_fn.label, y.grad_fn.inputs[0] is x
    (<MulBackward>, 'MulBackward', '×', True)
    >>> y.grad_fn.backward(np.array([1.0, 10.0]))      # local × upstream, per input
    (array([ 3., 30.]), None)

    Explained in chapter 08 (Computational graphs).
    """

    __slots__ = ("inputs", "saved")
    name = "Node"
    label = "?"

    def backward(self, grad: Any) -> tuple:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{self.name}Backward>"


def _passed_on(grad: Any) -> Any:
    """``grad`` handed on unchanged, as a view of it (numbers are immutable: as they are)."""
    return grad.view() if type(grad) is np.ndarray else grad


class AddBackward(Node):
    """z = a + b: the upstream gradient goes unchanged to both inputs ("add distributes")."""
    __slots__ = ()
    name, label = "Add", "+"

    def backward(self, grad):
        a, b = self.inputs
        return (_passed_on(grad) if a.requires_grad else None,
                _passed_on(grad) if b.requires_grad else None)


class SubBackward(Node):
    """z = a − b: ∂z/∂a = 1, ∂z/∂b = −1."""
    __slots__ = ()
    name, label = "Sub", "−"

    def backward(self, grad):
        a, b = self.inputs
        return (_passed_on(grad) if a.requires_grad else None, -grad if b.requires_grad else None)


class MulBackward(Node):
    """z = a · b: each input gets the upstream gradient times the other input ("multiply swaps")."""
    __slots__ = ()
    name, label = "Mul", "×"

    def backward(self, grad):
        a, b = self.inputs
        return (grad * b._data if a.requires_grad else None,
                grad * a._data if b.requires_grad else None)


class DivBackward(Node):
    """z = a / b: ∂z/∂a = 1/b, ∂z/∂b = −a/b² = −z/b."""
    __slots__ = ()
    name, label = "Div", "/"

    def backward(self, grad):
        a, b = self.inputs
        grad_a = grad / b._data
        (out,) = self.saved
        return (grad_a if a.requires_grad else None,
                -grad_a * out if b.requires_grad else None)


class MatMulBackward(Node):
    """Z = A @ B (numpy's matmul): ∂L/∂A = ∂L/∂Z · Bᵀ, ∂L/∂B = Aᵀ · ∂L/∂Z (chapter 10).

    1-D operands are treated as numpy does (a row or a column), and stacked (batched)
    operands broadcast; the engine sums a batch-broadcast gradient back.
    """
    __slots__ = ()
    name, label = "MatMul", "@"

    def backward(self, grad):
        a, b = self.inputs
        A, B = a._data, b._data
        if A.ndim == 2 and B.ndim == 2:  # the common case, directly
            return (grad @ B.T if a.requires_grad else None,
                    A.T @ grad if b.requires_grad else None)
        if A.ndim == 1 and B.ndim == 1:  # a dot product: a scalar output
            return (grad * B if a.requires_grad else None,
                    grad * A if b.requires_grad else None)
        # A 1-D operand is a row (left) or a column (right): restore that axis in grad.
        A2 = A[None, :] if A.ndim == 1 else A
        B2 = B[:, None] if B.ndim == 1 else B
        G = grad
        if A.ndim == 1:
            G = np.expand_dims(G, -2)
        if B.ndim == 1:
            G = np.expand_dims(G, -1)
        grad_a = grad_b = None
        if a.requires_grad:
            grad_a = G @ np.swapaxes(B2, -1, -2)
            if A.ndim == 1:
                grad_a = grad_a[..., 0, :]
        if b.requires_grad:
            grad_b = np.swapaxes(A2, -1, -2) @ G
            if B.ndim == 1:
                grad_b = grad_b[..., 0]
        return grad_a, grad_b


class PowBackward(Node):
    """z = aᵖ: ∂z/∂a = p·aᵖ⁻¹, ∂z/∂p = aᵖ·ln a.

    At the edges it follows PyTorch: ∂z/∂a = 0 where p = 0 (a⁰ = 1 for every a, 0 included),
    and ∂z/∂p = 0 where a = 0 and p ≥ 0 (where ln a is −∞ but aᵖ is 0 or 1).
    """
    __slots__ = ()
    name, label = "Pow", "^"

    def backward(self, grad):
        a, p = self.inputs
        A, P = a._data, p._data
        (out,) = self.saved
        grad_a = grad_p = None
        with np.errstate(divide="ignore", invalid="ignore"):   # the entries replaced below
            if a.requires_grad:
                grad_a = grad * np.where(P == 0, 0.0, P * A ** (P - 1))
            if p.requires_grad:
                grad_p = grad * np.where((A == 0) & (P >= 0), 0.0, out * np.log(A))
        return grad_a, grad_p


class NegBackward(Node):
    """z = −a."""
    __slots__ = ()
    name, label = "Neg", "neg"

    def backward(self, grad):
        return (-grad,)


def _expand_reduced(grad: Any, axis: Any, keepdims: bool) -> Any:
    """Put back the axes a reduction removed (as size 1), so ``grad`` broadcasts to its input."""
    if keepdims or axis is None:
        return grad
    return np.expand_dims(grad, axis)


class SumBackward(Node):
    """z = Σ a over axis: every summed element gets the upstream gradient (a broadcast)."""
    __slots__ = ()
    name, label = "Sum", "Σ"

    def backward(self, grad):
        axis, keepdims = self.saved
        return (np.broadcast_to(_expand_reduced(grad, axis, keepdims), self.inputs[0]._data.shape),)


class MeanBackward(Node):
    """z = mean of a over axis: every element gets the upstream gradient / count."""
    __slots__ = ()
    name, label = "Mean", "mean"

    def backward(self, grad):
        axis, keepdims = self.saved
        shape = self.inputs[0]._data.shape
        count = int(np.prod([shape[i] for i in ((axis,) if isinstance(axis, int) else axis)])
                    if axis is not None else np.prod(shape))
        return (np.broadcast_to(_expand_reduced(grad / count, axis, keepdims), shape),)


class MaxBackward(Node):
    """z = max of a over axis: the gradient goes to the maximal entries, split evenly among ties."""
    __slots__ = ()
    name, label = "Max", "max"

    def backward(self, grad):
        axis, keepdims, out = self.saved
        x = self.inputs[0]._data
        winners = x == _expand_reduced(out, axis, keepdims)
        count = winners.sum(axis=axis, keepdims=True)
        return (winners * (_expand_reduced(grad, axis, keepdims) / count),)


class ExpBackward(Node):
    """z = eᵃ: ∂z/∂a = z."""
    __slots__ = ()
    name, label = "Exp", "exp"

    def backward(self, grad):
        return (grad * self.saved[0],)


class LogBackward(Node):
    """z = ln a: ∂z/∂a = 1/a."""
    __slots__ = ()
    name, label = "Log", "log"

    def backward(self, grad):
        return (grad / self.inputs[0]._data,)


class ReLUBackward(Node):
    """z = max(a, 0): the gradient passes where a > 0 and is 0 elsewhere (a sparse, diagonal
    Jacobian). As in PyTorch it is selected, not multiplied by a 0/1 mask, so an infinite or
    NaN upstream gradient gives 0 where a ≤ 0; and ReLU'(NaN) = 1 (NaN passes on). Where it
    passes is read off the saved output: z ≠ 0 exactly where a > 0 or a is NaN (one
    comparison, where a ≤ 0 would need a second pass to negate)."""
    __slots__ = ()
    name, label = "ReLU", "relu"

    def backward(self, grad):
        (out,) = self.saved
        return (_select(grad, out != 0.0),)


def _select(grad: Any, mask: np.ndarray) -> np.ndarray:
    """``grad`` where ``mask`` is True, 0 elsewhere, without 0·∞ = NaN.

    Fast path: the bits of ``grad``, seen as integers, are multiplied by the 0/1 mask. That is
    about as fast as ``grad * mask`` and 4 times faster than ``np.where``, whose branches a
    random mask defeats (benchmarks/mlp_step.py); it allocates nothing but the result
    (benchmarks/relu_memory.py).
    """
    grad = np.asarray(grad)
    as_int = _SAME_SIZE_INT.get(grad.dtype.itemsize)
    if as_int is None or grad.shape != mask.shape:       # (no integer of that size; broadcast)
        return np.where(mask, grad, np.zeros((), grad.dtype))
    out = np.empty_like(grad)
    np.multiply(grad.view(as_int), mask, out=out.view(as_int))
    return out


_SAME_SIZE_INT = {2: np.int16, 4: np.int32, 8: np.int64}


class SigmoidBackward(Node):
    """z = σ(a): ∂z/∂a = z(1 − z)."""
    __slots__ = ()
    name, label = "Sigmoid", "σ"

    def backward(self, grad):
        (out,) = self.saved
        return (grad * (out * (1 - out)),)


class TanhBackward(Node):
    """z = tanh a: ∂z/∂a = 1 − z²."""
    __slots__ = ()
    name, label = "Tanh", "tanh"

    def backward(self, grad):
        (out,) = self.saved
        return (grad * (1 - out * out),)


class ReshapeBackward(Node):
    """z = a reshaped: the gradient is reshaped back."""
    __slots__ = ()
    name, label = "Reshape", "reshape"

    def backward(self, grad):
        return (np.reshape(grad, self.inputs[0]._data.shape),)


class TransposeBackward(Node):
    """z = a with permuted axes: the gradient gets the inverse permutation."""
    __slots__ = ()
    name, label = "Transpose", "T"

    def backward(self, grad):
        (axes,) = self.saved
        return (np.transpose(grad, None if axes is None else np.argsort(axes)),)


def _is_basic_index(index: Any) -> bool:
    """Ints, slices, None and ``...`` select each element at most once (numpy's basic indexing)."""
    parts = index if isinstance(index, tuple) else (index,)
    return all(p is None or p is Ellipsis or isinstance(p, (int, np.integer, slice)) for p in parts)


class IndexBackward(Node):
    """z = a[index]: the gradient is scattered back; repeated integer indices add up."""
    __slots__ = ()
    name, label = "Index", "[ ]"

    def backward(self, grad):
        (index,) = self.saved
        x = self.inputs[0]._data
        out = np.zeros(x.shape, dtype=np.result_type(x.dtype, grad.dtype))
        if _is_basic_index(index):
            out[index] = grad
        else:
            np.add.at(out, index, grad)
        return (out,)


# ---------------------------------------------------------------------------------------------
# 3. Tensor, and how its operations record nodes
# ---------------------------------------------------------------------------------------------

def _binary_operator(node_type: type, op: Callable, keep_output: bool = False) -> tuple:
    """The two methods of a binary operator of ``Tensor``, e.g. ``__mul__`` and ``__rmul__``:
    compute ``op`` with numpy and record a ``node_type`` node.

    This is the one guard of the twelve operator methods: the other operand, a number or a
    numpy array, becomes a constant Tensor (``_lift``); for anything else the method returns
    ``NotImplemented``, so that Python tries the other operand (and then raises TypeError).
    Shapes that do not fit give an error naming the operator and both shapes.
    ``keep_output`` saves the result for the backward pass (division and power need it).
    """
    def method(a: Tensor, b: Any) -> Any:                # a ∘ b, with a the Tensor
        if type(b) is not Tensor and (b := _lift(b, a)) is None:
            return NotImplemented
        try:
            data = op(a._data, b._data)
        except ValueError:
            raise ValueError(_shape_error(op, a._data.shape, b._data.shape)) from None
        if keep_output:
            return _record(node_type, data, (a, b), data)
        return _record(node_type, data, (a, b))

    def reflected(a: Tensor, b: Any) -> Any:             # b ∘ a: ``2 * x`` calls x.__rmul__(2)
        if type(b) is not Tensor and (b := _lift(b, a)) is None:
            return NotImplemented
        return method(b, a)

    return method, reflected


# Tensors are numbered as they are created. An operation's output is always created after its
# inputs, so "newest first" is an order in which every tensor comes before the ones it was
# computed from: a topological order for the backward pass (see ``topological_order``).
_tensor_count = itertools.count()


class Tensor:
    """A numpy array that records the operations applied to it, for reverse-mode autodiff.

    Parameters
    ----------
    data : array_like
        The value. A floating numpy array is wrapped without a copy (as
        ``torch.from_numpy``); lists, Python numbers and integer arrays become float64.
    requires_grad : bool, default False
        Whether ``backward`` should compute a ``.grad`` for this tensor.
    name : str, optional
        A label for drawings (``draw_graph`` writes it in the node), e.g. ``"W1"``.

    Attributes
    ----------
    data : ndarray
        The value (same shape and dtype as the tensor).
    grad : ndarray or None
        ∂L/∂self after ``L.backward()``, of the same shape and dtype, accumulated (added to)
        by every backward pass, as in PyTorch. Leaves only, unless ``retain_grad()`` was
        called.
    grad_fn : Node or None
        The graph node that produced this tensor (None for a leaf). It has ``name`` (e.g.
        ``"Mul"``), ``label`` (e.g. ``"×"``, for drawings) and ``inputs``, the tensors it was
        computed from, so ``grad_fn.inputs[0].grad_fn`` walks the graph backwards.
    requires_grad : bool
    name : str or None

    Operators ``+ - * / @ **`` and unary ``-`` work with numpy broadcasting, with a Tensor,
    an array or a number on either side. Methods: ``sum``, ``mean``, ``max``, ``exp``, ``log``,
    ``relu``, ``sigmoid``, ``tanh``, ``reshape``, ``transpose`` / ``.T``, indexing with slices
    and integer arrays, ``backward``, ``detach``, ``item``, ``retain_grad``.

    Example
    -------
    >>> x = Tensor([1.0, 2.0], requires_grad=True, name="x")
    >>> y = (x * x).sum()
    >>> y
    Tensor(5., grad_fn=<SumBackward>)
    >>> y.backward()
    >>> x.grad
    array([2., 4.])

    Explained in chapter 08 (Computational graphs) and chapter 10 (Tensors and Jacobians).
    """

    __slots__ = ("_data", "grad", "grad_fn", "requires_grad", "name", "_number",
                 "_retains_grad", "__weakref__")

    # numpy defers to our reflected operators: ``ndarray + Tensor`` calls ``Tensor.__radd__``.
    __array_ufunc__ = None

    def __init__(self, data: Any, requires_grad: bool = False, name: str | None = None) -> None:
        if isinstance(data, Tensor):
            data = data._data
        elif type(data) is not np.ndarray or data.dtype.kind != "f":
            data = as_float_array(data, "data", "Tensor", finite=False)
            if data.ndim == 0:
                data = data[()]     # a number: kept as a numpy scalar (see ``data``)
        if not isinstance(requires_grad, (bool, np.bool_)):
            raise TypeError(f"Tensor: requires_grad must be True or False; got {describe(requires_grad)}")
        if name is not None and not isinstance(name, str):
            raise TypeError(f"Tensor: name must be a string or None; got {describe(name)}")
        self._data = data
        self.grad = None
        self.grad_fn = None
        self.requires_grad = bool(requires_grad)
        self.name = name
        self._number = next(_tensor_count)
        self._retains_grad = False

    # --- the value and its description ---------------------------------------------------

    @property
    def data(self) -> np.ndarray:
        """The value, an ndarray (shared, not copied: writing into it changes the tensor)."""
        d = self._data
        # A 0-d value is kept as a numpy scalar, whose arithmetic costs less than a 0-d
        # array's (0-d arrays would cost 60 % more instructions on the chain of
        # benchmarks/scalar_chain.py); it becomes an array when first read here.
        if type(d) is not np.ndarray:
            d = self._data = np.asarray(d)
        return d

    @data.setter
    def data(self, value: Any) -> None:
        if isinstance(value, Tensor):
            value = value._data
        if type(value) is not np.ndarray or value.dtype.kind != "f":
            value = as_float_array(value, "data", "Tensor.data", finite=False)
        self._data = value

    @property
    def shape(self) -> tuple[int, ...]:
        """The shape of ``data``."""
        return self._data.shape

    @property
    def dtype(self) -> np.dtype:
        """The dtype of ``data`` (a numpy floating dtype)."""
        return self._data.dtype

    @property
    def ndim(self) -> int:
        """The number of dimensions."""
        return self._data.ndim

    @property
    def size(self) -> int:
        """The number of elements."""
        return self._data.size

    @property
    def is_leaf(self) -> bool:
        """True for a tensor made by the user (no ``grad_fn``), as in PyTorch."""
        return self.grad_fn is None

    def __repr__(self) -> str:
        body = np.array2string(np.asarray(self._data), separator=", ", prefix="Tensor(")
        extras = ""
        if self._data.dtype != np.float64:
            extras += f", dtype={self._data.dtype}"
        if self.grad_fn is not None:
            extras += f", grad_fn={self.grad_fn!r}"
        elif self.requires_grad:
            extras += ", requires_grad=True"
        return f"Tensor({body}{extras})"

    def __len__(self) -> int:
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d Tensor")
        return len(self._data)

    def __iter__(self):
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d Tensor")
        return (self[i] for i in range(len(self._data)))

    def __bool__(self) -> bool:
        size = self._data.size
        if size != 1:
            raise ValueError(
                f"bool() of a Tensor with {size} values is ambiguous (shape {self._data.shape}); "
                "use (t.data > 0).any() or .all(), or bool(t.item()) for one value")
        return bool(self._data)

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return np.asarray(self._data, dtype=dtype)

    def item(self) -> float:
        """The value of a one-element tensor as a Python float.

        >>> Tensor([2.5]).item()
        2.5
        """
        if self._data.size != 1:
            raise ValueError(f"Tensor.item: only a one-element Tensor has an item; this one has shape {self.shape}")
        return float(self._data.reshape(()) if self._data.ndim else self._data)

    def __float__(self) -> float:
        return self.item()

    def __format__(self, spec: str) -> str:
        if spec and self._data.size == 1:
            return format(self.item(), spec)
        return format(repr(self), spec)

    def numpy(self) -> np.ndarray:
        """The value as an ndarray (``data``), as ``torch.Tensor.numpy``."""
        return self.data

    def detach(self) -> "Tensor":
        """A new leaf sharing this tensor's data, with no history and ``requires_grad=False``.

        >>> x = Tensor([1.0], requires_grad=True); (x * 2).detach().requires_grad
        False
        """
        return _tensor(self._data, None)

    def retain_grad(self) -> None:
        """Ask ``backward`` to store ``.grad`` on this non-leaf tensor too (as in PyTorch).

        Useful for drawing the gradient at every node of a graph (chapter 08).
        """
        if self.grad_fn is not None:
            self._retains_grad = True

    # --- operators -------------------------------------------------------------------------
    # Each computes its value with numpy and, when an input needs a gradient, records the
    # node named beside it (section 2). A number or an array on either side is a constant.

    __add__, __radd__ = _binary_operator(AddBackward, operator.add)
    __sub__, __rsub__ = _binary_operator(SubBackward, operator.sub)
    __mul__, __rmul__ = _binary_operator(MulBackward, operator.mul)
    __truediv__, __rtruediv__ = _binary_operator(DivBackward, operator.truediv, keep_output=True)
    __matmul__, __rmatmul__ = _binary_operator(MatMulBackward, operator.matmul)
    __pow__, __rpow__ = _binary_operator(PowBackward, operator.pow, keep_output=True)

    def __neg__(self) -> "Tensor":
        return _record(NegBackward, -self._data, (self,))

    def __pos__(self) -> "Tensor":
        return self

    # --- reductions ------------------------------------------------------------------------

    def sum(self, axis: int | Sequence[int] | None = None, keepdims: bool = False) -> "Tensor":
        """Sum over ``axis`` (all axes when None), numpy's meaning.

        Backward copies the upstream gradient to every summed element (a broadcast).

        >>> Tensor([[1.0, 2.0], [3.0, 4.0]]).sum(axis=0)
        Tensor([4., 6.])
        """
        axis = _normalize_axis(axis, self._data.ndim, "Tensor.sum")
        out = self._data.sum(axis=axis, keepdims=keepdims)
        return _record(SumBackward, out, (self,), axis, keepdims)

    def mean(self, axis: int | Sequence[int] | None = None, keepdims: bool = False) -> "Tensor":
        """Mean over ``axis`` (all axes when None), numpy's meaning.

        >>> Tensor([[1.0, 2.0], [3.0, 4.0]]).mean()
        Tensor(2.5)
        """
        axis = _normalize_axis(axis, self._data.ndim, "Tensor.mean")
        out = self._data.mean(axis=axis, keepdims=keepdims)
        return _record(MeanBackward, out, (self,), axis, keepdims)

    def max(self, axis: int | Sequence[int] | None = None, keepdims: bool = False) -> "Tensor":
        """Maximum over ``axis`` (all axes when None), numpy's meaning (``np.max``).

        Backward routes the gradient to the maximal entry; tied maxima share it equally
        (as ``torch.amax``).

        >>> x = Tensor([1.0, 3.0, 3.0], requires_grad=True); x.max().backward(); x.grad
        array([0. , 0.5, 0.5])
        """
        axis = _normalize_axis(axis, self._data.ndim, "Tensor.max")
        try:
            out = self._data.max(axis=axis, keepdims=keepdims)
        except ValueError:
            raise ValueError(f"Tensor.max: a Tensor of shape {self._data.shape} has no elements "
                             f"along axis {axis}; the maximum of no values is undefined") from None
        return _record(MaxBackward, out, (self,), axis, keepdims, out)

    # --- elementwise functions -------------------------------------------------------------

    def exp(self) -> "Tensor":
        """eˣ elementwise; its derivative is itself.

        >>> Tensor([0.0, 1.0]).exp()
        Tensor([1.        , 2.71828183])
        """
        out = np.exp(self._data)
        return _record(ExpBackward, out, (self,), out)

    def log(self) -> "Tensor":
        """Natural logarithm elementwise; its derivative is 1/x.

        >>> Tensor([1.0]).log()
        Tensor([0.])
        """
        return _record(LogBackward, np.log(self._data), (self,))

    def relu(self) -> "Tensor":
        """max(x, 0) elementwise; the derivative is 1 where x > 0 and 0 elsewhere (0 at x = 0).

        >>> Tensor([-1.0, 0.0, 2.0]).relu()
        Tensor([0., 0., 2.])
        """
        out = np.maximum(self._data, 0.0)
        return _record(ReLUBackward, out, (self,), out)

    def sigmoid(self) -> "Tensor":
        """σ(x) = 1 / (1 + e⁻ˣ) elementwise, computed without overflow; σ' = σ(1 − σ).

        >>> Tensor(0.0).sigmoid()
        Tensor(0.5)
        """
        x = self._data
        e = np.exp(-np.abs(x))  # in (0, 1]: never overflows
        out = np.where(x >= 0, 1 / (1 + e), e / (1 + e))
        if out.ndim == 0:
            out = out[()]
        return _record(SigmoidBackward, out, (self,), out)

    def tanh(self) -> "Tensor":
        """tanh(x) elementwise; tanh' = 1 − tanh².

        >>> Tensor([0.0]).tanh()
        Tensor([0.])
        """
        out = np.tanh(self._data)
        return _record(TanhBackward, out, (self,), out)

    # --- shape -----------------------------------------------------------------------------

    def reshape(self, *shape: int | Sequence[int]) -> "Tensor":
        """The same values in a new shape (numpy's ``reshape``; ``-1`` infers one size).

        >>> Tensor([1.0, 2.0, 3.0, 4.0]).reshape(2, 2).shape
        (2, 2)
        """
        if len(shape) == 1 and isinstance(shape[0], (tuple, list, np.ndarray)):
            shape = tuple(shape[0])
        try:
            data = self._data.reshape(shape)
        except TypeError:
            raise TypeError(f"Tensor.reshape: the shape must be integers; got {shape}") from None
        except ValueError:
            raise ValueError(
                f"Tensor.reshape: cannot reshape a Tensor of shape {self._data.shape} "
                f"({self._data.size} elements) into shape {shape}; expected sizes whose "
                "product is the number of elements (one of them may be -1)") from None
        return _record(ReshapeBackward, data, (self,))

    def transpose(self, *axes: int | Sequence[int]) -> "Tensor":
        """Permute the axes, numpy's meaning: no argument reverses them.

        >>> Tensor(np.zeros((2, 3, 4))).transpose(1, 0, 2).shape
        (3, 2, 4)
        """
        if len(axes) == 1 and isinstance(axes[0], (tuple, list, np.ndarray)):
            axes = axes[0]
        axes = tuple(axes) if axes else None
        try:
            data = self._data.transpose(axes)
        except (ValueError, TypeError):
            raise ValueError(
                f"Tensor.transpose: axes {axes} are not a permutation of the "
                f"{self._data.ndim} axes of a Tensor of shape {self._data.shape}") from None
        return _record(TransposeBackward, data, (self,), axes)

    @property
    def T(self) -> "Tensor":
        """The transpose (axes reversed), as ``ndarray.T``."""
        return self.transpose()

    def __getitem__(self, index: Any) -> "Tensor":
        index = _normalize_index(index)
        try:
            data = self._data[index]
        except IndexError as e:
            raise IndexError(
                f"Tensor indexing: {e} (the Tensor has shape {self._data.shape})") from None
        return _record(IndexBackward, data, (self,), index)

    # --- backward --------------------------------------------------------------------------

    def backward(self, grad: Any = None, retain_graph: bool = False) -> None:
        """Compute ∂self/∂leaf for every leaf that requires grad, added into ``leaf.grad``.

        Parameters
        ----------
        grad : array_like, optional
            The upstream gradient ∂L/∂self, of ``self.shape``. May be omitted only when
            ``self`` has one element (then it is 1).
        retain_graph : bool, default False
            Keep what the nodes saved, so that backward can run through this graph again
            (otherwise a second backward raises ``RuntimeError``).

        Example
        -------
        >>> x = Tensor(3.0, requires_grad=True)
        >>> (x * x).backward(); x.grad
        array(6.)

        Explained in chapter 08 (Computational graphs).
        """
        if not self.requires_grad:
            raise RuntimeError(
                "backward: this Tensor does not require grad and has no grad_fn, so there is "
                "nothing to differentiate; create its inputs with requires_grad=True (outside no_grad())")
        _run_backward(self, _initial_grad(self, grad, "backward", "grad"), retain_graph)


# An instance without a call of __init__ (and its checks): with ``Tensor(data)`` instead, the
# chain of benchmarks/scalar_chain.py costs 41 % more instructions; the name ``_new`` saves
# looking ``object.__new__`` up each time (1 % more without it).
_new = object.__new__


def _tensor(data: Any, grad_fn: "Node | None") -> Tensor:
    """A Tensor around a numpy result, made without the checks of ``Tensor.__init__``."""
    t = _new(Tensor)
    t._data = data
    t.grad = None
    t.grad_fn = grad_fn
    t.requires_grad = grad_fn is not None
    t.name = None
    t._number = next(_tensor_count)
    t._retains_grad = False
    return t


def _record(node_type: type, data: Any, inputs: tuple, *saved: Any) -> Tensor:
    """The output Tensor of an operation, and its graph node if grad mode is on and any input
    requires grad. The node keeps the ``inputs`` and what its backward needs (``saved``)."""
    node = None
    # Fast path: the first input usually settles it, and ``inputs[0].requires_grad or``
    # saves the loop of ``_any_requires_grad``: 3 % of benchmarks/scalar_chain.py's chain.
    if _grad_enabled and (inputs[0].requires_grad or _any_requires_grad(inputs)):
        node = _new(node_type)             # nodes have no __init__: set their two fields
        node.inputs = inputs
        node.saved = saved
    t = _new(Tensor)                       # as _tensor(data, node): written out, since every
    t._data = data                         # operation runs it (the call costs 3 % of the
    t.grad = None                          # chain's instructions, benchmarks/scalar_chain.py)
    t.grad_fn = node
    t.requires_grad = node is not None
    t.name = None
    t._number = next(_tensor_count)
    t._retains_grad = False
    return t


def _any_requires_grad(inputs: tuple) -> bool:
    """Whether any of ``inputs`` requires grad (each one is looked at)."""
    for t in inputs:
        if t.requires_grad:
            return True
    return False


_OPERATOR_SIGNS = {operator.add: "+", operator.sub: "-", operator.mul: "*",
                   operator.truediv: "/", operator.matmul: "@", operator.pow: "**"}


def _shape_error(op: Callable, a: tuple, b: tuple) -> str:
    """The message for operands whose shapes do not fit, naming the operator and both shapes."""
    sign = _OPERATOR_SIGNS[op]
    if op is not operator.matmul:
        return (f"Tensor {sign}: shapes {a} and {b} cannot be broadcast together; numpy's rule: "
                "align the shapes on the right, and each pair of sizes must be equal or one of "
                "them 1")
    if not a or not b:
        return (f"Tensor @: matrix multiplication needs operands with at least 1 dimension; got "
                f"shapes {a} and {b} (use * to multiply by a scalar)")
    rows = b[-2] if len(b) > 1 else b[0]
    if a[-1] == rows:
        return (f"Tensor @: shapes {a} and {b}: their batch shapes {a[:-2]} and {b[:-2]} cannot "
                "be broadcast together")
    return (f"Tensor @: shapes {a} and {b} do not fit: the last axis of the left operand "
            f"({a[-1]}) must equal the {'second-to-last' if len(b) > 1 else 'only'} axis of the "
            f"right one ({rows})")


def _lift(value: Any, like: Tensor) -> Tensor | None:
    """The other operand as a constant Tensor: a Python number takes ``like``'s dtype (numpy's
    rule for Python scalars, so float32 stays float32); an array or numpy scalar keeps its own
    dtype. None for anything else."""
    if isinstance(value, (int, float)):
        return _tensor(like._data.dtype.type(value), None)
    if isinstance(value, (np.ndarray, np.generic)) and value.dtype.kind in "biuf":
        return Tensor(value)
    return None


def _normalize_axis(axis: Any, ndim: int, func: str) -> int | tuple[int, ...] | None:
    """``axis`` checked and made non-negative. A 0-d Tensor accepts 0 and -1 (as in PyTorch):
    they mean the tensor itself, returned as None (all axes)."""
    if axis is None:
        return None
    single = isinstance(axis, (int, np.integer)) and not isinstance(axis, bool)
    wrong = f"{func}: axis must be an int, a tuple of ints or None; got {describe(axis)}"
    if not single and not isinstance(axis, (tuple, list)):
        raise TypeError(wrong)
    out = []
    for a in ((axis,) if single else axis):
        if isinstance(a, bool) or not isinstance(a, (int, np.integer)):
            raise TypeError(wrong)
        if not -max(ndim, 1) <= a < max(ndim, 1):
            raise ValueError(f"{func}: axis {a} is out of bounds for a Tensor with {ndim} dimension(s)")
        out.append(int(a) % max(ndim, 1))
    if len(set(out)) != len(out):
        raise ValueError(f"{func}: axis {axis} names an axis twice; expected distinct axes")
    if ndim == 0:
        return None
    return out[0] if single else tuple(out)


def _normalize_index(index: Any) -> Any:
    """Lists become integer arrays (numpy's fancy indexing); Tensors are not indices."""
    parts = index if isinstance(index, tuple) else (index,)
    fixed = []
    for p in parts:
        if isinstance(p, Tensor):
            raise TypeError("Tensor indexing: index with ints, slices or integer/boolean numpy arrays, "
                            f"not with a Tensor (its values are floats); got {p!r}")
        fixed.append(np.asarray(p) if isinstance(p, list) else p)
    return tuple(fixed) if isinstance(index, tuple) else fixed[0]


# ---------------------------------------------------------------------------------------------
# 4. Function and Context: your own operations, as in PyTorch
# ---------------------------------------------------------------------------------------------

_FREED = ("Trying to backward through the graph a second time: the values saved by {name} for its "
          "backward were freed by the first backward pass. Call backward(retain_graph=True) the "
          "first time if you need to go through the graph more than once.")


class Context(Node):
    """What a ``Function``'s ``forward`` leaves for its ``backward`` (PyTorch's ``ctx``).

    - ``ctx.save_for_backward(*arrays)`` in ``forward`` keeps arrays (no copy);
    - ``ctx.saved_tensors`` in ``backward`` gives them back, as a tuple;
    - ``ctx.needs_input_grad`` is a tuple of bools, one per argument of ``forward``: skip the
      work for an input that needs no gradient;
    - any other attribute (``ctx.axis = 1``) is kept too.

    As in PyTorch, the context is also the graph node: ``out.grad_fn`` is ``ctx``, with
    ``name`` (the Function's class name), ``label`` and ``inputs``.

    Parameters
    ----------
    needs_input_grad : iterable of bool, optional
        One per argument of ``forward`` (``Function.apply`` fills it in).

    Example
    -------
    >>> ctx = Context()
    >>> ctx.save_for_backward(np.array([1.0]), np.array([2.0]))
    >>> x, y = ctx.saved_tensors
    >>> y
    array([2.])

    Explained in chapter 09 (Autograd Functions).
    """

    __slots__ = ("needs_input_grad", "function", "_positions", "__dict__")

    def __init__(self, needs_input_grad: Iterable[bool] = ()) -> None:
        self.inputs = ()          # the Tensor arguments of forward (set by Function.apply)
        self.saved = ()
        self.needs_input_grad = tuple(needs_input_grad)
        self.function: type | None = None
        self._positions: tuple[int, ...] = ()   # where those Tensors are among forward's arguments

    def save_for_backward(self, *arrays: Any) -> None:
        """Keep ``arrays`` (numpy arrays or numbers) for ``backward``; they are not copied."""
        self.saved = arrays

    @property
    def saved_tensors(self) -> tuple:
        """The arrays given to ``save_for_backward``, in order."""
        if self.saved is None:
            raise RuntimeError(_FREED.format(name=self.name))
        return self.saved

    @property
    def name(self) -> str:  # type: ignore[override]
        return self.function.__name__ if self.function is not None else "Context"

    @property
    def label(self) -> str:  # type: ignore[override]
        return self.name

    def backward(self, grad):
        """Run the Function's ``backward`` and check what it returns (called by the engine).

        ``grad`` is copied first, since a user's backward may write into it; the gradients it
        returns are handed on as views, since it may return one array twice, or a saved one.
        """
        fn = self.function
        if type(grad) is np.ndarray:
            grad = grad.copy()
        grads = fn.backward(self, grad)
        if type(grads) is not tuple:
            grads = tuple(grads) if isinstance(grads, list) else (grads,)
        if len(grads) != len(self.needs_input_grad):
            n = len(self.needs_input_grad)
            raise ValueError(
                f"{fn.__name__}.backward returned {len(grads)} gradient(s) but {fn.__name__}.forward "
                f"took {n} input(s); return one gradient (or None) per input, in order")
        checked = []
        for i, t in zip(self._positions, self.inputs):
            g = grads[i]
            if g is None or not t.requires_grad:
                checked.append(None)
            elif type(g) is np.ndarray and g.dtype is t._data.dtype and g.shape == t._data.shape:
                checked.append(g.view())     # the usual case: nothing to check further
            else:
                checked.append(_checked_grad(fn, i, g, t))
        return checked


def _input_name(fn: type, i: int) -> str:
    """``"input 1 (y)"``: the position and, when it can be read, the name in ``forward``."""
    try:
        params = list(inspect.signature(fn.forward).parameters)[1:]
        if i < len(params) and not params[i].startswith("*"):
            return f"input {i} ({params[i]})"
    except (TypeError, ValueError):
        pass
    return f"input {i}"


def _checked_grad(fn: type, i: int, g: Any, t: Tensor) -> Any:
    """One gradient returned by ``fn.backward`` for input ``i``, checked against tensor ``t``."""
    if type(g) is not np.ndarray and not isinstance(g, np.floating):
        if isinstance(g, float):
            g = np.float64(g)
        elif isinstance(g, Tensor):
            raise TypeError(
                f"{fn.__name__}.backward returned a Tensor for {_input_name(fn, i)}; inside backward the "
                "values are numpy arrays: return an array (use .data of a Tensor)")
        elif isinstance(g, (np.ndarray, np.generic, int)):
            g = np.asarray(g)
        else:
            raise TypeError(
                f"{fn.__name__}.backward returned {describe(g)} for {_input_name(fn, i)}; "
                "expected a numpy array (or None)")
    if g.dtype.kind != "f":
        raise TypeError(
            f"{fn.__name__}.backward returned a gradient of dtype {g.dtype} for {_input_name(fn, i)}; "
            f"expected a floating array (the input is {t.dtype})")
    shape = t._data.shape
    if g.shape != shape and not _broadcasts_to(shape, g.shape):
        raise ValueError(
            f"{fn.__name__}.backward returned a gradient of shape {g.shape} for {_input_name(fn, i)}, "
            f"whose shape is {shape}; expected {shape} or a shape that {shape} broadcasts to")
    if g.dtype != t._data.dtype:
        return g.astype(t._data.dtype)
    return g.view()


def _broadcasts_to(shape: tuple, target: tuple) -> bool:
    try:
        return np.broadcast_shapes(shape, target) == tuple(target)
    except ValueError:
        return False


class Function:
    """Base class of a differentiable operation written by hand, as ``torch.autograd.Function``.

    Subclass it with two static methods and call ``MyFn.apply(*inputs)``:

    - ``forward(ctx, *inputs)`` gets plain numpy arrays (Tensors are unwrapped; other
      arguments, such as an axis or integer labels, pass through unchanged) and returns one
      array, the output;
    - ``backward(ctx, grad_output)`` gets ∂L/∂output (a writable numpy array shaped like the
      output) and returns one gradient per input of ``forward`` (or None for an input that
      needs none), or a bare array when there is one input.

    ``apply`` checks what ``backward`` returns: the number of gradients, each one's shape (a
    gradient shaped like a broadcast of the input is summed back to the input's shape, as in
    PyTorch), and its dtype (a floating gradient of another dtype is cast to the input's; a
    non-floating one is an error). Errors name the Function and the input.

    Example
    -------
    The notes' ``Multiply``, with only the base class changed:

    >>> class Multiply(Function):
    ...     @staticmethod
    ...     def forward(ctx, x, y):
    ...         ctx.save_for_backward(x, y)
    ...         z = x * y
    ...         return z
    ...     @staticmethod
    ...     def backward(ctx, grad_z):
    ...         x, y = ctx.saved_tensors
    ...         grad_x = y * grad_z  # dz/dx * dL/dz
    ...         grad_y = x * grad_z  # dz/dy * dL/dz
    ...         return grad_x, grad_y
    >>> x, y = Tensor(2.0, requires_grad=True), Tensor(3.0, requires_grad=True)
    >>> z = Multiply.apply(x, y); z.backward(); (x.grad, y.grad)
    (array(3.), array(2.))

    Explained in chapter 09 (Autograd Functions).
    """

    @staticmethod
    def forward(ctx: Context, *inputs: Any) -> Any:
        raise NotImplementedError("a Function subclass must define @staticmethod forward(ctx, *inputs)")

    @staticmethod
    def backward(ctx: Context, *grad_outputs: Any) -> Any:
        raise NotImplementedError("a Function subclass must define @staticmethod backward(ctx, grad_output)")

    @classmethod
    def apply(cls, *inputs: Any) -> Tensor:
        """Run ``forward`` on the inputs' arrays and record a node for ``backward``."""
        # Tensors are unwrapped; an axis, integer labels... pass through as they are.
        values, needs = list(inputs), [False] * len(inputs)
        tensors, positions = [], []
        for i, a in enumerate(inputs):
            if isinstance(a, Tensor):
                values[i] = a._data
                needs[i] = a.requires_grad and _grad_enabled
                tensors.append(a)
                positions.append(i)
        ctx = Context(needs)
        data = cls.forward(ctx, *values)
        if not (type(data) is np.ndarray and data.dtype.kind == "f" or isinstance(data, np.floating)):
            data = _checked_output(cls, data)   # not a floating array: convert it, or explain
        if True not in needs:       # nothing to differentiate: record no history
            return _tensor(data, None)
        ctx.function = cls
        ctx._positions = positions
        ctx.inputs = tuple(tensors)
        return _tensor(data, ctx)


def _checked_output(fn: type, out: Any) -> Any:
    """The value returned by ``fn.forward``, as a floating array (or numpy scalar)."""
    if type(out) is np.ndarray and out.dtype.kind == "f" or isinstance(out, np.floating):
        return out
    if isinstance(out, Tensor):
        raise TypeError(f"{fn.__name__}.forward returned a Tensor; inside forward the values are "
                        "numpy arrays: compute and return a numpy array")
    if isinstance(out, (tuple, list)):
        raise TypeError(f"{fn.__name__}.forward returned a {type(out).__name__} of {len(out)} values; "
                        "a bplib Function has exactly one output: return one array")
    return as_float_array(out, "the output", f"{fn.__name__}.forward", finite=False)


# ---------------------------------------------------------------------------------------------
# 5. The engine: topological order, then the chain rule node by node
# ---------------------------------------------------------------------------------------------

def topological_order(root: Tensor) -> list[Tensor]:
    """Every tensor ``root`` depends on that requires grad, each before the tensors it was
    computed from (``root`` first, leaves last): the order of the backward pass.

    Found without recursion, so graphs of any depth work: collect the tensors reachable from
    ``root`` in a list that grows as it is walked, then sort them newest first (each tensor is
    numbered when it is created, and an output is always created after its inputs).

    Parameters
    ----------
    root : Tensor
        The output of the graph (usually the loss).

    Returns
    -------
    list of Tensor
        ``root`` first.

    Example
    -------
    >>> x = Tensor(2.0, requires_grad=True); y = x * 3; z = y.exp()
    >>> [t.grad_fn.name if t.grad_fn else "leaf" for t in topological_order(z)]
    ['Exp', 'Mul', 'leaf']

    Explained in chapter 08 (Computational graphs).
    """
    order, seen = [root], {root}
    for t in order:                      # the list grows while we walk it: no recursion
        if t.grad_fn is not None:
            for t_in in t.grad_fn.inputs:
                if t_in not in seen and t_in.requires_grad:
                    seen.add(t_in)
                    order.append(t_in)
    order.sort(key=_creation_number, reverse=True)
    return order


_creation_number = operator.attrgetter("_number")


def _run_backward(root: Tensor, upstream: Any, retain_graph: bool = False,
                  found: dict | None = None) -> None:
    """Back-propagate ``upstream`` = ∂L/∂root through the graph: chapter 08's loop (exercise
    8.4), plus what an engine adds in named helpers.

    In topological order every consumer of a tensor comes before it, so when a tensor's turn
    comes its gradient is complete. Leaves' gradients (and those of tensors that called
    ``retain_grad()``) are added into ``.grad``; with ``found`` ({tensor: None}, from ``grad``)
    the gradients of those tensors are put there instead, and no ``.grad`` changes.

    One fast path: shapes are compared before ``_sum_to_shape`` is called, as most gradients
    need no sum-back; calling it for every input costs 12 % more instructions on
    benchmarks/scalar_chain.py's chain.
    """
    grads = {root: upstream}                  # ∂L/∂t for each tensor t reached so far
    for t in topological_order(root):         # each tensor before its inputs, root first
        g = grads.pop(t, None)                # complete: all of t's consumers are done
        if g is None:
            continue                          # nothing reached t (a Function returned None)
        node = t.grad_fn
        if node is None or t._retains_grad or found is not None:
            _store_grad(t, g, found)          # a leaf: g into t.grad, as PyTorch does
        if node is not None:
            downstream = _chain_rule(node, g, retain_graph)   # local × upstream
            for t_in, g_in in zip(node.inputs, downstream):
                if g_in is not None:
                    if g_in.shape != t_in._data.shape:        # (the fast path)
                        g_in = _sum_to_shape(g_in, t_in._data.shape)   # undo broadcasting
                    grads[t_in] = grads[t_in] + g_in if t_in in grads else g_in


def _chain_rule(node: Node, upstream: Any, retain_graph: bool) -> Any:
    """Local gradient × upstream gradient at one node: its ``backward``, which returns one
    gradient per input. Then, unless ``retain_graph``, free what the node saved for it."""
    if node.saved is None:
        raise RuntimeError(_FREED.format(name=node.name))
    downstream = node.backward(upstream)
    if not retain_graph:
        node.saved = None
    return downstream


def _sum_to_shape(grad: Any, shape: tuple) -> Any:
    """Undo broadcasting: sum ``grad`` over the axes along which an input of ``shape`` was
    broadcast (the leading axes it lacked, and its axes of size 1). The one place it is done.

    >>> _sum_to_shape(np.ones((4, 3)), (3,))
    array([4., 4., 4.])
    """
    lead = grad.ndim - len(shape)
    if lead:
        grad = np.add.reduce(grad, axis=tuple(range(lead)) if lead > 1 else 0)
    if 1 in shape:
        ones = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
        if ones:
            grad = np.add.reduce(grad, axis=ones, keepdims=True)
    return grad


def _store_grad(t: Tensor, g: Any, found: dict | None = None) -> None:
    """Hand ∂L/∂t over: add it into ``t.grad`` (gradients accumulate across backward passes,
    as in PyTorch); or, for ``grad`` (``found`` given), put it in ``found[t]`` if t is one of
    the tensors asked for, and change no ``.grad``."""
    if found is not None:
        if t in found:
            found[t] = _owned(g, t._data.dtype)
    elif t.grad is None:
        t.grad = _owned(g, t._data.dtype)
    else:
        t.grad += g


def _owned(g: Any, dtype: np.dtype) -> np.ndarray:
    """``g`` as an array nobody else holds, of ``dtype``: ``g`` itself when it is a new array
    (``.base`` is None: nodes hand on shared arrays as views), otherwise a copy."""
    if type(g) is np.ndarray and g.base is None and g.dtype == dtype:
        return g
    return np.array(g, dtype=dtype)


def _initial_grad(root: Tensor, grad: Any, func: str, name: str) -> Any:
    """The gradient a backward pass starts from: 1 for a one-element ``root``, else ``grad``
    (argument ``name`` of ``func``), checked. The caller's array is handed on as a view, so
    that it never becomes a ``.grad``."""
    data = root._data
    if grad is None:
        if data.size != 1:
            raise RuntimeError(
                f"{func}: {name} can be created implicitly only for a Tensor with one element (a "
                f"scalar loss); this one has shape {data.shape}: pass {name}=, an array of that "
                "shape (∂L/∂tensor), or reduce the tensor first (e.g. .sum())")
        return data.dtype.type(1) if data.ndim == 0 else np.ones(data.shape, data.dtype)
    g = grad._data if isinstance(grad, Tensor) else grad
    if type(g) is not np.ndarray or g.dtype.kind != "f":
        g = as_float_array(g, name, func, finite=False)
    if g.shape != data.shape:
        raise ValueError(f"{func}: {name} has shape {g.shape} but the Tensor has shape "
                         f"{data.shape}; expected the same shape")
    return g.astype(data.dtype) if g.dtype != data.dtype else g.view()


def grad(output: Tensor, inputs: Sequence[Tensor] | Tensor, grad_output: Any = None,
         retain_graph: bool = False) -> tuple[np.ndarray, ...]:
    """∂output/∂input for each of ``inputs``, returned as arrays; no ``.grad`` is changed.

    As ``torch.autograd.grad``: an input that ``output`` does not depend on gets zeros.

    Parameters
    ----------
    output : Tensor
        The tensor to differentiate.
    inputs : Tensor or sequence of Tensor
        The tensors to differentiate with respect to (leaves or intermediate ones).
    grad_output : array_like, optional
        The upstream gradient, of ``output.shape``; needed unless ``output`` has one element.
    retain_graph : bool, default False
        Keep the graph's saved values for another backward pass.

    Returns
    -------
    tuple of ndarray
        One per input, each of that input's shape.

    Example
    -------
    >>> x = Tensor([1.0, 2.0], requires_grad=True)
    >>> grad((x ** 2).sum(), x)
    (array([2., 4.]),)

    Explained in chapter 10 (Tensors and Jacobians).
    """
    inputs = (inputs,) if isinstance(inputs, Tensor) else tuple(inputs)
    for i, t in enumerate(inputs):
        if not isinstance(t, Tensor):
            raise TypeError(f"grad: inputs must be Tensors; got {describe(t)} at position {i}")
    if not isinstance(output, Tensor):
        raise TypeError(f"grad: output must be a Tensor; got {describe(output)}")
    upstream = _initial_grad(output, grad_output, "grad", "grad_output")
    found = dict.fromkeys(inputs)
    if output.requires_grad:   # else a constant: its gradient with respect to anything is zero
        _run_backward(output, upstream, retain_graph, found)
    return tuple(np.zeros(t._data.shape, t._data.dtype) if found[t] is None else found[t]
                 for t in inputs)


def graph_grads(output: Tensor, grad_output: Any = None) -> dict:
    """∂output/∂t for every tensor t of ``output``'s graph that requires grad, as a dict.

    Intermediate tensors are included (``backward`` keeps only the leaves' gradients unless
    ``retain_grad()`` was called on each). No ``.grad`` changes and the graph is kept, so
    ``output.backward()`` still works afterwards. ``bplib.viz.draw_graph`` writes these.

    Parameters
    ----------
    output : Tensor
        A tensor that requires grad.
    grad_output : array_like, optional
        The upstream gradient ∂L/∂output, of ``output.shape``; may be omitted when ``output``
        has one element (then it is 1).

    Returns
    -------
    dict
        {Tensor: ndarray of that tensor's shape}, ``output`` included.

    Example
    -------
    >>> x = Tensor(-2.0, requires_grad=True); y = Tensor(5.0, requires_grad=True)
    >>> z = Tensor(-4.0, requires_grad=True)
    >>> q = x + y; f = q * z
    >>> g = graph_grads(f)
    >>> float(g[q]), float(g[x]), float(g[z]), x.grad is None
    (-4.0, -4.0, 3.0, True)

    Explained in chapter 08 (Computational graphs).
    """
    if not isinstance(output, Tensor):
        raise TypeError(f"graph_grads: output must be a Tensor; got {describe(output)}")
    if not output.requires_grad:
        raise ValueError("graph_grads: output does not require grad, so it has no gradients; "
                         "create its inputs with requires_grad=True (outside no_grad())")
    tensors = topological_order(output)
    return dict(zip(tensors, grad(output, tensors, grad_output, retain_graph=True)))


# ---------------------------------------------------------------------------------------------
# 6. Jacobians: explicit (for teaching) and the vector-Jacobian product backprop computes
# ---------------------------------------------------------------------------------------------

def _as_leaf(x: Any, func: str) -> Tensor:
    data = x._data if isinstance(x, Tensor) else x
    if type(data) is not np.ndarray or data.dtype.kind != "f":
        data = as_float_array(data, "x", func, finite=False)
    return Tensor(data, requires_grad=True)


def _call(f: Callable, x: Tensor, func: str) -> Tensor:
    if not callable(f):
        raise TypeError(f"{func}: f must be callable (a function of a Tensor); got {describe(f)}")
    y = f(x)
    if not isinstance(y, Tensor):
        raise TypeError(f"{func}: f must return a Tensor; got {describe(y)}")
    return y


def jacobian(f: Callable[[Tensor], Tensor], x: Any) -> np.ndarray:
    """The explicit Jacobian ∂f(x)/∂x, an array of shape ``f(x).shape + x.shape``.

    Built row by row: one backward pass per output entry, with upstream gradient eᵢ. It is
    for teaching and checking (chapter 10 shows what it costs); backpropagation never builds
    it, see ``vjp``.

    Parameters
    ----------
    f : callable
        Maps a Tensor of ``x``'s shape to a Tensor.
    x : Tensor or array_like
        The point; only its value is used (integers become float64).

    Returns
    -------
    ndarray
        Of shape ``f(x).shape + x.shape``.

    Example
    -------
    >>> jacobian(lambda t: t.relu(), np.array([-1.0, 2.0]))
    array([[0., 0.],
           [0., 1.]])

    Explained in chapter 10 (Tensors and Jacobians).
    """
    x = _as_leaf(x, "jacobian")
    y = _call(f, x, "jacobian")
    J = np.zeros(y.shape + x.shape, dtype=np.result_type(y.dtype, x.dtype))
    if not y.requires_grad:
        return J
    rows = J.reshape(y.size, x.size)
    for i in range(y.size):
        e = np.zeros(y.shape, y.dtype)
        e.flat[i] = 1
        (row,) = grad(y, x, e, retain_graph=True)
        rows[i] = row.reshape(-1)
    return J


def vjp(f: Callable[[Tensor], Tensor], x: Any, v: Any) -> tuple[np.ndarray, np.ndarray]:
    """The value f(x) and the vector-Jacobian product vᵀ·∂f/∂x, as ``torch.autograd.functional.vjp``.

    Parameters
    ----------
    f : callable
        Maps a Tensor of ``x``'s shape to a Tensor.
    x : Tensor or array_like
        The point.
    v : array_like
        The upstream gradient, of ``f(x).shape``.

    Returns
    -------
    value : ndarray
        f(x), of shape ``f(x).shape``.
    vjp : ndarray
        vᵀ·∂f/∂x, of shape ``x.shape``.

    Example
    -------
    >>> vjp(lambda t: t * t, np.array([1.0, 3.0]), np.array([1.0, 1.0]))
    (array([1., 9.]), array([2., 6.]))

    Explained in chapter 10 (Tensors and Jacobians).
    """
    x = _as_leaf(x, "vjp")
    y = _call(f, x, "vjp")
    upstream = _initial_grad(y, v, "vjp", "v")
    if not y.requires_grad:
        return np.asarray(y._data), np.zeros(x._data.shape, x._data.dtype)
    found = {x: None}
    _run_backward(y, upstream, False, found)
    g = found[x] if found[x] is not None else np.zeros(x._data.shape, x._data.dtype)
    return np.asarray(y._data), g
