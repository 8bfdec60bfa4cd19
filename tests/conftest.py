"""Test configuration: hypothesis runs without its per-example deadline (a deadline is a
timed test, and timing belongs in benchmarks/) and with a fixed, CI-friendly profile."""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "bplib", deadline=None, max_examples=60, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "bplib"))


# Figures in tests draw off-screen; each test that asks for ``ax`` gets a fresh axes that is
# closed afterwards.
import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture
def ax():
    fig, axes = plt.subplots()
    yield axes
    plt.close(fig)


@pytest.fixture
def book_style():
    """The book's figure style for one test (``viz.use_style()``), then every figure closed.
    A viz test module asks for it with ``pytestmark = pytest.mark.usefixtures("book_style")``."""
    from bplib import viz

    with matplotlib.rc_context():
        viz.use_style()
        yield
    plt.close("all")


# Exercise progress and the checks' language (bplib.progress, bplib.exercises.messages).
# Every exercise check records its outcome in a progress file. Tests, doctests and the notebook
# kernels nbval starts (they inherit this environment) write to a temporary file of this
# worker's own, never to a learner's ~/.bplib/progress.json: parallel workers never share one,
# and no stored output depends on it. The checks speak English unless a notebook chooses.
import atexit  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402

_PROGRESS_DIR = tempfile.mkdtemp(prefix="bplib-progress-")
os.environ["BPLIB_PROGRESS"] = os.path.join(_PROGRESS_DIR, "progress.json")
os.environ.pop("BPLIB_LANG", None)
atexit.register(shutil.rmtree, _PROGRESS_DIR, ignore_errors=True)


# Scheduling on the two workers (`-n 2 --dist loadfile`, set in pyproject.toml): all the tests of
# a file run on one worker, in order (nbval must see a notebook's cells in sequence), except in
# the files below, whose tests are independent and each executes a whole notebook: those are
# handed out one test at a time, so that the two workers share them.
ONE_TEST_AT_A_TIME = ("tests/test_export.py::",)


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class Scheduling(LoadFileScheduling):
        def _split_scope(self, nodeid):
            return nodeid if nodeid.startswith(ONE_TEST_AT_A_TIME) else super()._split_scope(nodeid)

    return Scheduling(config, log)
