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
