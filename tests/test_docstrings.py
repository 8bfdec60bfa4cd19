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


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, extraglobs={"np": np}, optionflags=doctest.ELLIPSIS
                             | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"
