"""scripts/nbrun.py: the robust nbclient runner that `nbtool execute` and the export tests use.

The first test reproduces the stall deterministically: a reply arrives while the client is busy,
then a comm_msg is sent on the shell socket (as nbclient's Output-widget emulation does), which
consumes the socket's wake-up; without nbrun's guard the reply is noticed only at the poll's
timeout."""

from __future__ import annotations

import asyncio
import json
import os
import re
import sys
import time
import warnings
from pathlib import Path

import nbformat
import pytest
from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import CellExecutionError, CellTimeoutError

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import nbrun  # noqa: E402


async def _reply_delay(kc, timeout: float) -> float:
    """Seconds between the end of a busy spell and the client noticing an execute_reply that
    arrived during it, when a comm_msg is sent on the shell socket in between."""
    for channel in (kc.shell_channel, kc.iopub_channel):  # drain the start-up replies
        while True:
            try:
                await channel.get_msg(timeout=0.3)
            except Exception:  # queue.Empty
                break
    msg_id = kc.execute("x = 1")
    waiter = asyncio.ensure_future(kc.shell_channel.get_msg(timeout=timeout))
    await asyncio.sleep(0)   # the poll is registered
    time.sleep(0.5)          # the event loop is busy while the reply arrives
    kc.shell_channel.send(kc.session.msg("comm_msg", content={"comm_id": "none", "data": {}}))
    start = time.monotonic()
    reply = await waiter
    assert reply["parent_header"]["msg_id"] == msg_id
    return time.monotonic() - start


def test_a_reply_is_not_lost_when_a_comm_msg_is_sent_while_waiting(tmp_path):
    async def run():
        km = AsyncKernelManager(kernel_name="python3")
        await km.start_kernel(cwd=str(tmp_path))
        kc = km.client()
        kc.start_channels()
        try:
            await kc.wait_for_ready(timeout=60)
            unguarded = await _reply_delay(kc, timeout=3)
            nbrun._harden_channels(kc)
            guarded = await _reply_delay(kc, timeout=3)
        finally:
            kc.stop_channels()
            await km.shutdown_kernel(now=True)
        return unguarded, guarded

    unguarded, guarded = asyncio.run(run())
    assert guarded < 0.5, f"nbrun's client noticed the reply after {guarded:.2f} s (expected at once)"
    if unguarded < 2:
        warnings.warn(f"the lost-wake-up race no longer reproduces (reply noticed after "
                      f"{unguarded:.2f} s without nbrun's guard): an upstream fix? The guard in "
                      "scripts/nbrun.py may then be unnecessary", UserWarning)


def notebook(*sources: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def test_a_stalled_notebook_is_executed_again_once_and_says_so(tmp_path):
    # the first attempt hangs in its second cell; the second attempt finds the marker and passes
    marker = tmp_path / "attempted"
    nb = notebook(
        "import os, time",
        f"if not os.path.exists({str(marker)!r}):\n    open({str(marker)!r}, 'w').close()\n"
        "    time.sleep(60)\nprint('second attempt', os.path.basename(os.environ['BPLIB_PROGRESS']))")
    lines = []
    with pytest.warns(nbrun.NotebookRetryWarning, match="executing it again in a fresh kernel"):
        out = nbrun.execute_notebook(nb, cwd=tmp_path, timeout=3, name="stall.ipynb",
                                     log=lines.append)
    assert out.cells[1].outputs[0]["text"] == "second attempt progress.json\n"
    assert nb.cells[1].outputs == [], "the notebook passed in is left unchanged"
    assert len(lines) == 2 and lines[0].startswith("nbrun: stall.ipynb: ") and "timed out" in lines[0]
    assert lines[1] == "nbrun: stall.ipynb: passed on attempt 2 of 2"


def test_a_real_hang_fails_after_one_retry(tmp_path):
    lines = []
    with pytest.warns(nbrun.NotebookRetryWarning), pytest.raises(CellTimeoutError):
        nbrun.execute_notebook(notebook("import time; time.sleep(60)"), cwd=tmp_path, timeout=2,
                               name="hang.ipynb", log=lines.append)
    assert len(lines) == 2 and lines[1].startswith("nbrun: hang.ipynb: failed again on attempt 2 of 2")


def test_a_cell_error_is_not_retried_and_the_environment_reaches_the_kernel(tmp_path):
    nb = notebook("import os; print(os.environ['NBRUN_TEST'], os.getcwd())", "1 / 0")
    env = {**os.environ, "NBRUN_TEST": "seen"}
    lines = []
    with warnings.catch_warnings():
        warnings.simplefilter("error", nbrun.NotebookRetryWarning)
        with pytest.raises(CellExecutionError, match="ZeroDivisionError"):
            nbrun.execute_notebook(nb, cwd=tmp_path, env=env, log=lines.append)
        out = nbrun.execute_notebook(nb, cwd=tmp_path, env=env, allow_errors=True, log=lines.append)
    assert lines == []
    assert out.cells[0].outputs[0]["text"] == f"seen {tmp_path.resolve()}\n"
    assert out.cells[1].outputs[0]["ename"] == "ZeroDivisionError"


def test_a_kernel_of_the_callers_kernel_spec_manager_is_used_on_every_attempt(tmp_path):
    from jupyter_client.kernelspec import KernelSpecManager

    spec = tmp_path / "kernels" / "mine"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "mine", "language": "python", "env": {"NBRUN_SPEC": "mine"}}))
    ksm = KernelSpecManager(kernel_dirs=[str(spec.parent)])
    marker = tmp_path / "attempted"
    nb = notebook(f"import os, time\nif not os.path.exists({str(marker)!r}):\n"
                  f"    open({str(marker)!r}, 'w').close(); time.sleep(60)\n"
                  "print(os.environ['NBRUN_SPEC'])")
    with pytest.warns(nbrun.NotebookRetryWarning):
        out = nbrun.execute_notebook(nb, cwd=tmp_path, kernel_name="mine", kernel_spec_manager=ksm,
                                     timeout=3, log=lambda line: None)
    assert out.cells[0].outputs[0]["text"] == "mine\n"


@pytest.mark.parametrize("kwargs, message", [
    ({"nb": "no/such.ipynb"}, "execute_notebook: nb='no/such.ipynb' is not a notebook file"),
    ({"timeout": 0}, "execute_notebook: timeout=0; expected a positive number of seconds"),
    ({"retries": -1}, "execute_notebook: retries=-1; expected an int >= 0"),
])
def test_bad_arguments_are_named(kwargs, message):
    args = {"nb": notebook("1"), **kwargs}
    with pytest.raises((ValueError, FileNotFoundError), match=re.escape(message)):
        nbrun.execute_notebook(args.pop("nb"), **args)
