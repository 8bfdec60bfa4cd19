"""bplib: the small library behind *Backpropagation, executable*.

Each module implements what one part of the book teaches, in the order the chapters meet it:

- ``bplib.losses``      softmax, SVM and L2 linear losses with analytic gradients (chapter 01)
- ``bplib.data``        toy datasets, the digits data, train/test split (chapter 01)
- ``bplib.search``      grid, random, annealing and genetic search (chapters 02-03)
- ``bplib.optim``       gradient descent and SGD (chapters 04, 05, 11)
- ``bplib.schedules``   learning-rate schedules (chapter 05)
- ``bplib.gradients``   numerical gradients and gradient checks (chapters 06-07)
- ``bplib.autograd``    Tensor, Function, Context: a numpy reverse-mode engine (chapters 08-10)
- ``bplib.gradcheck``   gradcheck of autograd Functions against finite differences (chapter 09)
- ``bplib.functional``  autograd-aware softmax and losses (chapters 09, 11)
- ``bplib.viz``         the figures the chapters share
- ``bplib.exercises``   the checks a learner calls on their own code

The engine's main names are available here too: ``bplib.Tensor``, ``bplib.Function``,
``bplib.Context``, ``bplib.no_grad``, ``bplib.jacobian``, ``bplib.vjp``.
"""

from . import (autograd, data, functional, gradcheck, gradients, losses, optim, schedules,
               search)
from .autograd import Context, Function, Tensor, jacobian, no_grad, vjp

__version__ = "0.1.0"
__all__ = ["autograd", "data", "functional", "gradcheck", "gradients", "losses", "optim",
           "schedules", "search", "Context", "Function", "Tensor", "jacobian", "no_grad", "vjp"]
