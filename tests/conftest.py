"""Test configuration: hypothesis runs without its per-example deadline (a deadline is a
timed test, and timing belongs in benchmarks/) and with a fixed, CI-friendly profile."""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "bplib", deadline=None, max_examples=60, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "bplib"))
