"""A small reverse-mode autograd engine on numpy arrays, with PyTorch's ``Function`` API.

Read it top to bottom, in the order the chapters meet the ideas:

1. **Grad mode.** ``no_grad()`` switches recording off.
2. **Tensor.** A numpy array, an optional ``.grad``, and the ``grad_fn`` that made it. Every
   operator computes its value with numpy and, when an input needs a gradient, records one
   graph node: the node keeps its ``inputs`` (so a drawing can walk the graph and read every
   forward value) but never its output, so the graph has no reference cycles and is freed by
   reference counting as soon as nothing refers to it.
3. **The built-in nodes.** Each one's ``backward(grad)`` is a vector-Jacobian product: given
   ∂L/∂output it returns ∂L/∂input for each input (``None`` for an input that needs none).
   They never build the Jacobian itself (chapter 10).
4. **Function and Context.** Write your own operation exactly as in PyTorch: static
   ``forward(ctx, ...)`` and ``backward(ctx, ...)``, called as ``MyFn.apply(...)``. Inside them
   the values are plain numpy arrays, so the notes' ``Multiply`` runs with only its base class
   changed. ``apply`` checks what ``backward`` returns.
5. **The engine.** ``Tensor.backward`` orders the graph topologically (iteratively: a chain of
   10⁵ nodes is fine), then walks it from the output back to the leaves, multiplying local
   gradients into upstream ones (the chain rule). Broadcasting is undone in one place,
   ``_sum_to_shape``.
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
from heapq import heappop, heappush
import inspect
import itertools
import operator
from typing import Any, Callable, Iterable, Sequence

import numpy as np

from ._util import as_float_array, describe

__all__ = ["Tensor", "Function", "Context", "no_grad", "is_grad_enabled",
           "grad", "jacobian", "vjp", "topological_order"]


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

    Explained in chapter 09 (Autograd Functions).
    """
    return _grad_enabled


class no_grad:
    """Context manager (or decorator) in which no operation records a graph, as ``torch.no_grad``.

    Use it for updates of parameters and for evaluation: results have no ``grad_fn`` and
    ``requires_grad=False``, and nothing is kept for a backward pass.

    Example
    -------
    >>> w = Tensor([1.0, 2.0], requires_grad=True)
    >>> with no_grad():
    ...     y = w * 2
    >>> y.requires_grad
    False

    Explained in chapter 09 (Autograd Functions).
    """

    __slots__ = ("_previous",)

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
# 2. Tensor
# ---------------------------------------------------------------------------------------------

# Tensors are numbered as they are created. An operation's output is always created after its
# inputs, so "newest first" is an order in which every tensor comes before the ones it was
# computed from: a topological order for the backward pass (see ``topological_order``).
_tensor_count = itertools.count()


class Tensor:
    """A numpy array that records the operations applied to it, for reverse-mode autodiff.

    Parameters
    ----------
    data : array-like. A floating numpy array is wrapped without a copy (as
        ``torch.from_numpy``); lists, Python numbers and integer arrays become float64.
    requires_grad : bool. Whether ``backward`` should compute a ``.grad`` for this tensor.

    Attributes
    ----------
    data : ndarray, the value (same shape and dtype as the tensor).
    grad : ndarray of the same shape and dtype, or None: ∂L/∂self after ``L.backward()``,
        accumulated (added to) by every backward pass, as in PyTorch. Leaves only, unless
        ``retain_grad()`` was called.
    grad_fn : the graph node that produced this tensor (None for a leaf). It has ``name``
        (e.g. ``"Mul"``), ``label`` (e.g. ``"*"``, for drawings) and ``inputs``, the tensors it
        was computed from, so ``grad_fn.inputs[0].grad_fn`` walks the graph backwards.
    requires_grad : bool.  name : optional label for drawings (e.g. ``"W1"``).

    Operators ``+ - * / @ **`` and unary ``-`` work with numpy broadcasting, with a Tensor,
    an array or a number on either side. Methods: ``sum``, ``mean``, ``max``, ``exp``, ``log``,
    ``relu``, ``sigmoid``, ``tanh``, ``reshape``, ``transpose`` / ``.T``, indexing with slices
    and integer arrays, ``backward``, ``detach``, ``item``, ``retain_grad``.

    Example
    -------
    >>> x = Tensor([1.0, 2.0], requires_grad=True)
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

    def __init__(self, data: Any, requires_grad: bool = False) -> None:
        if isinstance(data, Tensor):
            data = data._data
        elif type(data) is not np.ndarray or data.dtype.kind != "f":
            data = as_float_array(data, "data", "Tensor", finite=False)
            if data.ndim == 0:      # a number: keep a numpy scalar, whose arithmetic is faster
                data = data[()]
        if not isinstance(requires_grad, (bool, np.bool_)):
            raise TypeError(f"Tensor: requires_grad must be True or False; got {describe(requires_grad)}")
        self._data = data
        self.grad = None
        self.grad_fn = None
        self.requires_grad = bool(requires_grad)
        self.name = None
        self._number = next(_tensor_count)
        self._retains_grad = False

    # --- the value and its description ---------------------------------------------------

    @property
    def data(self) -> np.ndarray:
        """The value, an ndarray (shared, not copied: writing into it changes the tensor)."""
        d = self._data
        if type(d) is not np.ndarray:  # a 0-d result is kept as a numpy scalar (it is faster)
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
    # Each computes the value with numpy and records a node (see section 3) when an input
    # needs a gradient. A number or an array on either side becomes a constant tensor.

    def __add__(self, other: Any) -> "Tensor":
        if type(other) is not Tensor and (other := _lift(other, self)) is None:
            return NotImplemented
        return _record(Add, self._data + other._data, (self, other))

    def __radd__(self, other: Any) -> "Tensor":
        if type(other) is not Tensor and (other := _lift(other, self)) is None:
            return NotImplemented
        return _record(Add, other._data + self._data, (other, self))

    def __sub__(self, other: Any) -> "Tensor":
        if type(other) is not Tensor and (other := _lift(other, self)) is None:
            return NotImplemented
        return _record(Sub, self._data - other._data, (self, other))

    def __rsub__(self, other: Any) -> "Tensor":
        if type(other) is not Tensor and (other := _lift(other, self)) is None:
            return NotImplemented
        return _record(Sub, other._data - self._data, (other, self))

    def __mul__(self, other: Any) -> "Tensor":
        if type(other) is not Tensor and (other := _lift(other, self)) is None:
            return NotImplemented
        return _record(Mul, self._data * other._data, (self, other))

    def __rmul__(self, other: Any) -> "Tensor":
        if type(other) is not Tensor and (other := _lift(other, self)) is None:
            return NotImplemented
        return _record(Mul, other._data * self._data, (other, self))

    def __truediv__(self, other: Any) -> "Tensor":
        if type(other) is not Tensor and (other := _lift(other, self)) is None:
            return NotImplemented
        out = self._data / other._data
        return _record(Div, out, (self, other), out)

    def __rtruediv__(self, other: Any) -> "Tensor":
        if type(other) is not Tensor and (other := _lift(other, self)) is None:
            return NotImplemented
        out = other._data / self._data
        return _record(Div, out, (other, self), out)

    def __matmul__(self, other: Any) -> "Tensor":
        if type(other) is not Tensor and (other := _lift(other, self)) is None:
            return NotImplemented
        return _record(MatMul, self._data @ other._data, (self, other))

    def __rmatmul__(self, other: Any) -> "Tensor":
        if type(other) is not Tensor and (other := _lift(other, self)) is None:
            return NotImplemented
        return _record(MatMul, other._data @ self._data, (other, self))

    def __pow__(self, exponent: Any) -> "Tensor":
        if type(exponent) is not Tensor and (exponent := _lift(exponent, self)) is None:
            return NotImplemented
        out = self._data ** exponent._data
        return _record(Pow, out, (self, exponent), out)

    def __rpow__(self, base: Any) -> "Tensor":
        if type(base) is not Tensor and (base := _lift(base, self)) is None:
            return NotImplemented
        out = base._data ** self._data
        return _record(Pow, out, (base, self), out)

    def __neg__(self) -> "Tensor":
        return _record(Neg, -self._data, (self,))

    def __pos__(self) -> "Tensor":
        return self

    # --- reductions ------------------------------------------------------------------------

    def sum(self, axis: int | Sequence[int] | None = None, keepdims: bool = False) -> "Tensor":
        """Sum over ``axis`` (all axes when None), numpy's meaning.

        Backward copies the upstream gradient to every summed element (broadcast).

        >>> Tensor([[1.0, 2.0], [3.0, 4.0]]).sum(axis=0)
        Tensor([4., 6.])
        """
        axis = _normalize_axis(axis, self._data.ndim, "Tensor.sum")
        return _record(Sum, self._data.sum(axis=axis, keepdims=keepdims), (self,), axis, keepdims)

    def mean(self, axis: int | Sequence[int] | None = None, keepdims: bool = False) -> "Tensor":
        """Mean over ``axis`` (all axes when None), numpy's meaning.

        >>> Tensor([[1.0, 2.0], [3.0, 4.0]]).mean()
        Tensor(2.5)
        """
        axis = _normalize_axis(axis, self._data.ndim, "Tensor.mean")
        return _record(Mean, self._data.mean(axis=axis, keepdims=keepdims), (self,), axis, keepdims)

    def max(self, axis: int | Sequence[int] | None = None, keepdims: bool = False) -> "Tensor":
        """Maximum over ``axis`` (all axes when None), numpy's meaning (``np.max``).

        Backward routes the gradient to the maximal entry; tied maxima share it equally
        (as ``torch.amax``).

        >>> x = Tensor([1.0, 3.0, 3.0], requires_grad=True); x.max().backward(); x.grad
        array([0. , 0.5, 0.5])
        """
        axis = _normalize_axis(axis, self._data.ndim, "Tensor.max")
        out = self._data.max(axis=axis, keepdims=keepdims)
        return _record(Max, out, (self,), axis, keepdims, out)

    # --- elementwise functions -------------------------------------------------------------

    def exp(self) -> "Tensor":
        """eˣ elementwise; its derivative is itself.

        >>> Tensor([0.0, 1.0]).exp()
        Tensor([1.        , 2.71828183])
        """
        out = np.exp(self._data)
        return _record(Exp, out, (self,), out)

    def log(self) -> "Tensor":
        """Natural logarithm elementwise; its derivative is 1/x.

        >>> Tensor([1.0]).log()
        Tensor([0.])
        """
        return _record(Log, np.log(self._data), (self,))

    def relu(self) -> "Tensor":
        """max(x, 0) elementwise; the derivative is 1 where x > 0 and 0 elsewhere (0 at x = 0).

        >>> Tensor([-1.0, 0.0, 2.0]).relu()
        Tensor([0., 0., 2.])
        """
        return _record(ReLU, np.maximum(self._data, 0.0), (self,))   # 0.0: converted faster than 0

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
        return _record(Sigmoid, out, (self,), out)

    def tanh(self) -> "Tensor":
        """tanh(x) elementwise; tanh' = 1 − tanh².

        >>> Tensor([0.0]).tanh()
        Tensor([0.])
        """
        out = np.tanh(self._data)
        return _record(Tanh, out, (self,), out)

    # --- shape -----------------------------------------------------------------------------

    def reshape(self, *shape: int | Sequence[int]) -> "Tensor":
        """The same values in a new shape (numpy's ``reshape``; ``-1`` infers one size).

        >>> Tensor([1.0, 2.0, 3.0, 4.0]).reshape(2, 2).shape
        (2, 2)
        """
        if len(shape) == 1 and not isinstance(shape[0], (int, np.integer)):
            shape = tuple(shape[0])
        return _record(Reshape, self._data.reshape(shape), (self,))

    def transpose(self, *axes: int | Sequence[int]) -> "Tensor":
        """Permute the axes, numpy's meaning: no argument reverses them.

        >>> Tensor(np.zeros((2, 3, 4))).transpose(1, 0, 2).shape
        (3, 2, 4)
        """
        if len(axes) == 1 and not isinstance(axes[0], (int, np.integer)):
            axes = axes[0]
        axes = tuple(axes) if axes else None
        return _record(Transpose, self._data.transpose(axes), (self,), axes)

    @property
    def T(self) -> "Tensor":
        """The transpose (axes reversed), as ``ndarray.T``."""
        return self.transpose()

    def __getitem__(self, index: Any) -> "Tensor":
        index = _normalize_index(index)
        return _record(Index, self._data[index], (self,), index)

    # --- backward --------------------------------------------------------------------------

    def backward(self, grad: Any = None, retain_graph: bool = False) -> None:
        """Compute ∂self/∂leaf for every leaf that requires grad, added into ``leaf.grad``.

        Parameters
        ----------
        grad : array of ``self.shape``: the upstream gradient ∂L/∂self. May be omitted only
            when ``self`` has one element (then it is 1).
        retain_graph : keep what the nodes saved, so that backward can run through this graph
            again (otherwise a second backward raises ``RuntimeError``).

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
        upstream, shared = _initial_grad(self, grad, "backward")
        _run_backward(self, upstream, shared, retain_graph)


_new_tensor = _new_node = object.__new__   # an instance without a call of __init__


def _tensor(data: Any, grad_fn: "Node | None") -> Tensor:
    """Make a Tensor from a numpy result without the checks of ``Tensor.__init__``."""
    t = _new_tensor(Tensor)
    t._data = data
    t.grad = None
    t.grad_fn = grad_fn
    t.requires_grad = grad_fn is not None
    t.name = None
    t._number = next(_tensor_count)
    t._retains_grad = False
    return t


def _record(node_type: type, data: Any, inputs: tuple, *saved: Any) -> Tensor:
    """The output tensor of an operation, with a graph node if any input requires grad."""
    t = _new_tensor(Tensor)           # as _tensor(data, node), inlined: this runs for every op
    t._data = data
    t.grad = None
    if _grad_enabled and (inputs[0].requires_grad or (len(inputs) == 2 and inputs[1].requires_grad)):
        node = _new_node(node_type)   # as node_type(inputs, saved), minus the call of __init__
        node.inputs = inputs
        node.saved = saved
        t.grad_fn = node
        t.requires_grad = True
    else:
        t.grad_fn = None
        t.requires_grad = False
    t.name = None
    t._number = next(_tensor_count)
    t._retains_grad = False
    return t


# Constant tensors made from Python numbers, reused: ``y = y * 1.5`` in a loop makes no new object.
_constants: dict = {}


def _lift(value: Any, like: Tensor) -> Tensor | None:
    """The other operand as a Tensor: a Python number becomes a constant of ``like``'s dtype
    (numpy's rule for Python scalars, so float32 stays float32); an array or numpy scalar
    keeps its own dtype."""
    if isinstance(value, Tensor):
        return value
    if isinstance(value, (int, float)):
        dtype = like._data.dtype
        key = (value, dtype.char)
        constant = _constants.get(key)
        if constant is None:
            constant = _tensor(dtype.type(value), None)
            if value and value == value:   # not 0 (-0.0 == 0.0 would lose the sign), not NaN
                if len(_constants) >= 1024:
                    _constants.clear()
                _constants[key] = constant
        return constant
    if isinstance(value, (np.ndarray, np.generic)) and value.dtype.kind in "biuf":
        return Tensor(value)
    return None


def _normalize_axis(axis: Any, ndim: int, func: str) -> int | tuple[int, ...] | None:
    if axis is None:
        return None
    axes = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
    out = []
    for a in axes:
        if isinstance(a, bool) or not isinstance(a, (int, np.integer)):
            raise TypeError(f"{func}: axis must be an int, a tuple of ints or None; got {describe(axis)}")
        if not -ndim <= a < max(ndim, 1) or (ndim == 0 and a != 0 and a != -1):
            raise ValueError(f"{func}: axis {a} is out of bounds for a Tensor with {ndim} dimension(s)")
        out.append(int(a) % ndim if ndim else 0)
    return out[0] if isinstance(axis, (int, np.integer)) else tuple(out)


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
# 3. The built-in graph nodes: one vector-Jacobian product each
# ---------------------------------------------------------------------------------------------

class Node:
    """One recorded operation: the ``grad_fn`` of the tensor it produced.

    Attributes
    ----------
    inputs : tuple of Tensors the operation read (constants included), in order.
    saved : tuple of values kept for the backward pass, or None once a backward pass freed them.
    name : e.g. ``"Mul"`` (shown as ``<MulBackward>``);  label : e.g. ``"*"``, for drawings.

    ``backward(grad)`` takes ∂L/∂output (shaped like the output) and returns one gradient per
    input, ∂L/∂input, or None for an input that does not require grad. A gradient may keep the
    output's broadcast shape: the engine sums it back to the input's shape.

    Explained in chapter 08 (Computational graphs).
    """

    __slots__ = ("inputs", "saved")
    name = "Node"
    label = "?"
    # Built-in nodes return new arrays (or the upstream gradient itself, which the engine
    # notices), and never modify the upstream gradient; a user's Function may do either.
    trusted = True

    def __init__(self, inputs: tuple = (), saved: tuple = ()) -> None:
        self.inputs = inputs
        self.saved = saved

    def backward(self, grad: Any) -> tuple:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{self.name}Backward>"


class Add(Node):
    """z = a + b: the upstream gradient goes unchanged to both inputs ("add distributes")."""
    __slots__ = ()
    name, label = "Add", "+"

    def backward(self, grad):
        a, b = self.inputs
        return (grad if a.requires_grad else None, grad if b.requires_grad else None)


class Sub(Node):
    """z = a − b: ∂z/∂a = 1, ∂z/∂b = −1."""
    __slots__ = ()
    name, label = "Sub", "-"

    def backward(self, grad):
        a, b = self.inputs
        return (grad if a.requires_grad else None, -grad if b.requires_grad else None)


class Mul(Node):
    """z = a · b: each input gets the upstream gradient times the other input ("multiply swaps")."""
    __slots__ = ()
    name, label = "Mul", "*"

    def backward(self, grad):
        a, b = self.inputs
        return (grad * b._data if a.requires_grad else None,
                grad * a._data if b.requires_grad else None)


class Div(Node):
    """z = a / b: ∂z/∂a = 1/b, ∂z/∂b = −a/b² = −z/b."""
    __slots__ = ()
    name, label = "Div", "/"

    def backward(self, grad):
        a, b = self.inputs
        grad_a = grad / b._data
        (out,) = self.saved
        return (grad_a if a.requires_grad else None,
                -grad_a * out if b.requires_grad else None)


class MatMul(Node):
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


class Pow(Node):
    """z = aᵖ: ∂z/∂a = p·aᵖ⁻¹, ∂z/∂p = aᵖ·ln a."""
    __slots__ = ()
    name, label = "Pow", "**"

    def backward(self, grad):
        a, p = self.inputs
        A, P = a._data, p._data
        (out,) = self.saved
        return (grad * (P * A ** (P - 1)) if a.requires_grad else None,
                grad * out * np.log(A) if p.requires_grad else None)


class Neg(Node):
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


class Sum(Node):
    """z = Σ a over axis: every summed element gets the upstream gradient (a broadcast)."""
    __slots__ = ()
    name, label = "Sum", "sum"

    def backward(self, grad):
        axis, keepdims = self.saved
        return (np.broadcast_to(_expand_reduced(grad, axis, keepdims), self.inputs[0]._data.shape),)


class Mean(Node):
    """z = mean of a over axis: every element gets the upstream gradient / count."""
    __slots__ = ()
    name, label = "Mean", "mean"

    def backward(self, grad):
        axis, keepdims = self.saved
        shape = self.inputs[0]._data.shape
        count = int(np.prod([shape[i] for i in ((axis,) if isinstance(axis, int) else axis)])
                    if axis is not None else np.prod(shape))
        return (np.broadcast_to(_expand_reduced(grad / count, axis, keepdims), shape),)


class Max(Node):
    """z = max of a over axis: the gradient goes to the maximal entries, split evenly among ties."""
    __slots__ = ()
    name, label = "Max", "max"

    def backward(self, grad):
        axis, keepdims, out = self.saved
        x = self.inputs[0]._data
        winners = x == _expand_reduced(out, axis, keepdims)
        count = winners.sum(axis=axis, keepdims=True)
        return (winners * (_expand_reduced(grad, axis, keepdims) / count),)


class Exp(Node):
    """z = eᵃ: ∂z/∂a = z."""
    __slots__ = ()
    name, label = "Exp", "exp"

    def backward(self, grad):
        return (grad * self.saved[0],)


class Log(Node):
    """z = ln a: ∂z/∂a = 1/a."""
    __slots__ = ()
    name, label = "Log", "log"

    def backward(self, grad):
        return (grad / self.inputs[0]._data,)


class ReLU(Node):
    """z = max(a, 0): the gradient passes where a > 0 and is 0 elsewhere (a sparse, diagonal Jacobian)."""
    __slots__ = ()
    name, label = "ReLU", "relu"

    def backward(self, grad):
        return (grad * (self.inputs[0]._data > 0.0),)


class Sigmoid(Node):
    """z = σ(a): ∂z/∂a = z(1 − z)."""
    __slots__ = ()
    name, label = "Sigmoid", "sigmoid"

    def backward(self, grad):
        (out,) = self.saved
        return (grad * (out * (1 - out)),)


class Tanh(Node):
    """z = tanh a: ∂z/∂a = 1 − z²."""
    __slots__ = ()
    name, label = "Tanh", "tanh"

    def backward(self, grad):
        (out,) = self.saved
        return (grad * (1 - out * out),)


class Reshape(Node):
    """z = a reshaped: the gradient is reshaped back."""
    __slots__ = ()
    name, label = "Reshape", "reshape"

    def backward(self, grad):
        return (np.reshape(grad, self.inputs[0]._data.shape),)


class Transpose(Node):
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


class Index(Node):
    """z = a[index]: the gradient is scattered back; repeated integer indices add up."""
    __slots__ = ()
    name, label = "Index", "[]"

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
    trusted = False

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
        """Run the Function's ``backward`` and check what it returns (called by the engine)."""
        fn = self.function
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
                checked.append(g)     # the usual case: nothing to check further
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
        g = g.astype(t._data.dtype)
    return g


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
    ``root`` with an explicit stack, then sort them newest first (each tensor is numbered when
    it is created, and an output is always created after its inputs). The backward pass
    visits tensors in this same order, newest first.

    Example
    -------
    >>> x = Tensor(2.0, requires_grad=True); y = x * 3; z = y.exp()
    >>> [t.grad_fn.name if t.grad_fn else "leaf" for t in topological_order(z)]
    ['Exp', 'Mul', 'leaf']

    Explained in chapter 08 (Computational graphs).
    """
    seen = {root}
    stack = [root]
    while stack:
        node = stack.pop().grad_fn
        if node is not None:
            for t in node.inputs:
                if t.requires_grad and t not in seen:
                    seen.add(t)
                    stack.append(t)
    return sorted(seen, key=_creation_number, reverse=True)


_creation_number = operator.attrgetter("_number")


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


def _initial_grad(root: Tensor, grad: Any, func: str) -> tuple[Any, bool]:
    """The gradient a backward pass starts from, and whether it is the caller's array."""
    data = root._data
    if grad is None:
        if data.size != 1:
            raise RuntimeError(
                f"{func}: grad can be created implicitly only for a Tensor with one element (a "
                f"scalar loss); this one has shape {data.shape}: pass grad=, an array of that shape "
                "(∂L/∂tensor), or reduce the tensor first (e.g. .sum())")
        return (data.dtype.type(1) if data.ndim == 0 else np.ones(data.shape, data.dtype)), False
    g = grad._data if isinstance(grad, Tensor) else grad
    if type(g) is not np.ndarray or g.dtype.kind != "f":
        g = as_float_array(g, "grad", func, finite=False)
    if g.shape != data.shape:
        raise ValueError(f"{func}: grad has shape {g.shape} but the Tensor has shape {data.shape}; "
                         "expected the same shape")
    if g.dtype != data.dtype:
        return g.astype(data.dtype), False
    return g, True


def _keep(g: Any, dtype: np.dtype, shared: bool) -> np.ndarray:
    """``g`` as an array we may store as ``.grad`` and later add into: copied if it may be shared."""
    if shared or type(g) is not np.ndarray or (g.dtype is not dtype and g.dtype != dtype):
        return np.array(g, dtype=dtype)
    return g


def _run_backward(root: Tensor, upstream: Any, shared: bool, retain_graph: bool,
                  targets: Sequence[Tensor] | None = None) -> dict | None:
    """Back-propagate ``upstream`` = ∂L/∂root through the graph (the chain rule).

    Non-leaf tensors are processed newest first (a heap keyed by creation number), which is a
    topological order: when a tensor's turn comes, every tensor computed from it has already
    sent it its gradient, so its entry in ``grads`` is complete. Only tensors that receive a
    gradient are visited, and no recursion is needed. The leaves' gradients are complete at
    the end, when they are stored.

    With ``targets=None`` (``Tensor.backward``) the gradients are added into the ``.grad`` of
    the leaves; otherwise they are returned in a dict {tensor: gradient} and no ``.grad`` changes.
    """
    grads = {root: upstream}      # ∂L/∂t for each tensor t reached so far, summed over its uses
    shared = {root} if shared else set()   # tensors whose gradient array someone else may hold
    wanted = None if targets is None else set(targets)
    found = {}
    queue = []                    # tensors waiting for their turn: a heap of (−number, tensor)
    t = root if root.grad_fn is not None else None
    while t is not None:
        g = grads.pop(t)
        if wanted is not None:
            if t in wanted:
                found[t] = _keep(g, t._data.dtype, True)
        elif t._retains_grad:
            t.grad = _keep(g, t._data.dtype, True) if t.grad is None else t.grad + g
        node = t.grad_fn
        if node.saved is None:
            raise RuntimeError(_FREED.format(name=node.name))
        trusted = node.trusted
        if not trusted and type(g) is np.ndarray and (t in shared or not g.flags.writeable):
            g = g.copy()          # a user's backward may modify grad_output in place: give it a copy
        following = None          # the next tensor, when it can skip the heap (see below)
        for t_in, g_in in zip(node.inputs, node.backward(g)):
            if g_in is None:
                continue
            if g_in.shape != t_in._data.shape:
                g_in = _sum_to_shape(g_in, t_in._data.shape)   # a new array, ours alone
                copied = True
            else:                 # ours alone unless it is the upstream array itself or a view
                copied = trusted and g_in is not g and g_in.base is None
            previous = grads.get(t_in)
            if previous is None:
                grads[t_in] = g_in
                if not copied:
                    shared.add(t_in)
                if t_in.grad_fn is not None:
                    if following is None and not queue:
                        following = t_in
                    else:
                        heappush(queue, (-t_in._number, t_in))
            else:
                grads[t_in] = previous + g_in
                shared.discard(t_in)
        if not retain_graph:
            node.saved = None     # free what the node kept for backward
        # Next: the newest waiting tensor. Speed: in a chain (one new tensor, nobody else
        # waiting) that is the new one, and skipping the heap makes backward ~10 % faster.
        if following is not None and queue:
            heappush(queue, (-following._number, following))
            following = None
        t = following if following is not None else heappop(queue)[1] if queue else None
    # What is left in ``grads`` are the leaves' gradients, now complete.
    if wanted is not None:
        found.update((t, _keep(g, t._data.dtype, t in shared)) for t, g in grads.items() if t in wanted)
        return found
    for t, g in grads.items():    # accumulate into .grad, as PyTorch does
        if t.grad is not None:
            t.grad += g
        elif t in shared or type(g) is not np.ndarray or g.dtype is not t._data.dtype:
            t.grad = np.array(g, dtype=t._data.dtype)   # a private, writable copy
        else:
            t.grad = g
    return None


def grad(output: Tensor, inputs: Sequence[Tensor] | Tensor, grad_output: Any = None,
         retain_graph: bool = False) -> tuple[np.ndarray, ...]:
    """∂output/∂input for each of ``inputs``, returned as arrays; no ``.grad`` is changed.

    As ``torch.autograd.grad``: ``grad_output`` is the upstream gradient (needed unless
    ``output`` has one element); an input that ``output`` does not depend on gets zeros.

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
    upstream, shared = _initial_grad(output, grad_output, "grad")
    if not output.requires_grad:   # a constant: its gradient with respect to anything is zero
        return tuple(np.zeros(t._data.shape, t._data.dtype) for t in inputs)
    found = _run_backward(output, upstream, shared, retain_graph, targets=inputs)
    return tuple(found[t] if t in found else np.zeros(t._data.shape, t._data.dtype) for t in inputs)


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
    f : maps a Tensor of ``x``'s shape to a Tensor.
    x : Tensor or array (integers become float64); only its value is used.

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
    f : maps a Tensor of ``x``'s shape to a Tensor.
    x : Tensor or array.   v : array of ``f(x).shape``, the upstream gradient.

    Returns
    -------
    (value, vjp) : ndarrays of shapes ``f(x).shape`` and ``x.shape``.

    Example
    -------
    >>> vjp(lambda t: t * t, np.array([1.0, 3.0]), np.array([1.0, 1.0]))
    (array([1., 9.]), array([2., 6.]))

    Explained in chapter 10 (Tensors and Jacobians).
    """
    x = _as_leaf(x, "vjp")
    y = _call(f, x, "vjp")
    (g,) = grad(y, x, as_float_array(v, "v", "vjp", finite=False) if not isinstance(v, Tensor) else v)
    return np.asarray(y._data), g
