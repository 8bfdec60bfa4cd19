"""Every example in a bplib docstring runs and prints what it says (the docs stay true)."""

import doctest
import importlib
import pkgutil

import numpy as np
import pytest

import bplib

MODULES = sorted(
    m.name for m in pkgutil.walk_packages(bplib.__path__, prefix="bplib.")
    if not m.name.split(".")[-1].startswith("_"))


@pytest.mark.parametrize("name", MODULES + ["bplib.viz._layout"])
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, extraglobs={"np": np}, optionflags=doctest.ELLIPSIS
                             | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"


# --- provenance: "Explained in chapter NN (Title)" is true ------------------------------------

import inspect  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
from pathlib import Path  # noqa: E402

CHAPTERS = Path(__file__).resolve().parent.parent / "chapters"
# Chapters being written on other branches: they count as existing (their code is not read
# while the notebook is absent). The capstone is written as chapters/11_capstone.ipynb.
PLANNED = {"11": "Capstone"}
# Classes a chapter meets under another name: a node is a tensor's ``grad_fn``, a context is
# the ``ctx`` of a Function.
MET_AS = {"Node": "grad_fn", "Context": "ctx"}
# bplib/optim.py is rewritten on the capstone branch (SGD's docstring and doctest with it);
# remove this entry when that branch is merged.
NOT_YET = {"bplib.optim.SGD"}
REFERENCE = re.compile(r"chapter (\d\d) \(([^)]*)\)")


def _chapters() -> dict:
    """{"08": (title, code of all code cells)} for every chapter notebook."""
    found = {}
    for path in sorted(CHAPTERS.glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        heading = next("".join(c["source"]) for c in cells
                       if c["cell_type"] == "markdown" and "".join(c["source"]).startswith("# "))
        title = heading.splitlines()[0].split(" · ")[1]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        found[path.name[:2]] = (title, code)
    for number, title in PLANNED.items():
        found.setdefault(number, (title, None))
    return found


def _public(module) -> list:
    return [n for n, o in vars(module).items() if not n.startswith("_")
            and (inspect.isfunction(o) or inspect.isclass(o)) and o.__module__ == module.__name__]


def _documented():
    """(where, names, docstring) for every module, public function, class and method. A name
    is "used" by a chapter's code when one of ``names`` is: for a module, its own name or one of
    its public names; for a class, its name, a function of its module that returns it (a
    result type such as ``SearchResult``), or the name it is met under (``MET_AS``)."""
    for module_name in MODULES + ["bplib.viz._layout"]:
        module = importlib.import_module(module_name)
        short = module_name.rsplit(".", 1)[-1]
        yield module_name, [short] + list(getattr(module, "__all__", _public(module))), module.__doc__ or ""
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module_name:
                continue
            if inspect.isfunction(obj):
                yield f"{module_name}.{name}", [name], obj.__doc__ or ""
            elif inspect.isclass(obj):
                returns = [n for n in _public(module) if inspect.isfunction(getattr(module, n))
                           and name in str(inspect.signature(getattr(module, n)).return_annotation)]
                alias = [MET_AS[name]] if name in MET_AS else []
                yield f"{module_name}.{name}", [name] + returns + alias, obj.__doc__ or ""
                for attr, member in vars(obj).items():
                    if not attr.startswith("_") and (inspect.isfunction(member) or isinstance(member, property)):
                        yield f"{module_name}.{name}.{attr}", [attr], member.__doc__ or ""


def _word(name: str) -> str:
    """A regex for ``name`` as a whole word."""
    return r"\b" + re.escape(name) + r"\b"


def test_every_chapter_reference_names_an_existing_chapter_by_its_title():
    chapters = _chapters()
    wrong = []
    for where, _, doc in _documented():
        for number, title in REFERENCE.findall(" ".join(doc.split())):
            if number not in chapters:
                wrong.append(f"{where}: chapter {number} ({title}) does not exist")
            elif title != chapters[number][0]:
                wrong.append(f"{where}: chapter {number} is titled {chapters[number][0]!r}, not {title!r}")
    assert not wrong, "\n".join(wrong)


def test_the_chapter_that_explains_a_name_uses_it_in_its_code():
    chapters = _chapters()
    missing = []
    for where, names, doc in _documented():
        if where in NOT_YET:
            continue
        text = " ".join(doc.split())
        for clause in re.findall(r"Explained in (.*?)(?:\.(?:\s|$)|;|$)", text):
            for number, _ in REFERENCE.findall(clause):
                code = chapters.get(number, (None, ""))[1]
                if code is None:                  # a planned chapter, not written yet
                    continue
                if not any(re.search(_word(n), code) for n in names):
                    missing.append(f"{where}: chapter {number}'s code never uses {names[0]}")
    assert not missing, "\n".join(missing)


# --- numpy-style docstrings that Sphinx's napoleon reads as written ---------------------------

# The modules whose docstrings follow the one-parameter-per-line rule (extend as others do).
NUMPY_STYLE = ["bplib.autograd", "bplib.functional", "bplib.gradcheck", "bplib.gradients",
               "bplib.losses", "bplib.schedules", "bplib.search", "bplib.viz.graph",
               "bplib.viz._layout"]


def _callables(module):
    for name, obj in vars(module).items():
        if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
            continue
        if inspect.isfunction(obj):
            yield f"{module.__name__}.{name}", obj.__doc__, obj
        elif inspect.isclass(obj):
            yield f"{module.__name__}.{name}", obj.__doc__, obj.__dict__.get("__init__")
            for attr, member in vars(obj).items():
                if inspect.isfunction(member) and not attr.startswith("_"):
                    yield f"{module.__name__}.{name}.{attr}", member.__doc__, member


@pytest.mark.parametrize("name", NUMPY_STYLE)
def test_each_parameter_is_documented_on_its_own_line(name):
    """napoleon turns ``x : Tensor`` lines into one parameter each; two on one line would
    render as one parameter with a strange name on the API page."""
    from sphinx.ext.napoleon import Config
    from sphinx.ext.napoleon.docstring import NumpyDocstring
    config = Config(napoleon_use_param=True)
    wrong = []
    for where, doc, fn in _callables(importlib.import_module(name)):
        if not doc or "Parameters\n" not in inspect.cleandoc(doc):
            continue
        documented = [p.strip() for p in re.findall(r":param ([^:]+):",
                                                      str(NumpyDocstring(inspect.cleandoc(doc), config)))]
        kinds = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
        signature = [] if fn is None else [
            p.name for p in inspect.signature(fn).parameters.values()
            if p.name not in ("self", "cls") and p.kind not in kinds]
        if documented != signature:
            wrong.append(f"{where}: documented {documented}, signature {signature}")
    assert not wrong, "\n".join(wrong)
