#!/usr/bin/env bash
# Run every benchmark, by hand (never in CI). From anywhere:
#
#     bash benchmarks/run_all.sh                  # prints to the terminal
#     bash benchmarks/run_all.sh | tee bench.txt  # and keeps a copy
#
# OpenBLAS's core-type and cache-size overrides are unset for these commands only (they make
# the BLAS pick other kernels); the test suite and CI keep the environment as it is.
# PyTorch is optional: with it installed (pip install torch==2.13.0) the benchmarks compare it too.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
run() { env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$PY" "$@"; }

echo "### benchmarks/mlp_step.py";    run benchmarks/mlp_step.py
echo; echo "### benchmarks/scalar_chain.py"; run benchmarks/scalar_chain.py
echo; echo "### benchmarks/relu_memory.py";  run benchmarks/relu_memory.py
