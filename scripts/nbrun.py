"""Execute a notebook with nbclient, robustly: the one function every nbclient runner calls.

    from nbrun import execute_notebook          # with scripts/ on sys.path
    executed = execute_notebook(path, timeout=120)

`nbtool execute` and the tests that execute exported notebooks use it; nbval has its own
(blocking) client, which the stall below does not affect.

The stall it prevents. nbclient waits for a cell's execute_reply by polling the shell socket
through zmq.asyncio, which is woken by libzmq's edge-triggered ZMQ_FD. While it waits, nbclient
answers the kernel's Output widgets (`interact`) by sending comm_msg updates on that same socket,
and jupyter_client's Session.send sends through a *synchronous* shadow of the asyncio socket. A
synchronous send processes the socket's pending commands and so consumes the wake-up of a reply
that arrived just before it; nothing re-checks zmq.EVENTS, and the reply sits unread, with the
kernel idle, until the poll times out: then pyzmq's level-triggered check finds it, and the cell
passes, having waited out the whole cell timeout (nbtool's 120 s). The window is short: 8 of
500 runs of the ten chapters' notebooks, always in the `interact` cell (nbclient 0.11,
jupyter_client 8.10, pyzmq 27; ipykernel 6.31, and 7.4 races the same way; nbclient issue #312
is the same report). tests/test_nbrun.py reproduces it deterministically.

Two guards, either of which alone removes the stall:
- after every send on the shell channel, read zmq.EVENTS through the asyncio socket, which makes
  pyzmq schedule the wake-up that the synchronous send consumed;
- no single wait on a channel lasts more than POLL_INTERVAL: when a wait times out, pyzmq does a
  level-triggered zmq_poll, so any other lost wake-up costs at most that interval.

And a last resort for what remains (a kernel that dies, a cell that really times out): the
notebook is executed again, once, in a fresh kernel, with a warning that says so. An error
raised by a cell is never retried, and neither is a second timeout.
"""

from __future__ import annotations

import copy
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path
from queue import Empty
from typing import Callable, Mapping

import nbformat
import zmq
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

POLL_INTERVAL = 1.0  # seconds; the longest a lost wake-up can delay a message


class NotebookRetryWarning(RuntimeWarning):
    """A notebook stalled or its kernel died, and it was executed again in a fresh kernel."""


def _harden_channels(kc) -> None:
    """Patch an asyncio kernel client's shell and iopub channels against lost wake-ups."""
    shell = kc.shell_channel
    send = shell.send

    def send_and_rearm(msg):
        send(msg)
        # Session.send went through a synchronous shadow socket; reading EVENTS through the
        # asyncio socket (its .get, not .getsockopt) re-arms pyzmq's pending polls and recvs.
        shell.socket.get(zmq.EVENTS)

    shell.send = send_and_rearm

    for channel in (shell, kc.iopub_channel):
        get_msg = channel.get_msg

        async def get_msg_in_slices(timeout=None, _get_msg=get_msg):
            deadline = None if timeout is None else time.monotonic() + timeout
            while True:
                left = POLL_INTERVAL if deadline is None else deadline - time.monotonic()
                try:
                    return await _get_msg(timeout=max(0.0, min(POLL_INTERVAL, left)))
                except Empty:
                    if deadline is not None and time.monotonic() >= deadline:
                        raise

        channel.get_msg = get_msg_in_slices


class RobustNotebookClient(NotebookClient):
    """A NotebookClient whose kernel client cannot miss a reply (see the module docstring)."""

    async def async_start_new_kernel_client(self):
        kc = await super().async_start_new_kernel_client()
        _harden_channels(kc)
        return kc


def _describe_failure(error: BaseException) -> str:
    if isinstance(error, CellTimeoutError):
        return str(error).strip().splitlines()[0]
    return f"{type(error).__name__}: {str(error).strip().splitlines()[0] if str(error).strip() else ''}"


def execute_notebook(
    nb: nbformat.NotebookNode | str | os.PathLike,
    *,
    cwd: str | os.PathLike | None = None,
    timeout: int = 120,
    retries: int = 1,
    allow_errors: bool = False,
    store_widget_state: bool = True,
    kernel_name: str = "python3",
    kernel_spec_manager=None,
    env: Mapping[str, str] | None = None,
    name: str | None = None,
    log: Callable[[str], None] | None = None,
) -> nbformat.NotebookNode:
    """Execute a notebook top to bottom in a fresh kernel and return the executed copy.

    nb: a notebook (left unchanged) or the path of one.
    cwd: the kernel's working folder; default: the notebook's folder when nb is a path, else
        the current folder.
    timeout: seconds a single cell may run before it counts as hung.
    retries: how many times a notebook whose kernel died or whose cell timed out is executed
        again, from the start, in a fresh kernel (default once; 0 to disable). Each retry warns
        with NotebookRetryWarning and logs a line; errors raised by cells are never retried.
    allow_errors: keep going after a cell raises (the error is stored as the cell's output).
    store_widget_state: keep widget state in the notebook metadata, so that a static page can
        render widgets.
    kernel_spec_manager: where kernel_name is looked up (a jupyter_client KernelSpecManager,
        e.g. with kernel_dirs=[...] for a kernel in another environment); default: Jupyter's.
    env: the kernel's whole environment (default: a copy of os.environ). Unless it sets
        BPLIB_PROGRESS, the kernel records exercise checks in a temporary file that is deleted
        afterwards, never in the learner's ~/.bplib/progress.json.
    name: how messages name the notebook (default: the file name, or "notebook").
    log: where progress lines go (default: print to stderr).

    Raises nbclient's CellExecutionError when a cell raises (and allow_errors is False), and
    CellTimeoutError or DeadKernelError when the last attempt still fails that way.
    """
    if not isinstance(nb, nbformat.NotebookNode):
        path = Path(nb)
        if not path.is_file():
            raise FileNotFoundError(f"execute_notebook: nb={str(path)!r} is not a notebook file")
        name = name or path.name
        cwd = cwd if cwd is not None else path.parent
        nb = nbformat.read(path, as_version=4)
    name = name or "notebook"
    if not isinstance(timeout, int) or timeout <= 0:
        raise ValueError(f"execute_notebook: timeout={timeout!r}; expected a positive number of seconds (int)")
    if not isinstance(retries, int) or retries < 0:
        raise ValueError(f"execute_notebook: retries={retries!r}; expected an int >= 0")
    log = log or (lambda line: print(line, file=sys.stderr, flush=True))
    kernel_env = dict(os.environ if env is None else env)
    cwd = str(Path(cwd if cwd is not None else os.getcwd()).resolve())
    with tempfile.TemporaryDirectory(prefix="nbrun-") as scratch:
        kernel_env.setdefault("BPLIB_PROGRESS", str(Path(scratch) / "progress.json"))
        return _execute_with_retries(nb, cwd, timeout, retries, allow_errors, store_widget_state,
                                     kernel_name, kernel_spec_manager, kernel_env, name, log)


def _execute_with_retries(nb, cwd, timeout, retries, allow_errors, store_widget_state,
                          kernel_name, kernel_spec_manager, kernel_env, name, log):
    from jupyter_client.manager import AsyncKernelManager

    for attempt in range(retries + 1):
        work = copy.deepcopy(nb)
        km = None
        if kernel_spec_manager is not None:  # a fresh manager per attempt (cleanup closes it)
            km = AsyncKernelManager(kernel_name=kernel_name, kernel_spec_manager=kernel_spec_manager)
        client = RobustNotebookClient(
            work, km=km, timeout=timeout, kernel_name=kernel_name, allow_errors=allow_errors,
            store_widget_state=store_widget_state, resources={"metadata": {"path": cwd}})
        try:
            try:
                client.execute(env=kernel_env)
            finally:
                if km is not None and client.km is not None:
                    # nbclient leaves running a kernel whose manager it was given
                    client._cleanup_kernel()
        except (CellTimeoutError, DeadKernelError) as error:
            if attempt == retries:
                if retries:
                    log(f"nbrun: {name}: failed again on attempt {attempt + 1} of {retries + 1}: "
                        f"{_describe_failure(error)}")
                raise
            message = (f"nbrun: {name}: {_describe_failure(error)} (attempt {attempt + 1} of "
                       f"{retries + 1}); executing it again in a fresh kernel")
            log(message)
            warnings.warn(message, NotebookRetryWarning, stacklevel=3)
            continue
        if attempt:
            log(f"nbrun: {name}: passed on attempt {attempt + 1} of {retries + 1}")
        return work
    raise AssertionError("unreachable")
