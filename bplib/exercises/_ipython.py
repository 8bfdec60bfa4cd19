"""In IPython and Jupyter: a check called on a name that is not defined gets ✗, not a traceback.

``ch04.check_descend(descend)`` evaluates ``descend`` before the check runs, so a learner who
runs the check before the cell that defines the function (or misspells its name) would see a
``NameError`` traceback. When ``bplib.exercises`` is imported in IPython, this module adds an
AST transformer to the shell that rewrites, in the cells run afterwards, exactly the calls

    chNN.check_<name>(<a bare name>, ...)

where ``chNN`` is one of the ``bplib.exercises`` chapter modules, into

    chNN.check_<name>(argument(lambda: <the name>, "<the name>"), ...)

(with ``argument`` from ``bplib.exercises._core``). An undefined name then reaches the check
as ``NotDefined("<the name>")``, and the check prints ✗ with a hint. Any other code, and any
call whose argument is not a bare name, is left exactly as written. Outside IPython nothing
changes.

Used by the exercises of every chapter.
"""

from __future__ import annotations

import ast
import re
import types

_CHAPTER = re.compile(r"ch\d\d")
_CORE = "bplib.exercises._core"


def _no_arguments() -> ast.arguments:
    return ast.arguments(posonlyargs=[], args=[], vararg=None, kwonlyargs=[], kw_defaults=[],
                         kwarg=None, defaults=[])


class DeferCheckArguments(ast.NodeTransformer):
    """Rewrites ``chNN.check_x(name)`` so that an undefined ``name`` reaches the check.

    Parameters
    ----------
    namespace : dict
        The shell's user namespace, to tell a ``chNN`` that is a ``bplib.exercises`` module.
    """

    def __init__(self, namespace: dict) -> None:
        super().__init__()
        self.namespace = namespace

    def visit_ClassDef(self, node: ast.ClassDef) -> ast.ClassDef:
        return node  # a lambda in a class body cannot see the class's own names

    def _is_check(self, func: ast.expr) -> bool:
        if not (isinstance(func, ast.Attribute) and func.attr.startswith("check_")
                and isinstance(func.value, ast.Name) and _CHAPTER.fullmatch(func.value.id)):
            return False
        module = self.namespace.get(func.value.id)
        return isinstance(module, types.ModuleType) and module.__name__.startswith(
            "bplib.exercises.")

    def visit_Call(self, node: ast.Call) -> ast.Call:
        self.generic_visit(node)
        if self._is_check(node.func):
            node.args = [self._defer(a) if isinstance(a, ast.Name) else a for a in node.args]
        return node

    @staticmethod
    def _defer(arg: ast.Name) -> ast.Call:
        core = ast.Call(func=ast.Name(id="__import__", ctx=ast.Load()),
                        args=[ast.Constant(_CORE)],
                        keywords=[ast.keyword(arg="fromlist",
                                              value=ast.List(elts=[ast.Constant("argument")],
                                                             ctx=ast.Load()))])
        call = ast.Call(func=ast.Attribute(value=core, attr="argument", ctx=ast.Load()),
                        args=[ast.Lambda(args=_no_arguments(),
                                         body=ast.Name(id=arg.id, ctx=ast.Load())),
                              ast.Constant(arg.id)],
                        keywords=[])
        return ast.fix_missing_locations(ast.copy_location(call, arg))

    def visit(self, node: ast.AST) -> ast.AST:
        try:
            return super().visit(node)
        except Exception:  # never stand between a learner and their cell
            return node


def install() -> bool:
    """Add the transformer to the running IPython shell, once.

    Returns
    -------
    bool
        Whether a shell is running (and now has the transformer).
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None or not hasattr(shell, "ast_transformers"):
        return False
    if not any(type(t).__name__ == "DeferCheckArguments" for t in shell.ast_transformers):
        shell.ast_transformers.append(DeferCheckArguments(shell.user_ns))
    return True
